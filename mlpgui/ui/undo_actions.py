"""Edit ▸ Undo and Redo that ask first where the edit itself asks.

An undo stack with the dynamic property ``ASKS_PROPERTY`` set (the network diagram's: a weight
edit changes the next update, and exercise mode asks "End the exercise?" before one) has its
undo and redo asked about too, through the training controls' confirmations — undoing an edit
changes the next update as much as making it. Other stacks (the dataset's) undo at once, as
their edits are made at once. GUI thread; no exception leaves the slots.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from PySide6.QtGui import QAction, QUndoGroup

ASKS_PROPERTY = "mlpguiAsksBeforeChange"
"""Set to True on a QUndoStack whose undo and redo must be confirmed first."""


def guard_undo_actions(
    group: QUndoGroup, undo: QAction, redo: QAction, confirm: Callable[[str], bool]
) -> None:
    """Route ``undo``/``redo`` (made by ``group.createUndoAction``/``createRedoAction``, which
    keep their text and enabled state) through ``confirm(what)`` for stacks that ask."""
    undo.triggered.disconnect()  # the group's own connection: undo at once
    redo.triggered.disconnect()

    def run(redoing: bool) -> None:
        try:
            stack = group.activeStack()
            if stack is None or not (stack.canRedo() if redoing else stack.canUndo()):
                return
            if stack.property(ASKS_PROPERTY) is True:
                text = stack.redoText() if redoing else stack.undoText()
                verb = "Redoing" if redoing else "Undoing"
                if not confirm(f"{verb} “{text}”" if text else verb):
                    return
            if redoing:
                stack.redo()
            else:
                stack.undo()
        except Exception:  # nothing may escape into Qt
            traceback.print_exc(file=sys.stderr)

    undo.triggered.connect(lambda: run(False))
    redo.triggered.connect(lambda: run(True))
