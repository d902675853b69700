"""The dataset editor's undo command: every edit replaces one EditorData by another.

Adding, moving and deleting points, editing a cell, loading a preset, importing, pasting,
clearing and changing the split all become a ``DataCommand`` holding the data before and after;
undo and redo hand one of them to the editor, which shows it and sends it to the worker.

No exception may leave ``redo`` or ``undo`` (Qt calls them; PySide6 can crash): when showing or
sending the data fails, the target is told to go back to the data it had (``apply_failed``),
and the command marks itself obsolete so that the QUndoStack drops it — an edit that could not
be made leaves no undo step behind.
"""

from __future__ import annotations

import sys
import traceback
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from .document import EditorData

MERGE_ID = 0x5E7D
"""QUndoCommand id of commands that may merge (see ``merge_key``)."""


class DataTarget(Protocol):
    def apply(self, data: EditorData) -> None: ...

    def apply_failed(self, previous: EditorData, exc: Exception) -> None: ...


class DataCommand(QUndoCommand):
    """Replace ``before`` by ``after``.

    ``merge_key``: consecutive commands with the same key merge into one undo step (e.g. the
    noise of a preset moved in small steps); None never merges.
    ``failed``: the last redo or undo could not be applied (the command is then obsolete).
    """

    def __init__(
        self,
        target: DataTarget,
        before: EditorData,
        after: EditorData,
        text: str,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self.target = target
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.failed = False

    def redo(self) -> None:
        self._switch(self.after, self.before)

    def undo(self) -> None:
        self._switch(self.before, self.after)

    def _switch(self, new: EditorData, old: EditorData) -> None:
        try:
            self.target.apply(new)
        except Exception as exc:  # nothing may escape a QUndoCommand
            self.failed = True
            self.setObsolete(True)
            try:
                self.target.apply_failed(old, exc)
            except Exception:
                traceback.print_exc(file=sys.stderr)

    def id(self) -> int:
        return -1 if self.merge_key is None else MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        try:
            if not isinstance(other, DataCommand) or other.merge_key != self.merge_key:
                return False
            if other.failed or self.failed:
                return False  # the failed one is dropped by the stack on its own
            self.after = other.after
            self.setText(other.text())
            return True
        except Exception:  # nothing may escape into Qt
            traceback.print_exc(file=sys.stderr)
            return False
