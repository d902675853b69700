"""Editing a weight or bias in the diagram: an inline editor and an undoable command.

The edit is an intent (``ParameterEdit``) sent to the worker, which applies it before the
next update; undo sends the old value back.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QUndoCommand
from PySide6.QtWidgets import QLineEdit, QWidget

from mlpgui.ui import names
from mlpgui.ui.formatting import format_number
from mlpgui.ui.selection import Selection
from mlpgui.worker import ParameterEdit

MAX_MAGNITUDE = 1e6
"""Typed values must satisfy |value| ≤ this (larger ones only make the loss explode)."""


def parse_value(text: str) -> float:
    """The number in ``text`` ("0.25", "-1,5", "2e-3", "−0.4"); ValueError with a
    one-sentence reason otherwise."""
    cleaned = text.strip().replace("−", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        shown = text.strip() or "an empty field"
        raise ValueError(
            f"“{shown}” is not a number; type a value like 0.25, -1.5 or 2e-3."
        ) from None
    if not math.isfinite(value):
        raise ValueError("A weight or bias must be a finite number, not NaN or infinity.")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"Keep weights and biases within ±{MAX_MAGNITUDE:g}.")
    return value


class SetParameterCommand(QUndoCommand):
    """Set w_ij^(l) or b_i^(l) to ``new``; undo restores ``old``."""

    def __init__(
        self,
        send: Callable[[ParameterEdit], None],
        selection: Selection,
        old: float,
        new: float,
    ) -> None:
        super().__init__(f"Set {selection.label()} to {format_number(new, 6)}")
        self._send, self.selection, self.old, self.new = send, selection, old, new

    def _edit(self, value: float) -> ParameterEdit:
        s = self.selection
        return ParameterEdit(s.kind, s.layer, s.i, s.j if s.kind == "w" else 0, value)

    def redo(self) -> None:
        self._send(self._edit(self.new))

    def undo(self) -> None:
        self._send(self._edit(self.old))


class InlineEditor(QLineEdit):
    """A small line edit over the diagram. Enter commits (``committed(selection, value)``)
    or reports ``invalid(sentence)`` and stays open; Esc or leaving it cancels. Either way
    the key ends here: it must not reach the diagram, whose Enter opens the editor again.
    Closing gives the keyboard focus back to the diagram."""

    committed = Signal(object, float)
    invalid = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._area = parent
        """The widget the editor is shown over (its parent)."""
        self.setObjectName(names.PARAMETER_EDITOR)
        self.setToolTip(
            "Type the new value and press Enter (Esc cancels). This sets the value now, which "
            "the next update starts from; the update shown keeps the values it computed with."
        )
        self.selection: Selection | None = None
        self.returnPressed.connect(self._commit)
        self.hide()

    def open(self, selection: Selection, pos: QPoint, value: float) -> None:
        """Show the editor at ``pos`` (parent coordinates) with ``value`` selected."""
        self.selection = selection
        self.setText(repr(float(value)))
        self.setPlaceholderText(selection.label())
        width = max(150, self.fontMetrics().horizontalAdvance("-0.000000000000000000") + 12)
        self.resize(width, self.sizeHint().height())
        area = self._area
        x = min(max(0, pos.x() - width // 2), max(0, area.width() - width))
        y = min(max(0, pos.y() + 12), max(0, area.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.selectAll()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        self.selection = None
        if self.isVisible():
            if self.hasFocus():
                owner = self._area.parentWidget() or self._area
                owner.setFocus(Qt.FocusReason.OtherFocusReason)
            self.hide()

    def _commit(self) -> None:
        if self.selection is None:
            return
        try:
            value = parse_value(self.text())
        except ValueError as exc:
            self.invalid.emit(str(exc))
            self.selectAll()
            return
        selection = self.selection
        self.cancel()
        self.committed.emit(selection, value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)  # Enter: returnPressed → _commit
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # QLineEdit ignores Enter, which would pass it on to the diagram

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.cancel()
