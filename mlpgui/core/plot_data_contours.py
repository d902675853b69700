"""Contour lines of a function sampled on a regular grid (marching squares, vectorised).

Used for the decision boundary (the output's 0.5 level) and the loss surface's contours, so
that the worker computes the lines and the display only draws them.
"""

from __future__ import annotations

import numpy as np


def contour_segments(
    values: np.ndarray, level: float, xs: np.ndarray, ys: np.ndarray
) -> np.ndarray:
    """Line segments where the sampled function crosses ``level``.

    Args:
        values: (ny, nx) samples, ``values[r, c]`` at the point (xs[c], ys[r]).
        level: the contour value.
        xs: (nx,) increasing x coordinates; ys: (ny,) increasing y coordinates.

    Returns:
        (2k, 2) points: rows 2s and 2s + 1 are the ends (x, y) of segment s, ready to draw
        as separate pairs. Crossings are interpolated linearly along the cell edges; a cell
        with a NaN corner has no segment. A saddle cell (four crossings) is split according
        to the mean of its corners.
    """
    v = np.asarray(values, dtype=np.float64)
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    if v.ndim != 2 or v.shape != (len(ys), len(xs)) or min(v.shape) < 2:
        return np.empty((0, 2))
    px, py = _edge_crossings(v, level, xs, ys)
    corners = np.stack([v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]], axis=-1)
    valid = np.isfinite(corners).all(axis=-1)
    hits = np.isfinite(px)
    count = hits.sum(axis=-1)
    pieces = []
    two = (count == 2) & valid
    if np.any(two):
        mask = hits[two]
        pieces.append(np.stack([px[two][mask], py[two][mask]], axis=-1).reshape(-1, 2))
    four = (count == 4) & valid
    if np.any(four):
        pieces.append(_saddle_segments(corners[four], px[four], py[four], level))
    if not pieces:
        return np.empty((0, 2))
    return np.concatenate(pieces)


def _edge_crossings(
    v: np.ndarray, level: float, xs: np.ndarray, ys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where ``level`` crosses the four edges of every cell, in the order bottom, right, top,
    left: x and y, each (rows, cols, 4), NaN where an edge is not crossed."""
    above = v >= level
    with np.errstate(invalid="ignore", divide="ignore"):
        # Crossings on horizontal edges (r, c)–(r, c+1) and vertical edges (r, c)–(r+1, c).
        h_cross = above[:, :-1] != above[:, 1:]
        # Halves: the difference of values near ±1e308 would overflow.
        h = v / 2
        h_t = (level / 2 - h[:, :-1]) / (h[:, 1:] - h[:, :-1])
        h_x = xs[:-1] + h_t * np.diff(xs)
        v_cross = above[:-1, :] != above[1:, :]
        v_t = (level / 2 - h[:-1, :]) / (h[1:, :] - h[:-1, :])
        v_y = ys[:-1, None] + v_t * np.diff(ys)[:, None]
    h_cross &= np.isfinite(h_x)
    v_cross &= np.isfinite(v_y)
    rows, cols = v.shape[0] - 1, v.shape[1] - 1
    # The four edges of cell (r, c), in the order bottom, right, top, left.
    px = np.full((rows, cols, 4), np.nan)
    py = np.full((rows, cols, 4), np.nan)
    edges = [
        (h_cross[:-1, :], h_x[:-1, :], np.broadcast_to(ys[:-1, None], (rows, cols))),
        (v_cross[:, 1:], np.broadcast_to(xs[None, 1:], (rows, cols)), v_y[:, 1:]),
        (h_cross[1:, :], h_x[1:, :], np.broadcast_to(ys[1:, None], (rows, cols))),
        (v_cross[:, :-1], np.broadcast_to(xs[None, :-1], (rows, cols)), v_y[:, :-1]),
    ]
    for k, (crossed, ex, ey) in enumerate(edges):
        px[..., k] = np.where(crossed, ex, np.nan)
        py[..., k] = np.where(crossed, ey, np.nan)
    return px, py


def _saddle_segments(
    corners: np.ndarray, px: np.ndarray, py: np.ndarray, level: float
) -> np.ndarray:
    """Two segments for each saddle cell (four crossings), split by the mean of its
    corners (k, 4); px, py (k, 4) are the crossings. Returns (4k, 2) points."""
    # The mean of quarters: the sum of four values near 1e308 would overflow.
    centre_above = (corners / 4).sum(axis=-1) >= level
    corner_above = corners[:, 0] >= level
    # Cut off the two corners that differ from the centre: if corner 0 (bottom left) is on
    # the centre's side, corners 1 and 3 are cut off by edges (0, 1) and (2, 3); otherwise
    # corners 0 and 2 by edges (3, 0) and (1, 2).
    same = centre_above == corner_above
    order = np.where(same[:, None], [0, 1, 2, 3], [1, 2, 3, 0])
    qx = np.take_along_axis(px, order, axis=-1)
    qy = np.take_along_axis(py, order, axis=-1)
    return np.stack([qx, qy], axis=-1).reshape(-1, 2)
