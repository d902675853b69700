"""NetworkScene: the diagram's items, built once per architecture and updated in place.

Edges are plain ``QGraphicsLineItem``s (no Python subclass, so Qt paints them without calling
into Python); a value change only swaps an item's pen when its quantised code changes (see
palette.py). Labels are plain text items (scene_text.py); the units and their texts are
UnitItems (unit_items.py). Nothing here computes model values: the scene gets arrays and
formatted strings from the presenter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene

from mlpgui.ui.selection import Selection

from . import palette
from .decorations import KEY, Z_EDGE, Z_SELECTED, box_of, build_bias_nodes, build_captions, distance
from .geometry import Geometry
from .highlights import Highlights
from .labels import Key, LabelSpot
from .scene_text import SceneText
from .unit_items import Mask, UnitItems

DENSE_EDGES = 400
"""Networks with more edges are drawn with thinner, solid lines (and no antialiasing while
training runs; see the view)."""

LOSS_PLACEHOLDER = "L(θ before update 10,000) = 0.0123456"

ASPECT = 1.9
"""Width / height of the diagram's usual view (to choose where the loss goes), unless the
presenter sets ``NetworkScene.aspect`` to the view's before building."""
"""The widest loss line: the scene's bounds leave room for two of them."""


class NetworkScene(QGraphicsScene):
    """The items of one architecture. Call ``build`` when the architecture (or the theme)
    changes, then the ``set_*`` methods as often as needed (they touch only what changed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.geometry: Geometry | None = None
        self.theme = palette.NORMAL
        self.dense = False
        self.activations: tuple[str, ...] = ()
        self.text: SceneText | None = None
        self._selection: Selection | None = None
        self._prefixes: dict[Key, str] = {}
        self._input_labels: tuple[str, ...] = ()
        self.aspect = ASPECT
        """Width / height of the view the scene will be fitted into."""

    # --- building -----------------------------------------------------------------------------

    def build(
        self,
        layer_sizes: tuple[int, ...],
        activations: tuple[str, ...],
        theme: palette.Theme | None = None,
        prefixes: dict[Key, str] | None = None,
        input_labels: tuple[str, ...] | None = None,
    ) -> None:
        """Build the items of a network (``theme``: as before if None; ``prefixes``: the
        parameter names written before edge values, as before if None; ``input_labels``: the
        input units' names, () for x₁, x₂, …, as before if None)."""
        self.clear()
        if prefixes is not None:
            self._prefixes = dict(prefixes)
        if input_labels is not None:
            self._input_labels = input_labels
        if theme is not None:
            self.theme = theme
        theme = self.theme
        g = self.geometry = Geometry(tuple(layer_sizes), theme.font_scale)
        self.activations = tuple(activations)
        r = g.radius
        dense = self.dense = g.edge_count > DENSE_EDGES
        self.dashed_biases = not dense  # dashes cost much paint time in a dense network
        thin = (0.5 if dense else 1.0) * theme.line_scale
        self.pens = palette.EdgePens(thin, max(2.5, min(12.0, 0.36 * r)) * theme.line_scale, theme)
        self.brushes = palette.Brushes(theme)
        self._weights: list[list[list[QGraphicsLineItem]]] = []
        self._bias_edges: list[list[QGraphicsLineItem]] = []
        # every edge in the order of θ (see ParameterLayout): per layer, row i holds the
        # weights into unit i and then its bias
        self._edges_in_theta_order: list[tuple[QGraphicsLineItem, bool]] = []
        for k in range(g.n_layers):
            rows, cols = layer_sizes[k + 1], layer_sizes[k]
            layer = [[self._edge(g, k, i, j) for j in range(cols)] for i in range(rows)]
            self._weights.append(layer)
            self._bias_edges.append([self._edge(g, k, i, -1) for i in range(rows)])
            for i in range(rows):
                self._edges_in_theta_order += [(item, False) for item in layer[i]]
                self._edges_in_theta_order.append((self._bias_edges[k][i], True))
        self._edge_codes = np.full(len(self._edges_in_theta_order), -2, dtype=np.int64)
        self.units = UnitItems(self, g, theme, self.brushes)
        build_bias_nodes(self, g, theme)
        self.captions = build_captions(self, g, self.activations, theme)
        text = self.text = SceneText(self, g, theme, self._input_labels or None)
        self.highlights = Highlights(self, g, theme)
        placeholder = f"{LOSS_PLACEHOLDER}\n{LOSS_PLACEHOLDER}"
        text.set_side_texts(["t₀ = -0.0000"] * len(text.side), None)
        self._place_loss(g, text, placeholder)
        self.layout_labels(self._prefixes)
        text.set_side_texts(None, None)

    def _place_loss(self, g: Geometry, text: SceneText, placeholder: str) -> None:
        """Put the loss where the whole diagram comes out largest in a window about
        ``aspect`` times as wide as high: top right beside W^(L) (above the outputs, where no
        bias node is), or under the output layer's caption."""
        last_w = self.captions[g.n_layers - 1].sceneBoundingRect()
        below = self.captions[-1].sceneBoundingRect()
        text.set_side_texts(None, placeholder)
        width = text.loss.boundingRect().width()
        best: tuple[float, tuple[float, float], QRectF] | None = None
        for anchor in [
            (last_w.right() + 0.6 * g.caption_size, last_w.top()),
            (below.center().x() - 0.5 * width, below.bottom()),
        ]:
            text.loss.setPos(*anchor)
            bounds = self._bounds()
            zoom = min(self.aspect / bounds.width(), 1.0 / bounds.height())
            if best is None or zoom > best[0]:
                best = (zoom, anchor, bounds)
        assert best is not None
        text.loss_anchor = best[1]
        text.loss.setPos(*best[1])
        self.setSceneRect(best[2])

    def built_geometry(self) -> Geometry:
        """The geometry of the network ``build`` made (build comes first)."""
        if self.geometry is None:
            raise RuntimeError("the network scene is used before it is built")
        return self.geometry

    def _edge(self, g: Geometry, k: int, i: int, j: int) -> QGraphicsLineItem:
        (x0, y0), (x1, y1) = g.ends(k, i, j)
        item = QGraphicsLineItem(x0, y0, x1, y1)
        item.setZValue(Z_EDGE)
        kind = "w" if j >= 0 else "b"
        item.setData(KEY, Selection(kind, k, i, j if j >= 0 else -1))
        item.setPen(self.pens.pen(palette.UNKNOWN_CODE))
        self.addItem(item)
        return item

    def layout_labels(self, prefixes: dict[Key, str]) -> None:
        """Place the edges' value labels for texts that start with ``prefixes`` (parameter
        names such as "w5 = "); nothing happens per update."""
        self._prefixes = dict(prefixes)
        if self.text is None:
            return
        obstacles = [box_of(item) for item in self.captions] + self.text.boxes()
        self.text.layout_edge_labels(self._prefixes, obstacles)

    def _bounds(self) -> QRectF:
        rect = self.itemsBoundingRect()
        m = 0.25 * self.built_geometry().radius + 8
        return rect.adjusted(-m, -m, m, m)

    # --- updating -----------------------------------------------------------------------------

    @property
    def has_edge_labels(self) -> bool:
        return self.text is not None and bool(self.text.spots or self.text.unplaced)

    @property
    def hidden_labels(self) -> int:
        """How many edges got no value label because there was no free spot for it."""
        return 0 if self.text is None else self.text.unplaced

    def set_edges(self, values: Mask, scale: palette.Scale | float, unknown: Mask = None) -> None:
        """Edge values in the layout of θ, flat (P,) (see ParameterLayout), or None when they
        are not known (yet); ``unknown`` (P,): True where a value is not shown (hidden)."""
        if values is None:
            new = np.full(self._edge_codes.shape, palette.UNKNOWN_CODE, dtype=np.int64)
        else:
            new = palette.codes(values, scale, unknown)
        changed = np.flatnonzero(new != self._edge_codes)
        if len(changed):
            pens, items = self.pens, self._edges_in_theta_order
            dashed = self.dashed_biases
            for index in changed.tolist():
                item, bias = items[index]
                item.setPen(pens.pen(int(new[index]), bias=bias and dashed))
            self._edge_codes = new
        self._update_halo()

    def set_units(
        self,
        fills: Sequence[Mask],
        scales: Sequence[palette.Scale | float],
        unknown: Sequence[Mask] | None = None,
    ) -> None:
        """Per layer l: values that colour the units (None: not known); ``unknown[l]``:
        True where a value is not shown (hidden)."""
        self.units.set_fills(fills, scales, unknown)

    def set_unit_texts(self, texts: list[list[str] | None]) -> None:
        """Per layer l: one string per unit (may contain a newline), or None (blank)."""
        self.units.set_texts(texts)

    def set_unit_subtexts(self, texts: list[list[str] | None] | None) -> None:
        """Per layer l: a second value written just below each unit (e.g. "δ = 0.1385" while
        walking through an update), or None (nothing)."""
        self.units.set_subtexts(texts)

    def set_unit_text_visible(self, visible: bool) -> None:
        self.units.set_text_visible(visible)

    def set_edge_labels(self, texts: dict[Key, str] | None) -> None:
        """Value labels on edges {(k, i, j): text} (j = −1: bias), or None to hide them."""
        if self.text is not None:
            self.text.set_edge_labels(texts)

    def set_selected_label(self, text: str | None) -> None:
        """The value label of the selected edge (shown even when edge labels are off)."""
        sel = self._selection
        if self.text is None:
            return
        if text is None or sel is None or sel.kind == "unit":
            self.text.show_selected(None, None, (0, 0, 0))
            return
        key = self._key(sel)
        self.text.show_selected(text, self.text.spots.get(key), key)

    def set_zoom(self, zoom: float) -> None:
        if self.text is not None:
            self.text.set_zoom(zoom)

    def set_side_texts(self, outputs: list[str] | None, loss: str | None) -> None:
        """Texts right of the output units (e.g. "t₁ = 0.01") and the loss (top right)."""
        if self.text is not None:
            self.text.set_side_texts(outputs, loss)

    def set_band(self, kind: str | None, layer: int | None) -> None:
        """Highlight the active part of a walk-through (see Highlights.set_band)."""
        loss = self.text.loss.sceneBoundingRect() if self.text else QRectF()
        self.highlights.set_band(kind, layer, loss)

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
        if sel is None:
            self.highlights.hide()
        elif sel.kind == "unit":
            self.highlights.show_unit(*self.built_geometry().unit(sel.layer, sel.i))
        else:
            item = self._edge_item(sel)
            if item is None:
                self.highlights.hide()
                return
            item.setZValue(Z_SELECTED)
            self.highlights.show_edge(item)

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
        """The unit or value label under ``point``, else the edge nearest to it within
        ``tolerance``."""
        area = QRectF(point.x() - tolerance, point.y() - tolerance, 2 * tolerance, 2 * tolerance)
        best: tuple[float, Selection] | None = None
        for item in self.items(area):
            key = item.data(KEY)
            if not isinstance(key, Selection):
                continue
            if key.kind == "unit":
                return key
            if isinstance(item, QGraphicsRectItem):
                if item.sceneBoundingRect().contains(point):
                    return key  # a value label: its edge
                continue
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
            return QPointF(*self.built_geometry().unit(selection.layer, selection.i))
        key = self._key(selection)
        label = None if self.text is None else self.text.edge_labels.get(key)
        if label is not None and label.box.isVisible():
            return label.box.sceneBoundingRect().center()
        return QPointF(*self.built_geometry().anchor(*key))

    def spot(self, selection: Selection) -> LabelSpot | None:
        """Where ``selection``'s value label is placed (None: it has none)."""
        return None if self.text is None else self.text.spots.get(self._key(selection))

    @staticmethod
    def _key(selection: Selection) -> Key:
        j = selection.j if selection.kind == "w" else -1
        return (selection.layer, selection.i, j)
