"""The settings of a ``Trainer`` (trainer.py), as properties: γ, the loss, the batch mode,
frozen biases, the dataset, and the optional additions λ₁, λ₂, μ (update_rule.py) and input
features (features.py). A change applies to the next update; a new dataset or batch setting
starts a new epoch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .activations import STEP_HAS_NO_GRADIENT
from .batches import BatchMode, BatchSchedule, check_batch
from .errors import TrainingError
from .features import Feature, apply_features
from .kernel import Workspace
from .losses import Loss, get_loss
from .network import MLP
from .record import freeze
from .update_rule import UpdateRule

if TYPE_CHECKING:
    from .dataset import Dataset


class TrainerSettings:
    """The settings part of ``Trainer``; the attributes below are the trainer's."""

    _net: MLP
    _theta: np.ndarray
    _rule: UpdateRule
    _loss: Loss
    _batch: BatchMode
    _train_biases: bool
    _features: tuple[Feature, ...]
    _dataset: Dataset
    _inputs_aug: np.ndarray
    _targets: np.ndarray
    _rng: np.random.Generator
    _schedule: BatchSchedule
    _workspaces: dict[int, Workspace]
    _forward_version: int | None
    _settings: dict[str, Any] | None

    @property
    def net(self) -> MLP:
        return self._net

    @property
    def learning_rate(self) -> float:
        """γ."""
        return self._rule.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._rule.learning_rate = value
        self._settings = None

    @property
    def l1_rate(self) -> float:
        """λ₁ of the L1 term λ₁ Σ|w| (0: off)."""
        return self._rule.l1_rate

    @l1_rate.setter
    def l1_rate(self, value: float) -> None:
        self._rule.l1_rate = value
        self._settings = None

    @property
    def l2_rate(self) -> float:
        """λ₂ of the L2 term λ₂/2 Σw² (0: off)."""
        return self._rule.l2_rate

    @l2_rate.setter
    def l2_rate(self, value: float) -> None:
        self._rule.l2_rate = value
        self._settings = None

    @property
    def momentum(self) -> float:
        """μ (0: off; setting 0 forgets the velocity)."""
        return self._rule.momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        self._rule.momentum = value
        self._settings = None

    @property
    def velocity(self) -> np.ndarray:
        """v (P,), a read-only copy (all 0 while momentum is off)."""
        v = self._rule.velocity
        return freeze(np.zeros(self._theta.shape) if v is None else v.copy())

    @property
    def features(self) -> tuple[Feature, ...]:
        """The derived input columns the network sees after the raw ones."""
        return self._features

    @property
    def loss(self) -> str:
        return self._loss.name

    @loss.setter
    def loss(self, name: str) -> None:
        self._loss = get_loss(name)
        self._settings = None
        self._reset_workspaces()

    @property
    def batch(self) -> BatchMode:
        return self._batch

    @batch.setter
    def batch(self, value: BatchMode) -> None:
        self._batch = check_batch(value)
        self._settings = None
        self._reset_schedule()

    @property
    def train_biases(self) -> bool:
        return self._train_biases

    @train_biases.setter
    def train_biases(self, value: bool) -> None:
        self._train_biases = bool(value)
        self._settings = None
        # Frozen biases get Δb = 0 (their gradient is still computed and reported).
        self._rule.set_frozen_biases(not self._train_biases)

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @dataset.setter
    def dataset(self, dataset: Dataset) -> None:
        n0, n_out = self._net.layer_sizes[0], self._net.layer_sizes[-1]
        raw = n0 - len(self._features)
        if dataset.input_dim != raw or dataset.output_dim != n_out:
            needs = (
                f"{n0} input"
                if raw == n0
                else f"{n0} input units ({raw} raw inputs and {len(self._features)} derived)"
            )
            raise TrainingError(
                f"The dataset has {dataset.input_dim} input and {dataset.output_dim} target "
                f"columns, but the network has {needs} and {n_out} output units."
            )
        self._dataset = dataset
        # Samples as columns (see kernel.py): x with a row of ones below, and t.
        inputs_aug = np.empty((n0 + 1, len(dataset)))
        inputs_aug[:-1] = apply_features(dataset.inputs, self._features).T
        inputs_aug[-1] = 1.0
        self._inputs_aug = freeze(inputs_aug)
        self._targets = freeze(np.ascontiguousarray(dataset.targets.T))
        self._reset_schedule()

    @property
    def batch_size(self) -> int:
        """Samples per update under the current setting."""
        return self._schedule.batch_size

    def _reset_schedule(self) -> None:
        self._schedule = BatchSchedule(len(self._dataset), self._batch, self._rng)
        self._reset_workspaces()

    def _reset_workspaces(self) -> None:
        self._workspaces = {}
        self._forward_version = None

    def _record_settings(self) -> dict[str, Any]:
        """The settings in force for an update, as UpdateRecord fields (built once and kept
        until a setter above changes one: ``Trainer.step`` is timed in microseconds)."""
        if self._settings is not None:
            return self._settings
        rule = self._rule
        self._settings = {
            "learning_rate": rule.learning_rate,
            "loss_name": self._loss.name,
            "batch_mode": self._batch,
            "train_biases": self._train_biases,
            "layer_sizes": self._net.layer_sizes,
            "activation_names": self._net.activation_names,
            "l1_rate": rule.l1_rate,
            "l2_rate": rule.l2_rate,
            "momentum": rule.momentum,
            "input_features": self._features,
        }
        return self._settings

    def _check_trainable(self) -> None:
        for k, f in enumerate(self._net.activation_functions):
            if not f.differentiable:
                raise TrainingError(f"Layer {k + 1}: {STEP_HAS_NO_GRADIENT}")
        self._loss.check_output_activation(self._net.activation_functions[-1])
        if len(self._dataset) == 0:
            raise TrainingError("The dataset is empty; add at least one sample to train on.")
