"""The immutable data the worker and the GUI exchange: states, snapshots, losses, plot data.

Everything here is frozen (arrays read-only) and safe to hand from one thread to another. The
messages that carry these values are in messages.py (worker → GUI); the requests the GUI sends
are in intents.py. No Qt in this file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.setup import TrainingSetup


class Status(str, enum.Enum):
    """The worker's state, shown in the status bar."""

    IDLE = "idle"  # no update since the last reset
    RUNNING = "running"
    PAUSED = "paused"
    DIVERGED = "diverged"  # stopped because an update became NaN or infinite


class ModelChange(enum.Enum):
    """Why the worker sent a ModelSnapshot (the network or the data changed other than by an
    update, or the GUI asked)."""

    START = "start"  # the worker's first report, once its thread runs
    RESET = "reset"  # re-initialised from the seed (or a new seed)
    SETUP = "setup"  # a new architecture, seed or initialisation (maybe with new data)
    SESSION = "session"  # a session file replaced the run
    DATASET = "dataset"  # a new training set, the network kept
    TEST_SET = "test set"  # a new test set (or none)
    EDIT = "edit"  # a weight or bias set by hand
    NAMES = "names"  # parameters renamed (nothing else changed)
    REQUEST = "request"  # the GUI asked (``RequestSnapshot``): nothing changed
    REWIND = "rewind"  # back to a past update; later ones discarded
    DIVERGED = "diverged"  # training stopped: an update became NaN or infinite, or ran away
    SWITCHED = "switched"  # a kept run became the active one (SwitchRun)
    EXERCISES = "exercises"  # the exercise set kept with the run changed (SetExerciseSet)

    @property
    def starts_generation(self) -> bool:
        """True for the changes after which the run counts anew (a new ``generation``):
        records, losses and plot data of the previous generation are stale."""
        return self in _NEW_GENERATION


_NEW_GENERATION = frozenset(
    {ModelChange.START, ModelChange.RESET, ModelChange.SETUP, ModelChange.SESSION,
     ModelChange.SWITCHED}
)  # fmt: skip

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
    loss_step: int = 0
    history_first: int = 1
    history_last: int = 0
    history_policy: str = ""

    @property
    def running(self) -> bool:
        return self.status is Status.RUNNING


@dataclass(frozen=True)
class LossBatch:
    """Per-update values of consecutive updates (read-only arrays, row k = update
    ``first_step + k``).

    Attributes:
        losses: (k,) the loss_before of each update.
        test_loss: the loss on the test set after the last of them (None without a test set).
        parameters: (k, m) θ after each update at ``parameter_indices`` (all P when those are
            None), or None when not traced (see the ``SetTrace`` intent).
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
    (``reason`` says how) and on request."""

    generation: int
    reason: ModelChange
    setup: TrainingSetup
    parameters: np.ndarray  # current θ, flat (P,), read-only
    dataset: Dataset
    test_dataset: Dataset | None
    steps: int
    epoch: int
    exercises: dict[str, Any] | None = None
    """The run's exercise set about the next update (``SetExerciseSet``; from an opened
    session), a copy for the reader, or None."""

    @property
    def starts_generation(self) -> bool:
        """True if this snapshot begins a new generation (see ``ModelChange``)."""
        return self.reason.starts_generation

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


class PlotDataRequest(Protocol):
    """Something a display wants computed from the current network, in the worker thread
    (the requests are in ``mlpgui.core.plot_data*``: curves, grids, the loss surface).

    ``live``: recompute at display rate while running; otherwise only when requested, after
    explicit steps and edits, and when training pauses. ``compute`` must be pure: read the
    network and trainer, return an immutable result (None: the request does not fit the
    network).
    """

    @property
    def live(self) -> bool: ...

    def compute(self, net: MLP, trainer: Trainer) -> object: ...
