"""Where the value label of every edge goes, so that no two labels overlap (no Qt).

Each label sits on its own edge, as near to the edge's SOURCE as it can: the labels of the
edges leaving one unit fan out with those edges, staggered along them where they would touch.
Where no point on the edge is free, the label moves just above or below the edge with a short
leader line to it; where even that fails (a crowded network at a large text size), the edge
gets no label (hovering and picking still show its value). Computed once per architecture and
text size, never per update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .geometry import Box, Geometry, Point

Key = tuple[int, int, int]  # (k, i, j): the edge of W^(k+1) from source j (−1: bias) to unit i

FRACTIONS = np.round(np.arange(0.08, 0.8001, 0.02), 4)
"""Candidate positions along an edge (0: its source, 1: its target), nearest to the source
first."""

LEADER_STEPS = (1.15, -1.15, 2.2, -2.2)
"""Offsets of a label with a leader line, in label heights above (−) or below (+) its edge."""

GAP = 1.0
"""Scene pixels kept free between two labels."""


@dataclass(frozen=True)
class LabelSpot:
    """A label's box centre, and the point on its edge it belongs to (the same point unless
    the label has a leader line)."""

    centre: Point
    attach: Point

    @property
    def leader(self) -> bool:
        return self.centre != self.attach


def _free(boxes: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """(C,) True where candidate box c (C, 4) overlaps none of ``taken`` (M, 4)."""
    if not len(taken):
        return np.ones(len(boxes), dtype=bool)
    w = np.minimum(boxes[:, None, 2], taken[None, :, 2]) - np.maximum(
        boxes[:, None, 0], taken[None, :, 0]
    )
    h = np.minimum(boxes[:, None, 3], taken[None, :, 3]) - np.maximum(
        boxes[:, None, 1], taken[None, :, 1]
    )
    return ~np.any((w > -GAP) & (h > -GAP), axis=1)


def _candidates(
    start: Point, end: Point, size: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (centres (C, 2), attach points (C, 2), boxes (C, 4)): first on the edge,
    then above and below it."""
    (x0, y0), (x1, y1) = start, end
    w, h = size
    t = FRACTIONS
    on = np.column_stack([x0 + t * (x1 - x0), y0 + t * (y1 - y0)])
    attach = [on]
    centres = [on]
    for step in LEADER_STEPS:
        centres.append(on + np.array([0.0, step * h]))
        attach.append(on)
    c, a = np.vstack(centres), np.vstack(attach)
    boxes = np.column_stack([c[:, 0] - w / 2, c[:, 1] - h / 2, c[:, 0] + w / 2, c[:, 1] + h / 2])
    return c, a, boxes


def place_labels(
    g: Geometry, sizes: Mapping[Key, tuple[float, float]], obstacles: Sequence[Box] = ()
) -> dict[Key, LabelSpot]:
    """A spot for the label of every edge in ``sizes`` ({key: (width, height)} of its largest
    possible text, in scene pixels) that keeps clear of the units, the bias nodes, the
    ``obstacles`` (captions and other text) and every label placed before. Edges with no such
    spot are left out."""
    taken: list[Box] = [*g.unit_boxes(), *obstacles]
    out: dict[Key, LabelSpot] = {}
    order = sorted(sizes, key=lambda key: (key[0], key[2] if key[2] >= 0 else 10**9, key[1]))
    for key in order:
        k, i, j = key
        centres, attach, boxes = _candidates(*g.ends(k, i, j), sizes[key])
        free = np.flatnonzero(_free(boxes, np.asarray(taken, dtype=float).reshape(-1, 4)))
        if not len(free):
            continue
        best = int(free[0])
        out[key] = LabelSpot(
            (float(centres[best, 0]), float(centres[best, 1])),
            (float(attach[best, 0]), float(attach[best, 1])),
        )
        taken.append(tuple(float(v) for v in boxes[best]))  # type: ignore[arg-type]
    return out


def boxes_overlap(a: Box, b: Box) -> bool:
    """True if two boxes share more than a boundary."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
