"""MainWindow: the training controls, the plots and panels, and the worker that trains.

Constructing a MainWindow starts its training worker; closing it shuts the worker down.
Widgets never call the trainer: the window connects their ``*_requested`` signals to the
worker handle and feeds them the records and states the worker sends back.

Feature packages (the network diagram, the dataset editor, the plots) plug in through their
``install(window)`` function, using only the public API below: ``worker`` (intents and raw
messages), the filtered ``record_changed`` / ``model_changed`` / ``state_changed`` signals,
``add_dock``, ``set_stage``, ``menus``, ``controls`` and ``undo_group``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mlpgui import __version__
from mlpgui.core import PRESETS, Dataset, UpdateRecord, preset_info
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import LossBatch, ModelSnapshot, WorkerHandle, WorkerState

from . import names
from .loss_plot import LossPlot
from .record_view import RecordView
from .selection import Selection
from .status import MessageBanner, TrainingStatus
from .training_controls import TrainingControls

DEFAULT_PRESET = "lecture"


def feature_installers() -> list[Callable[[MainWindow], None]]:
    """The ``install(window)`` functions of the feature packages, in installation order."""
    from . import dataset, network, plots

    return [network.install, dataset.install, plots.install]


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
    ) -> None:
        super().__init__(parent)
        if setup is None or dataset is None:
            setup, dataset = TrainingSetup.for_preset(DEFAULT_PRESET)
        self._latest: UpdateRecord | None = None
        self._state: WorkerState | None = None
        self._snapshot: ModelSnapshot | None = None
        self._selection: Selection | None = None
        self._generation = 0
        self.setWindowTitle("mlpgui")
        self.resize(1280, 860)
        self.setDockOptions(
            QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AnimatedDocks
        )

        self.worker = WorkerHandle(setup, dataset, test_dataset, parent=self)
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
        self._build_menus()
        self._connect()
        for install in feature_installers():
            install(self)
        self.worker.start()

    # --- public API ---------------------------------------------------------------------------

    def latest_record(self) -> UpdateRecord | None:
        """The newest UpdateRecord the window has shown (None before any update)."""
        return self._latest

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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        preset_menu = file_menu.addMenu("New from &preset")
        preset_menu.setObjectName(names.PRESET_MENU)
        for preset in PRESETS:
            info = preset_info(preset)
            action = QAction(info.title, self)
            action.setObjectName(names.preset_action_name(preset))
            action.setToolTip(info.description)
            action.setStatusTip(info.description)
            action.triggered.connect(lambda _=False, p=preset: self.load_preset(p))
            preset_menu.addAction(action)
        preset_menu.setToolTipsVisible(True)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName(names.QUIT_ACTION)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setObjectName(names.UNDO_ACTION)
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setObjectName(names.REDO_ACTION)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([undo, redo])

        training = bar.addMenu("&Training")
        c = self.controls
        training.addActions([c.step_action, c.step_many_action])
        training.addSeparator()
        training.addActions([c.run_action, c.pause_action, c.run_pause_action])
        training.addSeparator()
        training.addActions([c.reset_action, c.new_seed_action])
        training.addSeparator()
        training.addAction(c.train_biases_action)

        view = bar.addMenu("&View")
        view.addAction(self.loss_dock.toggleViewAction())
        self._view_separator = view.addSeparator()
        log_action = QAction("Logarithmic loss axis", self)
        log_action.setObjectName(names.LOG_SCALE_ACTION)
        log_action.setCheckable(True)
        log_action.setShortcut(QKeySequence("Ctrl+L"))
        log_action.toggled.connect(self.loss_plot.set_log_scale)
        view.addAction(log_action)

        help_menu = bar.addMenu("&Help")
        shortcuts = QAction("Keyboard shortcuts", self)
        shortcuts.setObjectName(names.SHORTCUTS_ACTION)
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self._show_shortcuts)
        about = QAction("About mlpgui", self)
        about.setObjectName(names.ABOUT_ACTION)
        about.triggered.connect(self._show_about)
        help_menu.addActions([shortcuts, about])
        # Actions that live only in menus still need the window to own their shortcuts.
        self.addActions([*c.actions, log_action, shortcuts, quit_action, undo, redo])
        self.menus.update(file=file_menu, edit=edit, training=training, view=view, help=help_menu)

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
        w.record_ready.connect(self._on_record)
        w.losses_ready.connect(self._on_losses)
        w.state_changed.connect(self._on_state)
        w.model_changed.connect(self._on_model)
        w.message_posted.connect(self.banner.show_message)

    # --- worker messages ----------------------------------------------------------------------

    @Slot(object)
    def _on_record(self, record: UpdateRecord) -> None:
        latest = self._latest
        if latest is not None and record.step <= latest.step:
            return  # older than what is shown
        self._latest = record
        self.record_view.show_record(record)
        self.record_changed.emit(record)

    @Slot(object)
    def _on_losses(self, batch: LossBatch) -> None:
        if batch.generation == self._generation:
            self.loss_plot.add_losses(batch)

    @Slot(object)
    def _on_state(self, state: WorkerState) -> None:
        self._state = state
        self.controls.show_state(state)
        self.status.show(state)
        self.state_changed.emit(state)

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        self._snapshot = snapshot
        new_generation = snapshot.generation != self._generation or snapshot.reason == "start"
        if new_generation:
            self._generation = snapshot.generation
            self._latest = None
            self.record_view.show_record(None)
            self.loss_plot.start_generation(snapshot.generation)
        setup = snapshot.setup
        arch = "-".join(map(str, setup.layer_sizes))
        name = snapshot.dataset.name or "dataset"
        self.setWindowTitle(f"mlpgui — {name}, {arch} network")
        self.model_changed.emit(snapshot)
        if new_generation:
            self.record_changed.emit(None)
            if snapshot.reason not in ("start", "reset"):
                self.select(None)  # a new architecture: old indices mean nothing

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
            f"{what}? The {state.steps:,} updates made so far will be discarded.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _show_shortcuts(self) -> None:
        rows = []
        for action in self.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys:
                text = action.text().replace("&", "")
                rows.append(f"<tr><td><b>{' or '.join(keys)}</b></td><td>{text}</td></tr>")
        QMessageBox.information(
            self, "Keyboard shortcuts", "<table cellpadding=4>" + "".join(rows) + "</table>"
        )

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About mlpgui",
            f"<b>mlpgui {__version__}</b><br>Train multi-layer perceptrons with "
            "backpropagation and see every number of every update, in the lecture's notation.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.worker.shutdown()
        super().closeEvent(event)
