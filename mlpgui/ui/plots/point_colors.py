"""Colours of many data points, as shared brushes and pens (one per colour-map entry).

pyqtgraph's ScatterPlotItem renders one symbol pixmap per distinct brush or pen *object*: a
fresh QBrush per point made a million pixmaps for a million points (20 GB). Points coloured
through these tables share ≤ 256 objects, however many points there are.
"""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor

from . import style


def _objects(items: list[object]) -> np.ndarray:
    table = np.empty(len(items), dtype=object)
    table[:] = items
    return table


@functools.cache
def brushes() -> np.ndarray:
    """(256,) object array: one brush per entry of the diverging colour map (built once)."""
    rows = style.DIVERGING_LUT[:, :3]
    return _objects([QBrush(QColor(int(r), int(g), int(b))) for r, g, b in rows])


@functools.cache
def pens() -> np.ndarray:
    """(256,) object array: one 2-pixel pen per diverging colour (hollow test points)."""
    rows = style.DIVERGING_LUT[:, :3]
    return _objects([pg.mkPen(QColor(int(r), int(g), int(b)), width=2) for r, g, b in rows])


def shared(table: np.ndarray, values: np.ndarray, low: float, high: float) -> np.ndarray:
    """(n,) object array: the entry of ``table`` (``brushes()`` or ``pens()``) for each value,
    with low..high spread over the map (clamped; NaN → the low end) — shared QBrush / QPen
    objects, none made per point (FastScatter takes such an array as it is)."""
    top = len(table) - 1
    half_span = high / 2 - low / 2 if high > low else 0.5
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = (np.asarray(values, dtype=np.float64) / 2 - low / 2) * (top / half_span)
        index = np.nan_to_num(np.clip(np.round(scaled), 0, top), nan=0.0).astype(np.intp)
    return table[index]
