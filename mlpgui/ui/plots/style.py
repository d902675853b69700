"""Colours, colour maps and pens of the plots, built once at import.

Heatmaps use look-up tables with fixed levels (no per-frame colour work). The diverging map
runs from class 0's blue through white to class 1's orange — the dataset editor's class
colours, so a point and the region it falls in look alike everywhere — interpolated in CIELAB
so that equal steps in value look like equal steps in colour. It is lightened for backgrounds,
so that the data points drawn on top in the full colours stand out. The loss surface uses
viridis (perceptually uniform, dark = low). Curve colours follow Okabe & Ito's colour-blind-safe
palette.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

BACKGROUND = "w"
TEXT = "#333333"
NOTE = "#666666"

CLASS_0 = "#1f77b4"
"""Class 0 (t = 0, low values): blue, as in the dataset editor."""
CLASS_1 = "#ff7f0e"
"""Class 1 (t = 1, high values): orange, as in the dataset editor."""
MIDDLE = "#f7f7f7"


def _srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(n, 3) sRGB in [0, 255] → CIELAB (D65)."""
    c = rgb / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = (
        linear
        @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    )
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.column_stack(
        [116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])]
    )


def _lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """(n, 3) CIELAB (D65) → sRGB in [0, 255] (clipped)."""
    fy = (lab[:, 0] + 16) / 116
    f = np.column_stack([fy + lab[:, 1] / 500, fy, fy - lab[:, 2] / 200])
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29))
    xyz *= np.array([0.95047, 1.0, 1.08883])
    linear = (
        xyz
        @ np.array(
            [[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.2040, 1.0570]]
        ).T
    )
    linear = np.clip(linear, 0.0, 1.0)
    c = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return c * 255.0


def _hex(color: str) -> np.ndarray:
    q = QColor(color)
    return np.array([[q.red(), q.green(), q.blue()]], dtype=np.float64)


def _diverging_lut(lighten: float = 0.0, points: int = 256) -> np.ndarray:
    """(points, 3) uint8: CLASS_0 → MIDDLE → CLASS_1 in CIELAB, blended towards white by
    ``lighten``."""
    ends = _srgb_to_lab(np.vstack([_hex(CLASS_0), _hex(MIDDLE), _hex(CLASS_1)]))
    t = np.linspace(0.0, 1.0, points)[:, None]
    lower = ends[0] + (ends[1] - ends[0]) * np.clip(2 * t, 0, 1)
    upper = ends[1] + (ends[2] - ends[1]) * np.clip(2 * t - 1, 0, 1)
    table = _lab_to_srgb(np.where(t < 0.5, lower, upper))
    table = table + lighten * (255.0 - table)
    return np.clip(np.round(table), 0, 255).astype(np.uint8)


def _lut(cmap: pg.ColorMap, points: int = 256) -> np.ndarray:
    table = cmap.getLookupTable(0.0, 1.0, nPts=points, alpha=False)
    return np.asarray(table, dtype=np.uint8)


DIVERGING_LUT = _diverging_lut()
"""Full-strength diverging colours (low = blue, middle = white, high = orange)."""
BACKGROUND_LUT = _diverging_lut(lighten=0.5)
"""The diverging map, lightened, for heatmaps under data points."""
HIDDEN_LUT = _diverging_lut(lighten=0.1)
"""The diverging map, barely lightened, for unit thumbnails."""
SURFACE_LUT = _lut(pg.colormap.get("viridis"))

_RGBA = {
    id(lut): np.ascontiguousarray(
        np.column_stack([lut, np.full(len(lut), 255, dtype=np.uint8)]).astype(np.uint8)
    )
    for lut in (DIVERGING_LUT, BACKGROUND_LUT, HIDDEN_LUT, SURFACE_LUT)
}
"""The tables with an opaque alpha column, for ``colorize``."""
"""Low loss dark, high loss light."""


def colorize(values: np.ndarray, low: float, high: float, lut: np.ndarray) -> np.ndarray:
    """An (…, 4) uint8 RGBA image of ``values`` through ``lut``, ``low``..``high`` spread
    over the table (clamped; NaN → the low end). Mapping here, with a table built once, spares
    pyqtgraph from rebuilding a Qt colour table for every frame of every heatmap."""
    span = high - low if high > low else 1.0
    top = len(lut) - 1
    scaled = (np.asarray(values, dtype=np.float64) - low) * (top / span)
    np.fmax(scaled, 0.0, out=scaled)  # fmax/fmin clamp and turn NaN into 0 (the low end)
    np.fmin(scaled, top, out=scaled)
    return _RGBA[id(lut)][scaled.astype(np.intp)]


def diverging_colors(values: np.ndarray, low: float, high: float) -> list[QColor]:
    """The full-strength diverging colour of each value, with ``low``..``high`` mapped onto
    the whole map (values outside are clamped)."""
    span = high - low if high > low else 1.0
    index = np.clip((np.asarray(values, dtype=np.float64) - low) / span, 0.0, 1.0)
    rows = DIVERGING_LUT[np.round(index * (len(DIVERGING_LUT) - 1)).astype(int)]
    return [QColor(int(r), int(g), int(b)) for r, g, b in rows]


PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)


def palette_color(k: int) -> str:
    return PALETTE[k % len(PALETTE)]


# Width-1 pens are cheapest to draw; wider ones only for the few lines that matter most.
NETWORK_PEN = pg.mkPen("#111111", width=2)
BOUNDARY_PEN = pg.mkPen("#111111", width=2)
POINT_EDGE_PEN = pg.mkPen("#333333", width=1)
DIAGONAL_PEN = pg.mkPen("#999999", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
FRAME_PEN = pg.mkPen("#bbbbbb", width=1)
SELECTED_FRAME_PEN = pg.mkPen("#111111", width=2)
ZERO_PEN = pg.mkPen("#cccccc", width=1)
UNIT_PEN = pg.mkPen("#0072B2", width=2)
CONTOUR_PEN = pg.mkPen("#e8e8e8", width=1)
PATH_PEN = pg.mkPen("#ff5a36", width=2)
ARROW_COLOR = "#ffffff"
