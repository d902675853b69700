"""TrainingWorker: the QObject that owns the network and the trainer, in its own thread.

All of its slots run in the worker thread (it is moved there by ``WorkerHandle``); the GUI
reaches them only through queued signals, and hears back only through the signals below,
which carry immutable messages (see messages.py). Training runs in chunks from a 0-ms timer,
so intents (pause, a new γ, an edit) are handled between updates and none is lost.
"""

from __future__ import annotations

import functools
import math
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from mlpgui.core import Dataset, DivergenceError, MlpguiError, UpdateRecord
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace

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

DISPLAY_INTERVAL = 1 / 30
"""Seconds between records sent while running (≈ 30 per second)."""

CHUNK_SECONDS = 0.008
"""Target duration of one chunk of updates at unlimited speed (keeps intents responsive)."""

MAX_CHUNK = 200_000

F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """Turn any error in an intent into a message (and a pause) instead of a dead worker."""

    @functools.wraps(method)
    def wrapper(self: TrainingWorker, *args: Any) -> None:
        try:
            method(self, *args)
        except MlpguiError as exc:
            self._fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - the worker must survive anything
            traceback.print_exc(file=sys.stderr)
            self._fail(f"Unexpected error in the training worker: {type(exc).__name__}: {exc}")

    return wrapper  # type: ignore[return-value]


class TrainingWorker(QObject):
    """Owns the setup, dataset, network and trainer; trains on request.

    Signals (emitted in the worker thread; connect them only to slots of GUI-thread objects):
        record_ready(UpdateRecord): the newest update — one per explicit step, ≤ 30/s running.
        preview_ready(UpdateRecord): the next update, computed but not applied.
        losses_ready(LossBatch): the loss of every update, batched.
        state_changed(WorkerState), model_changed(ModelSnapshot),
        view_ready(str, ViewResult), message_posted(str kind, str text), finished().
    """

    record_ready = Signal(object)
    preview_ready = Signal(object)
    losses_ready = Signal(object)
    state_changed = Signal(object)
    model_changed = Signal(object)
    view_ready = Signal(str, object)
    message_posted = Signal(str, str)
    finished = Signal()

    def __init__(
        self, setup: TrainingSetup, dataset: Dataset, test_dataset: Dataset | None = None
    ) -> None:
        super().__init__()
        self._timer = QTimer(self)  # a child, so it moves to the worker thread with us
        self._timer.timeout.connect(self._tick)
        self._status = Status.IDLE
        self._generation = 0
        self._max_rate = UNLIMITED
        self._remaining: int | None = None
        self._chunk = 1
        self._losses = np.empty(MAX_CHUNK)
        self._pending: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]] = []
        self._trace_request = TraceRequest()
        self._pending_first = 1
        self._last_emit = 0.0
        self._latest: UpdateRecord | None = None
        self._views: dict[str, ViewRequest] = {}
        self._next_views = 0.0
        self._view_seconds = 0.0
        self._test_dataset = test_dataset
        self._build(setup, dataset)

    # --- intents (slots, run in the worker thread) -------------------------------------------

    @Slot()
    @_guarded
    def start(self) -> None:
        """Announce the initial state (called once the thread runs)."""
        self._emit_model("start")
        self._emit_state()
        self._compute_views(force=True)

    @Slot()
    @_guarded
    def step(self) -> None:
        """Exactly one update, whose record is sent; pauses a run first."""
        self._stop_timer()
        self._flush_losses()
        self._remaining = None
        try:
            record = self._trainer.step()
        except DivergenceError as exc:
            self._diverged(exc)
            return
        self._set_status(Status.PAUSED)
        self._send_record(record)
        trace = self._new_trace(1)
        if trace is not None:
            trace.write(0, record.parameters_after, record.gradient, record.batch_indices)
        self._queue_losses(record.step, np.array([record.loss_before]), trace)
        self._flush_losses()
        self._emit_state()
        self._compute_views(force=True)

    @Slot(int)
    @_guarded
    def step_many(self, n: int) -> None:
        """Run exactly ``n`` more updates, then pause (display-rate records meanwhile)."""
        if n < 1:
            raise MlpguiError(f"The number of updates must be at least 1, not {n}.")
        self._remaining = int(n)
        self._start_timer()

    @Slot()
    @_guarded
    def preview(self) -> None:
        """Compute the next update's record without applying it (for phase stepping)."""
        self._stop_timer()
        self._remaining = None
        if self._status is Status.RUNNING:
            self._set_status(Status.PAUSED)
            self._emit_state()
        try:
            record = self._trainer.preview()
        except DivergenceError as exc:
            self._diverged(exc)
            return
        self.preview_ready.emit(record)

    @Slot()
    @_guarded
    def run(self) -> None:
        """Train until paused (or diverged)."""
        self._remaining = None
        self._start_timer()

    @Slot()
    @_guarded
    def pause(self) -> None:
        if self._status is Status.RUNNING:
            self._stop_timer()
            self._flush_losses()
            if self._latest is not None:
                self.record_ready.emit(self._latest)
            self._set_status(Status.PAUSED)
            self._emit_state()
            self._compute_views(force=True)

    @Slot(bool)
    @_guarded
    def reset(self, new_seed: bool = False) -> None:
        """Re-initialise from the seed (or from a newly drawn one) and start counting anew."""
        setup = self._setup
        if new_seed:
            seed = int(np.random.default_rng().integers(0, 2**31))
            setup = setup.replace(seed=seed)
        self._rebuild(setup, self._dataset, "reset")

    @Slot(float)
    @_guarded
    def set_max_rate(self, rate: float) -> None:
        """Updates per second; ``UNLIMITED`` (0) for full speed."""
        if not (math.isfinite(rate) and rate >= 0):
            raise MlpguiError("The speed must be a positive number of updates per second.")
        self._max_rate = float(rate)
        if self._timer.isActive():
            self._start_timer()
        self._emit_state()

    @Slot(float)
    @_guarded
    def set_learning_rate(self, value: float) -> None:
        self._trainer.learning_rate = value
        self._setup = self._setup.replace(learning_rate=self._trainer.learning_rate)
        self._emit_state()

    @Slot(str)
    @_guarded
    def set_loss(self, name: str) -> None:
        self._trainer.loss = name
        self._setup = self._setup.replace(loss=name)
        self._emit_state()
        self._compute_views(force=True)

    @Slot(object)
    @_guarded
    def set_batch(self, batch: object) -> None:
        self._trainer.batch = batch  # type: ignore[assignment]
        self._setup = self._setup.replace(batch=self._trainer.batch)
        self._emit_state()

    @Slot(bool)
    @_guarded
    def set_train_biases(self, value: bool) -> None:
        self._trainer.train_biases = value
        self._setup = self._setup.replace(train_biases=bool(value))
        self._emit_state()

    @Slot(object)
    @_guarded
    def replace_dataset(self, dataset: Dataset) -> None:
        """Train on ``dataset`` from the next update on (the network is kept)."""
        self._trainer.dataset = dataset
        self._dataset = dataset
        self._emit_model("dataset")
        self._emit_state()
        self._compute_views(force=True)

    @Slot(object)
    @_guarded
    def set_test_dataset(self, dataset: Dataset | None) -> None:
        """Report the loss on ``dataset`` too (None: no test set)."""
        if dataset is not None and (
            dataset.input_dim != self._dataset.input_dim
            or dataset.output_dim != self._dataset.output_dim
        ):
            raise MlpguiError("The test set's columns do not match the training set's.")
        self._test_dataset = dataset
        self._emit_model("test set")

    @Slot(object, object)
    @_guarded
    def replace_setup(self, setup: TrainingSetup, dataset: Dataset | None = None) -> None:
        """A new architecture, seed or fixed initialisation (and optionally new data):
        re-initialises the network and starts counting anew."""
        self._rebuild(setup, self._dataset if dataset is None else dataset, "setup")

    @Slot(object)
    @_guarded
    def edit_parameter(self, edit: ParameterEdit) -> None:
        """Set one weight or bias; it applies before the next update."""
        if edit.kind == "w":
            self._net.set_weight(edit.layer, edit.i, edit.j, edit.value)
        elif edit.kind == "b":
            self._net.set_bias(edit.layer, edit.i, edit.value)
        else:
            raise MlpguiError(f"Unknown parameter kind {edit.kind!r}; use 'w' or 'b'.")
        self._emit_model("edit")
        self._compute_views(force=True)

    @Slot(str, object)
    @_guarded
    def set_view(self, name: str, request: ViewRequest | None) -> None:
        """Register (or with None, drop) a view to compute for the display."""
        if request is None:
            self._views.pop(name, None)
            return
        self._views[name] = request
        self._emit_view(name, request)

    @Slot(object)
    @_guarded
    def set_trace(self, request: TraceRequest) -> None:
        """Choose the per-update values sent with the losses (from the next update on)."""
        if request.parameter_indices is not None:
            size = self._net.parameter_count
            if any(not 0 <= i < size for i in request.parameter_indices):
                raise MlpguiError(f"Traced parameters must be positions 0..{size - 1} of θ.")
        self._flush_losses()
        self._trace_request = request

    @Slot()
    @_guarded
    def request_snapshot(self) -> None:
        self._emit_model("request")

    @Slot()
    def shutdown(self) -> None:
        """Stop training and end the worker thread's event loop; the GUI then joins it.

        The worker moves itself back to the application's thread first, so that the GUI side
        may delete it once the worker thread has finished.
        """
        self._timer.stop()
        self.finished.emit()
        main = QCoreApplication.instance().thread()
        current = QThread.currentThread()
        if current is not main:
            self.moveToThread(main)
            current.quit()

    # --- training loop ------------------------------------------------------------------------

    def _start_timer(self) -> None:
        interval = 0 if self._max_rate == UNLIMITED else max(1, round(1000 / self._max_rate))
        self._timer.start(interval)
        if self._status is not Status.RUNNING:
            self._set_status(Status.RUNNING)
            self._last_emit = time.perf_counter()
            self._emit_state()

    def _stop_timer(self) -> None:
        self._timer.stop()

    @_guarded
    def _tick(self) -> None:
        """One chunk of updates (one update when a speed limit is set)."""
        limited = self._max_rate != UNLIMITED
        n = 1 if limited else self._chunk
        if self._remaining is not None:
            n = min(n, self._remaining)
        first = self._trainer.steps + 1
        trace = self._new_trace(n)
        started = time.perf_counter()
        try:
            record = self._trainer.run(n, losses=self._losses, trace=trace)
        except DivergenceError as exc:
            if exc.completed:
                self._queue_losses(first, self._losses[: exc.completed].copy(), trace)
            self._diverged(exc)
            return
        elapsed = time.perf_counter() - started
        self._queue_losses(first, self._losses[:n].copy(), trace)
        self._latest = record
        if not limited:
            scale = CHUNK_SECONDS / max(elapsed, 1e-6)
            self._chunk = int(min(MAX_CHUNK, max(1, n * min(scale, 4.0))))
        if self._remaining is not None:
            self._remaining -= n
            if self._remaining <= 0:
                self._remaining = None
                self._stop_timer()
                self._set_status(Status.PAUSED)
                self._send_record(record)
                self._flush_losses()
                self._emit_state()
                self._compute_views(force=True)
                return
        now = time.perf_counter()
        if limited or now - self._last_emit >= DISPLAY_INTERVAL:
            self._last_emit = now
            self._send_record(record)
            self._flush_losses()
            self._emit_state()
            self._compute_views(force=False)

    # --- internals ----------------------------------------------------------------------------

    def _build(self, setup: TrainingSetup, dataset: Dataset) -> None:
        net = setup.network()
        trainer = setup.trainer(net, dataset)
        self._setup, self._dataset, self._net, self._trainer = setup, dataset, net, trainer
        if self._test_dataset is not None and (
            self._test_dataset.input_dim != dataset.input_dim
            or self._test_dataset.output_dim != dataset.output_dim
        ):
            self._test_dataset = None

    def _rebuild(self, setup: TrainingSetup, dataset: Dataset, reason: str) -> None:
        self._build(setup, dataset)  # raises (and changes nothing) if they do not fit
        # Parameter positions mean something else in a new architecture.
        self._trace_request = TraceRequest(gradient_norms=self._trace_request.gradient_norms)
        self._stop_timer()
        self._pending.clear()
        self._remaining = None
        self._latest = None
        self._generation += 1
        self._status = Status.IDLE
        self._emit_model(reason)
        self._emit_state()
        self._compute_views(force=True)

    def _set_status(self, status: Status) -> None:
        self._status = status

    def _send_record(self, record: UpdateRecord) -> None:
        self._latest = record
        self.record_ready.emit(record)

    def _new_trace(self, n: int) -> RunTrace | None:
        """Arrays for the traced per-update values of ``n`` updates (None: nothing traced)."""
        request, size = self._trace_request, self._net.parameter_count
        indices = request.parameter_indices
        traced = indices is not None or size <= TRACE_ALL_LIMIT
        if not traced and not request.gradient_norms:
            return None
        width = size if indices is None else len(indices)
        return RunTrace(
            parameters=np.empty((n, width)) if traced else None,
            parameter_indices=None if indices is None else np.array(indices, dtype=np.intp),
            gradient_norms=np.empty((n, self._net.n_layers)) if request.gradient_norms else None,
            layout=self._net.layout,
        )

    def _queue_losses(self, first: int, losses: np.ndarray, trace: RunTrace | None) -> None:
        if not self._pending:
            self._pending_first = first
        k = len(losses)
        parameters = norms = None
        if trace is not None:
            parameters = None if trace.parameters is None else trace.parameters[:k]
            norms = None if trace.gradient_norms is None else trace.gradient_norms[:k]
        self._pending.append((losses, parameters, norms))

    def _flush_losses(self) -> None:
        if not self._pending:
            return
        columns = list(zip(*self._pending, strict=True))
        self._pending = []
        losses, parameters, norms = (_joined(c) for c in columns)
        test = None if self._test_dataset is None else self._trainer.evaluate(self._test_dataset)
        indices = self._trace_request.parameter_indices
        self.losses_ready.emit(
            LossBatch(
                self._generation,
                self._pending_first,
                losses,
                test,
                parameters=parameters,
                parameter_indices=None if indices is None else np.array(indices),
                gradient_norms=norms,
            )
        )

    def _diverged(self, exc: DivergenceError) -> None:
        self._stop_timer()
        self._remaining = None
        self._flush_losses()
        self._status = Status.DIVERGED
        self.message_posted.emit("error", str(exc))
        self._emit_model("diverged")
        self._emit_state()

    def _fail(self, text: str) -> None:
        """Report an error; a run in progress pauses so that the user can react."""
        if self._timer.isActive():
            self._stop_timer()
            self._flush_losses()
            self._status = Status.PAUSED
        self.message_posted.emit("error", text)
        self._emit_state()

    def _emit_state(self) -> None:
        latest = self._latest
        loss = None if latest is None else latest.loss_after
        self.state_changed.emit(
            WorkerState(
                status=self._status,
                generation=self._generation,
                steps=self._trainer.steps,
                epoch=self._trainer.epoch,
                loss=loss,
                setup=self._setup,
                max_rate=self._max_rate,
                dataset_size=len(self._dataset),
            )
        )

    def _emit_model(self, reason: str) -> None:
        parameters = self._net.parameters.copy()
        parameters.flags.writeable = False
        self.model_changed.emit(
            ModelSnapshot(
                generation=self._generation,
                reason=reason,
                setup=self._setup,
                parameters=parameters,
                dataset=self._dataset,
                test_dataset=self._test_dataset,
                steps=self._trainer.steps,
                epoch=self._trainer.epoch,
            )
        )

    def _compute_views(self, force: bool) -> None:
        """Compute registered views: all of them when forced, else the live ones when due.

        While running, views are computed at most at display rate and take at most about a
        quarter of the worker's time (so heavy heatmaps slow down views, not training).
        """
        if not self._views:
            return
        now = time.perf_counter()
        if not force and now < self._next_views:
            return
        started = now
        for name, request in list(self._views.items()):
            if force or request.live:
                self._emit_view(name, request)
        self._view_seconds = time.perf_counter() - started
        self._next_views = started + max(DISPLAY_INTERVAL, 4 * self._view_seconds)

    def _emit_view(self, name: str, request: ViewRequest) -> None:
        try:
            with np.errstate(all="ignore"):
                value = request.compute(self._net, self._trainer)
        except MlpguiError as exc:
            self.message_posted.emit("warning", str(exc))
            return
        self.view_ready.emit(name, ViewResult(self._generation, self._trainer.steps, value))


def _joined(parts: tuple[np.ndarray | None, ...]) -> np.ndarray | None:
    """Concatenate per-chunk arrays into one read-only array (None if any part is None)."""
    if any(p is None for p in parts):
        return None
    joined = np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
    joined.flags.writeable = False
    return joined
