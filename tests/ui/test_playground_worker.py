"""The worker's intents for the additions to the lecture: SetRegularisation and SetMomentum
apply from the next update, watch for divergence afresh, and are refused with one sentence
(nothing changed) when out of range or when the run would not fit in memory. Input features
travel as a new setup (ReplaceSetup)."""

from __future__ import annotations

import pytest

import mlpgui.core.setup as core_setup
from mlpgui.core.features import product
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import (
    Errored,
    ErrorKind,
    Message,
    ModelChanged,
    RecordReady,
    ReplaceSetup,
    StateChanged,
    Step,
    TrainingWorker,
)
from mlpgui.worker.intents import SetMomentum, SetRegularisation


class Bundles:
    """A worker in this thread (not moved) and everything it sent."""

    def __init__(self, preset: str = "xor") -> None:
        setup, data = TrainingSetup.for_preset(preset)
        self.worker = TrainingWorker(setup, data)
        self.messages: list[Message] = []
        self.worker.bundle.connect(self.messages.extend)
        self.watch_resets = 0
        original = self.worker._reset_watch

        def counting() -> None:
            self.watch_resets += 1
            original()

        self.worker._reset_watch = counting  # type: ignore[method-assign]

    def send(self, intent: object) -> list[Message]:
        start = len(self.messages)
        self.worker.receive(intent)
        return self.messages[start:]

    def last(self, kind: type) -> object:
        return next(m for m in reversed(self.messages) if isinstance(m, kind))


def test_regularisation_applies_from_the_next_update_and_restarts_the_watch(qapp):
    b = Bundles()
    answer = b.send(SetRegularisation(0.01, 0.02))
    state = next(m for m in answer if isinstance(m, StateChanged)).state
    assert (state.setup.l1_rate, state.setup.l2_rate) == (0.01, 0.02)
    assert b.watch_resets == 1
    assert not any(isinstance(m, Errored) for m in answer)
    record = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert (record.l1_rate, record.l2_rate) == (0.01, 0.02)
    assert record.regularisation_before > 0.0
    assert record.loss_before == pytest.approx(
        record.data_loss_before + record.regularisation_before, rel=1e-15
    )
    b.send(SetRegularisation(0.0, 0.0))
    record = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert record.regularisation_gradient is None and record.l2_rate == 0.0


def test_momentum_applies_from_the_next_update_and_zero_switches_it_off(qapp):
    b = Bundles()
    b.send(SetMomentum(0.9))
    assert b.last(StateChanged).state.setup.momentum == 0.9
    assert b.watch_resets == 1
    b.send(Step())
    second = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert second.momentum == 0.9 and second.velocity_before is not None
    b.send(SetMomentum(0.0))
    third = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert third.velocity_before is None and third.momentum == 0.0


@pytest.mark.parametrize(
    ("intent", "words"),
    [
        (SetRegularisation(-0.1, 0.0), "λ₁ (L1) must be a finite number between 0 and"),
        (SetRegularisation(0.0, float("nan")), "λ₂ (L2) must be a finite number"),
        (SetRegularisation(0.0, 2e6), "λ₂ (L2) must be a finite number between 0 and 1e+06"),
        (SetMomentum(1.0), "up to, but not including, 1"),
        (SetMomentum(-0.5), "momentum μ must be a number from 0"),
        (SetMomentum(True), "must be a number, not True"),  # type: ignore[arg-type]
    ],
)
def test_values_out_of_range_are_refused_with_one_sentence_and_nothing_changes(qapp, intent, words):
    b = Bundles()
    b.send(SetRegularisation(0.01, 0.02))
    b.send(SetMomentum(0.5))
    before = b.last(StateChanged).state.setup
    answer = b.send(intent)
    errors = [m for m in answer if isinstance(m, Errored)]
    assert len(errors) == 1 and errors[0].kind is ErrorKind.REFUSED
    assert words in errors[0].message and "\n" not in errors[0].message
    assert errors[0].traceback is None
    assert b.last(StateChanged).state.setup == before
    record = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert (record.l1_rate, record.l2_rate, record.momentum) == (0.01, 0.02, 0.5)


def test_a_run_that_would_not_fit_in_memory_refuses_them(qapp, monkeypatch):
    b = Bundles()
    monkeypatch.setattr(core_setup, "MAX_TRAINING_BYTES", 1)
    for intent in (SetRegularisation(0.0, 0.1), SetMomentum(0.5)):
        errors = [m for m in b.send(intent) if isinstance(m, Errored)]
        assert len(errors) == 1 and "would need about" in errors[0].message
    record = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    assert (record.l2_rate, record.momentum) == (0.0, 0.0)


def test_input_features_arrive_as_a_new_setup(qapp):
    b = Bundles()
    setup = b.worker._run.setup.replace(input_features=(product(0, 1),))
    answer = b.send(ReplaceSetup(setup))
    snapshot = next(m for m in answer if isinstance(m, ModelChanged)).snapshot
    assert snapshot.setup.layer_sizes[0] == 3 and snapshot.setup.raw_input_dim == 2
    record = next(m for m in b.send(Step()) if isinstance(m, RecordReady)).record
    inputs = record.activations[0]
    assert (inputs[:, 2] == inputs[:, 0] * inputs[:, 1]).all()
