"""FontScaler: make every text of a widget and its children larger (presenter mode) and
restore them exactly afterwards."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget


def scaled_font(font: QFont, factor: float) -> QFont:
    """``font`` ``factor`` times larger (in pixels or points, as it is given)."""
    bigger = QFont(font)
    if font.pixelSize() > 0:
        bigger.setPixelSize(round(font.pixelSize() * factor))
    else:
        bigger.setPointSizeF(font.pointSizeF() * factor)
    return bigger


class FontScaler:
    """Scales the fonts of ``root`` and its descendants (except those ``skip`` names)."""

    def __init__(self, root: QWidget, skip: Callable[[QWidget], bool] = lambda w: False) -> None:
        self.root, self.skip = root, skip
        self._fonts: dict[QWidget, tuple[QFont, bool]] = {}

    @property
    def active(self) -> bool:
        return bool(self._fonts)

    def scale(self, factor: float) -> None:
        """Every font ``factor`` times larger than it is now (once; ``restore`` undoes it)."""
        if self._fonts:
            return
        own = Qt.WidgetAttribute.WA_SetFont
        widgets = [self.root, *self.root.findChildren(QWidget)]
        self._fonts = {
            w: (QFont(w.font()), w.testAttribute(own)) for w in widgets if not self.skip(w)
        }
        for widget, (font, _) in self._fonts.items():
            widget.setFont(scaled_font(font, factor))

    def restore(self) -> None:
        for widget, (font, had_own) in self._fonts.items():
            widget.setFont(font if had_own else QFont())  # QFont(): inherit again
        self._fonts = {}
