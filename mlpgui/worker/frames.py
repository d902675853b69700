"""The values the worker builds from its run: states, snapshots, the arrays of traced values."""

from __future__ import annotations

import copy

import numpy as np

from mlpgui.core import MLP, UpdateRecord
from mlpgui.core.run import TrainingRun
from mlpgui.core.trace import RunTrace

from .values import TRACE_ALL_LIMIT, ModelChange, ModelSnapshot, Status, TraceRequest, WorkerState


def worker_state(
    run: TrainingRun,
    status: Status,
    generation: int,
    latest: UpdateRecord | None,
    max_rate: float,
) -> WorkerState:
    """The state to report (``latest``: the newest update, whose loss it shows)."""
    history = run.history
    return WorkerState(
        status=status,
        generation=generation,
        steps=run.steps,
        epoch=run.trainer.epoch,
        loss=None if latest is None else latest.loss_after,
        loss_step=0 if latest is None else latest.step,
        setup=run.setup,
        max_rate=max_rate,
        history_first=history.first_step,
        history_last=history.last_step,
        history_policy=history.policy(),
    )


def model_snapshot(run: TrainingRun, generation: int, reason: ModelChange) -> ModelSnapshot:
    """The run's network and data now, with a read-only copy of θ."""
    parameters = run.net.parameters.copy()
    parameters.flags.writeable = False
    return ModelSnapshot(
        generation=generation,
        reason=reason,
        setup=run.setup,
        parameters=parameters,
        dataset=run.dataset,
        test_dataset=run.test_dataset,
        steps=run.steps,
        epoch=run.trainer.epoch,
        exercises=None if run.exercises is None else copy.deepcopy(run.exercises),
    )


def new_trace(request: TraceRequest, net: MLP, n: int) -> RunTrace | None:
    """Arrays for the traced per-update values of ``n`` updates (None: nothing traced)."""
    indices = request.parameter_indices
    traced = indices is not None or net.parameter_count <= TRACE_ALL_LIMIT
    if not traced and not request.gradient_norms:
        return None
    width = net.parameter_count if indices is None else len(indices)
    return RunTrace(
        parameters=np.empty((n, width)) if traced else None,
        parameter_indices=None if indices is None else np.array(indices, dtype=np.intp),
        gradient_norms=np.empty((n, net.n_layers)) if request.gradient_norms else None,
        layout=net.layout,
    )
