"""TrainingWorker: the QObject that owns the training run, in its own thread.

The GUI reaches it only through ``receive`` (a queued slot: it runs in the worker thread, as
every handler it calls) and hears back only through ``bundle`` (see loop.py), which carries
immutable messages (messages.py). Each intent type (intents.py) has exactly one handler here,
registered with ``@handles``. The run's state and its history live in a core
``TrainingRun``; TrainingLoop adds timing and the outbox.
"""

from __future__ import annotations

import copy
import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QThread, Slot

from mlpgui.core import DivergenceError, MlpguiError
from mlpgui.core.errors import Cancelled
from mlpgui.core.exercise_json import parse as parse_exercises
from mlpgui.core.history import DEFAULT_BUDGET_BYTES
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session

from .guard import guarded
from .intents import (
    HANDLERS,
    ContinueFrom,
    ExportHistory,
    Intent,
    OpenSession,
    ParameterEdit,
    Pause,
    Preview,
    ReplaceDataset,
    ReplaceSetup,
    RequestPlotData,
    RequestSnapshot,
    Reset,
    Run,
    SaveSession,
    SetBatch,
    SetDisplayInterval,
    SetExerciseSet,
    SetLearningRate,
    SetLoss,
    SetMaxRate,
    SetMomentum,
    SetParameterNames,
    SetRegularisation,
    SetTestDataset,
    SetTrace,
    SetTrainBiases,
    ShowLatest,
    ShowUpdate,
    Start,
    Step,
    StepMany,
    handles,
    unhandled,
)
from .loop import DISPLAY_INTERVAL
from .messages import FileAction, FileDone, HistoryRecordReady, LossesReady, PreviewReady
from .runs import RunComparison
from .values import LossBatch, ModelChange, Status


class TrainingWorker(RunComparison):
    """Owns the training run; does what the intents it receives ask (see the module; the
    intents about kept runs are handled by RunComparison, runs.py)."""

    @Slot(object)
    @guarded
    def receive(self, intent: Intent) -> None:
        """Handle one intent (queued from the GUI thread; runs in the worker thread). An
        error becomes an ``Errored`` message; the messages produced leave as one bundle."""
        HANDLERS[type(intent)](self, intent)

    @Slot()
    def shutdown(self) -> None:
        """Stop training and end the worker thread's event loop; the GUI then joins it
        (``WorkerHandle.shutdown`` sets ``stop_requested`` before queueing this).

        The worker moves itself back to the application's thread first, so that the GUI side
        may delete it once the worker thread has finished.
        """
        self._timer.stop()
        app = QCoreApplication.instance()
        current = QThread.currentThread()
        if app is not None and current is not app.thread():
            self.moveToThread(app.thread())
            current.quit()

    # --- training -----------------------------------------------------------------------------

    @handles(Start)
    def start(self, _: Start) -> None:
        """Announce the initial state (once the thread runs)."""
        self._emit_model(ModelChange.START)
        self._emit_state()
        self._compute_plot_data(force=True)

    @handles(Step)
    def step(self, _: Step) -> None:
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
        self._compute_plot_data(force=True)
        self._watch_losses(record.step, np.array([record.loss_before]))

    @handles(StepMany)
    def step_many(self, intent: StepMany) -> None:
        if intent.n < 1:
            raise MlpguiError(f"The number of updates must be at least 1, not {intent.n}.")
        self._remaining = int(intent.n)
        self._start_timer()

    @handles(Preview)
    def preview(self, _: Preview) -> None:
        self._show_where_paused()
        # An update that would diverge can still be walked through (it is never applied).
        self._post(PreviewReady(self._run.preview(allow_nonfinite=True)))

    @handles(Run)
    def run(self, _: Run) -> None:
        self._remaining = None
        if self._status is Status.DIVERGED:
            self._reset_watch()  # the user saw the warning and runs on: watch from here
        self._start_timer()

    @handles(Pause)
    def pause(self, _: Pause) -> None:
        if self._status is Status.RUNNING and self._show_where_paused():
            self._compute_plot_data(force=True)

    @handles(Reset)
    def reset(self, intent: Reset) -> None:
        setup = self._run.setup
        if intent.new_seed:
            setup = setup.replace(seed=int(np.random.default_rng().integers(0, 2**31)))
        run = TrainingRun(setup, self._run.dataset, self._run.test_dataset)
        self._replace_run(run, ModelChange.RESET)

    @handles(ContinueFrom)
    def continue_from(self, intent: ContinueFrom) -> None:
        self._halt()
        self._run.continue_from(intent.step)
        self._reset_watch()
        self._latest = self._run.record_at(intent.step)
        self._emit_model(ModelChange.REWIND)
        self._emit_state()
        self._send_record(self._latest)
        self._compute_plot_data(force=True)

    def _show_where_paused(self) -> bool:
        """Pause a run in progress and send where it stopped; True if one was running."""
        if not self._halt():
            return False
        if self._latest is not None:
            self._send_record(self._latest)
        self._emit_state()
        return True

    # --- settings -----------------------------------------------------------------------------

    @handles(SetMaxRate)
    def set_max_rate(self, intent: SetMaxRate) -> None:
        rate = intent.rate
        if not (math.isfinite(rate) and rate >= 0):
            raise MlpguiError("The speed must be a positive number of updates per second.")
        self._max_rate = float(rate)
        if self._timer.isActive():
            self._start_timer()
        self._emit_state()

    @handles(SetDisplayInterval)
    def set_display_interval(self, intent: SetDisplayInterval) -> None:
        """The GUI asks for longer intervals when drawing takes too much of its time."""
        if math.isfinite(intent.seconds):
            self._display_interval = min(1.0, max(DISPLAY_INTERVAL, float(intent.seconds)))

    @handles(SetLearningRate)
    def set_learning_rate(self, intent: SetLearningRate) -> None:
        self._run.set_learning_rate(intent.value)
        self._reset_watch()
        self._emit_state()

    @handles(SetLoss)
    def set_loss(self, intent: SetLoss) -> None:
        self._run.set_loss(intent.name)
        self._reset_watch()
        self._emit_state()
        self._compute_plot_data(force=True)

    @handles(SetBatch)
    def set_batch(self, intent: SetBatch) -> None:
        self._run.set_batch(intent.batch)
        self._reset_watch()
        self._emit_state()

    @handles(SetTrainBiases)
    def set_train_biases(self, intent: SetTrainBiases) -> None:
        self._run.set_train_biases(intent.value)
        self._emit_state()

    @handles(SetRegularisation)
    def set_regularisation(self, intent: SetRegularisation) -> None:
        """λ₁, λ₂ (checked, with the memory they need, before either changes). The loss now
        includes L_reg: the loss surface is recomputed."""
        self._run.set_regularisation(intent.l1_rate, intent.l2_rate)
        self._reset_watch()
        self._emit_state()
        self._compute_plot_data(force=True)

    @handles(SetMomentum)
    def set_momentum(self, intent: SetMomentum) -> None:
        self._run.set_momentum(intent.mu)
        self._reset_watch()
        self._emit_state()

    # --- the network and the data -------------------------------------------------------------

    @handles(ReplaceDataset)
    def replace_dataset(self, intent: ReplaceDataset) -> None:
        run = self._run
        self._check_room(run.setup, intent.dataset, run.test_dataset, run.history.budget_bytes)
        run.replace_dataset(intent.dataset)
        self._reset_watch()
        self._emit_model(ModelChange.DATASET)
        self._emit_state()
        self._compute_plot_data(force=True)

    @handles(SetTestDataset)
    def set_test_dataset(self, intent: SetTestDataset) -> None:
        run = self._run
        self._check_room(run.setup, run.dataset, intent.dataset, run.history.budget_bytes)
        run.set_test_dataset(intent.dataset)
        self._emit_model(ModelChange.TEST_SET)

    @handles(ReplaceSetup)
    def replace_setup(self, intent: ReplaceSetup) -> None:
        data = self._run.dataset if intent.dataset is None else intent.dataset
        self._check_room(intent.setup, data, self._run.test_dataset)  # before allocating
        run = TrainingRun(intent.setup, data, self._run.test_dataset)
        self._replace_run(run, ModelChange.SETUP)

    @handles(ParameterEdit)
    def edit_parameter(self, edit: ParameterEdit) -> None:
        self._run.edit_parameter(edit.kind, edit.layer, edit.i, edit.j, edit.value)
        self._reset_watch()
        self._emit_model(ModelChange.EDIT)
        self._compute_plot_data(force=True)

    @handles(SetParameterNames)
    def set_parameter_names(self, intent: SetParameterNames) -> None:
        """Not θ, not the history: only the names (saved with the session) change."""
        self._run.setup = self._run.setup.replace(parameter_names=intent.names)
        self._emit_model(ModelChange.NAMES)
        self._emit_state()

    @handles(SetExerciseSet)
    def set_exercise_set(self, intent: SetExerciseSet) -> None:
        """Kept on the run (a copy) and saved with the session; a damaged set is refused. A
        set that differs from the one kept is a change of the session: ModelChanged(EXERCISES)
        (θ, the data and the settings are as they were)."""
        data = intent.data
        if data is not None:
            parse_exercises(data)  # ExerciseError (one sentence) if its structure is wrong
            data = copy.deepcopy(data)
        if data == self._run.exercises:
            return  # e.g. an opened session's set, made again in the window
        self._run.exercises = data
        self._emit_model(ModelChange.EXERCISES)

    # --- what the displays need ---------------------------------------------------------------

    @handles(RequestPlotData)
    def request_plot_data(self, intent: RequestPlotData) -> None:
        request = intent.request
        if self._plot_data.set(intent.name, request) and request is not None:
            self._plot_data.compute_one(
                intent.name, request, self._run, self._generation, self._post
            )

    @handles(SetTrace)
    def set_trace(self, intent: SetTrace) -> None:
        request = intent.request
        if request.parameter_indices is not None:
            size = self._run.net.parameter_count
            if any(not 0 <= i < size for i in request.parameter_indices):
                raise MlpguiError(f"Traced parameters must be positions 0..{size - 1} of θ.")
        self._flush_losses()
        self._trace_request = request

    @handles(RequestSnapshot)
    def request_snapshot(self, _: RequestSnapshot) -> None:
        self._emit_model(ModelChange.REQUEST)

    @handles(ShowUpdate)
    def show_update(self, intent: ShowUpdate) -> None:
        self._show_where_paused()  # scrubbing pauses a run: the window learns where it stopped
        record = self._run.record_at(intent.step)
        self._post(HistoryRecordReady(record))
        past = self._run.net.copy()
        past.set_flat_parameters(record.parameters_after)
        self._plot_data.compute(
            self._run, self._generation, self._post, True, self._display_interval,
            past, intent.step,
        )  # fmt: skip

    @handles(ShowLatest)
    def show_latest(self, _: ShowLatest) -> None:
        self._compute_plot_data(force=True)

    # --- files --------------------------------------------------------------------------------

    @handles(SaveSession)
    def save_session(self, intent: SaveSession) -> None:
        self._flush_losses()
        save_session(self._run.to_session(self._max_rate), intent.path, intent.include_history)
        self._post(FileDone(FileAction.SAVED, intent.path))

    @handles(OpenSession)
    def open_session(self, intent: OpenSession) -> None:
        """Whatever can fail — reading, validating, rebuilding the run, recomputing the
        update to show — happens before the swap, so a bad file changes nothing (and the
        window keeps its unsaved work and flag)."""
        session = load_session(intent.path)  # raises SessionError with one sentence
        saved = session.history
        budget = DEFAULT_BUDGET_BYTES if saved is None else saved.budget_bytes
        self._check_room(session.setup, session.dataset, session.test_dataset, budget)
        run = TrainingRun.from_session(session)
        history = run.history
        latest = None
        if history.first_step <= run.steps <= history.last_step:
            latest = run.record_at(run.steps)  # show where the saved run stopped
        losses = history.losses.copy()
        losses.flags.writeable = False
        test_loss = run.evaluate_test()
        self._max_rate = session.max_rate
        self._replace_run(run, ModelChange.SESSION)
        if len(losses):  # the saved run's loss curve
            batch = LossBatch(self._generation, history.first_step, losses, test_loss)
            self._post(LossesReady(batch))
        if latest is not None:
            self._send_record(latest)
            self._emit_state()  # with that update's loss
        self._post(FileDone(FileAction.OPENED, intent.path))

    @handles(ExportHistory)
    def export_history(self, intent: ExportHistory) -> None:
        """Written atomically and in chunks: a shutdown meanwhile (``stop_requested``) ends
        it early, leaving no file."""
        self._halt()
        try:
            self._run.write_history_csv(intent.path, self.stop_requested.is_set)
        except Cancelled:
            return  # the window is closing: nobody to tell
        self._post(FileDone(FileAction.EXPORTED, intent.path))


if unhandled():  # pragma: no cover - a programming error, caught at import
    raise TypeError(f"Intents without a handler: {[k.__name__ for k in unhandled()]}")
