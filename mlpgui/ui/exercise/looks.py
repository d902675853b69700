"""Colour, weight and background of the exercise panel's labels, set without a style sheet.

A style sheet fixes a widget's font when it is polished, so presenter mode's larger
application font (``presenter.FONT_SCALE``) would not reach the score, the verdicts and the
hints — the very lines a class reads from the projector. A palette and a font with only the
changed attribute resolved leave everything else (the size, the other colours) inherited from
the application. GUI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel

GREEN = "#1a7f37"
ORANGE = "#9a3412"
RED = "#82071e"
MUTED = "#656d76"
DETAILS_BACKGROUND = "#f6f8fa"


def set_look(label: QLabel, colour: str | None = None, bold: bool = False) -> None:
    """The label's text in ``colour`` (None: the application's) and bold or not; its font
    size keeps following the application's."""
    palette = QPalette()  # no role resolved: every role follows the application's
    if colour is not None:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    font = QFont()  # only the weight resolved: family and size follow the application's
    font.setBold(bold)
    label.setFont(font)


def set_background(label: QLabel, colour: str, margin: int = 4) -> None:
    """A filled background behind the label's text, ``margin`` pixels around it."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setMargin(margin)
