"""TrainingRun: one training run's whole state — setup, data, network, trainer, history.

The GUI's worker and the command line both drive a ``TrainingRun``, so training the same way
in either gives bit-identical results, and either can save a session the other opens.

Datasets given to a run hold the RAW inputs (as the dataset editor shows them); with input
features (``setup.input_features``) the trainer derives the extra input columns itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

from .dataset import Dataset
from .errors import DivergenceError, TrainingError
from .history import DEFAULT_BUDGET_BYTES, History
from .history_csv import history_csv_text, write_history_csv
from .record import UpdateRecord
from .session import Session
from .setup import TrainingSetup
from .trace import RunTrace
from .update_rule import check_regularisation_rate


class TrainingRun:
    """A network being trained, with its full history. Not thread-safe (one owner)."""

    def __init__(
        self,
        setup: TrainingSetup,
        dataset: Dataset,
        test_dataset: Dataset | None = None,
        history_budget: int = DEFAULT_BUDGET_BYTES,
    ) -> None:
        # Within the memory limit before anything is allocated (NetworkError otherwise).
        setup.check_memory(max(len(dataset), 0 if test_dataset is None else len(test_dataset)))
        net = setup.network()
        trainer = setup.trainer(net, dataset)  # raises if the data do not fit the network
        self.setup, self.dataset, self.net, self.trainer = setup, dataset, net, trainer
        self.test_dataset = _fitting(test_dataset, dataset)
        self.history = History.start(trainer, history_budget)
        self.exercises: dict[str, Any] | None = None
        """An exercise set about the next update (``ExerciseSet.to_json``; saved with the
        session), or None. Whoever changes the run keeps it current (the window does)."""

    @classmethod
    def from_session(cls, session: Session) -> TrainingRun:
        """Continue a saved run exactly where it stopped (``load_session`` checked that its
        history, if any, ends at the trainer's update count)."""
        run = cls(session.setup, session.dataset, session.test_dataset)
        run.net.set_flat_parameters(session.parameters)
        run.trainer.restore(session.trainer_state)
        if session.history is not None and session.history.last_step == run.trainer.steps:
            run.history = session.history
            run.history.resume(run.trainer)
        else:  # no history saved: it starts here
            run.history = History.start(run.trainer)
        run.exercises = session.exercises
        return run

    def to_session(self, max_rate: float = 0.0, include_history: bool = True) -> Session:
        return Session(
            self.setup,
            self.net.parameters.copy(),
            self.dataset,
            self.test_dataset,
            self.trainer.state(),
            max_rate,
            self.history if include_history else None,
            self.exercises,
        )

    @property
    def steps(self) -> int:
        return self.trainer.steps

    # --- settings (each starts a new era of the history) --------------------------------------

    def set_learning_rate(self, value: float) -> None:
        self.trainer.learning_rate = value
        self._changed(learning_rate=self.trainer.learning_rate)

    def set_loss(self, name: str) -> None:
        self.trainer.loss = name
        self._changed(loss=name)

    def set_batch(self, batch: object) -> None:
        self.trainer.batch = batch  # type: ignore[assignment]
        self._changed(batch=self.trainer.batch)

    def set_train_biases(self, value: bool) -> None:
        self.trainer.train_biases = value
        self._changed(train_biases=bool(value))

    def set_regularisation(
        self, l1_rate: float | None = None, l2_rate: float | None = None
    ) -> None:
        """λ₁ and/or λ₂ (None: unchanged; 0: that term off), from the next update on. Both
        (and the memory they need) are checked before either changes."""
        trainer = self.trainer
        l1 = trainer.l1_rate if l1_rate is None else check_regularisation_rate(l1_rate, "λ₁ (L1)")
        l2 = trainer.l2_rate if l2_rate is None else check_regularisation_rate(l2_rate, "λ₂ (L2)")
        self.setup.replace(l1_rate=l1, l2_rate=l2).check_memory(len(self.dataset))
        trainer.l1_rate, trainer.l2_rate = l1, l2
        self._changed(l1_rate=l1, l2_rate=l2)

    def set_momentum(self, value: float) -> None:
        """μ from the next update on (0: off, which forgets the velocity); the memory it
        needs is checked first."""
        self.setup.replace(momentum=value).check_memory(len(self.dataset))
        self.trainer.momentum = value
        self._changed(momentum=self.trainer.momentum)

    def replace_dataset(self, dataset: Dataset) -> None:
        self.setup.check_memory(len(dataset))  # NetworkError, before anything changes
        self.trainer.dataset = dataset
        self.dataset = dataset
        self.test_dataset = _fitting(self.test_dataset, dataset)
        self.history.settings_changed(self.trainer)

    def set_test_dataset(self, dataset: Dataset | None) -> None:
        if dataset is not None and _fitting(dataset, self.dataset) is None:
            raise TrainingError("The test set's columns do not match the training set's.")
        if dataset is not None:
            self.setup.check_memory(len(dataset))
        self.test_dataset = dataset

    def edit_parameter(self, kind: str, layer: int, i: int, j: int, value: float) -> None:
        """Set w_ij of W^(layer+1) (kind "w") or b_i of b^(layer+1) (kind "b") by hand."""
        if kind == "w":
            self.net.set_weight(layer, i, j, value)
        elif kind == "b":
            self.net.set_bias(layer, i, value)
        else:
            raise TrainingError(f"Unknown parameter kind {kind!r}; use 'w' or 'b'.")
        self.history.settings_changed(self.trainer, parameters_set=True)

    def _changed(self, **setup_changes: object) -> None:
        self.setup = self.setup.replace(**setup_changes)
        self.history.settings_changed(self.trainer)

    # --- training -----------------------------------------------------------------------------

    def step(self) -> UpdateRecord:
        record = self.trainer.step()
        self.history.add_run(self.trainer, record.step, np.array([record.loss_before]))
        return record

    def preview(self, allow_nonfinite: bool = False) -> UpdateRecord:
        return self.trainer.preview(allow_nonfinite)

    def run(
        self, n: int, losses: np.ndarray | None = None, trace: RunTrace | None = None
    ) -> UpdateRecord:
        """``n`` updates (see Trainer.run), recorded in the history — also when they end in a
        DivergenceError (the completed ones are kept)."""
        first = self.trainer.steps + 1
        losses = np.empty(n) if losses is None else losses
        if trace is None or trace.parameters is None or trace.parameter_indices is not None:
            full = None
        else:
            full = trace.parameters
        try:
            record = self.trainer.run(n, losses=losses, trace=trace)
        except DivergenceError as exc:
            if exc.completed:
                rows = None if full is None else full[: exc.completed]
                self.history.add_run(self.trainer, first, losses[: exc.completed], rows)
            raise
        self.history.add_run(self.trainer, first, losses[:n], None if full is None else full[:n])
        return record

    def evaluate_test(self) -> float | None:
        return None if self.test_dataset is None else self.trainer.evaluate(self.test_dataset)

    # --- history ------------------------------------------------------------------------------

    def record_at(self, step: int) -> UpdateRecord:
        """The full record of past update ``step`` (recomputed exactly)."""
        return self.history.record(step)

    def continue_from(self, step: int) -> None:
        """Go back to just after update ``step``: its parameters, velocity, settings and
        sample order; later updates are discarded."""
        history = self.history
        if not history.first_step <= step <= history.last_step:
            raise TrainingError(
                f"Update {step} is not in the history ({history.first_step}–{history.last_step})."
            )
        era = history.era_of(step)
        theta = history.parameters_after(step)
        state = history.trainer_state_after(step)
        trainer = self.trainer
        if era.dataset is not self.dataset:
            trainer.dataset = era.dataset
            self.dataset = era.dataset
            self.test_dataset = _fitting(self.test_dataset, era.dataset)
        trainer.learning_rate = era.learning_rate
        trainer.loss = era.loss
        trainer.batch = era.batch
        trainer.train_biases = era.train_biases
        trainer.l1_rate, trainer.l2_rate = era.l1_rate, era.l2_rate
        trainer.momentum = era.momentum
        self.setup = self.setup.replace(
            learning_rate=era.learning_rate,
            loss=era.loss,
            batch=trainer.batch,
            train_biases=era.train_biases,
            l1_rate=era.l1_rate,
            l2_rate=era.l2_rate,
            momentum=era.momentum,
        )
        self.net.set_flat_parameters(theta)
        trainer.restore(state)
        history.truncate(step)
        trainer.epoch_log = []

    def history_csv(self) -> str:
        """Every kept update's loss and the parameters after it, as CSV text: columns
        update, epoch, learning_rate, loss (before the update), then θ named w<l>_<ij> and
        b<l>_<i> (1-based, as in the lecture). For large histories use write_history_csv."""
        return history_csv_text(self.history, self.net)

    def write_history_csv(
        self, path: str | os.PathLike[str], should_stop: Callable[[], bool] | None = None
    ) -> None:
        """Write ``history_csv()``'s text to ``path`` atomically, streaming in chunks.

        ``should_stop()`` is called between chunks (in the calling thread); when it returns
        True the partial temporary file is removed and ``Cancelled`` is raised (``path`` is
        untouched). A file that cannot be written raises MlpguiError with one sentence.
        """
        write_history_csv(self.history, self.net, path, should_stop)


def _fitting(test: Dataset | None, train: Dataset) -> Dataset | None:
    """``test`` if its columns match ``train``'s, else None."""
    if test is None:
        return None
    if test.input_dim != train.input_dim or test.output_dim != train.output_dim:
        return None
    return test
