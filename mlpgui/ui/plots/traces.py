"""TraceHub: the history of parameters and gradient norms that the plots share.

The worker sends θ after each update (all of θ for small networks, else the positions asked
for) and the per-layer gradient norms (when asked) with every LossBatch. The hub keeps them in
bounded histories, asks the worker for what its consumers (the weight trajectories, the loss
surface's descent path) currently need, and starts afresh with every new generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from mlpgui.core import ParameterLayout
from mlpgui.worker import (
    TRACE_ALL_LIMIT,
    LossesReady,
    ModelChange,
    ModelSnapshot,
    SetTrace,
    TraceRequest,
)

from .series import RowHistory

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

MAX_ROWS = 20_000
"""Rows of parameters (and of gradient norms) kept per generation (thinned beyond)..."""
VALUE_BUDGET = 1_000_000
"""...and at most this many values (8 MB) of parameters: wide networks keep fewer rows."""


def max_rows(width: int) -> int:
    """Rows kept for ``width`` values per row."""
    return int(min(MAX_ROWS, max(1_000, VALUE_BUDGET // max(width, 1))))


class TraceHub(QObject):
    """Shared per-update histories (GUI thread).

    Signals:
        changed(): new rows arrived (or the history was cleared).
    """

    changed = Signal()

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        self._host = host
        self.generation: int | None = None
        self.layout: ParameterLayout | None = None
        self.parameters: RowHistory | None = None
        """θ after each update (row = update), columns at ``indices`` (None: all of θ)."""
        self.indices: tuple[int, ...] | None = None
        self.norms: RowHistory | None = None
        """‖∂L/∂θ^(l)‖ per layer, one row per update (while a consumer wants them)."""
        self._wanted: dict[str, tuple[tuple[int, ...], bool]] = {}
        self._sent: TraceRequest | None = None
        host.store.model_changed.connect(self._on_model)
        host.worker.losses_ready.connect(self._on_losses)

    # --- consumers ----------------------------------------------------------------------------

    def want(self, consumer: str, indices: tuple[int, ...] = (), norms: bool = False) -> None:
        """Declare what ``consumer`` needs traced (positions in θ; gradient norms)."""
        if (indices, norms) == self._wanted.get(consumer):
            return
        self._wanted[consumer] = (tuple(indices), bool(norms))
        self._send()

    def all_traced(self) -> bool:
        """True when the worker traces all of θ (small networks)."""
        return self.layout is not None and self.layout.size <= TRACE_ALL_LIMIT

    def column(self, index: int) -> np.ndarray | None:
        """The history of θ[index] (aligned with ``parameters.steps``), or None if untraced."""
        if self.parameters is None or self.layout is None or not 0 <= index < self.layout.size:
            return None
        if self.indices is None:
            return self.parameters.values[:, index]
        if index in self.indices:
            return self.parameters.values[:, self.indices.index(index)]
        return None

    # --- worker messages ----------------------------------------------------------------------

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        layout = ParameterLayout(snapshot.setup.layer_sizes)
        if snapshot.starts_generation:
            new_architecture = layout != self.layout
            self.generation = snapshot.generation
            self.layout = layout
            if new_architecture:
                # Positions in θ mean other parameters now: consumers re-declare theirs.
                self._wanted = {k: ((), norms) for k, (_, norms) in self._wanted.items()}
            self._sent = None  # the worker forgot the positions it traced
            self._start_histories(snapshot.parameters)
            self._send()
            self.changed.emit()
        elif snapshot.reason in (ModelChange.EDIT, ModelChange.REWIND):
            # θ changed by hand, or training went back to update ``steps``: later rows are
            # gone, and the path continues from these parameters.
            if self.parameters is not None:
                self._append_row(snapshot.steps, snapshot.parameters)
            if self.norms is not None:
                self.norms.truncate(snapshot.steps)
            self.changed.emit()

    @Slot(object)
    def _on_losses(self, message: LossesReady) -> None:
        batch = message.batch
        if not self._host.store.is_current(batch.generation) or self.layout is None:
            return
        if batch.parameters is not None:
            indices = (
                None
                if batch.parameter_indices is None
                else tuple(int(i) for i in batch.parameter_indices)
            )
            if indices != self.indices or self.parameters is None:
                self.indices = indices
                width = batch.parameters.shape[1]
                self.parameters = RowHistory(width, max_rows(width))
            self._extend(self.parameters, batch.first_step, batch.parameters)
        if batch.gradient_norms is not None:
            if self.norms is None:
                self.norms = RowHistory(batch.gradient_norms.shape[1], MAX_ROWS)
            self._extend(self.norms, batch.first_step, batch.gradient_norms)
        if batch.parameters is not None or batch.gradient_norms is not None:
            self.changed.emit()

    # --- internals ----------------------------------------------------------------------------

    def _start_histories(self, theta: np.ndarray) -> None:
        assert self.layout is not None
        self.norms = None
        if self.all_traced():
            self.indices = None
            self.parameters = RowHistory(self.layout.size, max_rows(self.layout.size))
            self.parameters.append(0, theta)
        else:
            self.indices = None
            self.parameters = None

    def _append_row(self, step: int, theta: np.ndarray) -> None:
        assert self.parameters is not None
        row = theta if self.indices is None else theta[list(self.indices)]
        self.parameters.truncate(step)
        self.parameters.append(step, row)

    @staticmethod
    def _extend(history: RowHistory, first_step: int, rows: np.ndarray) -> None:
        if len(history) and first_step <= history.steps[-1]:
            history.truncate(first_step - 1)  # a rewind: later rows are stale
        history.extend(first_step, rows)

    def _send(self) -> None:
        if self.layout is None:
            return
        norms = any(n for _, n in self._wanted.values())
        indices: tuple[int, ...] | None = None
        if not self.all_traced():
            wanted = sorted({i for ix, _ in self._wanted.values() for i in ix})
            valid = [i for i in wanted if 0 <= i < self.layout.size]
            indices = tuple(valid) if valid else None
        request = TraceRequest(parameter_indices=indices, gradient_norms=norms)
        if request != self._sent:
            self._sent = request
            self._host.send(SetTrace(request))
