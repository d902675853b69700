"""Bounded histories of per-update values, for plots that grow while training runs.

``GrowingSeries`` (one value per update, e.g. the loss) keeps every point until it holds
``max_points``; then it halves itself keeping, of every four consecutive points, the lowest
and the highest — so spikes and the curve's envelope survive while memory stays bounded.
``RowHistory`` (a row of values per update, e.g. traced parameters) keeps every ``stride``-th
update, doubling the stride when full, plus always the newest row.
"""

from __future__ import annotations

import numpy as np

DEFAULT_MAX_POINTS = 1 << 19
"""Points a loss series keeps before it thins itself (8 MB for x and y together)."""


class GrowingSeries:
    """(x, y) points appended in batches (x increasing), in buffers that double when full,
    at most ``max_points`` of them (see the module docstring)."""

    def __init__(self, capacity: int = 1024, max_points: int = DEFAULT_MAX_POINTS) -> None:
        if max_points < 8:
            raise ValueError("max_points must be at least 8")
        self.max_points = int(max_points)
        capacity = min(capacity, self.max_points)
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self._n = 0
        self.thinned = 0
        """How many times the series halved itself (0: every point is kept)."""

    def __len__(self) -> int:
        return self._n

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    @property
    def capacity(self) -> int:
        return len(self._x)

    @property
    def nbytes(self) -> int:
        return self._x.nbytes + self._y.nbytes

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        while len(x):
            if self._n >= self.max_points:
                self._halve()
            room = self.max_points - self._n
            take = min(room, len(x))
            self._append(x[:take], y[:take])
            x, y = x[take:], y[take:]

    def truncate(self, last_x: float) -> None:
        """Drop the points with x > last_x (x must be increasing)."""
        self._n = int(np.searchsorted(self.x, last_x, side="right"))

    def clear(self) -> None:
        self._n = 0
        self.thinned = 0

    def _append(self, x: np.ndarray, y: np.ndarray) -> None:
        need = self._n + len(x)
        if need > len(self._x):
            capacity = min(self.max_points, max(need, 2 * len(self._x)))
            for name in ("_x", "_y"):
                grown = np.empty(capacity)
                grown[: self._n] = getattr(self, name)[: self._n]
                setattr(self, name, grown)
        self._x[self._n : need] = x
        self._y[self._n : need] = y
        self._n = need

    def _halve(self) -> None:
        """Keep the lowest and highest of every 4 consecutive points (in x order)."""
        n = self._n
        whole = n - n % 4
        x4 = self._x[:whole].reshape(-1, 4)
        y4 = self._y[:whole].reshape(-1, 4)
        low, high = np.argmin(y4, axis=1), np.argmax(y4, axis=1)
        same = low == high  # a flat group: keep its first and last point
        first = np.where(same, 0, np.minimum(low, high))
        second = np.where(same, 3, np.maximum(low, high))
        rows = np.arange(len(x4))
        kept = 2 * len(x4)
        new_x = np.column_stack([x4[rows, first], x4[rows, second]]).ravel()
        new_y = np.column_stack([y4[rows, first], y4[rows, second]]).ravel()
        tail = slice(whole, n)
        self._x[kept : kept + n - whole] = self._x[tail].copy()
        self._y[kept : kept + n - whole] = self._y[tail].copy()
        self._x[:kept] = new_x
        self._y[:kept] = new_y
        self._n = kept + n - whole
        self.thinned += 1


class RowHistory:
    """Rows of ``width`` values per update step (e.g. θ after each update), at most
    ``max_rows`` kept: every ``stride``-th step (stride doubles when full) and step 0, plus
    always the newest row.

    ``steps`` (n,) and ``values`` (n, width) are views, valid until the next change.
    """

    def __init__(self, width: int, max_rows: int = 20_000) -> None:
        if max_rows < 4:
            raise ValueError("max_rows must be at least 4")
        self.width = int(width)
        self.max_rows = int(max_rows)
        self.stride = 1
        self._steps = np.empty(min(256, max_rows) + 1)
        self._values = np.empty((len(self._steps), self.width))
        self._n = 0  # rows kept for good
        self._provisional = False  # one more row after them: the newest, not on the stride

    def __len__(self) -> int:
        return self._n + self._provisional

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: len(self)]

    @property
    def values(self) -> np.ndarray:
        return self._values[: len(self)]

    @property
    def nbytes(self) -> int:
        return self._steps.nbytes + self._values.nbytes

    def clear(self) -> None:
        self._n = 0
        self._provisional = False
        self.stride = 1

    def append(self, step: int, row: np.ndarray) -> None:
        """Add one row that is always kept (e.g. the initial parameters, or an edit)."""
        self._drop_provisional()
        self._ensure(self._n + 2)
        self._steps[self._n] = step
        self._values[self._n] = row
        self._n += 1

    def extend(self, first_step: int, rows: np.ndarray) -> None:
        """Add the rows of steps first_step, first_step + 1, …; keeps those on the stride and
        the last one."""
        rows = np.asarray(rows)
        if not len(rows):
            return
        self._drop_provisional()
        steps = np.arange(first_step, first_step + len(rows))
        on_stride = steps % self.stride == 0
        keep = np.flatnonzero(on_stride)
        while self._n + len(keep) + 1 > self.max_rows:
            self._thin()
            on_stride = steps % self.stride == 0
            keep = np.flatnonzero(on_stride)
        self._ensure(self._n + len(keep) + 1)
        end = self._n + len(keep)
        self._steps[self._n : end] = steps[keep]
        self._values[self._n : end] = rows[keep]
        self._n = end
        if not on_stride[-1]:
            self._steps[end] = steps[-1]
            self._values[end] = rows[-1]
            self._provisional = True

    def truncate(self, last_step: float) -> None:
        """Drop rows of steps after ``last_step``."""
        self._drop_provisional()
        self._n = int(np.searchsorted(self._steps[: self._n], last_step, side="right"))

    def _drop_provisional(self) -> None:
        self._provisional = False

    def _thin(self) -> None:
        self.stride *= 2
        steps = self._steps[: self._n]
        keep = np.flatnonzero(steps % self.stride == 0)
        kept = len(keep)
        self._steps[:kept] = steps[keep]
        self._values[:kept] = self._values[keep]
        self._n = kept

    def _ensure(self, rows: int) -> None:
        if rows <= len(self._steps):
            return
        capacity = min(self.max_rows + 1, max(rows, 2 * len(self._steps)))
        steps = np.empty(capacity)
        values = np.empty((capacity, self.width))
        steps[: self._n] = self._steps[: self._n]
        values[: self._n] = self._values[: self._n]
        self._steps, self._values = steps, values
