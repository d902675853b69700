"""ActionGate: ask before an action triggers (while an exercise is open, Step, Run and Reset
would make it about a past update, so the window asks "End the exercise?" first).

The training actions belong to the toolbar's controls, which emit their intents as soon as an
action triggers; Qt calls an action's receivers in the order they were connected, so a
feature cannot get in first by connecting to ``triggered``. While the gate is on, it watches
the events that trigger the gated actions — an action's shortcut, a click (or Space) on its
toolbar button, a click (or Enter) on its menu item — with event filters on those objects only,
takes the event, and asks ``ask(action)`` once the event is handled; if that returns True (the
exercise ended), the action is triggered. Nothing else is changed: off, the gate removes its
filters. GUI thread; no exception leaves the event filter.

(A ``TrainingControls`` hook consulted before emitting would make this unnecessary.)
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolBar, QToolButton

_PRESS_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select)
_MOUSE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseButtonRelease,
)


class ActionGate(QObject):
    """See the module docstring. ``ask(action)`` is called from the event loop, never from
    inside an event filter; True means: go on and trigger ``action``."""

    def __init__(self, ask: Callable[[QAction], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ask = ask
        self._actions: list[QAction] = []
        self._watched: list[QObject] = []
        self._asking = False

    @property
    def active(self) -> bool:
        return bool(self._actions)

    def close_on(self, actions: Iterable[QAction]) -> None:
        """Start asking before ``actions`` trigger."""
        self.open()
        self._actions = list(actions)
        watched: list[QObject] = []
        for action in self._actions:
            watched.append(action)
            for owner in action.associatedObjects():
                if isinstance(owner, QToolBar):
                    button = owner.widgetForAction(action)
                    if button is not None:
                        watched.append(button)
                elif isinstance(owner, QMenu):
                    watched.append(owner)
        for obj in dict.fromkeys(watched):  # each once, in order
            obj.installEventFilter(self)
            self._watched.append(obj)

    def open(self) -> None:
        """Stop asking (remove every filter)."""
        for obj in self._watched:
            if shiboken6.isValid(obj):
                obj.removeEventFilter(self)
        self._watched, self._actions = [], []

    # --- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        try:
            action = self._gated(watched, event)
        except Exception:  # nothing may escape an event filter
            traceback.print_exc(file=sys.stderr)
            return False
        if action is None:
            return False
        if self._ends_a_press(watched, event):
            QTimer.singleShot(0, lambda: self._ask_then_trigger(action))
        return True

    def _gated(self, watched: QObject, event: QEvent) -> QAction | None:
        """The gated action ``event`` would trigger (or press, for a button), else None."""
        kind = event.type()
        if isinstance(watched, QAction):
            return watched if kind == QEvent.Type.Shortcut and watched in self._actions else None
        if isinstance(watched, QToolButton):
            action = watched.defaultAction()
            if action not in self._actions or not action.isEnabled():
                return None
            if isinstance(event, QMouseEvent) and kind in _MOUSE:
                return action if event.button() == Qt.MouseButton.LeftButton else None
            if isinstance(event, QKeyEvent) and event.key() in _PRESS_KEYS:
                return action
            return None
        if isinstance(watched, QMenu):
            if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                found = watched.actionAt(event.position().toPoint())
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                found = watched.activeAction() if event.key() in _PRESS_KEYS else None
            else:
                return None
            return found if found in self._actions and found.isEnabled() else None
        return None

    @staticmethod
    def _ends_a_press(watched: QObject, event: QEvent) -> bool:
        """True for the event after which the user expects the action (a button's release
        inside it, its key press; a menu's release or key; a shortcut)."""
        if isinstance(watched, QToolButton):
            if isinstance(event, QMouseEvent):
                inside = watched.rect().contains(event.position().toPoint())
                return event.type() == QEvent.Type.MouseButtonRelease and inside
            return event.type() == QEvent.Type.KeyPress
        return True

    def _ask_then_trigger(self, action: QAction) -> None:
        if self._asking or not shiboken6.isValid(action):
            return
        self._asking = True
        try:
            for _ in range(8):  # an open menu (and its parents) first
                popup = QApplication.activePopupWidget()
                if popup is None:
                    break
                popup.close()
            if self._ask(action) and action.isEnabled():
                action.trigger()
        except Exception:  # a timer's slot: nothing may escape
            traceback.print_exc(file=sys.stderr)
        finally:
            self._asking = False
