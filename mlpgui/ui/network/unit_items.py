"""UnitItems: the diagram's unit circles, the number written in each and the second value
below it (δ during a walk-through), built once per architecture by NetworkScene and updated in
place: a circle's brush changes only when its quantised colour code does (palette.py), a text
only when its string does."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene, QGraphicsSimpleTextItem

from mlpgui.ui.selection import Selection

from . import palette
from .decorations import KEY, Z_UNIT, ValueLabel, pixel_font
from .geometry import Geometry

Mask = np.ndarray | None  # per-unit values or flags; None: not known, or nothing flagged


class UnitItems:
    """The units of one architecture, per layer l and unit i: ``circles[l][i]``, the text
    in it ``texts[l][i]``, the label below it ``subs[l][i]`` and the circle's colour code
    ``codes[l]`` (n_l,) (−2: not drawn yet)."""

    def __init__(
        self,
        scene: QGraphicsScene,
        geometry: Geometry,
        theme: palette.Theme,
        brushes: palette.Brushes,
    ) -> None:
        self.geometry, self.theme, self.brushes = geometry, theme, brushes
        self.circles: list[list[QGraphicsEllipseItem]] = []
        self.texts: list[list[QGraphicsSimpleTextItem]] = []
        self.subs: list[list[ValueLabel]] = []
        self.codes: list[np.ndarray] = []
        self._strings: list[list[str]] = []
        self._sub_strings: list[list[str]] = []
        self._texts_visible = True
        for layer, n in enumerate(geometry.layer_sizes):
            self._build_layer(scene, layer, n)
            self.codes.append(np.full(n, -2, dtype=np.int64))
            self._strings.append([""] * n)
            self._sub_strings.append([""] * n)

    def _build_layer(self, scene: QGraphicsScene, layer: int, n: int) -> None:
        """The ``n`` circles of ``layer`` with their texts and labels, added to ``scene``."""
        g, theme = self.geometry, self.theme
        r, sub_size = g.radius, g.sub_label_size
        font = pixel_font(g.unit_font_size)
        outline = QPen(theme.outline, max(0.8, r / 16) * theme.line_scale)
        circles, texts, subs = [], [], []
        for i in range(n):
            x, y = g.unit(layer, i)
            item = QGraphicsEllipseItem(QRectF(x - r, y - r, 2 * r, 2 * r))
            item.setPen(outline)
            item.setBrush(self.brushes.brush(-1))
            item.setZValue(Z_UNIT)
            item.setData(KEY, Selection("unit", layer, i))
            text = QGraphicsSimpleTextItem(item)
            text.setFont(font)
            text.setBrush(QBrush(theme.text))
            text.setData(KEY, Selection("unit", layer, i))
            centre = (x, y + r + 0.7 * sub_size + 1)
            sub = ValueLabel(scene, centre, sub_size, border=False, theme=theme)
            scene.addItem(item)
            circles.append(item)
            texts.append(text)
            subs.append(sub)
        self.circles.append(circles)
        self.texts.append(texts)
        self.subs.append(subs)

    def set_fills(
        self,
        fills: Sequence[Mask],
        scales: Sequence[palette.Scale | float],
        unknown: Sequence[Mask] | None = None,
    ) -> None:
        """Per layer l: values that colour the units (None: not known); ``unknown[l]``:
        True where a value is not shown (hidden)."""
        brushes = self.brushes
        for layer, values in enumerate(fills):
            old = self.codes[layer]
            if values is None:
                new = np.full(old.shape, palette.UNKNOWN_CODE, dtype=np.int64)
            else:
                new = palette.codes(values, scales[layer], unknown[layer] if unknown else None)
            for i in np.flatnonzero(new != old).tolist():
                code = int(new[i])
                self.circles[layer][i].setBrush(brushes.brush(code))
                colour = QColor("#ffffff") if brushes.dark(code) else self.theme.text
                self.texts[layer][i].setBrush(QBrush(colour))
            self.codes[layer] = new

    def set_texts(self, texts: list[list[str] | None]) -> None:
        """Per layer l: one string per unit (may contain a newline), or None (blank)."""
        for layer, strings in enumerate(texts):
            current = self._strings[layer]
            for i, item in enumerate(self.texts[layer]):
                text = "" if strings is None else strings[i]
                if text == current[i]:
                    continue
                current[i] = text
                item.setText(text)
                br = item.boundingRect()
                x, y = self.geometry.unit(layer, i)
                item.setPos(x - br.width() / 2, y - br.height() / 2)

    def set_subtexts(self, texts: list[list[str] | None] | None) -> None:
        """Per layer l: a second value written just below each unit (e.g. "δ = 0.1385" while
        walking through an update), or None (nothing)."""
        for layer, labels in enumerate(self.subs):
            strings = None if texts is None else texts[layer]
            current = self._sub_strings[layer]
            for i, label in enumerate(labels):
                text = "" if strings is None else strings[i]
                if text == current[i]:
                    continue
                current[i] = text
                label.set_text(text)
                label.set_visible(bool(text) and self._texts_visible)

    def set_text_visible(self, visible: bool) -> None:
        """Show or hide every unit's text and label (a label only when it has a text)."""
        if visible == self._texts_visible:
            return
        self._texts_visible = visible
        for layer in range(len(self.texts)):
            for item in self.texts[layer]:
                item.setVisible(visible)
            for label, text in zip(self.subs[layer], self._sub_strings[layer], strict=True):
                label.set_visible(visible and bool(text))
