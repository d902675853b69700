"""The only bridge between the GUI and the core: a worker QObject in its own QThread."""

from .handle import WorkerHandle, running_worker_threads
from .messages import (
    TRACE_ALL_LIMIT,
    UNLIMITED,
    LossBatch,
    ModelSnapshot,
    ParameterEdit,
    Status,
    TraceRequest,
    ViewRequest,
    ViewResult,
    WorkerState,
)
from .training_worker import TrainingWorker

__all__ = [
    "TRACE_ALL_LIMIT",
    "UNLIMITED",
    "LossBatch",
    "ModelSnapshot",
    "ParameterEdit",
    "Status",
    "TraceRequest",
    "TrainingWorker",
    "ViewRequest",
    "ViewResult",
    "WorkerHandle",
    "WorkerState",
    "running_worker_threads",
]
