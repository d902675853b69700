"""NumbersPanel: the shown update's numbers as read-only text (a plain, copyable summary).

It starts as the window's centre and moves to the "Numbers (text)" dock when a feature takes
the stage (objectNames ``recordView`` and ``recordDock``, kept from earlier versions for saved
layouts)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from mlpgui.core import UpdateRecord
from mlpgui.core.losses import loss_title

from . import names
from .formatting import format_count, format_number

MAX_LISTED = 64
"""Arrays with more entries than this are summarised (range) instead of listed."""


def _array_text(a: np.ndarray, digits: int) -> str:
    if a.size > MAX_LISTED:
        low, high = format_number(a.min(), digits), format_number(a.max(), digits)
        return f"{a.shape} values from {low} to {high}"
    if a.ndim == 1:
        return "[" + ", ".join(format_number(v, digits) for v in a) + "]"
    rows = ("[" + ", ".join(format_number(v, digits) for v in row) + "]" for row in a)
    return "[" + ",\n       ".join(rows) + "]"


def describe_samples(indices: np.ndarray) -> str:
    """1-based sample numbers, with runs shortened: "1–50" or "3, 17, 4"."""
    numbers = [int(i) + 1 for i in indices]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{numbers[0]}–{numbers[-1]}"
    if len(numbers) > MAX_LISTED:
        return ", ".join(map(str, numbers[:MAX_LISTED])) + f", … ({len(numbers)} in all)"
    return ", ".join(map(str, numbers))


def describe_record(record: UpdateRecord, digits: int = 6) -> str:
    """A text summary of one update, in the lecture's notation."""
    lines = [
        f"update {format_count(record.step)}   epoch {format_count(record.epoch)}   "
        f"batch of {record.batch_size} ({record.batch_mode})   loss {loss_title(record.loss_name)}",
        f"γ = {format_number(record.learning_rate, digits)}",
        f"L(θ_old) = {format_number(record.loss_before, digits)}   "
        f"L(θ_new) = {format_number(record.loss_after, digits)}",
    ]
    lines.append("samples: " + describe_samples(record.batch_indices))
    for k in range(record.n_layers):
        l = k + 1  # noqa: E741 - the lecture's layer index
        f = record.activation_names[k]
        lines += [
            "",
            f"layer {l}  (f = {f}, {record.layer_sizes[k]} → {record.layer_sizes[k + 1]})",
            f"  W^({l})    = {_array_text(record.weights_before[k], digits)}",
            f"  b^({l})    = {_array_text(record.biases_before[k], digits)}",
            f"  ∂L/∂W^({l}) = {_array_text(record.weight_gradients[k], digits)}",
            f"  ∂L/∂b^({l}) = {_array_text(record.bias_gradients[k], digits)}",
            f"  ΔW^({l})   = {_array_text(record.weight_updates[k], digits)}",
            f"  Δb^({l})   = {_array_text(record.bias_updates[k], digits)}",
        ]
    return "\n".join(lines)


class NumbersPanel(QPlainTextEdit):
    """Shows ``describe_record`` of the record it is given (read-only, selectable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.RECORD_VIEW)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setPlaceholderText("Press Step (→) to make the first update.")
        self.setToolTip("The numbers of the latest update (select and copy as text)")
        self._pending: UpdateRecord | None = None
        self._stale = False
        self._hidden_note: str | None = None

    def show_record(self, record: UpdateRecord | None) -> None:
        """Show ``record`` (formatted now if visible, else when the view is next shown)."""
        self._pending = record
        self._stale = True
        if self.isVisible():
            self._render()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._render()

    def set_hidden(self, note: str | None) -> None:
        """Show ``note`` instead of the numbers (None: the numbers again) — while an exercise
        asks for values these numbers would give away."""
        self._hidden_note = note
        self._stale = True
        if self.isVisible():
            self._render()

    def _render(self) -> None:
        record, self._stale = self._pending, False
        if self._hidden_note is not None:
            self.setPlainText(self._hidden_note)
        else:
            self.setPlainText("" if record is None else describe_record(record))
