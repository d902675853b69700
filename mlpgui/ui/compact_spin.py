"""CompactDoubleSpinBox: a QDoubleSpinBox for γ, λ and μ that shows numbers compactly."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox

from .formatting import format_number


class CompactDoubleSpinBox(QDoubleSpinBox):
    """A spin box that shows 0.5 as "0.5", not "0.500000" (up to 6 significant digits)."""

    def textFromValue(self, value: float) -> str:
        return format_number(value, 6)

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip().replace(",", ".")
        if stripped in ("", ".", "-", "e", "E"):
            return (QValidator.State.Intermediate, text, pos)
        try:
            value = float(stripped)
        except ValueError:
            if stripped[-1:] in "eE-+":
                return (QValidator.State.Intermediate, text, pos)
            return (QValidator.State.Invalid, text, pos)
        if self.minimum() <= value <= self.maximum():
            return (QValidator.State.Acceptable, text, pos)
        return (QValidator.State.Intermediate, text, pos)
