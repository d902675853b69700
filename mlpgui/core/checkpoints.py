"""Checkpoints: θ after chosen updates, stored densely while every update is kept.

While the history keeps θ after every update, the rows live in one growing (n, P) array, so
recording a chunk of k updates is one array copy. Once the history starts thinning, the kept
rows move to a dictionary {update: θ}.

With momentum a checkpoint also holds the velocity v after its update (kept in a dictionary
beside θ; only updates made with momentum have one): replaying from a checkpoint needs both.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


class Checkpoints:
    """θ (P,) after some updates, by update number. Rows handed out are read-only views."""

    def __init__(self, parameter_count: int, max_bytes: int | None = None) -> None:
        """``max_bytes``: the history's budget; the dense array never grows (by doubling)
        past what it allows, so a large θ does not reserve many rows it will never use."""
        self.parameter_count = parameter_count
        row_bytes = 8 * max(1, parameter_count)
        self._max_rows = 1 << 62 if max_bytes is None else max(1, max_bytes // row_bytes)
        self._dense = np.empty((0, parameter_count))
        self._dense_first = 1
        self._dense_n = 0
        self._dense_on = True
        self._sparse: dict[int, np.ndarray] = {}
        self._velocities: dict[int, np.ndarray] = {}

    # --- reading ------------------------------------------------------------------------------

    def __contains__(self, step: int) -> bool:
        return self._in_dense(step) or step in self._sparse

    def __getitem__(self, step: int) -> np.ndarray:
        if self._in_dense(step):
            row: np.ndarray = self._dense[step - self._dense_first]
            row.flags.writeable = False
            return row
        return self._sparse[step]

    def __len__(self) -> int:
        return self._dense_n + len(self._sparse)

    def velocity(self, step: int) -> np.ndarray | None:
        """v after update ``step`` (read-only), or None if none is stored."""
        return self._velocities.get(step)

    def velocity_steps(self) -> list[int]:
        """The updates whose velocity is stored, ascending."""
        return sorted(self._velocities)

    def steps(self) -> list[int]:
        """Every stored update number, ascending."""
        dense = range(self._dense_first, self._dense_first + self._dense_n)
        return sorted([*dense, *self._sparse])

    def __iter__(self) -> Iterator[int]:
        return iter(self.steps())

    @property
    def nbytes(self) -> int:
        return 8 * self.parameter_count * (len(self) + len(self._velocities))

    # --- writing ------------------------------------------------------------------------------

    def add_rows(self, first_step: int, rows: np.ndarray) -> None:
        """θ after updates first_step … first_step + len(rows) − 1 (copied)."""
        if self._dense_on and (self._dense_n == 0 or first_step == self._dense_end()):
            if self._dense_n == 0:
                self._dense_first = first_step
            need = self._dense_n + len(rows)
            if need > len(self._dense):
                capacity = max(need, min(max(2 * len(self._dense), 64), self._max_rows))
                grown = np.empty((capacity, self.parameter_count))
                grown[: self._dense_n] = self._dense[: self._dense_n]
                self._dense = grown
            self._dense[self._dense_n : need] = rows
            self._dense_n = need
            return
        for offset, row in enumerate(rows):
            self.add(first_step + offset, row)

    def add(self, step: int, theta: np.ndarray, velocity: np.ndarray | None = None) -> None:
        """θ (and, with momentum, v) after update ``step`` (copied; an existing entry is
        kept)."""
        if step in self:
            return
        if velocity is not None:
            v = np.array(velocity, dtype=np.float64)
            v.flags.writeable = False
            self._velocities[step] = v
        if self._dense_on and (self._dense_n == 0 or step == self._dense_end()):
            self.add_rows(step, np.asarray(theta, dtype=np.float64)[None, :])
            return
        copy = np.array(theta, dtype=np.float64)
        copy.flags.writeable = False
        self._sparse[step] = copy

    def remove_after(self, step: int) -> None:
        """Forget the checkpoints after update ``step``."""
        if self._dense_n:
            self._dense_n = max(0, min(self._dense_n, step - self._dense_first + 1))
        self._sparse = {s: t for s, t in self._sparse.items() if s <= step}
        self._velocities = {s: v for s, v in self._velocities.items() if s <= step}

    def remove_before(self, step: int) -> None:
        """Forget the checkpoints before update ``step``."""
        if self._dense_n and self._dense_first < step:
            drop = min(self._dense_n, step - self._dense_first)
            self._dense = self._dense[drop : self._dense_n].copy()
            self._dense_first += drop
            self._dense_n -= drop
        self._sparse = {s: t for s, t in self._sparse.items() if s >= step}
        self._velocities = {s: v for s, v in self._velocities.items() if s >= step}

    def thin(self, stride: int) -> None:
        """Keep at most one checkpoint per ``stride`` updates (the first of each bucket) plus
        the last one; from now on everything is stored sparsely."""
        steps = self.steps()
        kept: dict[int, np.ndarray] = {}
        last_bucket = None
        for s in steps:
            bucket = s // stride
            if bucket != last_bucket or s == steps[-1]:
                kept[s] = np.array(self[s])
                kept[s].flags.writeable = False
                last_bucket = bucket
        self._sparse = kept
        self._velocities = {s: v for s, v in self._velocities.items() if s in kept}
        self._dense = np.empty((0, self.parameter_count))
        self._dense_n = 0
        self._dense_on = False

    def _dense_end(self) -> int:
        return self._dense_first + self._dense_n

    def _in_dense(self, step: int) -> bool:
        return self._dense_first <= step < self._dense_first + self._dense_n
