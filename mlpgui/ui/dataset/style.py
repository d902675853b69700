"""Colours and symbols of the dataset plot (class colours, test points, decision regions)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor, QIcon, QPen, QPixmap

CLASS_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
"""Class k is drawn in CLASS_COLOURS[k % 10] (matplotlib's tab10, colour-blind friendlier)."""

REGRESSION_COLOUR = "#1f4e79"  # 1-D data points t(x)
UNLABELLED_COLOUR = "#555555"  # 2-D points whose targets are not classes
CURVE_COLOUR = "#d62728"  # the network's output y(x)
SELECTION_COLOUR = "#000000"
POINT_SIZE = 9
SELECTION_SIZE = 15
TINT = 0.68
"""How far region colours are mixed towards white (0: the class colour, 1: white)."""


def class_colour(label: int) -> str:
    return CLASS_COLOURS[label % len(CLASS_COLOURS)]


def point_styles(colour: str) -> tuple[tuple[QPen, QBrush], tuple[QPen, QBrush]]:
    """((pen, brush) of a training point, (pen, brush) of a hollow test point)."""
    dark = QColor(colour).darker(140)
    train = (pg.mkPen(dark, width=1), pg.mkBrush(colour))
    test = (pg.mkPen(colour, width=2), pg.mkBrush("#ffffff"))
    return train, test


def class_icon(label: int, size: int = 12) -> QIcon:
    """A small filled square of class ``label``'s colour (for the class selector)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(class_colour(label)))
    return QIcon(pixmap)


def _tint(colour: str, amount: float = TINT) -> np.ndarray:
    qcolour = QColor(colour)
    rgb = np.array([qcolour.red(), qcolour.green(), qcolour.blue()], dtype=np.float64)
    return rgb + (255.0 - rgb) * amount


def binary_lut(points: int = 256) -> np.ndarray:
    """(points, 3) uint8 colours for an output y ∈ [0, 1]: white at the boundary y = 0.5,
    deepening to class 0's tint towards y = 0 and to class 1's towards y = 1."""
    low, high, white = _tint(CLASS_COLOURS[0]), _tint(CLASS_COLOURS[1]), np.full(3, 255.0)
    y = np.linspace(0.0, 1.0, points)[:, None]
    strength = np.clip(np.abs(y - 0.5) * 3.0, 0.0, 1.0) ** 0.6  # full tint from |y − ½| ≥ ⅓
    colour = np.where(y < 0.5, low, high)
    lut = white + (colour - white) * strength
    return np.clip(np.round(lut), 0, 255).astype(np.uint8)


def classes_lut(count: int) -> np.ndarray:
    """(count, 3) uint8 region tints for class labels 0 … count − 1."""
    return np.array([_tint(class_colour(k)) for k in range(count)]).round().astype(np.uint8)
