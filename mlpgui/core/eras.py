"""Eras and epochs of a training run's history: which settings were in force from which
update on, and where each shuffled epoch began (see history.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .batches import BatchMode, ScheduleState

if TYPE_CHECKING:
    from .dataset import Dataset
    from .trainer import Trainer


@dataclass(frozen=True)
class Era:
    """Settings in force from update ``first_step`` on, until the next era.

    ``parameters_before``: θ_old of ``first_step`` when it was set from outside (start, or a
    hand edit); None when it is simply θ after the previous update. ``epoch_before``: the
    trainer's epoch counter before ``first_step``. ``l1_rate``, ``l2_rate``, ``momentum``: λ₁,
    λ₂, μ (0.0: off). ``velocity_before``: with momentum, v_old of ``first_step`` as the
    trainer had it when the era began (the velocity is kept across a change of μ > 0 and
    forgotten when μ is set to 0, so each momentum era states where it starts); None means
    v = 0 and is always None when μ = 0.
    """

    first_step: int
    dataset: Dataset
    learning_rate: float
    loss: str
    batch: BatchMode
    train_biases: bool
    epoch_before: int
    parameters_before: np.ndarray | None = None
    l1_rate: float = 0.0
    l2_rate: float = 0.0
    momentum: float = 0.0
    velocity_before: np.ndarray | None = None


@dataclass(frozen=True)
class EpochStart:
    """A shuffled epoch beginning at update ``first_step`` as epoch number ``epoch``."""

    first_step: int
    epoch: int
    schedule: ScheduleState  # order and random state right after the order was drawn


def epoch_bytes(entry: EpochStart) -> int:
    order = entry.schedule.order
    return 300 + (0 if order is None else order.nbytes)


def era_now(trainer: Trainer, parameters_before: np.ndarray | None = None) -> Era:
    """The era that begins with ``trainer``'s next update, with its current settings."""
    return Era(
        first_step=trainer.steps + 1,
        dataset=trainer.dataset,
        learning_rate=trainer.learning_rate,
        loss=trainer.loss,
        batch=trainer.batch,
        train_biases=trainer.train_biases,
        epoch_before=trainer.epoch,
        parameters_before=parameters_before,
        l1_rate=trainer.l1_rate,
        l2_rate=trainer.l2_rate,
        momentum=trainer.momentum,
        velocity_before=trainer.velocity if trainer.momentum > 0.0 else None,
    )
