"""FeatureHost: the narrow interface through which a feature package plugs into the window.

A feature's ``install(host)`` gets this object, not the MainWindow. Through it the feature
sends intents to the worker (``send``), hears the worker's messages (``worker``: the message
signals only), reads and follows what the window shows (``store``), places its widgets
(``add_dock``, ``set_stage``, ``window`` for Qt's own dock and dialog API), adds actions
(``menus``, ``controls``), joins undo (``undo_group``), tells the user one sentence
(``show_message``), and finds other features' public objects by type (``register``,
``feature``) — no attribute is patched onto the window and none is probed for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from mlpgui.worker import Intent

from .store import GuiStore

if TYPE_CHECKING:
    from .status import MessageBanner
    from .training_controls import TrainingControls

T = TypeVar("T")

AddDock = Callable[[str, str, QWidget, Qt.DockWidgetArea], QDockWidget]


class WorkerMessages(Protocol):
    """The worker's message signals (see ``WorkerHandle``), delivered in the GUI thread.
    Most features need none of them: the store's signals carry the state, the model and the
    record shown."""

    @property
    def preview_ready(self) -> SignalInstance: ...
    @property
    def losses_ready(self) -> SignalInstance: ...
    @property
    def plot_data_ready(self) -> SignalInstance: ...
    @property
    def notice_posted(self) -> SignalInstance: ...
    @property
    def errored(self) -> SignalInstance: ...
    @property
    def file_done(self) -> SignalInstance: ...
    @property
    def runs_changed(self) -> SignalInstance: ...


class FeatureHost:
    """See the module docstring. GUI thread only.

    Attributes:
        window: the main window as a plain QMainWindow: the parent of dialogs and actions,
            and Qt's dock API (``tabifyDockWidget``, ``splitDockWidget``, ``resizeDocks``).
        worker: the worker's message signals.
        store: what the worker reported and what the window shows (GuiStore).
        controls: the training toolbar and its actions.
        menus: the menu bar's menus by name: "file", "edit", "training", "view", "help".
        undo_group: add a QUndoStack to join Edit ▸ Undo/Redo.
    """

    def __init__(
        self,
        window: QMainWindow,
        worker: WorkerMessages,
        send: Callable[[Intent], None],
        store: GuiStore,
        controls: TrainingControls,
        menus: Mapping[str, QMenu],
        undo_group: QUndoGroup,
        banner: MessageBanner,
        add_dock: AddDock,
        stage: Callable[[], QWidget],
        set_stage: Callable[[QWidget], None],
    ) -> None:
        self.window = window
        self.worker = worker
        self.store = store
        self.controls = controls
        self.menus = menus
        self.undo_group = undo_group
        self._send = send
        self._banner = banner
        self._add_dock = add_dock
        self._stage = stage
        self._set_stage = set_stage
        self._parts: dict[type, object] = {}

    def send(self, intent: Intent) -> None:
        """Ask the worker for ``intent`` (mlpgui.worker.intents); it is handled in order."""
        self._send(intent)

    def show_message(self, kind: str, text: str) -> None:
        """One sentence in the window's banner; ``kind`` is "error", "warning" or "info"."""
        self._banner.show_message(kind, text)

    def add_dock(
        self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """Put ``widget`` in a dock (objectName ``name``), listed in the View menu."""
        return self._add_dock(title, name, widget, area)

    def dock(self, name: str) -> QDockWidget | None:
        """The window's dock with objectName ``name`` (None if there is none)."""
        return self.window.findChild(QDockWidget, name)

    @property
    def stage(self) -> QWidget:
        """The window's main view (the widget below the message banner)."""
        return self._stage()

    def set_stage(self, widget: QWidget) -> None:
        """Make ``widget`` the window's main view, below the message banner."""
        self._set_stage(widget)

    def register(self, part: object) -> None:
        """Offer ``part`` (a feature's public object) to other features, by its type."""
        kind = type(part)
        if kind in self._parts:
            raise ValueError(f"A {kind.__name__} is already registered.")
        self._parts[kind] = part

    def feature(self, kind: type[T]) -> T | None:
        """The registered object of type ``kind`` (None: that feature is not installed)."""
        part = self._parts.get(kind)
        return part if isinstance(part, kind) else None
