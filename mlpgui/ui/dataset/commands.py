"""The dataset editor's undo command: every edit replaces one EditorData by another.

Adding, moving and deleting points, editing a cell, loading a preset, importing, pasting,
clearing and changing the split all become a ``DataCommand`` holding the data before and after;
undo and redo hand one of them to the editor, which shows it and sends it to the worker.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from .document import EditorData

MERGE_ID = 0x5E7D
"""QUndoCommand id of commands that may merge (see ``merge_key``)."""


class DataTarget(Protocol):
    def apply(self, data: EditorData) -> None: ...


class DataCommand(QUndoCommand):
    """Replace ``before`` by ``after``.

    ``merge_key``: consecutive commands with the same key merge into one undo step (e.g. the
    noise of a preset moved in small steps); None never merges.
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

    def redo(self) -> None:
        self.target.apply(self.after)

    def undo(self) -> None:
        self.target.apply(self.before)

    def id(self) -> int:
        return -1 if self.merge_key is None else MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, DataCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setText(other.text())
        return True
