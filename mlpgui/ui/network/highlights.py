"""The diagram's highlights: the band behind the active part of a walk-through, the halo of
the picked edge and the ring around the picked unit. Part of NetworkScene."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
)

from .decorations import Z_BAND, Z_HALO, Z_UNIT
from .geometry import Geometry
from .palette import Theme


class Highlights:
    """The band, the halo and the ring of one built scene."""

    def __init__(self, scene: QGraphicsScene, g: Geometry, theme: Theme) -> None:
        self.g, self.theme = g, theme
        self.band = QGraphicsRectItem()
        self.band.setBrush(QBrush(theme.band))
        self.band.setPen(QPen(QColor("#f0c000"), 1.2 * theme.line_scale, Qt.PenStyle.DashLine))
        self.band.setZValue(Z_BAND)
        self.band.setVisible(False)
        scene.addItem(self.band)
        self.halo = QGraphicsLineItem()
        self.halo.setZValue(Z_HALO)
        self.halo.setVisible(False)
        scene.addItem(self.halo)
        self.ring = QGraphicsEllipseItem()
        self.ring.setPen(QPen(theme.highlight, max(3.0, g.radius / 4)))
        self.ring.setZValue(Z_UNIT - 0.5)
        self.ring.setVisible(False)
        scene.addItem(self.ring)

    def set_band(self, kind: str | None, layer: int | None, loss: QRectF) -> None:
        """Highlight the active part of a walk-through: "forward"/"delta" of a layer, "loss"
        (the outputs and ``loss``, the loss text's rect), or "all" (gradients, update); None
        hides it."""
        g = self.g
        if kind is None:
            self.band.setVisible(False)
            return
        r = g.radius
        top, bottom = g.top - r * 0.4, g.bottom + r * 0.4
        last_x = g.n_layers * g.dx
        if kind == "forward" and layer is not None:
            left, right = (layer - 1) * g.dx + 1.4 * r, layer * g.dx + 1.6 * r
        elif kind == "delta" and layer is not None:
            left = layer * g.dx - 1.6 * r
            right = (layer + 1) * g.dx - 1.4 * r if layer < g.n_layers else layer * g.dx + 4 * r
        elif kind == "loss":
            left = min(last_x - 1.6 * r, loss.left() - 4)
            right = max(last_x + 5 * r, loss.right() + 4)
            top, bottom = min(top, loss.top() - 4), max(bottom, loss.bottom() + 4)
        else:
            left, right = -1.6 * r, last_x + 1.6 * r
        self.band.setRect(QRectF(left, top, right - left, bottom - top))
        self.band.setVisible(True)

    def show_unit(self, x: float, y: float) -> None:
        """The ring around the unit at (x, y)."""
        self.halo.setVisible(False)
        rr = self.g.radius + max(3.0, self.g.radius / 5)
        self.ring.setRect(QRectF(x - rr, y - rr, 2 * rr, 2 * rr))
        self.ring.setVisible(True)

    def show_edge(self, item: QGraphicsLineItem) -> None:
        """The halo under an edge (as wide as its pen, and then some)."""
        self.ring.setVisible(False)
        self.halo.setLine(item.line())
        width = item.pen().widthF() + max(6.0, self.g.radius / 3)
        pen = QPen(self.theme.highlight, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.halo.setPen(pen)
        self.halo.setVisible(True)

    def hide(self) -> None:
        self.halo.setVisible(False)
        self.ring.setVisible(False)
