"""Where the diagram draws each unit, bias node and edge (scene coordinates, no Qt).

Layers go left to right (layer 0 = inputs); the units of a layer are centred vertically.
Above the top unit of every layer but the last sits its bias node "1": its edge to unit i of
the next layer is the bias b_i (as in the kernel, where a^(l) gets a row of ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

Point = tuple[float, float]

Box = tuple[float, float, float, float]  # left, top, right, bottom

LABEL_FRACTIONS = (0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.38, 0.62, 0.46, 0.54, 0.22, 0.78)
"""Candidate positions of an edge's value label along the edge (never 0.5)."""


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


SIZES: tuple[tuple[int, float, float], ...] = (
    (2, 36.0, 130.0),
    (4, 32.0, 110.0),
    (8, 24.0, 74.0),
    (16, 17.0, 46.0),
    (32, 11.0, 29.0),
    (4096, 6.0, 15.0),
)
"""(widest layer up to, unit radius, vertical distance between units)."""


@dataclass(frozen=True)
class Geometry:
    """Positions for a network with ``layer_sizes`` (n_0, …, n_L)."""

    layer_sizes: tuple[int, ...]

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
    def radius(self) -> float:
        """Radius of a unit's circle."""
        return self._sizes[0]

    @property
    def dy(self) -> float:
        """Vertical distance between the centres of neighbouring units."""
        return self._sizes[1]

    @cached_property
    def dx(self) -> float:
        """Horizontal distance between layers."""
        if self.widest <= 8:
            return 250.0 if self.n_layers <= 2 else 230.0
        # wide layers: keep the whole network about 1.3 times as wide as it is tall
        height = (self.widest - 1) * self.dy
        return max(180.0, min(250.0, 1.3 * height / self.n_layers))

    @cached_property
    def caption_size(self) -> float:
        """Pixel size of the layer captions: readable however far the view zooms out."""
        return max(0.5 * self.radius + 3, min(34.0, 0.034 * (self.bottom - self.top)))

    @property
    def n_layers(self) -> int:
        return len(self.layer_sizes) - 1

    @property
    def edge_count(self) -> int:
        s = self.layer_sizes
        return sum((s[k] + 1) * s[k + 1] for k in range(self.n_layers))

    def unit(self, layer: int, i: int) -> Point:
        n = self.layer_sizes[layer]
        return (layer * self.dx, (i - (n - 1) / 2) * self.dy)

    def bias_node(self, layer: int) -> Point:
        """The bias node "1" of ``layer`` (0 … L−1): above its top unit."""
        x, y = self.unit(layer, 0)
        return (x, y - max(self.dy, 3.2 * self.radius) * 0.9)

    @property
    def bias_radius(self) -> float:
        return max(5.0, 0.55 * self.radius)

    def source(self, k: int, j: int) -> Point:
        """Where an edge of W^(k+1) starts: unit j of layer k, or its bias node (j = −1)."""
        return self.bias_node(k) if j < 0 else self.unit(k, j)

    def anchor_fraction(self, k: int, j: int) -> float:
        """Where along an edge of W^(k+1) from source j (−1: the bias) its value label sits:
        staggered by source so that labels of edges into one unit do not overlap, and away
        from the middle, where symmetric edges cross."""
        count = self.layer_sizes[k] + 1
        position = j + 1
        t = 0.25 + 0.37 * position / max(count - 1, 1)
        if abs(t - 0.5) < 0.07:
            t = 0.41 if t <= 0.5 else 0.59
        return t

    def anchor(self, k: int, i: int, j: int) -> Point:
        """The label position of the edge from source j (−1: bias) of layer k to unit i of
        layer k + 1; also a point on the edge that no other edge passes through (normally)."""
        (x0, y0), (x1, y1) = self.source(k, j), self.unit(k + 1, i)
        t = self.anchor_fraction(k, j)
        return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))

    @cached_property
    def sub_label_size(self) -> float:
        """Pixel size of the small values written below units (δ during a walk-through)."""
        return max(1.0, round(0.36 * self.radius))

    @cached_property
    def edge_label_size(self) -> float:
        return max(9.0, min(14.0, 0.42 * self.radius))

    def label_positions(self) -> dict[tuple[int, int, int], Point]:
        """Where the value label of every edge goes {(k, i, j): centre} (j = −1: bias): on its
        edge, at the first of a few candidate points whose box (sized for "-0.000123") keeps
        clear of the units, their δ labels and the labels placed before (else the candidate
        with the least overlap). Points where symmetric edges cross (t = 0.5) are avoided, so
        clicking a label's centre picks its own edge."""
        size = self.edge_label_size
        w, h = 5.2 * size, 1.3 * size
        boxes: list[Box] = []
        r, sub = self.radius, self.sub_label_size
        for layer, n in enumerate(self.layer_sizes):
            for i in range(n):
                x, y = self.unit(layer, i)
                boxes.append((x - r, y - r, x + r, y + r + 1.4 * sub))
        for k in range(self.n_layers):
            x, y = self.bias_node(k)
            rb = self.bias_radius
            boxes.append((x - rb, y - rb, x + rb, y + rb))
        out: dict[tuple[int, int, int], Point] = {}
        for k in range(self.n_layers):
            for i in range(self.layer_sizes[k + 1]):
                for j in range(-1, self.layer_sizes[k]):
                    (x0, y0), (x1, y1) = self.source(k, j), self.unit(k + 1, i)
                    best: tuple[float, Point, Box] | None = None
                    for t in LABEL_FRACTIONS:
                        cx, cy = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                        overlap = sum(_overlap(box, other) for other in boxes)
                        if best is None or overlap < best[0]:
                            best = (overlap, (cx, cy), box)
                        if overlap == 0:
                            break
                    assert best is not None
                    out[(k, i, j)] = best[1]
                    boxes.append(best[2])
        return out

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
