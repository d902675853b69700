"""Gradient descent with backpropagation: θ_new = θ_old − γ ∇L_θ, one update at a time.

``Trainer.step()`` performs one update and returns its full ``UpdateRecord``;
``Trainer.run(n)`` performs n updates on preallocated arrays, as fast as NumPy allows, and
returns the record of the last one. Both use the same kernel on arrays of the same shapes, so
any mix of ``step`` and ``run`` calls yields bit-identical parameters.

Optional additions to the lecture, all off by default (see update_rule.py and features.py):
L1/L2 regularisation of the weights (λ₁, λ₂), classical momentum (μ, with the velocity v as
part of the trainer's state) and derived input features (x², x₁x₂, sin x).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .batches import BatchMode, ScheduleState, check_batch
from .errors import DivergenceError, TrainingError, divergence_message
from .features import Feature, apply_features, check_features
from .kernel import Workspace
from .losses import get_loss
from .network import MLP
from .record import UpdateRecord, freeze, new_record
from .trace import RunTrace
from .trainer_settings import TrainerSettings
from .update_rule import MAX_LEARNING_RATE as MAX_LEARNING_RATE
from .update_rule import UpdateRule

if TYPE_CHECKING:
    from .dataset import Dataset


@dataclass(frozen=True)
class TrainerState:
    """A trainer's counters, sample order and momentum velocity v (P,) — None when v = 0
    because momentum is off (see Trainer.state / Trainer.restore)."""

    steps: int
    epoch: int
    schedule: ScheduleState
    velocity: np.ndarray | None = None


class Trainer(TrainerSettings):
    """Trains ``net`` on ``dataset`` by gradient descent.

    Args:
        net: the network; the trainer updates its parameters in place.
        dataset: inputs (N, n_0) and targets (N, n_L) matching the network.
        learning_rate: γ ≥ 0.
        loss: ``"mse"``, ``"sse"`` or ``"cross_entropy"`` (see losses.py).
        batch: ``"full"``, ``"online"`` or a mini-batch size (see batches.py).
        train_biases: False freezes every b^(l) (their gradients are still reported).
        seed: seeds the order of online and mini-batch samples; None draws one (kept in
            ``seed``).
        l1_rate, l2_rate: λ₁, λ₂ ≥ 0 of L1/L2 regularisation of the weights (0: off).
        momentum: μ in [0, 1) of classical momentum (0: off, plain gradient descent).
        features: derived input columns (features.py); ``dataset`` then holds the raw inputs
            and the network has one input unit more per feature. Fixed for the trainer's life
            (other features are another architecture).

    Settings may be changed between updates through the properties; a change applies to the
    next update. Changing the dataset or the batch setting starts a new epoch.

    With regularisation, every loss the trainer reports (records' ``loss_before`` and
    ``loss_after``, ``run``'s losses, ``evaluate``) is the total L = L_data + L_reg that the
    update minimises; records also carry the two parts.
    """

    _forward_version: int | None
    """The network version whose forward pass the full-batch workspace holds, or None."""

    def __init__(
        self,
        net: MLP,
        dataset: Dataset,
        learning_rate: float,
        loss: str = "mse",
        batch: BatchMode = "full",
        train_biases: bool = True,
        seed: int | None = None,
        l1_rate: float = 0.0,
        l2_rate: float = 0.0,
        momentum: float = 0.0,
        features: Sequence[Feature] = (),
    ) -> None:
        self._net = net
        self._kernel = net.kernel
        self._theta = net._theta
        self._loss = get_loss(loss)
        self._batch = check_batch(batch)
        listed = tuple(features)
        self._features = check_features(listed, net.layer_sizes[0] - len(listed))
        self._settings = None
        self._rule = UpdateRule(net.layout, learning_rate)
        self._rule.l1_rate = l1_rate
        self._rule.l2_rate = l2_rate
        self._rule.momentum = momentum
        self._regularisation = 0.0  # L_reg at θ_old of the latest update
        self.train_biases = train_biases
        self.seed = secrets.randbits(32) if seed is None else int(seed)
        self._rng = np.random.default_rng(self.seed)
        self.steps = 0
        self.epoch = 0
        self.epoch_log: list[tuple[int, int, ScheduleState]] | None = None
        """If a list, receives (first step, epoch, schedule state after the order was drawn)
        for every shuffled epoch that starts (history keeping; off by default)."""
        self.dataset = dataset

    # --- training -----------------------------------------------------------------------------

    def step(self) -> UpdateRecord:
        """Perform one update and return everything it computed."""
        self._check_trainable()
        with np.errstate(all="ignore"):
            return self._step_and_record()

    def preview(self, allow_nonfinite: bool = False) -> UpdateRecord:
        """The record the next ``step()`` will return, without applying the update.

        Nothing changes: θ, the sample order and the counters stay as they were, so a following
        ``step()`` returns an equal record (bit for bit). Used to walk through one update phase
        by phase before committing it. With ``allow_nonfinite`` an update that would diverge
        is returned too (its NaN or infinite values included) instead of raising
        ``DivergenceError``, so that it can be inspected; ``step()`` still refuses it.
        """
        self._check_trainable()
        indices, starts_epoch = self._schedule.peek()
        with np.errstate(all="ignore"):
            record = self._record_update(
                indices, self.steps + 1, self.epoch + starts_epoch, 0, not allow_nonfinite
            )
        self._take_back(record)
        return record

    def run(
        self, n: int, losses: np.ndarray | None = None, trace: RunTrace | None = None
    ) -> UpdateRecord:
        """Perform ``n`` ≥ 1 updates as fast as possible; return the last one's record.

        If ``losses`` is given (a float array of length ≥ n), ``losses[k]`` receives the
        ``loss_before`` of the k-th update of this call; ``trace`` collects more per-update
        values (see RunTrace). On a NaN or infinite value a ``DivergenceError`` is raised; its
        ``completed`` updates were applied (and their rows written), the failing one was not.
        """
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise TrainingError(f"The number of updates must be a whole number ≥ 1, not {n!r}.")
        self._check_trainable()
        with np.errstate(all="ignore"):
            if n > 1:
                try:
                    self._run_fast(int(n) - 1, losses, trace)
                finally:
                    self._net.version += 1
                    self._forward_version = None
            record = self._step_and_record(completed=int(n) - 1)
            if trace is not None:
                trace.write(n - 1, record.parameters_after, record.gradient, record.batch_indices)
        if losses is not None:
            losses[n - 1] = record.loss_before
        return record

    def evaluate(self, dataset: Dataset | None = None, regularised: bool = True) -> float:
        """L at the current θ over a whole dataset of raw inputs (default: the training set);
        NaN if empty. With regularisation on, the total L_data + L_reg unless ``regularised``
        is False (L_reg depends on θ only, not on the data)."""
        dataset = self._dataset if dataset is None else dataset
        if len(dataset) == 0:
            return float("nan")
        ws = Workspace(self._kernel.plan(len(dataset), self._loss))
        ws.inputs_aug[:-1] = apply_features(dataset.inputs, self._features).T
        ws.targets[...] = dataset.targets.T
        with np.errstate(all="ignore"):
            self._kernel.forward(ws)
            value = self._kernel.loss(ws, self._loss)
            if regularised and self._rule.regularised:
                value += self._rule.regularise(self._theta, np.empty(self._theta.shape))
            return value

    # --- internals ----------------------------------------------------------------------------

    def replay(
        self, indices: np.ndarray, step: int, epoch: int, velocity: np.ndarray | None = None
    ) -> UpdateRecord:
        """The record of an update on the batch ``indices`` at the current θ, numbered
        ``step`` in epoch ``epoch``, without applying it or touching the sample order.

        Recomputes a past update exactly (same arithmetic as ``step``) from its θ_old, its
        velocity v_old (None: 0; momentum only), its batch and its settings (set them on this
        trainer first). The trainer's own velocity is left as ``velocity``."""
        self._check_trainable()
        indices = np.asarray(indices, dtype=np.intp)
        if self._schedule.is_full and not np.array_equal(indices, np.arange(len(self.dataset))):
            raise TrainingError("A full-batch update uses every sample in order.")
        self._rule.set_velocity(velocity)
        self._forward_version = None  # the workspace may hold another batch
        with np.errstate(all="ignore"):
            record = self._record_update(indices, step, epoch)
        self._take_back(record)
        return record

    def state(self) -> TrainerState:
        """Counters, sample order and velocity, enough to continue training exactly (see
        restore)."""
        velocity = self.velocity if self._rule.momentum > 0.0 else None
        return TrainerState(self.steps, self.epoch, self._schedule.state(), velocity)

    def restore(self, state: TrainerState) -> None:
        """Continue from ``state`` (the network's parameters are restored separately; set the
        momentum first: a velocity is kept only while μ > 0)."""
        velocity = state.velocity
        if velocity is not None and np.shape(velocity) != self._theta.shape:
            raise TrainingError(
                f"The velocity has {np.size(velocity):,} values; the network has "
                f"{self._theta.size:,} parameters."
            )
        self._schedule.restore(state.schedule)
        self.steps, self.epoch = int(state.steps), int(state.epoch)
        self._rule.set_velocity(velocity if self._rule.momentum > 0.0 else None)
        self._forward_version = None

    def _descend(
        self, ws: Workspace, step: int, completed: int, check_finite: bool, overwrite: bool = False
    ) -> tuple[float, np.ndarray]:
        """The update rule on the batch in ``ws`` (forward pass and data loss done, at θ_old):
        L = L_data (+ L_reg), δ and ∂L/∂θ by backpropagation, then Δθ (update_rule.py).
        Returns (L, Δθ); neither θ nor the velocity is touched (apply Δθ, then
        ``self._rule.commit()``). Raises DivergenceError when L or Δθ is NaN or infinite
        (unless ``check_finite`` is off). With ``overwrite`` the total ∂L/∂θ may replace the
        data gradient in ``ws`` (runs without records). Shared by every kind of update."""
        rule = self._rule
        loss = ws.loss
        if rule.regularised:
            self._regularisation = rule.regularise(self._theta)
            loss = loss + self._regularisation
        if check_finite and not math.isfinite(loss):
            raise self._diverged(step, completed)
        self._kernel.backward(ws, self._loss)
        delta = rule.descend(ws.gradient, overwrite)
        if check_finite and not math.isfinite(delta.sum()):
            raise self._diverged(step, completed)
        return loss, delta

    def _diverged(self, step: int, completed: int) -> DivergenceError:
        """The error for update ``step`` gone NaN or infinite, naming what overshoots."""
        rule = self._rule
        message = divergence_message(
            step, rule.learning_rate, rule.l2_rate, rule.momentum, rule.l1_rate
        )
        return DivergenceError(message, step, completed)

    def _step_and_record(self, completed: int = 0) -> UpdateRecord:
        """The next update, applied and counted, with its record."""
        indices, starts_epoch = self._schedule.peek()
        step, epoch = self.steps + 1, self.epoch + starts_epoch
        logged = starts_epoch and self.epoch_log is not None and not self._schedule.is_full
        drawn = self._schedule.state() if logged else None
        record = self._record_update(indices, step, epoch, completed)
        self._net.version += 1
        # For a full batch the workspace now holds the next update's forward pass at θ_new.
        self._forward_version = self._net.version if self._schedule.is_full else None
        self._schedule.advance()
        self.steps, self.epoch = step, epoch
        if drawn is not None:
            self.epoch_log.append((step, epoch, drawn))  # type: ignore[union-attr]
        return record

    def _take_back(self, record: UpdateRecord) -> None:
        """Undo ``_record_update``: θ and v exactly θ_old and v_old again (the workspace
        holds θ_new's pass)."""
        self._theta[...] = record.parameters_before
        self._rule.set_velocity(record.velocity_before)
        self._forward_version = None

    def _record_update(
        self,
        indices: np.ndarray,
        step: int,
        epoch: int,
        completed: int = 0,
        check_finite: bool = True,
    ) -> UpdateRecord:
        """Update θ (and v) to θ_new on the batch ``indices`` and record everything: θ_old,
        the pass at θ_old (d, a, δ, ∂L/∂θ), Δθ, θ_new and the loss at θ_new on the same batch.
        Counters and the sample order are the caller's business."""
        theta, rule = self._theta, self._rule
        ws = self._forwarded_workspace(indices)
        data_before = ws.loss
        regularised = rule.regularised
        velocity_before = None if rule.velocity is None else freeze(rule.velocity.copy())
        loss_before, delta = self._descend(ws, step, completed, check_finite)
        regularisation_gradient = (
            freeze(rule.regularisation_gradient.copy()) if regularised else None
        )
        update = delta.copy()
        snapshot = ws.storage.copy()
        theta_before = theta.copy()
        np.add(theta, delta, out=theta)
        rule.commit()
        theta_after = theta.copy()
        data_after, regularisation_after = self._loss_at_new_theta(ws)
        values = {
            "step": step,
            "epoch": epoch,
            "batch_indices": indices,
            "loss_before": loss_before,
            "loss_after": data_after + regularisation_after if regularised else data_after,
            "parameters_before": freeze(theta_before),
            "parameters_after": freeze(theta_after),
            "update": freeze(update),
            "data_loss_before": data_before,
            "data_loss_after": data_after,
            "regularisation_before": self._regularisation if regularised else 0.0,
            "regularisation_after": regularisation_after,
            "regularisation_gradient": regularisation_gradient,
            "velocity_before": velocity_before,
            "_plan": ws.plan,
            "_storage": freeze(snapshot),
            "_dataset_inputs_aug": self._inputs_aug,
            "_dataset_targets": self._targets,
        }
        values.update(self._record_settings())
        return new_record(values)

    def _loss_at_new_theta(self, ws: Workspace) -> tuple[float, float]:
        """(L_data, L_reg) at θ_new on the batch in ``ws`` (L_reg = 0 when off); for a full
        batch the workspace then also holds the next update's forward pass."""
        self._kernel.forward(ws)
        data = self._kernel.loss(ws, self._loss)
        rule = self._rule
        return data, (rule.regularise(self._theta) if rule.regularised else 0.0)

    def _forwarded_workspace(self, indices: np.ndarray) -> Workspace:
        """The workspace for this batch size, holding the forward pass and loss at θ."""
        ws = self._workspace(len(indices))
        if self._forward_version is not None and self._forward_version == self._net.version:
            return ws
        self._forward_version = None
        if not self._schedule.is_full:
            np.take(self._inputs_aug, indices, axis=1, out=ws.inputs_aug)
            np.take(self._targets, indices, axis=1, out=ws.targets)
        self._kernel.forward(ws)
        self._kernel.loss(ws, self._loss)
        return ws

    def _run_fast(self, n: int, losses: np.ndarray | None, trace: RunTrace | None) -> None:
        """``n`` updates without records (the same arithmetic as ``_record_update``)."""
        kernel, loss, theta, rule = self._kernel, self._loss, self._theta, self._rule
        moving = rule.velocity is not None  # settings do not change during a run
        schedule = self._schedule
        full = schedule.is_full
        epoch_log = self.epoch_log
        inputs_aug, targets = self._inputs_aug, self._targets
        ws = self._workspace(schedule.batch_size)
        self._forward_version = None
        for k in range(n):
            indices, starts_epoch = schedule.peek()
            if not full:
                if starts_epoch and epoch_log is not None:
                    drawn = schedule.state()
                if len(indices) != ws.plan.size:
                    ws = self._workspace(len(indices))
                np.take(inputs_aug, indices, axis=1, out=ws.inputs_aug)
                np.take(targets, indices, axis=1, out=ws.targets)
            kernel.forward(ws)
            kernel.loss(ws, loss)
            total, delta = self._descend(ws, self.steps + 1, k, True, True)
            np.add(theta, delta, out=theta)
            if moving:
                rule.commit()
            if losses is not None:
                losses[k] = total
            if trace is not None:
                trace.write(k, theta, rule.gradient, indices)
            schedule.advance()
            self.steps += 1
            self.epoch += starts_epoch
            if starts_epoch and epoch_log is not None and not full:
                epoch_log.append((self.steps, self.epoch, drawn))

    def _workspace(self, size: int) -> Workspace:
        """The reused workspace for batches of ``size`` (a full batch shares the dataset)."""
        ws = self._workspaces.get(size)
        if ws is None:
            plan = self._kernel.plan(size, self._loss)
            if self._schedule.is_full:
                ws = Workspace(plan, self._inputs_aug, self._targets)
            else:
                ws = Workspace(plan)
            self._workspaces[size] = ws
        return ws
