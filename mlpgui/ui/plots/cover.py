"""PlotCover: a note laid over a plot, hiding what it shows (exercise mode: the Output and
Hidden-units plots show the network at the current θ, from which the answers could be read).

The cover is a child of the plot's widget that fills it and follows its size; it takes the
mouse (no hover values, no context menu of the plot beneath). The plot goes on drawing
underneath, so taking the cover away shows it as it is now. GUI thread.
"""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QLabel, QWidget

from . import style


class PlotCover(QLabel):
    """See the module docstring. ``cover(note)`` shows ``note`` over the plot; ``cover(None)``
    takes the cover away."""

    def __init__(self, plot: QWidget, name: str) -> None:
        super().__init__(plot)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # A palette, not a style sheet: a style sheet would fix the font, and presenter mode's
        # larger application font would not reach the note.
        palette = QPalette()  # roles not set follow the application's
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(style.NOTE))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setMargin(12)
        self.setToolTip(
            "This plot shows the network at the current weights, from which the answers could "
            "be read; it comes back when the exercise ends"
        )
        self._plot = plot
        plot.installEventFilter(self)
        self.hide()

    @property
    def covering(self) -> bool:
        return not self.isHidden()

    def cover(self, note: str | None) -> None:
        if note is None:
            self.hide()
            return
        self.setText(note)
        self.setGeometry(self._plot.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        try:
            if watched is self._plot and event.type() == QEvent.Type.Resize:
                self.setGeometry(self._plot.rect())
        except Exception:  # nothing may escape an event filter
            traceback.print_exc(file=sys.stderr)
        return False

    # The mouse stops here: nothing of the plot beneath answers it.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()
