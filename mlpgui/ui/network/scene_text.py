"""The diagram's changing text besides the units' numbers: value labels on the edges (placed by
labels.py so that none overlap), the picked edge's label, the targets right of the outputs, the
loss (top right, beside W^(L)) and the input names left of the inputs. Part of NetworkScene."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QFontMetricsF
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from mlpgui.ui.selection import Selection

from .decorations import KEY, PAD, Z_LABEL, ValueLabel, box_of, pixel_font, subscript
from .geometry import Box, Geometry
from .labels import Key, LabelSpot, place_labels
from .palette import Theme

EDGE_LABEL_LIMIT = 60
"""Networks with more edges than this get no per-edge value labels (only the picked one)."""

WIDEST_VALUES = ("-0.000123", "-1.23e-05", "-1.23e+10", "-123", "NaN", "-inf")
"""The widest texts a value label can hold (3 significant digits)."""

TYPICAL_VALUE = "-0.0123"
"""The room first kept for each value (labels are placed again only for wider ones)."""

MIN_LABEL_PX = 11.0
"""Smallest on-screen size of the picked edge's value label."""


class SceneText:
    """The texts of one built scene (``geometry``, ``theme``)."""

    def __init__(
        self,
        scene: QGraphicsScene,
        g: Geometry,
        theme: Theme,
        input_labels: tuple[str, ...] | None = None,
    ) -> None:
        self.scene, self.g, self.theme = scene, g, theme
        font = pixel_font(g.side_font_size)
        r = g.radius
        self.side: list[QGraphicsSimpleTextItem] = []
        last = g.n_layers
        for i in range(g.layer_sizes[last]):
            x, y = g.unit(last, i)
            item = self._text(font, theme)
            item.setPos(x + r + 6, y - 0.6 * font.pixelSize())
            self.side.append(item)
        self.inputs: list[QGraphicsSimpleTextItem] = []
        for _ in range(g.layer_sizes[0]):
            item = self._text(font, theme)
            item.setBrush(QBrush(theme.muted))
            self.inputs.append(item)
        self.set_input_labels(input_labels)
        self.loss = self._text(pixel_font(g.loss_font_size), theme)
        self.loss_anchor = (g.unit(last, 0)[0], 0.0)
        self.edge_labels: dict[Key, ValueLabel] = {}
        self.spots: dict[Key, LabelSpot] = {}
        self.unplaced = 0
        self._metrics = QFontMetricsF(pixel_font(g.edge_label_size))
        self._widest = max(self._metrics.horizontalAdvance(t) for t in WIDEST_VALUES)
        self._reserve = self._metrics.horizontalAdvance(TYPICAL_VALUE)
        """Room kept for a value (grows when a wider one appears, up to the widest)."""
        self._prefix_widths: dict[Key, float] = {}
        self._obstacles: list[Box] = []
        self.selected = ValueLabel(scene, (0.0, 0.0), g.edge_label_size, theme=theme)
        self.selected.box.setZValue(Z_LABEL + 1)

    def _text(
        self, font, theme: Theme, text: str = ""
    ) -> QGraphicsSimpleTextItem:  # fmt: skip
        item = QGraphicsSimpleTextItem(text)
        item.setFont(font)
        item.setBrush(QBrush(theme.text))
        item.setZValue(Z_LABEL)
        self.scene.addItem(item)
        return item

    def set_input_labels(self, labels: tuple[str, ...] | None) -> None:
        """Names left of the input units: x₁, x₂, … (None), or e.g. x₁, x₂, x₁², sin x₁ with
        input features (one per input unit)."""
        g, r = self.g, self.g.radius
        for i, item in enumerate(self.inputs):
            label = labels[i] if labels is not None and i < len(labels) else f"x{subscript(i + 1)}"
            item.setText(label)
            x, y = g.unit(0, i)
            tr = item.boundingRect()
            item.setPos(x - r - 6 - tr.width(), y - tr.height() / 2)

    # --- edge labels --------------------------------------------------------------------------

    def layout_edge_labels(self, prefixes: dict[Key, str], obstacles: list[Box]) -> None:
        """(Re)place the value labels of every edge so that none overlap; ``prefixes`` are
        the parameter names written before values ("w5 = ")."""
        if self.g.edge_count > EDGE_LABEL_LIMIT:
            return
        width = self._metrics.horizontalAdvance
        self._prefix_widths = {key: width(prefixes.get(key, "")) for key in self.g.edge_keys()}
        self._obstacles = obstacles
        self._layout()

    def _layout(self) -> None:
        g = self.g
        height = self._metrics.height()
        sizes = {
            key: (width + self._reserve + 2 * PAD, height)
            for key, width in self._prefix_widths.items()
        }
        self.spots = place_labels(g, sizes, self._obstacles)
        self.unplaced = len(sizes) - len(self.spots)
        for key, spot in self.spots.items():
            label = self.edge_labels.get(key)
            if label is None:
                label = self.edge_labels[key] = ValueLabel(
                    self.scene, spot.centre, g.edge_label_size, theme=self.theme
                )
                kind = "w" if key[2] >= 0 else "b"
                label.box.setData(KEY, Selection(kind, key[0], key[1], max(key[2], -1)))
            label.place(spot.centre, spot.attach)
        for key in set(self.edge_labels) - set(self.spots):
            label = self.edge_labels.pop(key)
            self.scene.removeItem(label.box)
            self.scene.removeItem(label.leader)

    def _make_room(self, texts: dict[Key, str]) -> None:
        """Place the labels again if a text is wider than the room kept for it (the room
        only grows: values of at most TYPICAL_VALUE's width need no new layout)."""
        needed = self._reserve
        width = self._metrics.horizontalAdvance
        for key, prefix in self._prefix_widths.items():
            text = texts.get(key)
            if text is not None:
                needed = max(needed, width(text) - prefix)
        if needed > self._reserve + 0.5:
            self._reserve = min(needed + 1.0, self._widest)
            self._layout()

    def set_edge_labels(self, texts: dict[Key, str] | None) -> None:
        """Value labels on edges {(k, i, j): text} (j = −1: bias), or None to hide them."""
        if texts is not None and self._prefix_widths:
            self._make_room(texts)
        for key, label in self.edge_labels.items():
            if texts is None or key not in texts:
                label.set_visible(False)
            else:
                label.set_text(texts[key])
                label.set_visible(True)

    def show_selected(self, text: str | None, spot: LabelSpot | None, at: Key) -> None:
        """The picked edge's label (at ``spot``, else on its edge), or hide it (None)."""
        label = self.selected
        if text is None:
            label.set_visible(False)
            return
        if spot is None:
            point = self.g.anchor(*at)
            spot = LabelSpot(point, point)
        label.text.setText("")  # force re-centring
        label.place(spot.centre, spot.attach)
        label.set_text(text)
        label.box.setData(KEY, Selection("w" if at[2] >= 0 else "b", at[0], at[1], at[2]))
        label.set_visible(True)

    def set_zoom(self, zoom: float) -> None:
        """Keep the picked edge's value label readable (at least MIN_LABEL_PX on screen)
        however far the view zooms out to fit a large network."""
        size = round(max(self.g.edge_label_size, MIN_LABEL_PX / max(zoom, 1e-6)))
        label = self.selected
        font = label.text.font()
        if font.pixelSize() != size:
            label.text.setFont(pixel_font(size))
            text = label.text.text()
            label.text.setText("")
            label.set_text(text)  # re-centred with the new size

    # --- outputs and loss ---------------------------------------------------------------------

    def set_side_texts(self, outputs: list[str] | None, loss: str | None) -> None:
        """Texts right of the output units (e.g. "t₁ = 0.01") and the loss (top right)."""
        for i, item in enumerate(self.side):
            text = "" if outputs is None else outputs[i]
            if text != item.text():
                item.setText(text)
        if (loss or "") != self.loss.text():
            self.loss.setText(loss or "")
            self.loss.setPos(*self.loss_anchor)

    def boxes(self) -> list[Box]:
        """The boxes of the fixed texts (input names), which edge labels must avoid."""
        return [box_of(item) for item in self.inputs]
