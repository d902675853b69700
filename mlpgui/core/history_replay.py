"""Recomputing past updates of a History from its stored θ, settings and sample orders.

A mixin of ``History`` (history.py): the same arithmetic as live training, so every record is
bit-identical to the one shown live.

With momentum an update depends on θ_old and on the velocity v_old, so the state replayed
from update to update is the pair (θ, v). An anchor to replay from is an era's stated θ (with
its stated v) or a checkpoint's θ (with its v, stored for every checkpoint made with
momentum). An era with momentum states the v its first update starts from (``velocity_before``),
which overrides the v carried from before it: that is how the trainer forgets v when μ is set
to 0, keeps it when μ changes between nonzero values, and how a merged era stays right.
"""

from __future__ import annotations

import bisect

import numpy as np

from .batches import BatchMode
from .checkpoints import Checkpoints
from .eras import EpochStart, Era
from .errors import DivergenceError, HistoryError, TrainingError
from .features import Feature
from .network import MLP
from .record import UpdateRecord
from .trainer import Trainer

MAX_REPLAYERS = 2
"""Networks and trainers kept for recomputing past updates (one per era, the latest used)."""


class HistoryReplay:
    """Replaying for History; the attributes are History's (see history.py)."""

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    features: tuple[Feature, ...]
    seed: int
    first_step: int
    _checkpoints: Checkpoints
    _eras: list[Era]
    _era_firsts: list[int]
    _epochs: list[EpochStart]
    _epoch_firsts: list[int]
    _replayers: dict[int, Trainer]

    def era_of(self, step: int) -> Era:
        """The settings in force for update ``step``."""
        return self._eras[max(0, bisect.bisect_right(self._era_firsts, step) - 1)]

    def _state_before(self, step: int) -> tuple[np.ndarray, np.ndarray | None]:
        """(θ_old, v_old) of update ``step`` — v_old None when it is 0 or not used (no
        momentum): from an era's stated θ, a checkpoint, or replayed from one."""
        pending: list[int] = []
        k = step
        velocity: np.ndarray | None
        while True:
            era = self.era_of(k)
            if era.first_step == k and era.parameters_before is not None:
                theta, velocity = np.array(era.parameters_before), era.velocity_before
                break
            if k - 1 in self._checkpoints and self._anchors(k):
                theta = self._checkpoints[k - 1].copy()
                velocity = self._checkpoints.velocity(k - 1)
                break
            if k <= self.first_step:
                raise HistoryError(f"θ before update {step} is no longer known.")
            k -= 1
            pending.append(k)
        for s in reversed(pending):
            record = self._replay(s, theta, velocity)
            theta, velocity = record.parameters_after.copy(), record.velocity_after
        return theta, self._velocity_entering(step, velocity)

    def _anchors(self, step: int) -> bool:
        """Whether the checkpoint after update ``step − 1`` can start a replay of ``step``:
        always, unless ``step`` continues a momentum era and no velocity was stored."""
        era = self.era_of(step)
        if era.momentum == 0.0 or era.first_step == step:
            return True
        return self._checkpoints.velocity(step - 1) is not None

    def _velocity_entering(self, step: int, carried: np.ndarray | None) -> np.ndarray | None:
        """v_old of update ``step`` given the v ``carried`` from the update before it."""
        era = self.era_of(step)
        if era.momentum == 0.0:
            return None
        return era.velocity_before if era.first_step == step else carried

    def _replay(
        self, step: int, theta: np.ndarray, velocity: np.ndarray | None = None
    ) -> UpdateRecord:
        """The record of update ``step`` from its θ_old and the velocity carried from the
        update before it (momentum only). Its update was made once, so it cannot diverge now
        — unless the saved history was damaged: TrainingError then."""
        index = max(0, bisect.bisect_right(self._era_firsts, step) - 1)
        era = self._eras[index]
        velocity = self._velocity_entering(step, velocity)
        trainer = self._replayers.pop(index, None)
        if trainer is None:
            net = MLP(self.layer_sizes, self.activations, seed=0)
            trainer = Trainer(
                net,
                era.dataset,
                era.learning_rate,
                loss=era.loss,
                batch=era.batch,
                train_biases=era.train_biases,
                seed=self.seed,
                l1_rate=era.l1_rate,
                l2_rate=era.l2_rate,
                momentum=era.momentum,
                features=self.features,
            )
        self._replayers[index] = trainer  # the most recently used last
        while len(self._replayers) > MAX_REPLAYERS:  # each holds θ-sized arrays
            del self._replayers[next(iter(self._replayers))]
        trainer.net.set_flat_parameters(theta)
        try:
            return trainer.replay(self._batch_of(step), step, self._epoch_of(step), velocity)
        except DivergenceError:
            raise TrainingError(
                f"Update {step:,} cannot be recomputed: its numbers overflow, so the saved "
                "history does not match its data (the session file may be damaged)."
            ) from None

    def _batch_size(self, era: Era) -> int | None:
        return batch_size(era.batch, len(era.dataset))

    def _epoch_entry(self, step: int) -> EpochStart | None:
        i = bisect.bisect_right(self._epoch_firsts, step) - 1
        return self._epochs[i] if i >= 0 else None

    def _batch_of(self, step: int) -> np.ndarray:
        era = self.era_of(step)
        size = self._batch_size(era)
        if size is None:
            return np.arange(len(era.dataset))
        entry = self._epoch_entry(step)
        if entry is None or entry.schedule.order is None:
            raise HistoryError(f"The sample order of update {step} is no longer known.")
        start = (step - entry.first_step) * size
        return entry.schedule.order[start : start + size]

    def _epoch_of(self, step: int) -> int:
        era = self.era_of(step)
        if self._batch_size(era) is None:  # full batches: every update is an epoch
            return era.epoch_before + (step - era.first_step + 1)
        entry = self._epoch_entry(step)
        return era.epoch_before if entry is None else entry.epoch


def batch_size(batch: BatchMode, n: int) -> int | None:
    """Samples per update of a ``batch`` setting on ``n`` samples; None for a full batch."""
    if batch == "full":
        return None
    size = 1 if batch == "online" else int(batch)
    return None if size >= n else size
