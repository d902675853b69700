"""What the training worker sends to the GUI and what the GUI sends it, as frozen data.

Everything here is immutable and safe to hand from one thread to another. No Qt in this file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.setup import TrainingSetup


class Status(str, enum.Enum):
    """The worker's state, shown in the status bar."""

    IDLE = "idle"  # no update since the last reset
    RUNNING = "running"
    PAUSED = "paused"
    DIVERGED = "diverged"  # stopped because an update became NaN or infinite


UNLIMITED = 0.0
"""``max_rate`` value meaning: as fast as the engine goes."""


@dataclass(frozen=True)
class WorkerState:
    """The worker's status and settings after it handled an intent or a chunk of updates.

    ``generation`` counts resets and replaced setups: records of an older generation are stale.
    ``loss`` is L(θ after update ``loss_step``): the latest update's loss_after, on its batch
    at the parameters it produced (None before the first update).
    ``max_rate`` is the speed limit in updates per second (``UNLIMITED`` = 0).
    ``history_first``/``history_last``: the updates the history can show again
    (``history_policy`` says in one sentence what is kept).
    """

    status: Status
    generation: int
    steps: int
    epoch: int
    loss: float | None
    setup: TrainingSetup
    max_rate: float
    dataset_size: int
    loss_step: int = 0
    history_first: int = 1
    history_last: int = 0
    history_policy: str = ""


@dataclass(frozen=True)
class LossBatch:
    """Per-update values of consecutive updates (read-only arrays, row k = update
    ``first_step + k``).

    Attributes:
        losses: (k,) the loss_before of each update.
        test_loss: the loss on the test set after the last of them (None without a test set).
        parameters: (k, m) θ after each update at ``parameter_indices`` (all P when those are
            None), or None when not traced (see ``WorkerHandle.trace_requested``).
        gradient_norms: (k, L) ‖∂L/∂θ^(l)‖ per layer, or None when not traced.
    """

    generation: int
    first_step: int
    losses: np.ndarray
    test_loss: float | None = None
    parameters: np.ndarray | None = None
    parameter_indices: np.ndarray | None = None
    gradient_norms: np.ndarray | None = None

    @property
    def last_step(self) -> int:
        return self.first_step + len(self.losses) - 1


@dataclass(frozen=True)
class ModelSnapshot:
    """The current network and data, sent when they change other than by an update
    (start, reset, new setup, new dataset, hand edit, divergence) and on request."""

    generation: int
    reason: str
    setup: TrainingSetup
    parameters: np.ndarray  # current θ, flat (P,), read-only
    dataset: Dataset
    test_dataset: Dataset | None
    steps: int
    epoch: int

    def network(self) -> MLP:
        """An independent network with these parameters (for displays that need one)."""
        net = MLP(self.setup.layer_sizes, self.setup.activations, seed=self.setup.seed)
        net.set_flat_parameters(self.parameters)
        return net


@dataclass(frozen=True)
class TraceRequest:
    """What per-update values besides the loss the worker should send in LossBatches.

    ``parameter_indices``: positions in θ to trace (None: all of θ when P ≤
    ``TRACE_ALL_LIMIT``, else none). ``gradient_norms``: trace the per-layer gradient norms.
    """

    parameter_indices: tuple[int, ...] | None = None
    gradient_norms: bool = False


TRACE_ALL_LIMIT = 512
"""Networks with at most this many parameters have all of θ traced by default."""


@dataclass(frozen=True)
class ParameterEdit:
    """Set one parameter by hand: w_ij of W^(layer+1) (kind "w") or b_i of b^(layer+1)
    (kind "b", j ignored). Indices are 0-based."""

    kind: str
    layer: int
    i: int
    j: int
    value: float


@dataclass(frozen=True)
class ViewResult:
    """The value a view request computed, with the update it belongs to."""

    generation: int
    steps: int
    value: object


class ViewRequest(Protocol):
    """Something a display wants computed from the current network, in the worker thread.

    ``live``: recompute at display rate while running; otherwise only when requested, after
    explicit steps and edits, and when training pauses. ``compute`` must be pure: read the
    network and trainer, return an immutable result.
    """

    live: bool

    def compute(self, net: MLP, trainer: Trainer) -> object: ...
