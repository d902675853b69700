"""Legend: the scale of the diagram's edges under it — a colour bar from −s (orange) through 0
to +s (blue) and a caption, or, when every value shown is below the scale's floor, a grey bar
that says so ("all |Δw| < 1e−12: drawn as 0")."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mlpgui.ui.formatting import format_number

from .palette import NORMAL, Scale, Theme, exponent_text


class Legend(QWidget):
    """One line: the colour bar with its ends, then a caption such as "edges: w before
    update 1 (width ∝ |w|)". Its font follows the widget's (presenter mode scales it)."""

    BAR = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = Scale(1.0, 0.0)
        self._symbol = "w"
        self._caption = ""
        self._hidden = ""
        self._theme = NORMAL
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # --- what it shows ----------------------------------------------------------------------

    def zero_note(self) -> str:
        """ "all |Δw| < 1e−12: drawn as 0" when every value is below the floor, else ""."""
        if self._hidden == "all":
            return f"every {self._symbol} hidden (?) during the exercise"
        if self._scale.all_zero:
            shown = "shown " if self._hidden else ""
            return f"all {shown}|{self._symbol}| < {exponent_text(self._scale.floor)}: drawn as 0"
        return ""

    def end_texts(self) -> tuple[str, str]:
        """The texts at the bar's ends ("0" and "0" when everything is drawn as zero, "?" when
        an exercise hides every value)."""
        if self._hidden == "all":
            return "?", "?"
        if self._scale.all_zero:
            return "0", "0"
        s = format_number(self._scale.top, 3)
        return f"−{s}", f"+{s}"

    def caption(self) -> str:
        """The caption after the bar, with the zero note first when there is one."""
        note = self.zero_note()
        return f"{note} · {self._caption}" if note else self._caption

    def set_scale(self, scale: Scale, caption: str, symbol: str = "w", hidden: str = "") -> None:
        """Show ``scale`` for values called ``symbol`` (e.g. "Δw"), with ``caption``;
        ``hidden``: "some" or "all" when an exercise hides values ("?"), which the scale
        then says nothing about."""
        if (scale, caption, symbol, hidden) == (
            self._scale, self._caption, self._symbol, self._hidden
        ):  # fmt: skip
            return
        self._scale, self._caption, self._symbol, self._hidden = scale, caption, symbol, hidden
        if hidden == "all":
            tip = f"{caption}. Every {symbol} is hidden (?) until the exercise's questions are "
            tip += "answered or revealed."
        elif scale.all_zero:
            tip = (
                f"{caption}. Every |{symbol}| shown is below {exponent_text(scale.floor)}, "
                "which the diagram draws as 0 (thin grey): such values are rounding noise."
            )
        else:
            tip = (
                f"{caption}. Colour: orange negative, blue positive; both colour and width grow "
                f"with |{symbol}| up to {format_number(scale.top, 6)} (the largest shown); "
                f"|{symbol}| below {exponent_text(scale.floor)} is drawn as 0."
            )
        if hidden == "some":
            tip += (
                " Values the exercise hides (?) are drawn dotted grey; the scale is of the others."
            )
        self.setToolTip(tip)
        self.updateGeometry()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    # --- painting ---------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        left, right = self.end_texts()
        width = sum(metrics.horizontalAdvance(t) for t in (left, right, self.caption()))
        return QSize(width + self._bar() + 30, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._bar() + 60, self.fontMetrics().height() + 6)

    def _bar(self) -> int:
        """The bar's width: about 17 characters of the current font."""
        return max(self.BAR, 17 * self.fontMetrics().averageCharWidth())

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self._theme
        painter = QPainter(self)
        metrics = self.fontMetrics()
        h = metrics.height()
        left, right = self.end_texts()
        baseline = 3 + metrics.ascent()
        painter.setPen(theme.text)
        painter.drawText(QPointF(0, baseline), left)
        x0 = metrics.horizontalAdvance(left) + 5
        bar = QRectF(x0, 4, self._bar(), h - 2)
        if self._scale.all_zero:
            painter.fillRect(bar, QBrush(theme.edge_zero))
        else:
            gradient = QLinearGradient(QPointF(bar.left(), 0), QPointF(bar.right(), 0))
            gradient.setColorAt(0.0, theme.negative)
            gradient.setColorAt(0.5, theme.zero)
            gradient.setColorAt(1.0, theme.positive)
            painter.fillRect(bar, QBrush(gradient))
        painter.setPen(QPen(theme.muted, 1))
        painter.drawRect(bar)
        centre = bar.center().x()
        painter.drawLine(QPointF(centre, bar.top()), QPointF(centre, bar.bottom()))
        painter.setPen(theme.text)
        x = bar.right() + 5
        painter.drawText(QPointF(x, baseline), right)
        x += metrics.horizontalAdvance(right) + 12
        painter.setPen(theme.text if self._scale.all_zero else theme.muted)
        caption = metrics.elidedText(
            self.caption(), Qt.TextElideMode.ElideRight, int(self.width() - x)
        )
        painter.drawText(QPointF(x, baseline), caption)
        painter.end()
