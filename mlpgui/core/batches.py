"""Which samples each update uses: full batch, online, or mini-batches.

- ``"full"``: every update uses all N samples in their stored order; each update is an epoch.
- ``"online"``: one sample per update; every sample once per epoch, in an order shuffled
  anew each epoch by the trainer's seeded generator.
- an int B: mini-batches of B samples, every sample once per epoch in a shuffled order; the
  last batch of an epoch holds the N mod B left-over samples. B ≥ N behaves as ``"full"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import TrainingError

BatchMode = str | int


def check_batch(batch: BatchMode) -> BatchMode:
    """Validate a batch setting; returns it normalised (``"full"``, ``"online"`` or an int)."""
    if isinstance(batch, str) and batch in ("full", "online"):
        return batch
    if isinstance(batch, (int, np.integer)) and not isinstance(batch, bool) and batch >= 1:
        return int(batch)
    raise TrainingError(
        f"The batch setting must be 'full', 'online' or a mini-batch size of at least 1, "
        f"not {batch!r}."
    )


@dataclass(frozen=True)
class ScheduleState:
    """Where a schedule stands, enough to continue exactly as it would have.

    ``order``: the current epoch's sample order (None before the first draw, or for full
    batches); ``position``: how many of its samples were used; ``rng_state``: the random
    generator's ``bit_generator.state`` (it draws nothing but epoch orders).
    """

    order: np.ndarray | None
    position: int
    rng_state: Mapping[str, Any]


class BatchSchedule:
    """Hands out the sample indices of successive updates.

    ``peek()`` returns the pending batch without consuming it, so that an update that fails
    (a diverging loss) can leave the schedule where it was; ``advance()`` consumes it.
    """

    def __init__(self, n_samples: int, batch: BatchMode, rng: np.random.Generator) -> None:
        self.n_samples = n_samples
        self.batch = check_batch(batch)
        self._rng = rng
        if self.batch == "full":
            size = n_samples
        elif self.batch == "online":
            size = 1
        else:
            size = min(int(self.batch), n_samples)
        self.batch_size = size
        self.is_full = size >= n_samples
        self._all = np.arange(n_samples)
        self._all.flags.writeable = False
        self._order: np.ndarray | None = None
        self._position = 0

    def peek(self) -> tuple[np.ndarray, bool]:
        """(indices of the pending batch, whether it starts a new epoch)."""
        if self.is_full:
            return self._all, True
        if self._order is None or self._position >= self.n_samples:
            self._order = self._rng.permutation(self.n_samples)
            self._order.flags.writeable = False
            self._position = 0
        start = self._position
        return self._order[start : start + self.batch_size], start == 0

    def advance(self) -> None:
        """Consume the batch last returned by ``peek``."""
        if not self.is_full:
            self._position += self.batch_size

    def state(self) -> ScheduleState:
        """The schedule's position (after the last ``advance``)."""
        return ScheduleState(self._order, self._position, self._rng.bit_generator.state)

    def restore(self, state: ScheduleState) -> None:
        """Continue from ``state`` (taken from a schedule over the same number of samples)."""
        if state.order is not None and len(state.order) != self.n_samples:
            raise ValueError("The saved sample order does not match the dataset's size.")
        self._rng.bit_generator.state = state.rng_state
        order = None if state.order is None else np.array(state.order, dtype=np.intp)
        if order is not None:
            order.flags.writeable = False
        self._order = order
        self._position = int(state.position)
