"""Messages: what the training worker tells the GUI, one frozen dataclass each.

Everything one intent (or one display frame while training runs) produces travels to the GUI
thread in a single bundle, a list of messages in the order they were made; ``WorkerHandle``
re-emits each on its signal for that type (``record_ready`` for RecordReady, …). No Qt in
this file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mlpgui.core import UpdateRecord
from mlpgui.core.run_shelf import RunSummary

from .values import LossBatch, ModelSnapshot, WorkerState


class Message:
    """The base class of every message (see the module docstring)."""

    __slots__ = ()


@dataclass(frozen=True)
class RecordReady(Message):
    """The newest update: one per explicit step, at most one per display frame running."""

    record: UpdateRecord


@dataclass(frozen=True)
class PreviewReady(Message):
    """The next update, computed but not applied (the ``Preview`` intent)."""

    record: UpdateRecord


@dataclass(frozen=True)
class HistoryRecordReady(Message):
    """A past update, recomputed exactly (the ``ShowUpdate`` intent)."""

    record: UpdateRecord


@dataclass(frozen=True)
class LossesReady(Message):
    """The loss (and traced values) of every update since the previous batch."""

    batch: LossBatch


@dataclass(frozen=True)
class StateChanged(Message):
    """The worker's status and settings changed (or a display frame passed)."""

    state: WorkerState


@dataclass(frozen=True)
class ModelChanged(Message):
    """The network or the data changed other than by an update (``snapshot.reason``)."""

    snapshot: ModelSnapshot


@dataclass(frozen=True)
class PlotDataReady(Message):
    """What the plot-data request registered as ``name`` computed, for the network after
    update ``steps`` of generation ``generation`` (``value`` None: the request does not fit
    the network)."""

    name: str
    generation: int
    steps: int
    value: object


@dataclass(frozen=True)
class Notice(Message):
    """A warning in one sentence; nothing stopped (e.g. the loss grows: γ may be too large)."""

    text: str


@dataclass(frozen=True)
class RunsChanged(Message):
    """The runs kept for comparison, or their labels, changed: every run (the active one
    included) by number. A kept run's summary carries its loss curve."""

    runs: tuple[RunSummary, ...]


class FileAction(enum.Enum):
    SAVED = "saved"
    OPENED = "opened"
    EXPORTED = "exported"


@dataclass(frozen=True)
class FileDone(Message):
    """A session was saved or opened, or the history exported, to/from ``path``."""

    action: FileAction
    path: str


class ErrorKind(enum.Enum):
    REFUSED = "refused"  # bad input: a file, a value, a limit (an MlpguiError)
    DIVERGED = "diverged"  # training stopped: an update became NaN or infinite, or ran away
    UNEXPECTED = "unexpected"  # a bug: the worker survived it, the traceback says where


@dataclass(frozen=True)
class Errored(Message):
    """Something went wrong; training paused. ``message`` is one sentence for the user;
    ``traceback`` is the Python traceback of an unexpected error (None otherwise), shown
    only with MLPGUI_DEBUG=1."""

    kind: ErrorKind
    message: str
    traceback: str | None = None
