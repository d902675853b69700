"""Colours and pens of the diagram: a colour-blind-safe diverging palette (orange for
negative values, blue for positive ones — distinguishable with every common colour-vision
deficiency), with a legend.

Values are shown relative to a scale s (the largest |value| shown): |v| / s is quantised into
``LEVELS`` steps, so that the diagram reuses a small set of pens and brushes and an item is
touched only when its step changes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mlpgui.ui.formatting import format_number

NEGATIVE = QColor("#e66101")  # orange (PuOr)
POSITIVE = QColor("#2166ac")  # blue
ZERO = QColor("#f4f4f4")
EDGE_ZERO = QColor("#c8c8c8")  # edges fade to grey, not to the white background
UNKNOWN = QColor("#d9d9d9")
HIGHLIGHT = QColor("#ffd43b")  # selection halo
BAND = QColor("#fff4c2")  # the active layer of a walk-through
TEXT = QColor("#1f2328")
MUTED = QColor("#656d76")

LEVELS = 24
"""Steps of |value| / scale (level 0 is zero, LEVELS is the scale or more)."""

UNKNOWN_CODE = -1
"""Code of a value not known (yet) or not shown."""


def codes(values: np.ndarray, scale: float) -> np.ndarray:
    """Integer codes 2·level + (1 if negative) for ``values`` relative to ``scale``; NaN or
    infinite values get the top level. Same shape as ``values``."""
    magnitude = np.abs(values)
    magnitude *= LEVELS / scale if scale > 0 else 0.0
    np.fmin(magnitude, LEVELS, out=magnitude)  # fmin: NaN and +inf → LEVELS
    magnitude -= 1e-9
    np.ceil(magnitude, out=magnitude)
    return 2 * magnitude.astype(np.int64) + (values < 0)


def scale_of(*arrays: np.ndarray) -> float:
    """The largest finite |value| in ``arrays`` (1.0 if there is none or it is 0)."""
    largest = 0.0
    for a in arrays:
        if a.size:
            top = float(np.abs(a).max())
            if not np.isfinite(top):
                finite = np.abs(a[np.isfinite(a)])
                top = float(finite.max()) if finite.size else 0.0
            largest = max(largest, top)
    return largest if largest > 0 else 1.0


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def colour(code: int, zero: QColor = ZERO) -> QColor:
    """The colour of a code: from ``zero`` towards orange (negative) or blue (positive)."""
    if code < 0:
        return UNKNOWN
    level, negative = divmod(code, 2)
    return _mix(zero, NEGATIVE if negative else POSITIVE, level / LEVELS)


class EdgePens:
    """Pens for edges: width ∝ |value| (from ``min_width`` to ``max_width``), colour by sign;
    bias edges are dashed. Cached by code."""

    def __init__(self, min_width: float, max_width: float) -> None:
        self.min_width, self.max_width = min_width, max_width
        self._cache: dict[tuple[int, bool], QPen] = {}

    def width(self, code: int) -> float:
        level = max(code, 0) // 2
        return self.min_width + (self.max_width - self.min_width) * level / LEVELS

    def pen(self, code: int, bias: bool = False) -> QPen:
        key = (code, bias)
        pen = self._cache.get(key)
        if pen is None:
            if code < 0:
                pen = QPen(UNKNOWN, self.min_width, Qt.PenStyle.DotLine)
            else:
                level = code // 2
                tint = colour(code, EDGE_ZERO) if level else EDGE_ZERO
                # even a tiny value keeps a visible tint of its sign
                if level:
                    base = NEGATIVE if code % 2 else POSITIVE
                    tint = _mix(EDGE_ZERO, base, 0.35 + 0.65 * level / LEVELS)
                pen = QPen(tint, self.width(code))
                if bias:
                    pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setCosmetic(False)
            self._cache[key] = pen
        return pen


class Brushes:
    """Brushes for unit fills by code (cached), and whether text on them should be white."""

    def __init__(self) -> None:
        self._cache: dict[int, QBrush] = {}

    def brush(self, code: int) -> QBrush:
        brush = self._cache.get(code)
        if brush is None:
            brush = QBrush(colour(code) if code >= 0 else QColor("#fafafa"))
            self._cache[code] = brush
        return brush

    @staticmethod
    def dark(code: int) -> bool:
        return code >= 0 and code // 2 > 0.55 * LEVELS


class Legend(QWidget):
    """One line: a colour bar from −s (orange) through 0 to +s (blue), then a caption such as
    "edges: w, width ∝ |w|"."""

    BAR = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = 1.0
        self._caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _texts(self) -> tuple[str, str]:
        s = format_number(self._scale, 3)
        return f"−{s}", f"+{s}"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        metrics = self.fontMetrics()
        left, right = self._texts()
        width = sum(metrics.horizontalAdvance(t) for t in (left, right, self._caption))
        return QSize(width + self.BAR + 30, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.BAR + 60, self.fontMetrics().height() + 6)

    def set_scale(self, scale: float, caption: str) -> None:
        if scale != self._scale or caption != self._caption:
            self._scale, self._caption = scale, caption
            self.setToolTip(
                f"{caption}. Colour: orange negative, blue positive; both colour and width grow "
                f"with |value| up to {format_number(scale, 6)} (the largest shown)."
            )
            self.updateGeometry()
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        metrics = self.fontMetrics()
        h = metrics.height()
        left, right = self._texts()
        baseline = 3 + metrics.ascent()
        painter.setPen(TEXT)
        painter.drawText(QPointF(0, baseline), left)
        x0 = metrics.horizontalAdvance(left) + 5
        bar = QRectF(x0, 4, self.BAR, h - 2)
        gradient = QLinearGradient(QPointF(bar.left(), 0), QPointF(bar.right(), 0))
        gradient.setColorAt(0.0, NEGATIVE)
        gradient.setColorAt(0.5, ZERO)
        gradient.setColorAt(1.0, POSITIVE)
        painter.fillRect(bar, QBrush(gradient))
        painter.setPen(QPen(MUTED, 1))
        painter.drawRect(bar)
        painter.drawLine(
            QPointF(bar.center().x(), bar.top()), QPointF(bar.center().x(), bar.bottom())
        )
        painter.setPen(TEXT)
        x = bar.right() + 5
        painter.drawText(QPointF(x, baseline), right)
        x += metrics.horizontalAdvance(right) + 12
        painter.setPen(MUTED)
        caption = metrics.elidedText(
            self._caption, Qt.TextElideMode.ElideRight, int(self.width() - x)
        )
        painter.drawText(QPointF(x, baseline), caption)
        painter.end()
