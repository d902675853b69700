"""TrainingLoop: the worker's run, its timer-driven training in chunks, and its outbox.

The base of ``TrainingWorker`` (which adds the intent handlers). Everything here runs in the
worker thread. Training runs in chunks from a timer that is a child of this object (so it
moves to the worker thread with it): intents are handled between chunks and none is lost.
Messages are queued with ``_post`` and leave as one bundle per intent or display frame
(``guarded`` sends it), so the GUI thread wakes up once instead of once per message — every
wake-up takes Python's GIL from training.
"""

from __future__ import annotations

import threading
import time

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from mlpgui.core import Dataset, DivergenceError, UpdateRecord
from mlpgui.core.divergence import DivergenceWatch
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace

from .frames import model_snapshot, new_trace, worker_state
from .guard import guarded
from .loss_queue import LossQueue
from .messages import (
    Errored,
    ErrorKind,
    LossesReady,
    Message,
    ModelChanged,
    Notice,
    RecordReady,
    StateChanged,
)
from .pacing import RatePacer
from .plot_data_scheduler import PlotDataScheduler
from .values import UNLIMITED, ModelChange, Status, TraceRequest

DISPLAY_INTERVAL = 1 / 20
"""Seconds between records sent while running (20 per second: smooth to the eye, and every
frame the GUI draws costs the training thread time, as both share Python's GIL)."""

CHUNK_SECONDS = 0.008
"""Target duration of one chunk of updates at unlimited speed (keeps intents responsive)."""

MAX_CHUNK = 200_000


class TrainingLoop(QObject):
    """The run, the training timer and the outbox (see the module docstring).

    Signals: ``bundle(list[Message])``: everything one intent or display frame produced, in
    order (``WorkerHandle`` re-emits each message from the GUI thread).
    """

    bundle = Signal(object)

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
        self._queue = LossQueue()
        self._trace_request = TraceRequest()
        self._last_emit = 0.0
        self._display_interval = DISPLAY_INTERVAL
        self._latest: UpdateRecord | None = None
        self._plot_data = PlotDataScheduler()
        self._run = TrainingRun(setup, dataset, test_dataset)
        self._pacer: RatePacer | None = None
        self._watch = DivergenceWatch()
        self._reset_watch()
        self._outbox: list[Message] = []
        self.stop_requested = threading.Event()
        """Set (from any thread) before the worker is shut down: long jobs end early."""

    # --- training loop ------------------------------------------------------------------------

    def _start_timer(self) -> None:
        """Start training, or go on at a new speed limit. Unlimited: a repeating 0-ms timer,
        one adaptive chunk per tick. Limited: a single-shot timer that ``_tick`` re-arms for
        the next update due on a ``RatePacer`` schedule (the first one at once when a run
        starts; one new period after the last update when only the limit changed)."""
        if self._max_rate == UNLIMITED:
            self._timer.setSingleShot(False)
            self._timer.setTimerType(Qt.TimerType.CoarseTimer)
            self._timer.start(0)
        else:
            now = time.perf_counter()
            previous = self._pacer
            last = previous.last if previous is not None else None
            if self._status is Status.RUNNING and last is not None:
                self._pacer = RatePacer.continuing(self._max_rate, last)
            else:
                self._pacer = RatePacer.starting(self._max_rate, now)
            self._timer.setSingleShot(True)
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.start(self._pacer.delay_ms(now))
        if self._status is not Status.RUNNING:
            self._status = Status.RUNNING
            self._last_emit = time.perf_counter()
            self._emit_state()

    def _halt(self) -> bool:
        """Stop a run in progress (flushing its losses); True if one was running."""
        self._remaining = None
        if not self._timer.isActive() and self._status is not Status.RUNNING:
            return False
        self._timer.stop()
        self._flush_losses()
        self._status = Status.PAUSED
        return True

    @guarded
    def _tick(self) -> None:
        """One chunk of updates. Unlimited: as many as take about ``CHUNK_SECONDS``. With a
        speed limit r: the updates due by now on the ``RatePacer`` schedule (at most one per
        tick, each sent to the window, when r ≤ ``SHOW_EVERY_UPDATE_RATE``; else about
        r × ``TICK_SECONDS`` per tick, shown at display rate), then the timer is re-armed
        for the next one."""
        pacer = self._pacer if self._max_rate != UNLIMITED else None
        n = self._chunk
        if pacer is not None:
            n = min(pacer.due(time.perf_counter()), max(1, self._chunk))
            if n == 0:  # the timer fired early
                self._timer.start(pacer.delay_ms(time.perf_counter()))
                return
        if self._remaining is not None:
            n = min(n, self._remaining)
        first = self._run.steps + 1
        trace = self._new_trace(n)
        started = time.perf_counter()
        try:
            record = self._run.run(n, losses=self._losses, trace=trace)
        except DivergenceError as exc:
            if exc.completed:
                self._queue.add(first, self._losses[: exc.completed].copy(), trace)
            self._diverged(exc)
            return
        elapsed = time.perf_counter() - started
        self._queue.add(first, self._losses[:n].copy(), trace)
        self._latest = record
        if self._watch_losses(first, self._losses[:n]):
            return  # ran away: paused, with a sentence saying why
        scale = CHUNK_SECONDS / max(elapsed, 1e-6)
        self._chunk = int(min(MAX_CHUNK, max(1, n * min(scale, 4.0))))
        if pacer is not None:
            pacer.made(n, started)
        if self._remaining is not None:
            self._remaining -= n
            if self._remaining <= 0:
                self._halt()
                self._send_frame(record, force=True)
                return
        now = time.perf_counter()
        show_each = pacer is not None and pacer.one_per_tick
        if show_each or now - self._last_emit >= self._display_interval:
            self._last_emit = now
            self._send_frame(record, force=False)
        if pacer is not None:
            self._timer.start(pacer.delay_ms(time.perf_counter()))

    def _send_frame(self, record: UpdateRecord, force: bool) -> None:
        """What the window shows of a run: the newest record, the losses since the last
        frame, the state and the plot data (all of them when ``force``, else the live ones
        if due)."""
        self._send_record(record)
        self._flush_losses()
        self._emit_state()
        self._compute_plot_data(force=force)

    # --- outbox -------------------------------------------------------------------------------

    def _post(self, message: Message) -> None:
        """Queue a message for the GUI (sent by ``_send_bundle``)."""
        self._outbox.append(message)

    def _send_bundle(self) -> None:
        if self._outbox:
            messages, self._outbox = self._outbox, []
            self.bundle.emit(messages)

    def _send_record(self, record: UpdateRecord) -> None:
        self._latest = record
        self._post(RecordReady(record))

    def _emit_state(self) -> None:
        state = worker_state(
            self._run, self._status, self._generation, self._latest, self._max_rate
        )
        self._post(StateChanged(state))

    def _emit_model(self, reason: ModelChange) -> None:
        self._post(ModelChanged(model_snapshot(self._run, self._generation, reason)))

    def _compute_plot_data(self, force: bool) -> None:
        self._plot_data.compute(
            self._run, self._generation, self._post, force, self._display_interval
        )

    def _flush_losses(self) -> None:
        if not self._queue:
            return
        batch = self._queue.take(
            self._generation, self._run.evaluate_test(), self._trace_request.parameter_indices
        )
        if batch is not None:
            self._post(LossesReady(batch))

    # --- changes of the run -------------------------------------------------------------------

    def _replace_run(self, run: TrainingRun, reason: ModelChange) -> None:
        """Start over with ``run`` (built by the caller: if that failed, nothing changed)."""
        self._halt()
        self._queue.clear()
        self._run = run
        self._reset_watch()
        # Parameter positions mean something else in a new architecture.
        self._trace_request = TraceRequest(gradient_norms=self._trace_request.gradient_norms)
        self._latest = None
        self._generation += 1
        self._status = Status.IDLE if run.steps == 0 else Status.PAUSED
        self._emit_model(reason)
        self._emit_state()
        self._compute_plot_data(force=True)

    def _new_trace(self, n: int) -> RunTrace | None:
        return new_trace(self._trace_request, self._run.net, n)

    def _diverged(self, exc: DivergenceError | str) -> None:
        """Training stopped: an update became NaN or infinite (``DivergenceError``, not
        applied) or ran away (a sentence from the DivergenceWatch). The window is shown the
        last update that was made, and Step phase can walk through the one that diverged."""
        self._halt()
        self._status = Status.DIVERGED
        if isinstance(exc, DivergenceError):
            text = f"{exc} Step phase (Ctrl+→) walks through the update that diverged."
        else:
            text = f"Training stopped at update {self._run.steps:,} (diverged). {exc}"
        self._post(Errored(ErrorKind.DIVERGED, text))
        self._emit_model(ModelChange.DIVERGED)
        history = self._run.history
        if history.first_step <= self._run.steps <= history.last_step:
            self._send_record(self._run.record_at(self._run.steps))
        self._emit_state()
        self._compute_plot_data(force=True)

    def _reset_watch(self) -> None:
        """Watch for runaway training afresh (windows of about an epoch of updates)."""
        run = self._run
        per_epoch = (
            -(-len(run.dataset) // max(1, run.trainer.batch_size)) if len(run.dataset) else 1
        )
        self._watch.reset(per_epoch, float(np.abs(run.net.parameters).max(initial=0.0)))

    def _watch_losses(self, first: int, losses: np.ndarray) -> bool:
        """Look at a chunk's losses for runaway training; True if training was stopped."""
        size = float(np.abs(self._run.net.parameters).max(initial=0.0))
        trainer = self._run.trainer
        verdict = self._watch.observe(
            first, losses, size, trainer.learning_rate, trainer.l2_rate, trainer.momentum,
            trainer.l1_rate,
        )  # fmt: skip
        if verdict is None:
            return False
        if verdict.kind == "warning":
            self._post(Notice(verdict.message))
            return False
        self._diverged(verdict.message)
        return True

    def _fail(self, error: Errored) -> None:
        """Report an error; a run in progress pauses so that the user can react."""
        self._halt()
        self._post(error)
        self._emit_state()
