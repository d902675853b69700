"""RunComparison: the worker's kept runs (run comparison) and the intents about them.

A base of ``TrainingWorker`` (between it and ``TrainingLoop``), so that training_worker.py
stays one idea: the worker trains one *active* run, and keeps up to ``MAX_RUNS − 1`` others
(``RunShelf``, mlpgui/core/run_shelf.py) whose loss curves the window overlays. Every change
of the kept runs, or of what labels them (the active run's setup or data), is told with one
``RunsChanged``; with no run kept, nothing here costs anything. Worker thread only.
"""

from __future__ import annotations

from mlpgui.core import Dataset
from mlpgui.core.history import DEFAULT_BUDGET_BYTES
from mlpgui.core.run import TrainingRun
from mlpgui.core.run_shelf import RunShelf
from mlpgui.core.setup import TrainingSetup

from .intents import DropRun, KeepRun, RenameRun, SwitchRun, handles
from .loop import TrainingLoop
from .messages import LossesReady, RunsChanged
from .values import LossBatch, ModelChange


class RunComparison(TrainingLoop):
    """The kept runs and their intents (see the module docstring)."""

    def __init__(
        self, setup: TrainingSetup, dataset: Dataset, test_dataset: Dataset | None = None
    ) -> None:
        super().__init__(setup, dataset, test_dataset)
        self._shelf = RunShelf()
        self._described: tuple[object, object] | None = None
        """(setup, dataset) of the active run when the runs were last told (labels)."""

    # --- intents ------------------------------------------------------------------------------

    @handles(KeepRun)
    def keep_run(self, intent: KeepRun) -> None:
        """Keep the active run: as it is, training again from the same start (``restart``),
        or as a copy while it goes on. Refused with one sentence beyond the limits."""
        run, loss = self._run, self._latest_loss()
        if intent.restart:
            fresh = TrainingRun(run.setup, run.dataset, run.test_dataset)
            self._shelf.keep_and_restart(run, fresh, loss)  # checks the limits first
            self._replace_run(fresh, ModelChange.RESET)
        else:
            self._shelf.keep_copy(run, loss)
        self._tell_runs()

    @handles(SwitchRun)
    def switch_run(self, intent: SwitchRun) -> None:
        """The kept run becomes the active one: a new generation, with its loss curve, its
        latest update and its state (as when a session is opened)."""
        if intent.run_id == self._shelf.active_id:
            return
        target = self._shelf.run(intent.run_id)  # refused if it is not kept
        history = target.history
        latest = None  # what can fail happens before anything changes
        if history.first_step <= target.steps <= history.last_step:
            latest = target.record_at(target.steps)
        test_loss = target.evaluate_test()
        self._shelf.swap(intent.run_id, self._run, self._latest_loss())
        self._replace_run(target, ModelChange.SWITCHED)
        if len(history):
            losses = history.losses.copy()
            losses.flags.writeable = False
            batch = LossBatch(self._generation, history.first_step, losses, test_loss)
            self._post(LossesReady(batch))
        if latest is not None:
            self._send_record(latest)
            self._emit_state()  # with that update's loss
        self._tell_runs()

    @handles(RenameRun)
    def rename_run(self, intent: RenameRun) -> None:
        self._shelf.rename(intent.run_id, intent.label)
        self._tell_runs()

    @handles(DropRun)
    def drop_run(self, intent: DropRun) -> None:
        self._shelf.drop(intent.run_id)
        self._tell_runs()

    # --- memory -------------------------------------------------------------------------------

    def _check_room(
        self,
        setup: TrainingSetup,
        dataset: Dataset,
        test_dataset: Dataset | None,
        history_budget: int = DEFAULT_BUDGET_BYTES,
    ) -> None:
        """Before the active run gets ``setup`` or these data: refuse with one sentence if it
        would not fit in memory, alone or together with the kept runs (RunShelf.check_active).
        Allocates nothing."""
        rows = max(len(dataset), 0 if test_dataset is None else len(test_dataset))
        self._shelf.check_active(setup, rows, history_budget)

    # --- what changes labels ------------------------------------------------------------------

    def _replace_run(self, run: TrainingRun, reason: ModelChange) -> None:
        """A new setup or an opened session is another run: the label typed for the run it
        replaces no longer applies."""
        if reason in (ModelChange.SETUP, ModelChange.SESSION):
            self._shelf.forget_active_label()
        super()._replace_run(run, reason)

    def _emit_state(self) -> None:
        """Also tells the runs again when the active run's setup or data changed (their
        labels say what differs), while runs are kept."""
        super()._emit_state()
        if len(self._shelf):
            described, run = self._described, self._run
            if (
                described is None
                or described[0] is not run.setup
                or described[1] is not run.dataset
            ):
                self._tell_runs()

    def _tell_runs(self) -> None:
        run = self._run
        self._described = (run.setup, run.dataset)
        self._post(RunsChanged(self._shelf.summaries(run, self._latest_loss())))

    def _latest_loss(self) -> float | None:
        """L(θ after the active run's last update), if that update's record is at hand."""
        latest = self._latest
        if latest is None or latest.step != self._run.steps:
            return None
        return float(latest.loss_after)
