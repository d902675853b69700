"""MainWindow: the training controls, the plots and panels, and the worker that trains.

Constructing a MainWindow starts its training worker; closing it shuts the worker down.
Widgets never call the trainer: the window connects their ``*_requested`` signals to the
worker handle and feeds them the records and states the worker sends back.

Feature packages (the network diagram, the dataset editor, the plots) plug in through their
``install(window)`` function, using only the public API below: ``worker`` (intents and raw
messages), the filtered ``record_changed`` / ``model_changed`` / ``state_changed`` signals,
``add_dock``, ``set_stage``, ``menus``, ``controls`` and ``undo_group``.

The window shows either the live state (the newest update) or, after scrubbing the timeline,
a past update recomputed exactly by the worker; ``record_changed`` carries whichever is shown.
The window's layout and a few preferences persist in QSettings.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core import Dataset, UpdateRecord, preset_info
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import LossBatch, ModelSnapshot, Status, WorkerHandle, WorkerState

from . import names
from .display_budget import DisplayBudget, install_budget
from .formatting import plural
from .loss_plot import LossPlot
from .menus import build_menus
from .plots.throttle import Throttle
from .presenter import PresenterMode
from .record_view import RecordView
from .selection import Selection
from .session_files import SessionFiles
from .status import MessageBanner, TrainingStatus
from .timeline import Timeline
from .training_controls import TrainingControls
from .window_layout import apply_sizes, arrange_default_layout, restore_settings, save_settings

DEFAULT_PRESET = "lecture"

STALE_MESSAGE_REASONS = frozenset({"reset", "setup", "edit", "session", "rewind"})
"""Model changes after which an error or warning shown before no longer applies."""


def feature_installers() -> list[Callable[[MainWindow], None]]:
    """The ``install(window)`` functions of the feature packages, in installation order."""
    from . import animation, dataset, network, plots

    return [network.install, dataset.install, plots.install, animation.install]


class MainWindow(QMainWindow):
    """The application window. ``setup``/``dataset`` default to the lecture's 1-2-2-1
    sigmoid network on the lecture's regression preset.

    Signals (GUI thread):
        record_changed(UpdateRecord | None): the update every view should show now — the
            newest one while training, None after a reset or a new setup.
        model_changed(ModelSnapshot): the network and data changed other than by an update.
        state_changed(WorkerState): the worker's status and settings.
        selection_changed(Selection | None): the weight, bias or unit the user picked (in
            the diagram, a plot, ...); every view that can highlight it should.
    """

    record_changed = Signal(object)
    model_changed = Signal(object)
    state_changed = Signal(object)
    selection_changed = Signal(object)

    def __init__(
        self,
        setup: TrainingSetup | None = None,
        dataset: Dataset | None = None,
        test_dataset: Dataset | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        if setup is None or dataset is None:
            setup, dataset = TrainingSetup.for_preset(DEFAULT_PRESET)
        self.settings = settings if settings is not None else QSettings("mlpgui", "mlpgui")
        self.confirm_close = True
        """Ask to save unsaved changes on close (tests and scripts turn this off)."""
        self._latest: UpdateRecord | None = None
        self._shown: UpdateRecord | None = None
        self._state: WorkerState | None = None
        self._snapshot: ModelSnapshot | None = None
        self._selection: Selection | None = None
        self._generation = 0
        self._following_live = True
        """False while the timeline shows (or has asked for) a past update."""
        self.setWindowTitle("mlpgui")
        self.resize(1280, 860)
        self.setDockOptions(
            QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AnimatedDocks
        )

        self.worker = WorkerHandle(setup, dataset, test_dataset, parent=self)
        QCoreApplication.instance().aboutToQuit.connect(self._on_about_to_quit)
        self.controls = TrainingControls(self)
        self.addToolBar(self.controls.toolbar)
        self.undo_group = QUndoGroup(self)
        self.menus: dict[str, QMenu] = {}

        self.banner = MessageBanner()
        self.record_view = RecordView()
        central = QWidget()
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(4, 4, 4, 0)
        self._central_layout.addWidget(self.banner)
        self._central_layout.addWidget(self.record_view, 1)
        self._stage: QWidget = self.record_view
        self.setCentralWidget(central)

        self.loss_plot = LossPlot()
        self.loss_dock = self.add_dock(
            "Loss", names.LOSS_DOCK, self.loss_plot, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.status = TrainingStatus(self.statusBar())
        # While training runs, records are shown at most 20 times a second, and less often
        # when the window is busy (DisplayBudget): the newest one is always shown last.
        self._record_throttle = Throttle(1 / 20, self._display_latest_record, self)
        self._state_throttle = Throttle(1 / 10, self._show_state_text, self)
        self.display_budget = DisplayBudget(self)
        install_budget(self.display_budget)
        self.display_budget.scale_changed.connect(self._on_display_scale)
        self.files = SessionFiles(self, self.worker, self.settings)
        self.timeline = Timeline(self)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.timeline.toolbar)
        build_menus(self)
        self._connect()
        for install in feature_installers():
            install(self)
        network = getattr(self, "network", None)
        if network is not None:
            network.names_requested.connect(self.worker.parameter_names_requested)
        self.presenter = PresenterMode(self)
        self.menus["view"].addSeparator()
        self.menus["view"].addAction(self.presenter.action)
        self.addAction(self.presenter.action)
        self._arrange_default_layout()
        self._restore_settings()
        self.worker.start()

    # --- public API ---------------------------------------------------------------------------

    def latest_record(self) -> UpdateRecord | None:
        """The newest UpdateRecord the window has shown (None before any update)."""
        return self._latest

    def displayed_record(self) -> UpdateRecord | None:
        """The update shown now: the latest, or a past one chosen on the timeline."""
        return self._shown

    def latest_state(self) -> WorkerState | None:
        """The worker's latest reported state."""
        return self._state

    def latest_snapshot(self) -> ModelSnapshot | None:
        """The latest network and data the worker reported."""
        return self._snapshot

    def selection(self) -> Selection | None:
        """The weight, bias or unit currently picked (None if nothing is)."""
        return self._selection

    def select(self, selection: Selection | None) -> None:
        """Pick a weight, bias or unit (or nothing); views follow via selection_changed."""
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)

    def load_setup(self, setup: TrainingSetup, dataset: Dataset | None = None) -> None:
        """Replace the network setup (and optionally the data); progress starts anew."""
        self.worker.setup_requested.emit(setup, dataset)

    def open_session(self, path: str) -> None:
        """Open a session file (a bad file leaves everything as it is, with a message)."""
        self.files.open_file(path)

    def load_preset(self, name: str, confirm: bool = True) -> bool:
        """Switch to preset ``name`` (its data and suggested network). Asks first when that
        would discard updates already made; returns False if the user declined."""
        if confirm and not self._confirm_discard(f"Load the preset “{preset_info(name).title}”"):
            return False
        setup, dataset = TrainingSetup.for_preset(name)
        self.load_setup(setup, dataset)
        return True

    # --- layout (also for feature packages) ---------------------------------------------------

    def add_dock(
        self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """Put ``widget`` in a dock (objectName ``name``) and list it in the View menu."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if "view" in self.menus:
            self.menus["view"].insertAction(self._view_separator, dock.toggleViewAction())
        return dock

    def set_stage(self, widget: QWidget) -> None:
        """Make ``widget`` the window's main view (below the message banner); the previous
        one moves to a dock on the right."""
        previous, self._stage = self._stage, widget
        self._central_layout.replaceWidget(previous, widget)
        if previous is self.record_view:
            self.record_dock = self.add_dock(
                "Numbers (text)", names.RECORD_DOCK, previous,
                Qt.DockWidgetArea.RightDockWidgetArea,
            )  # fmt: skip
        else:
            previous.setParent(None)

    @property
    def stage(self) -> QWidget:
        return self._stage

    def _connect(self) -> None:
        c, w = self.controls, self.worker
        c.step_requested.connect(w.step_requested)
        c.step_many_requested.connect(w.step_many_requested)
        c.run_requested.connect(w.run_requested)
        c.pause_requested.connect(w.pause_requested)
        c.reset_requested.connect(self._reset)
        c.learning_rate_requested.connect(w.learning_rate_requested)
        c.loss_requested.connect(w.loss_requested)
        c.batch_requested.connect(w.batch_requested)
        c.max_rate_requested.connect(w.max_rate_requested)
        c.train_biases_requested.connect(w.train_biases_requested)
        t = self.timeline
        t.show_update_requested.connect(self._show_past)
        t.continue_from_requested.connect(w.continue_from_requested)
        t.back_to_latest_requested.connect(self._show_latest)
        w.record_ready.connect(self._on_record)
        w.history_record_ready.connect(self._on_history_record)
        w.losses_ready.connect(self._on_losses)
        w.state_changed.connect(self._on_state)
        w.model_changed.connect(self._on_model)
        w.message_posted.connect(self.banner.show_message)
        w.file_done.connect(self._on_file_done)
        self.files.dirty_changed.connect(lambda _dirty: self._update_title())

    # --- worker messages ----------------------------------------------------------------------

    @Slot(object)
    def _on_record(self, record: UpdateRecord) -> None:
        latest = self._latest
        if latest is not None and record.step <= latest.step:
            return  # older than what is shown
        self._latest = record
        running = self._state is not None and self._state.status is Status.RUNNING
        self._record_throttle.request(now=not running)

    def _display_latest_record(self) -> None:
        if not self._following_live:
            return  # a past update is on display (or on its way): the newest waits
        if self._latest is not None and self._latest is not self._shown:
            self._display(self._latest, past=False)

    @Slot(int)
    def _show_past(self, step: int) -> None:
        self._following_live = False
        self.worker.show_update_requested.emit(step)

    @Slot(object)
    def _on_history_record(self, record: UpdateRecord) -> None:
        if self._following_live:  # the user went back to the latest meanwhile
            self.timeline.request_dropped()
            return
        self._display(record, past=True)

    def _show_latest(self) -> None:
        self._following_live = True
        self._display(self._latest, past=False)
        self.worker.show_latest_requested.emit()

    def _display(self, record: UpdateRecord | None, past: bool) -> None:
        self._shown = record
        self.loss_plot.mark(record.step if past and record is not None else None)
        self.record_view.show_record(record)
        self.timeline.record_shown(record, past)
        self.record_changed.emit(record)

    @Slot(object)
    def _on_losses(self, batch: LossBatch) -> None:
        if batch.generation == self._generation:
            self.loss_plot.add_losses(batch)

    @Slot(object)
    def _on_state(self, state: WorkerState) -> None:
        self._state = state
        running = state.status is Status.RUNNING
        self.display_budget.running(running)
        if not running:
            self._record_throttle.request(now=True)  # show the final record of a run at once
        self.controls.show_state(state)
        self._state_throttle.request(now=not running)
        self.state_changed.emit(state)

    @Slot(float)
    def _on_display_scale(self, scale: float) -> None:
        """Drawing takes too much (or little) time: the worker sends frames less (more) often."""
        self.worker.display_interval_requested.emit(scale / 20)

    def _show_state_text(self) -> None:
        """The status bar and the timeline (redrawn at display rate while running)."""
        if self._state is not None:
            self.status.show(self._state)
            self.timeline.show_state(self._state)

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        self._snapshot = snapshot
        new_generation = snapshot.generation != self._generation or snapshot.reason == "start"
        if new_generation:
            self._generation = snapshot.generation
            self._latest = None
            self.loss_plot.start_generation(snapshot.generation)
        elif snapshot.reason == "rewind":
            self._latest = None  # the worker sends the record we went back to next
            self.loss_plot.truncate(snapshot.steps)
        if snapshot.reason in STALE_MESSAGE_REASONS and self.banner.kind in ("error", "warning"):
            self.banner.hide()  # a divergence or an error no longer describes the run
        self._update_title()
        self.model_changed.emit(snapshot)
        if new_generation:
            self._display(None, past=False)
            if snapshot.reason not in ("start", "reset"):
                self.select(None)  # a new architecture: old indices mean nothing

    @Slot(str, str)
    def _on_file_done(self, what: str, path: str) -> None:
        verb = {"saved": "Saved", "opened": "Opened", "exported": "Exported the history to"}
        self.banner.show_message("info", f"{verb.get(what, what)} {path}.")
        self._update_title()

    def _update_title(self) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        arch = "-".join(map(str, snapshot.setup.layer_sizes))
        if self.files.path:
            name = os.path.basename(self.files.path)
        else:
            name = f"{snapshot.dataset.name or 'dataset'}, {arch} network"
        self.setWindowTitle(f"mlpgui — {name}{' *' if self.files.dirty else ''}")

    # --- actions ------------------------------------------------------------------------------

    def _reset(self, new_seed: bool) -> None:
        self.worker.reset_requested.emit(new_seed)

    def _confirm_discard(self, what: str) -> bool:
        state = self._state
        if state is None or state.steps == 0:
            return True
        answer = QMessageBox.question(
            self,
            "Discard training progress?",
            f"{what}? The {plural(state.steps, 'update')} made so far will be discarded.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # --- layout, settings and closing ---------------------------------------------------------

    def _arrange_default_layout(self) -> None:
        self._default_sizes = arrange_default_layout(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        sizes, self._default_sizes = self._default_sizes, []
        apply_sizes(self, sizes)  # once, unless a saved layout was restored

    def _restore_settings(self) -> None:
        if restore_settings(self, self.settings):
            self._default_sizes = []

    def _save_settings(self) -> None:
        if self.presenter.enabled:  # remember the working layout, not the projector's
            self.presenter.set_enabled(False)
        save_settings(self, self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Offer to save unsaved changes (unless ``confirm_close`` is off), then stop the
        worker. An error keeps the window open with a message: no work is lost."""
        try:
            if self.worker.is_running:
                if self._state is not None and self._state.status is Status.RUNNING:
                    self.worker.pause_requested.emit()
                if self.confirm_close and not self.files.maybe_save():
                    event.ignore()
                    return
                self._save_settings()
        except Exception as exc:  # noqa: BLE001 - nothing may escape a Qt event handler
            self.banner.show_message("error", f"Could not close the window: {exc}")
            event.ignore()
            return
        self.worker.shutdown()
        super().closeEvent(event)

    @Slot()
    def _on_about_to_quit(self) -> None:
        """The application quits (QApplication.quit(), a signal, the desktop session ending),
        maybe with this window open or its save prompt showing: stop the worker now, as no
        QThread may outlive the event loop (Qt would abort the process)."""
        if self.worker.is_running:
            with contextlib.suppress(Exception):  # the layout is not worth a failed exit
                self._save_settings()
        self.worker.shutdown()
