"""Colours, scales and pens of the diagram: a colour-blind-safe diverging palette (orange for
negative values, blue for positive ones — distinguishable with every common colour-vision
deficiency), in a normal and a high-contrast (presenter) variant.

Values are shown relative to a ``Scale``: |v| / top is quantised into ``LEVELS`` steps, so
that the diagram reuses a small set of pens and brushes and an item is touched only when its
step changes. Values below the scale's floor are drawn as zero: without a floor, weights of
1e−16 (a perceptron that learned nothing on XOR) would be drawn as thick as weights of 5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

LEVELS = 24
"""Steps of |value| / scale (level 0 is zero, LEVELS is the scale or more)."""

UNKNOWN_CODE = -1
"""Code of a value not known (yet) or not shown."""

ABSOLUTE_FLOOR = 1e-12
"""|values| below this are always drawn as 0."""

RELATIVE_FLOOR = 1e-9
"""|values| below this fraction of their context's typical magnitude are drawn as 0."""


@dataclass(frozen=True, eq=False)
class Theme:
    """The diagram's colours, and how much larger its text and lines are than normal."""

    negative: QColor
    positive: QColor
    zero: QColor  # unit fill of 0
    edge_zero: QColor  # edges fade to grey, not to the white background
    unknown: QColor
    highlight: QColor  # selection halo
    band: QColor  # the active layer of a walk-through
    text: QColor
    muted: QColor
    outline: QColor  # unit circles
    label_border: QColor
    font_scale: float = 1.0
    line_scale: float = 1.0
    minimum_tint: float = 0.35  # even a tiny non-zero value keeps this much of its sign's colour


NORMAL = Theme(
    negative=QColor("#e66101"),  # orange (PuOr)
    positive=QColor("#2166ac"),  # blue
    zero=QColor("#f4f4f4"),
    edge_zero=QColor("#c8c8c8"),
    unknown=QColor("#d9d9d9"),
    highlight=QColor("#ffd43b"),
    band=QColor("#fff4c2"),
    text=QColor("#1f2328"),
    muted=QColor("#656d76"),
    outline=QColor("#57606a"),
    label_border=QColor("#d0d7de"),
)

PRESENTER = Theme(
    negative=QColor("#c43c00"),  # the same hues, darker: they survive a washed-out projector
    positive=QColor("#0b3d91"),
    zero=QColor("#ffffff"),
    edge_zero=QColor("#8c8c8c"),
    unknown=QColor("#b0b0b0"),
    highlight=QColor("#ffc800"),
    band=QColor("#ffe98a"),
    text=QColor("#000000"),
    muted=QColor("#000000"),
    outline=QColor("#000000"),
    label_border=QColor("#000000"),
    font_scale=1.6,
    line_scale=1.6,
    minimum_tint=0.5,
)

# The normal theme's colours under their old names (for code that needs no theme).
TEXT, MUTED = NORMAL.text, NORMAL.muted


@dataclass(frozen=True)
class Scale:
    """How values map to colour strength and width: |v| ≥ ``top`` is full strength, |v| <
    ``floor`` is drawn as 0. ``all_zero``: every value is below the floor."""

    top: float
    floor: float
    all_zero: bool = False


def largest_finite(values: np.ndarray) -> float:
    """The largest finite |value| (0.0 if there is none)."""
    if not values.size:
        return 0.0
    top = float(np.abs(values).max())
    if not math.isfinite(top):
        finite = np.abs(values[np.isfinite(values)])
        top = float(finite.max()) if finite.size else 0.0
    return top


def scale_for(values: np.ndarray, context: float = 0.0, minimum: float = 0.0) -> Scale:
    """The scale for ``values``: up to their largest finite |value| (at least ``minimum``),
    with a floor of RELATIVE_FLOOR × the typical magnitude — the larger of ``context`` (e.g.
    the weights' scale, for gradients and changes) and the values' own — and never below
    ABSOLUTE_FLOOR."""
    largest = largest_finite(values)
    floor = max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * max(context, largest))
    if largest < floor:
        return Scale(max(minimum, floor), floor, all_zero=True)
    return Scale(max(minimum, largest), floor)


def codes(
    values: np.ndarray, scale: Scale | float, unknown: np.ndarray | None = None
) -> np.ndarray:
    """Integer codes 2·level + (1 if negative) for ``values`` relative to ``scale`` (|v|
    below its floor: code 0); NaN or infinite values get the top level, and UNKNOWN_CODE
    where ``unknown`` (a bool mask, e.g. values an exercise hides) is True. Same shape as
    ``values``."""
    if not isinstance(scale, Scale):
        scale = Scale(scale, 0.0)
    absolute = np.abs(values)
    magnitude = absolute * (LEVELS / scale.top if scale.top > 0 else 0.0)
    np.fmin(magnitude, LEVELS, out=magnitude)  # fmin: NaN and +inf → LEVELS
    magnitude -= 1e-9
    np.ceil(magnitude, out=magnitude)
    out = 2 * magnitude.astype(np.int64) + (values < 0)
    if scale.floor > 0:
        out[absolute < scale.floor] = 0
    if unknown is not None:
        out[unknown] = UNKNOWN_CODE
    return out


def exponent_text(value: float) -> str:
    """A power of ten as people write it: 1e−12 (a real minus sign, no "+", no zeros)."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def colour(code: int, zero: QColor | None = None, theme: Theme = NORMAL) -> QColor:
    """The colour of a code: from ``zero`` towards orange (negative) or blue (positive)."""
    if code < 0:
        return theme.unknown
    level, negative = divmod(code, 2)
    base = theme.negative if negative else theme.positive
    return _mix(theme.zero if zero is None else zero, base, level / LEVELS)


class EdgePens:
    """Pens for edges: width ∝ |value| (from ``min_width`` to ``max_width``), colour by sign;
    bias edges are dashed. Cached by code."""

    def __init__(self, min_width: float, max_width: float, theme: Theme = NORMAL) -> None:
        self.min_width, self.max_width, self.theme = min_width, max_width, theme
        self._cache: dict[tuple[int, bool], QPen] = {}

    def width(self, code: int) -> float:
        level = max(code, 0) // 2
        return self.min_width + (self.max_width - self.min_width) * level / LEVELS

    def pen(self, code: int, bias: bool = False) -> QPen:
        key = (code, bias)
        pen = self._cache.get(key)
        if pen is None:
            theme = self.theme
            if code < 0:
                pen = QPen(theme.unknown, self.min_width, Qt.PenStyle.DotLine)
            else:
                level = code // 2
                tint = theme.edge_zero
                if level:  # even a tiny value keeps a visible tint of its sign
                    base = theme.negative if code % 2 else theme.positive
                    strength = theme.minimum_tint + (1 - theme.minimum_tint) * level / LEVELS
                    tint = _mix(theme.edge_zero, base, strength)
                pen = QPen(tint, self.width(code))
                if bias:
                    pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setCosmetic(False)
            self._cache[key] = pen
        return pen


class Brushes:
    """Brushes for unit fills by code (cached), and whether text on them should be white."""

    def __init__(self, theme: Theme = NORMAL) -> None:
        self.theme = theme
        self._cache: dict[int, QBrush] = {}

    def brush(self, code: int) -> QBrush:
        brush = self._cache.get(code)
        if brush is None:
            brush = QBrush(colour(code, theme=self.theme) if code >= 0 else QColor("#fafafa"))
            self._cache[code] = brush
        return brush

    @staticmethod
    def dark(code: int) -> bool:
        return code >= 0 and code // 2 > 0.55 * LEVELS
