"""MainWindow: the training controls, the plots and panels, and the worker that trains.

Constructing a MainWindow starts its training worker; closing it shuts the worker down.
Widgets never call the trainer: the window turns their ``*_requested`` signals into intents
for the worker, and writes what the worker reports into the GuiStore (``store``), which every
widget reads and follows.

Feature packages (the network diagram, the dataset editor, the plots, animation export) plug
in through their ``install(host)`` function, which gets a FeatureHost (host.py): the narrow
interface of intents, messages, the store, docks, menus and undo — not the window.

The window shows either the live state (the newest update) or, after scrubbing the timeline,
a past update recomputed exactly by the worker; ``store.record_changed`` carries whichever is
shown. The window's layout and a few preferences persist in QSettings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QVBoxLayout, QWidget

from mlpgui.core import Dataset, UpdateRecord, preset_info
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import ModelSnapshot, Pause, ReplaceSetup, WorkerHandle, WorkerState

from . import names
from .display_budget import DisplayBudget, install_budget
from .focus import FocusKeys, install_focus_keys
from .formatting import plural
from .host import FeatureHost
from .loss_plot import LossPlot
from .menus import build_menus
from .numbers_panel import NumbersPanel
from .presenter import PresenterMode
from .runs import RunsFeature
from .selection import Selection
from .session_files import SessionFiles
from .status import MessageBanner, TrainingStatus
from .store import GuiStore
from .timeline import Timeline
from .training_controls import TrainingControls
from .window_feed import WindowFeed
from .window_layout import apply_sizes, arrange_default_layout, restore_settings, save_settings

T = TypeVar("T")

DEFAULT_PRESET = "lecture"


def feature_installers() -> list[Callable[[FeatureHost], None]]:
    """The ``install(host)`` functions of the feature packages, in installation order."""
    from . import animation, dataset, exercise, network, playground_feature, plots, runs

    return [
        network.install, dataset.install, plots.install, animation.install,
        playground_feature.install, runs.install, exercise.install,
    ]  # fmt: skip


class MainWindow(QMainWindow):
    """The application window. ``setup``/``dataset`` default to the lecture's 1-2-2-1
    sigmoid network on the lecture's regression preset. What it shows and what the worker
    reported is in ``store`` (a GuiStore; its signals say when that changes)."""

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
        self.store = GuiStore(self)
        self.setWindowTitle("mlpgui")
        self.resize(1280, 860)
        self.setDockOptions(
            QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AnimatedDocks
        )

        self.worker = WorkerHandle(setup, dataset, test_dataset, parent=self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)
        self.controls = TrainingControls(self)
        self.addToolBar(self.controls.toolbar)
        self.undo_group = QUndoGroup(self)
        self.menus: dict[str, QMenu] = {}
        self._build_centre()
        self.loss_plot = LossPlot()
        self.loss_dock = self.add_dock(
            "Loss", names.LOSS_DOCK, self.loss_plot, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.status = TrainingStatus(self.statusBar())
        self.display_budget = DisplayBudget(self)
        install_budget(self.display_budget)
        self.files = SessionFiles(self, self.worker, self.settings)
        self.timeline = Timeline(self)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.timeline.toolbar)
        self.main_menus = build_menus(self)
        self.menus.update(self.main_menus.by_name())
        self.focus_keys: FocusKeys = install_focus_keys(self)
        self.host = FeatureHost(
            self, self.worker, self.worker.send, self.store, self.controls, self.menus,
            self.undo_group, self.banner, self.add_dock, lambda: self.stage, self.set_stage,
        )  # fmt: skip
        for part in (self.loss_plot, self.status, self.numbers):
            self.host.register(part)
        self.feed = WindowFeed(self)
        for install in feature_installers():
            install(self.host)
        self.presenter = PresenterMode(self.host)
        self.menus["view"].addSeparator()
        self.menus["view"].addAction(self.presenter.action)
        self.addAction(self.presenter.action)
        self._arrange_default_layout()
        self._restore_settings()
        self.worker.start()

    def _build_centre(self) -> None:
        """The message banner above the stage (the numbers panel until a feature takes it)."""
        self.banner = MessageBanner()
        self.numbers = NumbersPanel()
        central = QWidget()
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(4, 4, 4, 0)
        self._central_layout.addWidget(self.banner)
        self._central_layout.addWidget(self.numbers, 1)
        self._stage: QWidget = self.numbers
        self.setCentralWidget(central)

    # --- public API ---------------------------------------------------------------------------

    def latest_record(self) -> UpdateRecord | None:
        """The newest UpdateRecord the window has received (None before any update)."""
        return self.store.latest

    def displayed_record(self) -> UpdateRecord | None:
        """The update shown now: the latest, or a past one chosen on the timeline."""
        return self.store.shown

    def latest_state(self) -> WorkerState | None:
        """The worker's latest reported state."""
        return self.store.state

    def latest_snapshot(self) -> ModelSnapshot | None:
        """The latest network and data the worker reported."""
        return self.store.snapshot

    def selection(self) -> Selection | None:
        """The weight, bias or unit currently picked (None if nothing is)."""
        return self.store.selection

    def select(self, selection: Selection | None) -> None:
        """Pick a weight, bias or unit (or nothing); views follow via selection_changed."""
        self.store.select(selection)

    def feature(self, kind: type[T]) -> T | None:
        """The installed feature object of type ``kind`` (e.g. NetworkFeature), or None."""
        return self.host.feature(kind)

    def load_setup(self, setup: TrainingSetup, dataset: Dataset | None = None) -> None:
        """Replace the network setup (and optionally the data); progress starts anew."""
        self.worker.send(ReplaceSetup(setup, dataset))

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

    # --- layout (for feature packages, through the FeatureHost) -------------------------------

    def add_dock(
        self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """Put ``widget`` in a dock (objectName ``name``) and list it in the View menu."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if "view" in self.menus:
            self.menus["view"].insertAction(self.main_menus.view_separator, dock.toggleViewAction())
        return dock

    def set_stage(self, widget: QWidget) -> None:
        """Make ``widget`` the window's main view (below the message banner); the previous
        one moves to a dock on the right (the numbers panel) or goes away."""
        previous, self._stage = self._stage, widget
        self._central_layout.replaceWidget(previous, widget)
        if previous is self.numbers:
            self.add_dock(
                "Numbers (text)", names.RECORD_DOCK, previous,
                Qt.DockWidgetArea.RightDockWidgetArea,
            )  # fmt: skip
        else:
            previous.setParent(None)

    @property
    def stage(self) -> QWidget:
        return self._stage

    # --- actions ------------------------------------------------------------------------------

    def _confirm_discard(self, what: str) -> bool:
        state = self.store.state
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

    def showEvent(self, event: QShowEvent) -> None:
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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Offer to save unsaved changes (unless ``confirm_close`` is off), then stop the
        worker. An error keeps the window open with a message: no work is lost."""
        try:
            if self.worker.is_running:
                if self.store.running:
                    self.worker.send(Pause())
                runs = self.feature(RunsFeature)  # kept runs are not saved: ask first
                if self.confirm_close and runs is not None and not runs.confirm_close():
                    event.ignore()
                    return
                if self.confirm_close and not self.files.maybe_save():
                    event.ignore()
                    return
                self._save_settings()
            if self.presenter.enabled:  # the application's font and palette outlive windows
                self.presenter.set_enabled(False)
        except Exception as exc:  # nothing may escape a Qt event handler
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
