"""The only bridge between the GUI and the core: a worker QObject in its own QThread."""

from .handle import WorkerHandle, running_worker_threads
from .messages import (
    UNLIMITED,
    LossBatch,
    ModelSnapshot,
    ParameterEdit,
    Status,
    ViewRequest,
    ViewResult,
    WorkerState,
)
from .training_worker import TrainingWorker

__all__ = [
    "UNLIMITED",
    "LossBatch",
    "ModelSnapshot",
    "ParameterEdit",
    "Status",
    "TrainingWorker",
    "ViewRequest",
    "ViewResult",
    "WorkerHandle",
    "WorkerState",
    "running_worker_threads",
]
