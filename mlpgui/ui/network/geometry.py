"""Where the diagram draws each unit, bias node and edge, and how large its text is (scene
coordinates and pixel sizes, no Qt).

Layers go left to right (layer 0 = inputs); the units of a layer are centred vertically.
Above the top unit of every layer but the last sits its bias node "1": its edge to unit i of
the next layer is the bias b_i (as in the kernel, where a^(l) gets a row of ones).

``text_scale`` enlarges every text (presenter mode: 1.6) and the circles with their numbers,
moving the units apart only where they would touch (layers wider than 4), so that the view,
which fits the whole network into the window, shows the lecture's small networks with text
that much larger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

Point = tuple[float, float]

Box = tuple[float, float, float, float]  # left, top, right, bottom

SIZES: tuple[tuple[int, float, float], ...] = (
    (2, 36.0, 130.0),
    (4, 32.0, 110.0),
    (8, 25.0, 54.0),
    (16, 17.0, 46.0),
    (32, 11.0, 29.0),
    (4096, 6.0, 15.0),
)
"""(widest layer up to, unit radius, vertical distance between units)."""

CROWDED = 4
"""Layers wider than this write 3 significant digits in their units (in larger type)."""


@dataclass(frozen=True)
class Geometry:
    """Positions for a network with ``layer_sizes`` (n_0, …, n_L)."""

    layer_sizes: tuple[int, ...]
    text_scale: float = 1.0

    @cached_property
    def widest(self) -> int:
        return max(self.layer_sizes)

    @cached_property
    def _sizes(self) -> tuple[float, float]:
        """(radius, dy) for the widest layer: roomy for the lecture's nets, compact for wide
        layers (their labels are hidden when too small to read)."""
        for widest, radius, dy in SIZES:
            if self.widest <= widest:
                return radius, dy
        return SIZES[-1][1], SIZES[-1][2]

    @property
    def base_radius(self) -> float:
        """The circle's radius at text scale 1 (all text sizes derive from it)."""
        return self._sizes[0]

    @cached_property
    def radius(self) -> float:
        """Radius of a unit's circle: larger with larger text (in small networks less so:
        their units write 3 instead of 4 digits then)."""
        if self.widest <= CROWDED:
            return self.base_radius * min(self.text_scale, 1.3)
        return self.base_radius * self.text_scale

    @cached_property
    def dy(self) -> float:
        """Vertical distance between the centres of neighbouring units (more for larger
        circles, which must not touch)."""
        return max(self._sizes[1], self.radius / 0.46)

    @cached_property
    def dx(self) -> float:
        """Horizontal distance between layers."""
        if self.widest <= 8:
            # larger text needs more room between the layers for the edges' labels
            return (250.0 if self.n_layers <= 2 else 230.0) * min(self.text_scale, 1.15)
        # wide layers: keep the whole network about 1.3 times as wide as it is tall
        height = (self.widest - 1) * self.dy
        return max(180.0, min(250.0, 1.3 * height / self.n_layers))

    # --- text sizes (scene pixels) ---------------------------------------------------------------

    @cached_property
    def unit_digits(self) -> int:
        """Significant digits of the numbers written in the units: 4, or 3 where the units
        are small for their text (wide layers, presenter mode)."""
        return 3 if self.widest > CROWDED or self.text_scale > 1 else 4

    def _px(self, plain: float) -> float:
        """A text size in whole pixels: ``plain`` rounded at text scale 1, and at least
        ``text_scale`` times that otherwise."""
        size = max(1, round(plain))
        return float(size if self.text_scale == 1 else math.ceil(size * self.text_scale))

    @cached_property
    def _plain(self) -> Geometry:
        """This network at text scale 1 (text sizes derive from it)."""
        return self if self.text_scale == 1 else Geometry(self.layer_sizes)

    @cached_property
    def unit_font_size(self) -> float:
        """The numbers written in the units (sized so that "-0.1234", or "-0.123" in wide
        layers, fits into the circle)."""
        return self._px((0.40 if self.widest <= CROWDED else 0.52) * self.base_radius)

    @cached_property
    def sub_label_size(self) -> float:
        """The small values written below units (δ during a walk-through)."""
        return self._px(0.36 * self.base_radius)

    @cached_property
    def edge_label_size(self) -> float:
        return self._px(max(9.0, min(14.0, 0.42 * self.base_radius)))

    @cached_property
    def side_font_size(self) -> float:
        """Targets right of the outputs, the loss, x_j left of the inputs."""
        return self._px(max(8.0, 0.42 * self.base_radius, self._plain.unit_font_size))

    @cached_property
    def loss_font_size(self) -> float:
        """L(θ before/after update k): at least as large as the layer captions, so that it
        stays readable when a wide network makes the units (and the side texts) small."""
        return max(self.side_font_size, self.layer_caption_size)

    @cached_property
    def caption_size(self) -> float:
        """Pixel size of the W^(l) captions: readable however far the view zooms out."""
        return self._px(max(0.5 * self.base_radius + 3, min(34.0, 0.034 * self._plain._height)))

    @cached_property
    def layer_caption_size(self) -> float:
        """Pixel size of the "layer l, f_l" captions (neighbouring ones must not touch)."""
        plain = self._plain
        return self._px(min(0.85 * plain.caption_size, plain.dx / 7.5))

    @cached_property
    def bias_font_size(self) -> float:
        """The "1" in a bias node."""
        return self._px(max(5.0, 0.55 * self.base_radius))

    # --- positions -------------------------------------------------------------------------------

    @property
    def n_layers(self) -> int:
        return len(self.layer_sizes) - 1

    @property
    def edge_count(self) -> int:
        s = self.layer_sizes
        return sum((s[k] + 1) * s[k + 1] for k in range(self.n_layers))

    def edge_keys(self) -> list[tuple[int, int, int]]:
        """Every edge (k, i, j), j = −1 for the bias, in the order of θ (per layer, row i:
        the weights into unit i, then its bias)."""
        keys = []
        for k in range(self.n_layers):
            for i in range(self.layer_sizes[k + 1]):
                keys += [(k, i, j) for j in range(self.layer_sizes[k])]
                keys.append((k, i, -1))
        return keys

    def unit(self, layer: int, i: int) -> Point:
        n = self.layer_sizes[layer]
        return (layer * self.dx, (i - (n - 1) / 2) * self.dy)

    def bias_node(self, layer: int) -> Point:
        """The bias node "1" of ``layer`` (0 … L−1): above its top unit."""
        x, y = self.unit(layer, 0)
        return (x, y - max(self.dy, 2.9 * self.base_radius) * 0.9)

    @property
    def bias_radius(self) -> float:
        return max(5.0, 0.55 * self.base_radius) * min(self.text_scale, 1.3)

    def source(self, k: int, j: int) -> Point:
        """Where an edge of W^(k+1) starts: unit j of layer k, or its bias node (j = −1)."""
        return self.bias_node(k) if j < 0 else self.unit(k, j)

    def ends(self, k: int, i: int, j: int) -> tuple[Point, Point]:
        """The edge from source j (−1: the bias node) of layer k to unit i of layer k + 1."""
        return self.source(k, j), self.unit(k + 1, i)

    def anchor_fraction(self, k: int, j: int) -> float:
        """Where along an edge of W^(k+1) from source j (−1: the bias) a point that picks it
        lies: staggered by source so that edges into one unit differ, and away from the
        middle, where symmetric edges cross."""
        count = self.layer_sizes[k] + 1
        position = j + 1
        t = 0.25 + 0.37 * position / max(count - 1, 1)
        if abs(t - 0.5) < 0.07:
            t = 0.41 if t <= 0.5 else 0.59
        return t

    def anchor(self, k: int, i: int, j: int) -> Point:
        """A point on the edge from source j (−1: bias) of layer k to unit i of layer k + 1
        that no other edge passes through (normally)."""
        (x0, y0), (x1, y1) = self.ends(k, i, j)
        t = self.anchor_fraction(k, j)
        return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))

    def unit_boxes(self) -> list[Box]:
        """The area of every unit: its circle and the value written below it."""
        boxes: list[Box] = []
        r, sub = self.radius, self.sub_label_size
        for layer, n in enumerate(self.layer_sizes):
            for i in range(n):
                x, y = self.unit(layer, i)
                boxes.append((x - r, y - r, x + r, y + r + 1.4 * sub))
        rb = self.bias_radius
        for k in range(self.n_layers):
            x, y = self.bias_node(k)
            boxes.append((x - rb, y - rb, x + rb, y + rb))
        return boxes

    @cached_property
    def _height(self) -> float:
        lowest = max(self.unit(k, n - 1)[1] for k, n in enumerate(self.layer_sizes))
        return lowest - min(self.bias_node(k)[1] for k in range(self.n_layers))

    @cached_property
    def top(self) -> float:
        return min(self.bias_node(k)[1] for k in range(self.n_layers)) - self.bias_radius

    @cached_property
    def bottom(self) -> float:
        """Below the lowest unit and its δ label."""
        lowest = max(self.unit(k, n - 1)[1] for k, n in enumerate(self.layer_sizes))
        return lowest + self.radius + 1.5 * self.sub_label_size

    @property
    def left(self) -> float:
        return -self.radius

    @property
    def right(self) -> float:
        return self.n_layers * self.dx + self.radius
