"""The diagram's static decorations (bias nodes, captions) and small helpers of the scene:
value labels on white boxes, z-order, subscripts, point-to-edge distance."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from . import palette
from .geometry import Geometry

Z_BAND, Z_EDGE, Z_HALO, Z_SELECTED, Z_UNIT, Z_LABEL = 0, 1, 2, 3, 4, 6
KEY = 0  # item data slot holding the item's Selection


class ValueLabel:
    """A small text on a white box (for edge values), centred on a point."""

    def __init__(
        self, scene: QGraphicsScene, centre: tuple[float, float], size: float, border: bool = True
    ) -> None:
        self.box = QGraphicsRectItem()
        self.box.setBrush(QBrush(QColor(255, 255, 255, 225)))
        self.box.setPen(QPen(QColor("#d0d7de"), 0.6) if border else QPen(Qt.PenStyle.NoPen))
        self.box.setZValue(Z_LABEL)
        self.text = QGraphicsSimpleTextItem(self.box)
        font = QFont()
        font.setPixelSize(max(1, round(size)))
        self.text.setFont(font)
        self.text.setBrush(QBrush(palette.TEXT))
        self.centre = centre
        self.box.setVisible(False)
        scene.addItem(self.box)

    def set_text(self, text: str) -> None:
        if text == self.text.text():
            return
        self.text.setText(text)
        r = self.text.boundingRect()
        pad = 2.0
        self.box.setRect(QRectF(0, 0, r.width() + 2 * pad, r.height()))
        self.text.setPos(pad, 0)
        self.box.setPos(self.centre[0] - r.width() / 2 - pad, self.centre[1] - r.height() / 2)


def build_bias_nodes(scene: QGraphicsScene, g: Geometry) -> None:
    """The bias nodes "1" of layers 0 … L−1."""
    rb = g.bias_radius
    font = QFont()
    font.setPixelSize(max(1, round(1.0 * rb)))
    for k in range(g.n_layers):
        x, y = g.bias_node(k)
        node = QGraphicsEllipseItem(QRectF(x - rb, y - rb, 2 * rb, 2 * rb))
        node.setPen(QPen(QColor("#8c959f"), max(0.6, rb / 10)))
        node.setBrush(QBrush(QColor("#ffffff")))
        node.setZValue(Z_UNIT)
        node.setToolTip(f"Bias node of layer {k}: a constant 1; its edges are b^({k + 1})")
        text = QGraphicsSimpleTextItem("1", node)
        text.setFont(font)
        text.setBrush(QBrush(palette.MUTED))
        tr = text.boundingRect()
        text.setPos(x - tr.width() / 2, y - tr.height() / 2)
        scene.addItem(node)


def build_captions(scene: QGraphicsScene, g: Geometry, activations: tuple[str, ...]) -> float:
    """W^(l), b^(l) between the layers and "layer l, f_l" under them; returns the y below the
    output layer's caption."""
    size = g.caption_size
    top = g.top - 1.4 * size
    for k in range(g.n_layers):
        l = k + 1  # noqa: E741 - the lecture's layer index
        x = (k + 0.5) * g.dx
        caption(scene, f"W<sup>({l})</sup>, b<sup>({l})</sup>", x, top, size, centre_y=True)
    bottom = g.bottom + 0.4 * size
    last = g.n_layers
    small = min(size * 0.85, g.dx / 7.5)  # neighbouring captions must not touch
    for layer in range(last + 1):
        x = layer * g.dx
        if layer == 0:
            html = "layer 0<br><span style='color:#656d76'>inputs x</span>"
        else:
            f = activations[layer - 1]
            what = " · outputs y" if layer == last else ""
            html = (
                f"layer {layer}{what}<br>"
                f"<span style='color:#656d76'>f<sub>{layer}</sub> = {f}</span>"
            )
        item = caption(scene, html, x, bottom, small)
    return item.pos().y() + item.boundingRect().height()


def caption(
    scene: QGraphicsScene, html: str, x: float, y: float, size: float, centre_y: bool = False
) -> QGraphicsTextItem:
    item = QGraphicsTextItem()
    font = QFont()
    font.setPixelSize(max(1, round(size)))
    item.setFont(font)
    item.setDefaultTextColor(palette.TEXT)
    item.setHtml(f"<div align='center'>{html}</div>")
    r = item.boundingRect()
    item.setPos(x - r.width() / 2, y - (r.height() / 2 if centre_y else 0))
    item.setZValue(Z_LABEL)
    scene.addItem(item)
    return item


def distance(point: QPointF, item: QGraphicsLineItem) -> float:
    line = item.line()
    x0, y0, x1, y1 = line.x1(), line.y1(), line.x2(), line.y2()
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((point.x() - x0) * dx + (point.y() - y0) * dy) / length2
    t = min(1.0, max(0.0, t))
    return math.hypot(point.x() - (x0 + t * dx), point.y() - (y0 + t * dy))


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(n: int) -> str:
    return str(n).translate(_SUBSCRIPTS)
