"""NetworkScene: the diagram's items, built once per architecture and updated in place.

Edges are plain ``QGraphicsLineItem``s (no Python subclass, so Qt paints them without calling
into Python); a value change only swaps an item's pen when its quantised code changes (see
palette.py). Labels are plain text items. Nothing here computes model values: the scene gets
arrays and formatted strings from the presenter.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from mlpgui.ui.selection import Selection

from . import palette
from .decorations import (
    KEY,
    Z_BAND,
    Z_EDGE,
    Z_HALO,
    Z_LABEL,
    Z_SELECTED,
    Z_UNIT,
    ValueLabel,
    build_bias_nodes,
    build_captions,
    distance,
    subscript,
)
from .geometry import Geometry

DENSE_EDGES = 400
"""Networks with more edges are drawn with thinner, solid lines (and no antialiasing while
training runs; see the view)."""

MIN_LABEL_PX = 11.0
"""Smallest on-screen size of the picked edge's value label."""

EDGE_LABEL_LIMIT = 60
"""Networks with more edges than this get no per-edge value labels (only the selected one)."""


class NetworkScene(QGraphicsScene):
    """The items of one architecture. Call ``build`` when the architecture changes, then the
    ``set_*`` methods as often as needed (they touch only what changed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.geometry: Geometry | None = None
        self.dense = False
        self.activations: tuple[str, ...] = ()
        self._selection: Selection | None = None

    # --- building -----------------------------------------------------------------------------

    def build(self, layer_sizes: tuple[int, ...], activations: tuple[str, ...]) -> None:
        self.clear()
        g = self.geometry = Geometry(tuple(layer_sizes))
        self.activations = tuple(activations)
        r = g.radius
        dense = self.dense = g.edge_count > DENSE_EDGES
        self.dashed_biases = not dense  # dashes cost much paint time in a dense network
        self.pens = palette.EdgePens(0.5 if dense else 1.0, max(2.5, min(12.0, 0.36 * r)))
        self.brushes = palette.Brushes()
        self._texts_visible = True
        self._weights: list[list[list[QGraphicsLineItem]]] = []
        self._bias_edges: list[list[QGraphicsLineItem]] = []
        # every edge in the order of θ (see ParameterLayout): per layer, row i holds the
        # weights into unit i and then its bias
        self._edges_in_theta_order: list[tuple[QGraphicsLineItem, bool]] = []
        for k in range(g.n_layers):
            rows, cols = layer_sizes[k + 1], layer_sizes[k]
            layer = [[self._edge(k, i, j) for j in range(cols)] for i in range(rows)]
            self._weights.append(layer)
            self._bias_edges.append([self._edge(k, i, -1) for i in range(rows)])
            for i in range(rows):
                self._edges_in_theta_order += [(item, False) for item in layer[i]]
                self._edges_in_theta_order.append((self._bias_edges[k][i], True))
        self._edge_codes = np.full(len(self._edges_in_theta_order), -2, dtype=np.int64)
        self._units: list[list[QGraphicsEllipseItem]] = []
        self._unit_text: list[list[QGraphicsSimpleTextItem]] = []
        self._unit_sub: list[list[ValueLabel]] = []
        self._unit_codes: list[np.ndarray] = []
        self._unit_strings: list[list[str]] = []
        self._sub_strings: list[list[str]] = []
        font = QFont()
        font.setPixelSize(max(1, round(0.40 * r)))
        sub_size = g.sub_label_size
        for layer, n in enumerate(layer_sizes):
            circles, texts, subs = [], [], []
            for i in range(n):
                x, y = g.unit(layer, i)
                item = QGraphicsEllipseItem(QRectF(x - r, y - r, 2 * r, 2 * r))
                item.setPen(QPen(QColor("#57606a"), max(0.8, r / 16)))
                item.setBrush(self.brushes.brush(-1))
                item.setZValue(Z_UNIT)
                item.setData(KEY, Selection("unit", layer, i))
                text = QGraphicsSimpleTextItem(item)
                text.setFont(font)
                text.setData(KEY, Selection("unit", layer, i))
                sub = ValueLabel(self, (x, y + r + 0.7 * sub_size + 1), sub_size, border=False)
                self.addItem(item)
                circles.append(item)
                texts.append(text)
                subs.append(sub)
            self._units.append(circles)
            self._unit_text.append(texts)
            self._unit_sub.append(subs)
            self._unit_codes.append(np.full(n, -2, dtype=np.int64))
            self._unit_strings.append([""] * n)
            self._sub_strings.append([""] * n)
        build_bias_nodes(self, g)
        self._loss_top = build_captions(self, g, self.activations)
        self._build_extras()
        self.set_side_texts(["t₀ = -0.0000"] * len(self._side), "L = 0.000000")
        self.setSceneRect(self._bounds())
        self.set_side_texts(None, None)

    def _edge(self, k: int, i: int, j: int) -> QGraphicsLineItem:
        g = self.geometry
        (x0, y0), (x1, y1) = g.source(k, j), g.unit(k + 1, i)
        item = QGraphicsLineItem(x0, y0, x1, y1)
        item.setZValue(Z_EDGE)
        kind = "w" if j >= 0 else "b"
        item.setData(KEY, Selection(kind, k, i, j if j >= 0 else -1))
        item.setPen(self.pens.pen(palette.UNKNOWN_CODE))
        self.addItem(item)
        return item

    def _build_extras(self) -> None:
        g = self.geometry
        r = g.radius
        font = QFont()
        font.setPixelSize(max(1, round(max(8.0, 0.42 * r))))
        self._side: list[QGraphicsSimpleTextItem] = []
        last = g.n_layers
        for i in range(g.layer_sizes[last]):
            x, y = g.unit(last, i)
            item = QGraphicsSimpleTextItem()
            item.setFont(font)
            item.setBrush(QBrush(palette.TEXT))
            item.setPos(x + r + 6, y - 0.6 * font.pixelSize())
            item.setZValue(Z_LABEL)
            self.addItem(item)
            self._side.append(item)
        for i in range(g.layer_sizes[0]):
            x, y = g.unit(0, i)
            item = QGraphicsSimpleTextItem(f"x{subscript(i + 1)}")
            item.setFont(font)
            item.setBrush(QBrush(palette.MUTED))
            tr = item.boundingRect()
            item.setPos(x - r - 6 - tr.width(), y - tr.height() / 2)
            self.addItem(item)
        self._loss = QGraphicsSimpleTextItem()
        self._loss.setFont(font)
        self._loss.setBrush(QBrush(palette.TEXT))
        self._loss_anchor = (g.unit(last, 0)[0], self._loss_top)
        self._loss.setZValue(Z_LABEL)
        self.addItem(self._loss)
        self._band = QGraphicsRectItem()
        self._band.setBrush(QBrush(palette.BAND))
        self._band.setPen(QPen(QColor("#f0c000"), 1.2, Qt.PenStyle.DashLine))
        self._band.setZValue(Z_BAND)
        self._band.setVisible(False)
        self.addItem(self._band)
        self._halo = QGraphicsLineItem()
        self._halo.setZValue(Z_HALO)
        self._halo.setVisible(False)
        self.addItem(self._halo)
        self._ring = QGraphicsEllipseItem()
        self._ring.setPen(QPen(palette.HIGHLIGHT, max(3.0, r / 4)))
        self._ring.setZValue(Z_UNIT - 0.5)
        self._ring.setVisible(False)
        self.addItem(self._ring)
        size = g.edge_label_size
        self._edge_labels: dict[tuple[int, int, int], ValueLabel] = {}
        self._label_at: dict[tuple[int, int, int], tuple[float, float]] = {}
        if g.edge_count <= EDGE_LABEL_LIMIT:
            self._label_at = g.label_positions()
            for key, centre in self._label_at.items():
                self._edge_labels[key] = ValueLabel(self, centre, size)
        self._selected_label = ValueLabel(self, (0.0, 0.0), size)
        self._selected_label.box.setZValue(Z_LABEL + 1)

    def _bounds(self) -> QRectF:
        rect = self.itemsBoundingRect()
        m = 0.25 * self.geometry.radius + 8
        return rect.adjusted(-m, -m, m, m)

    # --- updating -----------------------------------------------------------------------------

    @property
    def has_edge_labels(self) -> bool:
        return bool(self._edge_labels)

    def set_edges(self, values: np.ndarray | None, scale: float) -> None:
        """Edge values in the layout of θ, flat (P,) (see ParameterLayout), or None when they
        are not known (yet)."""
        if values is None:
            new = np.full(self._edge_codes.shape, palette.UNKNOWN_CODE, dtype=np.int64)
        else:
            new = palette.codes(values, scale)
        changed = np.flatnonzero(new != self._edge_codes)
        if len(changed):
            pens, items = self.pens, self._edges_in_theta_order
            dashed = self.dashed_biases
            for index in changed.tolist():
                item, bias = items[index]
                item.setPen(pens.pen(int(new[index]), bias=bias and dashed))
            self._edge_codes = new
        self._update_halo()

    def set_units(self, fills: list[np.ndarray | None], scales: list[float]) -> None:
        """Per layer l: values that colour the units (None: not known)."""
        brushes = self.brushes
        for layer, values in enumerate(fills):
            old = self._unit_codes[layer]
            if values is None:
                new = np.full(old.shape, palette.UNKNOWN_CODE, dtype=np.int64)
            else:
                new = palette.codes(values, scales[layer])
            for i in np.flatnonzero(new != old).tolist():
                code = int(new[i])
                self._units[layer][i].setBrush(brushes.brush(code))
                colour = QColor("#ffffff") if brushes.dark(code) else palette.TEXT
                self._unit_text[layer][i].setBrush(QBrush(colour))
            self._unit_codes[layer] = new

    def set_unit_texts(self, texts: list[list[str] | None]) -> None:
        """Per layer l: one string per unit (may contain a newline), or None (blank)."""
        for layer, strings in enumerate(texts):
            current = self._unit_strings[layer]
            for i, item in enumerate(self._unit_text[layer]):
                text = "" if strings is None else strings[i]
                if text == current[i]:
                    continue
                current[i] = text
                item.setText(text)
                br = item.boundingRect()
                x, y = self.geometry.unit(layer, i)
                item.setPos(x - br.width() / 2, y - br.height() / 2)

    def set_unit_subtexts(self, texts: list[list[str] | None] | None) -> None:
        """Per layer l: a second value written just below each unit (e.g. "δ = 0.1385" while
        walking through an update), or None (nothing)."""
        for layer, labels in enumerate(self._unit_sub):
            strings = None if texts is None else texts[layer]
            current = self._sub_strings[layer]
            for i, label in enumerate(labels):
                text = "" if strings is None else strings[i]
                if text == current[i]:
                    continue
                current[i] = text
                label.set_text(text)
                label.box.setVisible(bool(text) and self._texts_visible)

    def set_unit_text_visible(self, visible: bool) -> None:
        if visible == self._texts_visible:
            return
        self._texts_visible = visible
        for layer in range(len(self._unit_text)):
            for item in self._unit_text[layer]:
                item.setVisible(visible)
            for label, text in zip(self._unit_sub[layer], self._sub_strings[layer], strict=True):
                label.box.setVisible(visible and bool(text))

    def set_edge_labels(self, texts: dict[tuple[int, int, int], str] | None) -> None:
        """Value labels on edges {(k, i, j): text} (j = −1: bias), or None to hide them."""
        for key, label in self._edge_labels.items():
            if texts is None or key not in texts:
                label.box.setVisible(False)
            else:
                label.set_text(texts[key])
                label.box.setVisible(True)

    def set_selected_label(self, text: str | None) -> None:
        """The value label of the selected edge (shown even when edge labels are off)."""
        sel = self._selection
        label = self._selected_label
        if text is None or sel is None or sel.kind == "unit":
            label.box.setVisible(False)
            return
        label.centre = self._anchor_point(sel)
        label.text.setText("")  # force re-centring
        label.set_text(text)
        label.box.setVisible(True)

    def set_zoom(self, zoom: float) -> None:
        """Keep the picked edge's value label readable (at least MIN_LABEL_PX on screen)
        however far the view zooms out to fit a large network."""
        if self.geometry is None:
            return
        size = round(max(self.geometry.edge_label_size, MIN_LABEL_PX / max(zoom, 1e-6)))
        label = self._selected_label
        font = label.text.font()
        if font.pixelSize() != size:
            font.setPixelSize(size)
            label.text.setFont(font)
            text = label.text.text()
            label.text.setText("")
            label.set_text(text)  # re-centred with the new size

    def set_side_texts(self, outputs: list[str] | None, loss: str | None) -> None:
        """Texts right of the output units (e.g. "y₁  t₁ = 0.01") and the loss below them."""
        for i, item in enumerate(self._side):
            text = "" if outputs is None else outputs[i]
            if text != item.text():
                item.setText(text)
        self._loss.setText(loss or "")
        r = self._loss.boundingRect()
        self._loss.setPos(self._loss_anchor[0] - r.width() / 2, self._loss_anchor[1])

    def set_band(self, kind: str | None, layer: int | None) -> None:
        """Highlight the active part of a walk-through: "forward"/"delta" of a layer, "loss",
        or "all" (gradients, update); None hides it."""
        g = self.geometry
        if kind is None:
            self._band.setVisible(False)
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
            left, right = last_x - 1.6 * r, last_x + 5 * r
        else:
            left, right = -1.6 * r, last_x + 1.6 * r
        self._band.setRect(QRectF(left, top, right - left, bottom - top))
        self._band.setVisible(True)

    # --- selection ----------------------------------------------------------------------------

    @property
    def selection(self) -> Selection | None:
        return self._selection

    def set_selection(self, selection: Selection | None) -> None:
        previous = self._selection
        if previous is not None and previous.kind != "unit":
            item = self._edge_item(previous)
            if item is not None:
                item.setZValue(Z_EDGE)
        self._selection = selection if self.fits(selection) else None
        self._update_halo()

    def _update_halo(self) -> None:
        sel = self._selection
        self._halo.setVisible(False)
        self._ring.setVisible(False)
        if sel is None:
            return
        g = self.geometry
        if sel.kind == "unit":
            x, y = g.unit(sel.layer, sel.i)
            rr = g.radius + max(3.0, g.radius / 5)
            self._ring.setRect(QRectF(x - rr, y - rr, 2 * rr, 2 * rr))
            self._ring.setVisible(True)
            return
        item = self._edge_item(sel)
        if item is None:
            return
        item.setZValue(Z_SELECTED)
        self._halo.setLine(item.line())
        width = item.pen().widthF() + max(6.0, g.radius / 3)
        pen = QPen(palette.HIGHLIGHT, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._halo.setPen(pen)
        self._halo.setVisible(True)

    def fits(self, selection: Selection | None) -> bool:
        g = self.geometry
        if selection is None or g is None:
            return False
        sizes = g.layer_sizes
        if selection.kind == "unit":
            return 0 <= selection.layer <= g.n_layers and 0 <= selection.i < sizes[selection.layer]
        k = selection.layer
        if not (0 <= k < g.n_layers and 0 <= selection.i < sizes[k + 1]):
            return False
        return selection.kind == "b" or 0 <= selection.j < sizes[k]

    def _edge_item(self, selection: Selection) -> QGraphicsLineItem | None:
        if not self.fits(selection):
            return None
        if selection.kind == "b":
            return self._bias_edges[selection.layer][selection.i]
        return self._weights[selection.layer][selection.i][selection.j]

    def selection_at(self, point: QPointF, tolerance: float) -> Selection | None:
        """The unit under ``point``, else the edge nearest to it within ``tolerance``."""
        area = QRectF(point.x() - tolerance, point.y() - tolerance, 2 * tolerance, 2 * tolerance)
        best: tuple[float, Selection] | None = None
        for item in self.items(area):
            key = item.data(KEY)
            if not isinstance(key, Selection):
                continue
            if key.kind == "unit":
                return key
            if isinstance(item, QGraphicsLineItem):
                gap = distance(point, item) - item.pen().widthF() / 2
                if best is None or gap < best[0]:
                    best = (gap, key)
        if best is not None and best[0] <= tolerance:
            return best[1]
        return None

    def anchor(self, selection: Selection) -> QPointF:
        """A scene point that picks ``selection`` when clicked."""
        if selection.kind == "unit":
            return QPointF(*self.geometry.unit(selection.layer, selection.i))
        return QPointF(*self._anchor_point(selection))

    def _anchor_point(self, selection: Selection) -> tuple[float, float]:
        j = selection.j if selection.kind == "w" else -1
        key = (selection.layer, selection.i, j)
        return self._label_at.get(key) or self.geometry.anchor(*key)
