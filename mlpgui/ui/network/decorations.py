"""The diagram's static decorations (bias nodes, captions) and small helpers of the scene:
value labels on white boxes (with a leader line when they sit beside their edge), z-order,
subscripts, point-to-edge distance."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from .geometry import Geometry
from .palette import NORMAL, Theme

Z_BAND, Z_EDGE, Z_HALO, Z_SELECTED, Z_UNIT, Z_LABEL = 0, 1, 2, 3, 4, 6
KEY = 0  # item data slot holding the item's Selection
PAD = 2.0  # scene pixels between a label's text and its box


def pixel_font(size: float) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(size)))
    return font


class ValueLabel:
    """A small text on a white box (for edge values), centred on a point; ``attach`` (a point
    of its edge) gets a thin leader line when the box is not on it."""

    def __init__(
        self,
        scene: QGraphicsScene,
        centre: tuple[float, float],
        size: float,
        border: bool = True,
        theme: Theme = NORMAL,
    ) -> None:
        self.box = QGraphicsRectItem()
        self.box.setBrush(QBrush(QColor(255, 255, 255, 225)))
        border_pen = QPen(theme.label_border, 0.6 * theme.line_scale)
        self.box.setPen(border_pen if border else QPen(Qt.PenStyle.NoPen))
        self.box.setZValue(Z_LABEL)
        self.text = QGraphicsSimpleTextItem(self.box)
        self.text.setFont(pixel_font(size))
        self.text.setBrush(QBrush(theme.text))
        self.leader = QGraphicsLineItem()
        self.leader.setPen(QPen(theme.muted, 0.8 * theme.line_scale))
        self.leader.setZValue(Z_LABEL - 0.5)
        self.leader.setVisible(False)
        self.centre = centre
        self.attach = centre
        self.box.setVisible(False)
        scene.addItem(self.box)
        scene.addItem(self.leader)

    def place(self, centre: tuple[float, float], attach: tuple[float, float]) -> None:
        self.centre, self.attach = centre, attach
        self._position()

    def set_text(self, text: str) -> None:
        if text == self.text.text():
            return
        self.text.setText(text)
        self._position()

    def set_visible(self, visible: bool) -> None:
        self.box.setVisible(visible)
        self.leader.setVisible(visible and self.attach != self.centre)

    def _position(self) -> None:
        r = self.text.boundingRect()
        self.box.setRect(QRectF(0, 0, r.width() + 2 * PAD, r.height()))
        self.text.setPos(PAD, 0)
        left, top = self.centre[0] - r.width() / 2 - PAD, self.centre[1] - r.height() / 2
        self.box.setPos(left, top)
        if self.attach != self.centre:
            below = self.centre[1] > self.attach[1]
            edge_y = top if below else top + r.height()
            self.leader.setLine(self.attach[0], self.attach[1], self.centre[0], edge_y)


def build_bias_nodes(scene: QGraphicsScene, g: Geometry, theme: Theme = NORMAL) -> None:
    """The bias nodes "1" of layers 0 … L−1."""
    rb = g.bias_radius
    for k in range(g.n_layers):
        x, y = g.bias_node(k)
        node = QGraphicsEllipseItem(QRectF(x - rb, y - rb, 2 * rb, 2 * rb))
        node.setPen(QPen(theme.outline, max(0.6, rb / 10) * theme.line_scale))
        node.setBrush(QBrush(QColor("#ffffff")))
        node.setZValue(Z_UNIT)
        node.setToolTip(f"Bias node of layer {k}: a constant 1; its edges are b^({k + 1})")
        text = QGraphicsSimpleTextItem("1", node)
        text.setFont(pixel_font(g.bias_font_size))
        text.setBrush(QBrush(theme.muted))
        tr = text.boundingRect()
        text.setPos(x - tr.width() / 2, y - tr.height() / 2)
        scene.addItem(node)


def build_captions(
    scene: QGraphicsScene, g: Geometry, activations: tuple[str, ...], theme: Theme = NORMAL
) -> list[QGraphicsTextItem]:
    """W^(l), b^(l) between the layers and "layer l, f_l" under them (the last one is the
    output layer's)."""
    size = g.caption_size
    top = g.top - 1.4 * size
    items = []
    muted = theme.muted.name()
    for k in range(g.n_layers):
        l = k + 1  # noqa: E741 - the lecture's layer index
        x = (k + 0.5) * g.dx
        html = f"W<sup>({l})</sup>, b<sup>({l})</sup>"
        items.append(caption(scene, html, x, top, size, theme, centre_y=True))
    bottom = g.bottom + 0.4 * size
    last = g.n_layers
    small = g.layer_caption_size
    for layer in range(last + 1):
        x = layer * g.dx
        if layer == 0:
            html = f"layer 0<br><span style='color:{muted}'>inputs x</span>"
        else:
            f = activations[layer - 1]
            what = " · outputs y" if layer == last else ""
            html = (
                f"layer {layer}{what}<br>"
                f"<span style='color:{muted}'>f<sub>{layer}</sub> = {f}</span>"
            )
        items.append(caption(scene, html, x, bottom, small, theme))
    return items


def caption(
    scene: QGraphicsScene,
    html: str,
    x: float,
    y: float,
    size: float,
    theme: Theme = NORMAL,
    centre_y: bool = False,
) -> QGraphicsTextItem:
    item = QGraphicsTextItem()
    item.setFont(pixel_font(size))
    item.setDefaultTextColor(theme.text)
    item.setHtml(f"<div align='center'>{html}</div>")
    r = item.boundingRect()
    item.setPos(x - r.width() / 2, y - (r.height() / 2 if centre_y else 0))
    item.setZValue(Z_LABEL)
    scene.addItem(item)
    return item


def box_of(item: QGraphicsItem) -> tuple[float, float, float, float]:
    """An item's scene bounding rect as (left, top, right, bottom)."""
    r = item.sceneBoundingRect()
    return (r.left(), r.top(), r.right(), r.bottom())


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
