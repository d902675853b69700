"""TrainingWorker: the QObject that owns the training run, in its own thread.

All of its slots run in the worker thread (it is moved there by ``WorkerHandle``); the GUI
reaches them only through queued signals, and hears back only through the signals below,
which carry immutable messages (see messages.py). Training runs in chunks from a 0-ms timer,
so intents (pause, a new γ, an edit) are handled between updates and none is lost. The run's
state and its history live in a core ``TrainingRun``; this class adds timing and messages.
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from mlpgui.core import Dataset, DivergenceError, MlpguiError, UpdateRecord
from mlpgui.core.divergence import DivergenceWatch
from mlpgui.core.errors import Cancelled
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace

from .frames import model_snapshot, new_trace, worker_state
from .guard import guarded
from .loss_queue import LossQueue
from .messages import (
    UNLIMITED,
    LossBatch,
    ParameterEdit,
    Status,
    TraceRequest,
    ViewRequest,
)
from .pacing import RatePacer
from .plot_data import ViewScheduler

DISPLAY_INTERVAL = 1 / 20
"""Seconds between records sent while running (20 per second: smooth to the eye, and every
frame the GUI draws costs the training thread time, as both share Python's GIL)."""

CHUNK_SECONDS = 0.008
"""Target duration of one chunk of updates at unlimited speed (keeps intents responsive)."""

MAX_CHUNK = 200_000


class TrainingWorker(QObject):
    """Owns the training run; trains on request.

    Messages (see WorkerHandle, which re-emits each as a signal in the GUI thread):
        record_ready(UpdateRecord): the newest update — one per explicit step, ≤ 20/s running.
        preview_ready(UpdateRecord): the next update, computed but not applied.
        history_record_ready(UpdateRecord): a past update, recomputed on request.
        losses_ready(LossBatch): the loss of every update, batched.
        state_changed(WorkerState), model_changed(ModelSnapshot),
        view_ready(str, ViewResult), message_posted(str kind, str text),
        file_done(str what, str path): "saved", "opened" or "exported" finished.
    Everything one intent or one display frame produces travels in a single ``bundle``
    signal (a list of (name, args)): one wake-up of the GUI thread instead of several, each
    of which would take Python's GIL from training.
    """

    bundle = Signal(object)
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
        self._queue = LossQueue()
        self._trace_request = TraceRequest()
        self._last_emit = 0.0
        self._display_interval = DISPLAY_INTERVAL
        self._latest: UpdateRecord | None = None
        self._views = ViewScheduler()
        self._run = TrainingRun(setup, dataset, test_dataset)
        self._pacer: RatePacer | None = None
        self._watch = DivergenceWatch()
        self._reset_watch()
        self._outbox: list[tuple[str, tuple[object, ...]]] = []
        self.stop_requested = threading.Event()
        """Set (from any thread) before ``shutdown`` is queued: long jobs end early."""

    # --- intents (slots, run in the worker thread) -------------------------------------------

    @Slot()
    @guarded
    def start(self) -> None:
        """Announce the initial state (called once the thread runs)."""
        self._emit_model("start")
        self._emit_state()
        self._compute_views(force=True)

    @Slot()
    @guarded
    def step(self) -> None:
        """Exactly one update, whose record is sent; pauses a run first."""
        self._halt()
        try:
            record = self._run.step()
        except DivergenceError as exc:
            self._diverged(exc)
            return
        self._status = Status.PAUSED
        self._send_record(record)
        trace = self._new_trace(1)
        if trace is not None:
            trace.write(0, record.parameters_after, record.gradient, record.batch_indices)
        self._queue.add(record.step, np.array([record.loss_before]), trace)
        self._flush_losses()
        self._emit_state()
        self._compute_views(force=True)
        self._watch_losses(record.step, np.array([record.loss_before]))

    @Slot(int)
    @guarded
    def step_many(self, n: int) -> None:
        """Run exactly ``n`` more updates, then pause (display-rate records meanwhile)."""
        if n < 1:
            raise MlpguiError(f"The number of updates must be at least 1, not {n}.")
        self._remaining = int(n)
        self._start_timer()

    @Slot()
    @guarded
    def preview(self) -> None:
        """Compute the next update's record without applying it (for phase stepping)."""
        if self._halt():  # a run was in progress: show where it stopped first
            if self._latest is not None:
                self._post("record_ready", self._latest)
            self._emit_state()
        # An update that would diverge can still be walked through (it is never applied).
        self._post("preview_ready", self._run.preview(allow_nonfinite=True))

    @Slot()
    @guarded
    def run(self) -> None:
        """Train until paused (or diverged)."""
        self._remaining = None
        if self._status is Status.DIVERGED:
            self._reset_watch()  # the user saw the warning and runs on: watch from here
        self._start_timer()

    @Slot()
    @guarded
    def pause(self) -> None:
        if self._status is Status.RUNNING:
            self._halt()
            if self._latest is not None:
                self._post("record_ready", self._latest)
            self._emit_state()
            self._compute_views(force=True)

    @Slot(bool)
    @guarded
    def reset(self, new_seed: bool = False) -> None:
        """Re-initialise from the seed (or from a newly drawn one) and start counting anew."""
        setup = self._run.setup
        if new_seed:
            setup = setup.replace(seed=int(np.random.default_rng().integers(0, 2**31)))
        self._replace_run(TrainingRun(setup, self._run.dataset, self._run.test_dataset), "reset")

    @Slot(float)
    @guarded
    def set_max_rate(self, rate: float) -> None:
        """Updates per second; ``UNLIMITED`` (0) for full speed."""
        if not (math.isfinite(rate) and rate >= 0):
            raise MlpguiError("The speed must be a positive number of updates per second.")
        self._max_rate = float(rate)
        if self._timer.isActive():
            self._start_timer()
        self._emit_state()

    @Slot(float)
    @guarded
    def set_display_interval(self, seconds: float) -> None:
        """Seconds between records (and losses, states, views) sent while running: the GUI
        asks for longer intervals when drawing takes too much of its time."""
        if math.isfinite(seconds):
            self._display_interval = min(1.0, max(DISPLAY_INTERVAL, float(seconds)))

    @Slot(float)
    @guarded
    def set_learning_rate(self, value: float) -> None:
        self._run.set_learning_rate(value)
        self._reset_watch()
        self._emit_state()

    @Slot(str)
    @guarded
    def set_loss(self, name: str) -> None:
        self._run.set_loss(name)
        self._reset_watch()
        self._emit_state()
        self._compute_views(force=True)

    @Slot(object)
    @guarded
    def set_batch(self, batch: object) -> None:
        self._run.set_batch(batch)
        self._reset_watch()
        self._emit_state()

    @Slot(bool)
    @guarded
    def set_train_biases(self, value: bool) -> None:
        self._run.set_train_biases(value)
        self._emit_state()

    @Slot(object)
    @guarded
    def replace_dataset(self, dataset: Dataset) -> None:
        """Train on ``dataset`` from the next update on (the network is kept)."""
        self._run.replace_dataset(dataset)
        self._reset_watch()
        self._emit_model("dataset")
        self._emit_state()
        self._compute_views(force=True)

    @Slot(object)
    @guarded
    def set_test_dataset(self, dataset: Dataset | None) -> None:
        """Report the loss on ``dataset`` too (None: no test set)."""
        self._run.set_test_dataset(dataset)
        self._emit_model("test set")

    @Slot(object, object)
    @guarded
    def replace_setup(self, setup: TrainingSetup, dataset: Dataset | None = None) -> None:
        """A new architecture, seed or fixed initialisation (and optionally new data):
        re-initialises the network and starts counting anew."""
        data = self._run.dataset if dataset is None else dataset
        self._replace_run(TrainingRun(setup, data, self._run.test_dataset), "setup")

    @Slot(object)
    @guarded
    def edit_parameter(self, edit: ParameterEdit) -> None:
        """Set one weight or bias; it applies before the next update."""
        self._run.edit_parameter(edit.kind, edit.layer, edit.i, edit.j, edit.value)
        self._reset_watch()
        self._emit_model("edit")
        self._compute_views(force=True)

    @Slot(object)
    @guarded
    def set_parameter_names(self, parameter_names: object) -> None:
        """Give parameters names for display (saved with the session; e.g. Mazur's w1…w8).
        Nothing else changes: not θ, not the history."""
        self._run.setup = self._run.setup.replace(parameter_names=parameter_names)
        self._emit_model("names")
        self._emit_state()

    @Slot(str, object)
    @guarded
    def set_view(self, name: str, request: ViewRequest | None) -> None:
        """Register (or with None, drop) a view to compute for the display."""
        if self._views.set(name, request):
            self._views.compute_one(name, request, self._run, self._generation, self._post)

    @Slot(object)
    @guarded
    def set_trace(self, request: TraceRequest) -> None:
        """Choose the per-update values sent with the losses (from the next update on)."""
        if request.parameter_indices is not None:
            size = self._run.net.parameter_count
            if any(not 0 <= i < size for i in request.parameter_indices):
                raise MlpguiError(f"Traced parameters must be positions 0..{size - 1} of θ.")
        self._flush_losses()
        self._trace_request = request

    @Slot()
    @guarded
    def request_snapshot(self) -> None:
        self._emit_model("request")

    # --- history and files --------------------------------------------------------------------

    @Slot(int)
    @guarded
    def show_update(self, step: int) -> None:
        """Send the full record of past update ``step`` (recomputed exactly), and every view
        computed at the parameters after it."""
        if self._halt():  # scrubbing pauses a run: the window learns where it stopped
            if self._latest is not None:
                self._post("record_ready", self._latest)
            self._emit_state()
        record = self._run.record_at(step)
        self._post("history_record_ready", record)
        past = self._run.net.copy()
        past.set_flat_parameters(record.parameters_after)
        self._views.compute(
            self._run, self._generation, self._post, True, self._display_interval, past, step
        )

    @Slot()
    @guarded
    def show_latest(self) -> None:
        """The display is back at the latest update: views of the current network again."""
        self._compute_views(force=True)

    @Slot(int)
    @guarded
    def continue_from(self, step: int) -> None:
        """Go back to just after update ``step``; later updates are discarded."""
        self._halt()
        self._run.continue_from(step)
        self._reset_watch()
        self._latest = self._run.record_at(step)
        self._emit_model("rewind")
        self._emit_state()
        self._post("record_ready", self._latest)
        self._compute_views(force=True)

    @Slot(str, bool)
    @guarded
    def save_session(self, path: str, include_history: bool = True) -> None:
        self._flush_losses()
        save_session(self._run.to_session(self._max_rate), path, include_history)
        self._post("file_done", "saved", path)

    @Slot(str)
    @guarded
    def open_session(self, path: str) -> None:
        """Replace everything by a saved run. Whatever can fail — reading, validating,
        rebuilding the run, recomputing the update to show — happens before the swap, so a
        bad file changes nothing (and the window keeps its unsaved work and flag)."""
        session = load_session(path)  # raises SessionError with one sentence
        run = TrainingRun.from_session(session)
        history = run.history
        latest = None
        if history.first_step <= run.steps <= history.last_step:
            latest = run.record_at(run.steps)  # show where the saved run stopped
        losses = history.losses.copy()
        losses.flags.writeable = False
        test_loss = run.evaluate_test()
        self._max_rate = session.max_rate
        self._replace_run(run, "session")
        if len(losses):  # the saved run's loss curve
            batch = LossBatch(self._generation, history.first_step, losses, test_loss)
            self._post("losses_ready", batch)
        if latest is not None:
            self._latest = latest
            self._post("record_ready", latest)
            self._emit_state()  # with that update's loss
        self._post("file_done", "opened", path)

    @Slot(str)
    @guarded
    def export_history(self, path: str) -> None:
        """Write every kept update's loss and parameters to a CSV file, atomically and in
        chunks: a shutdown meanwhile (``stop_requested``) ends it early, leaving no file."""
        self._halt()
        try:
            self._run.write_history_csv(path, self.stop_requested.is_set)
        except Cancelled:
            return  # the window is closing: nobody to tell
        self._post("file_done", "exported", path)

    @Slot()
    def shutdown(self) -> None:
        """Stop training and end the worker thread's event loop; the GUI then joins it
        (``WorkerHandle.shutdown`` sets ``stop_requested`` before queueing this).

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
                self._send_record(record)
                self._emit_state()
                self._compute_views(force=True)
                return
        now = time.perf_counter()
        show_each = pacer is not None and pacer.one_per_tick
        if show_each or now - self._last_emit >= self._display_interval:
            self._last_emit = now
            self._send_record(record)
            self._flush_losses()
            self._emit_state()
            self._compute_views(force=False)
        if pacer is not None:
            self._timer.start(pacer.delay_ms(time.perf_counter()))

    # --- internals ----------------------------------------------------------------------------

    def _post(self, name: str, *args: object) -> None:
        """Queue a message for the GUI (sent by ``_send_bundle``)."""
        self._outbox.append((name, args))

    def _send_bundle(self) -> None:
        if self._outbox:
            messages, self._outbox = self._outbox, []
            self.bundle.emit(messages)

    def _replace_run(self, run: TrainingRun, reason: str) -> None:
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
        self._compute_views(force=True)

    def _send_record(self, record: UpdateRecord) -> None:
        self._latest = record
        self._post("record_ready", record)

    def _new_trace(self, n: int) -> RunTrace | None:
        return new_trace(self._trace_request, self._run.net, n)

    def _flush_losses(self) -> None:
        if not self._queue:
            return
        batch = self._queue.take(
            self._generation, self._run.evaluate_test(), self._trace_request.parameter_indices
        )
        self._post("losses_ready", batch)

    def _diverged(self, exc: DivergenceError | str) -> None:
        """Training stopped: an update became NaN or infinite (``DivergenceError``, not
        applied) or ran away (a sentence from the DivergenceWatch). The window is shown the
        last update that was made, and Step phase can walk through the one that diverged."""
        self._halt()
        self._status = Status.DIVERGED
        if isinstance(exc, DivergenceError):
            text = f"{exc} Step phase (Ctrl+→) walks through the update that diverged."
        else:
            text = f"Training paused at update {self._run.steps:,}. {exc}"
        self._post("message_posted", "error", text)
        self._emit_model("diverged")
        history = self._run.history
        if history.first_step <= self._run.steps <= history.last_step:
            self._latest = self._run.record_at(self._run.steps)
            self._post("record_ready", self._latest)
        self._emit_state()
        self._compute_views(force=True)

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
        verdict = self._watch.observe(first, losses, size, self._run.trainer.learning_rate)
        if verdict is None:
            return False
        if verdict.kind == "warning":
            self._post("message_posted", "warning", verdict.message)
            return False
        self._diverged(verdict.message)
        return True

    def _fail(self, text: str) -> None:
        """Report an error; a run in progress pauses so that the user can react."""
        self._halt()
        self._post("message_posted", "error", text)
        self._emit_state()

    def _emit_state(self) -> None:
        state = worker_state(
            self._run, self._status, self._generation, self._latest, self._max_rate
        )
        self._post("state_changed", state)

    def _emit_model(self, reason: str) -> None:
        self._post("model_changed", model_snapshot(self._run, self._generation, reason))

    def _compute_views(self, force: bool) -> None:
        self._views.compute(self._run, self._generation, self._post, force, self._display_interval)
