"""Intents: what the GUI asks the training worker to do, one frozen dataclass each.

The GUI sends an intent with ``WorkerHandle.send(intent)``; it travels on one queued signal to
the worker thread, where ``TrainingWorker.receive`` calls the worker method registered for the
intent's type with ``@handles(Kind)``. So an intent is declared once, here, and handled once,
in the worker: there is no per-intent signal or connection to keep in step. The worker applies
intents in the order they were sent, between chunks of updates. No Qt in this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mlpgui.core import Dataset
from mlpgui.core.setup import ParameterNames, TrainingSetup

from .values import PlotDataRequest, TraceRequest


class Intent:
    """The base class of every intent (see the module docstring)."""

    __slots__ = ()


# --- training -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start(Intent):
    """Sent by ``WorkerHandle.start`` once the thread runs: announce the state and model."""


@dataclass(frozen=True)
class Step(Intent):
    """Exactly one update (pausing a run first); its record is sent."""


@dataclass(frozen=True)
class StepMany(Intent):
    """Exactly ``n`` more updates, then pause (records at display rate meanwhile)."""

    n: int


@dataclass(frozen=True)
class Preview(Intent):
    """Compute the next update without applying it (for Step phase): ``PreviewReady``."""


@dataclass(frozen=True)
class Run(Intent):
    """Train until paused (or diverged)."""


@dataclass(frozen=True)
class Pause(Intent):
    """Pause a run (the latest record and state are sent)."""


@dataclass(frozen=True)
class Reset(Intent):
    """Re-initialise from the seed (``new_seed``: from a newly drawn one)."""

    new_seed: bool = False


@dataclass(frozen=True)
class ContinueFrom(Intent):
    """Go back to just after update ``step``; later updates are discarded."""

    step: int


# --- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetMaxRate(Intent):
    """The speed limit in updates per second (``UNLIMITED`` = 0: full speed)."""

    rate: float


@dataclass(frozen=True)
class SetDisplayInterval(Intent):
    """Seconds between the frames (record, losses, state, plot data) sent while running."""

    seconds: float


@dataclass(frozen=True)
class SetLearningRate(Intent):
    value: float


@dataclass(frozen=True)
class SetLoss(Intent):
    """The loss by name ("mse", "sse", "cross_entropy")."""

    name: str


@dataclass(frozen=True)
class SetBatch(Intent):
    """The batch mode: "full", "online" or a mini-batch size."""

    batch: object  # checked by the trainer: anything else is refused with a sentence


@dataclass(frozen=True)
class SetTrainBiases(Intent):
    value: bool


@dataclass(frozen=True)
class SetRegularisation(Intent):
    """λ₁ (L1) and λ₂ (L2) of the weights' regularisation, from the next update on (0: that
    term off). Refused with one sentence when out of range or when the run would no longer fit
    in memory (nothing changes then)."""

    l1_rate: float
    l2_rate: float


@dataclass(frozen=True)
class SetMomentum(Intent):
    """μ of classical momentum, 0 ≤ μ < 1, from the next update on (0: off, which forgets
    the velocity). Refused like ``SetRegularisation``."""

    mu: float


# --- the network and the data -------------------------------------------------------------------


@dataclass(frozen=True)
class ReplaceDataset(Intent):
    """Train on ``dataset`` from the next update on (the network is kept)."""

    dataset: Dataset


@dataclass(frozen=True)
class SetTestDataset(Intent):
    """Report the loss on ``dataset`` too (None: no test set)."""

    dataset: Dataset | None


@dataclass(frozen=True)
class ReplaceSetup(Intent):
    """A new architecture, seed or initialisation (and, unless None, new training data):
    re-initialises the network and starts counting anew."""

    setup: TrainingSetup
    dataset: Dataset | None = None


@dataclass(frozen=True)
class ParameterEdit(Intent):
    """Set one parameter by hand: w_ij of W^(layer+1) (kind "w") or b_i of b^(layer+1)
    (kind "b", j ignored). Indices are 0-based. Applies before the next update."""

    kind: str
    layer: int
    i: int
    j: int
    value: float


@dataclass(frozen=True)
class SetParameterNames(Intent):
    """Display names of parameters (``TrainingSetup.parameter_names``: ((index into θ, name),
    …)); saved with the session. Nothing else changes."""

    names: ParameterNames


@dataclass(frozen=True)
class SetExerciseSet(Intent):
    """Keep an exercise set about the next update (``ExerciseSet.to_json()``, checked for its
    structure; None: no exercise) to save it with the session; it comes back in the
    ``ModelSnapshot`` of an opened session. Nothing else changes."""

    data: dict[str, Any] | None


# --- what the displays need ---------------------------------------------------------------------


@dataclass(frozen=True)
class RequestPlotData(Intent):
    """Register ``request`` under ``name`` (None: drop it); results come as ``PlotDataReady``,
    after steps and edits, and at display rate while running if the request is live."""

    name: str
    request: PlotDataRequest | None


@dataclass(frozen=True)
class SetTrace(Intent):
    """Choose the per-update values sent with the losses (from the next update on)."""

    request: TraceRequest


@dataclass(frozen=True)
class RequestSnapshot(Intent):
    """Send a ModelSnapshot (reason ``ModelChange.REQUEST``): every intent sent before this one
    has been handled when it arrives."""


@dataclass(frozen=True)
class ShowUpdate(Intent):
    """Send past update ``step``'s record (``HistoryRecordReady``) and the plot data at the
    parameters after it."""

    step: int


@dataclass(frozen=True)
class ShowLatest(Intent):
    """The display is back at the latest update: plot data of the current network again."""


# --- files --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveSession(Intent):
    path: str
    include_history: bool = True


@dataclass(frozen=True)
class OpenSession(Intent):
    """Replace everything by a saved run (a bad file changes nothing: ``Errored``)."""

    path: str


@dataclass(frozen=True)
class ExportHistory(Intent):
    """Every kept update's loss and parameters as CSV, one row per update."""

    path: str


# --- run comparison (runs.py) ------------------------------------------------------------------


@dataclass(frozen=True)
class KeepRun(Intent):
    """Keep the active run for comparison. ``restart``: the kept run is the active one as it
    is, and training starts again from the same initial weights (as Reset does); otherwise an
    exact copy is kept and the active run goes on. Answered with ``RunsChanged``."""

    restart: bool = True


@dataclass(frozen=True)
class SwitchRun(Intent):
    """Make kept run ``run_id`` the active one (the active one is kept in its place): a new
    generation, with that run's loss curve, latest update and state."""

    run_id: int


@dataclass(frozen=True)
class RenameRun(Intent):
    """Label run ``run_id`` (kept or active); "" goes back to the generated label."""

    run_id: int
    label: str


@dataclass(frozen=True)
class DropRun(Intent):
    """Forget kept run ``run_id``."""

    run_id: int


# --- dispatch -----------------------------------------------------------------------------------

IntentT = TypeVar("IntentT", bound=Intent)
WorkerT = TypeVar("WorkerT")
Handler = Callable[[Any, Any], None]
"""``handler(worker, intent)``: an unbound worker method."""

HANDLERS: dict[type[Intent], Handler] = {}
"""The worker method that handles each intent type (filled by ``handles``)."""


def handles(
    kind: type[IntentT],
) -> Callable[[Callable[[WorkerT, IntentT], None]], Callable[[WorkerT, IntentT], None]]:
    """Register the decorated worker method as the handler of intents of type ``kind``."""

    def register(
        method: Callable[[WorkerT, IntentT], None],
    ) -> Callable[[WorkerT, IntentT], None]:
        if kind in HANDLERS:
            raise TypeError(f"{kind.__name__} already has a handler.")
        HANDLERS[kind] = method
        return method

    return register


def unhandled() -> list[type[Intent]]:
    """Intent types without a handler (none, once the worker module is imported)."""
    return [kind for kind in Intent.__subclasses__() if kind not in HANDLERS]
