"""The worker protocol: intents handled once each, in the worker thread; messages dispatched by
type; structured errors; model changes as an enum; the GUI store; the feature host."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QObject, Slot

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.animation import AnimationRecorder
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.network.feature import NetworkFeature
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.store import GuiStore
from mlpgui.worker import (
    Errored,
    ErrorKind,
    Intent,
    Message,
    ModelChange,
    ModelChanged,
    RecordReady,
    ReplaceSetup,
    RequestSnapshot,
    Reset,
    SetLearningRate,
    SetMaxRate,
    SetParameterNames,
    StateChanged,
    Status,
    Step,
    TrainingWorker,
    WorkerHandle,
    WorkerState,
)
from mlpgui.worker import intents as intents_module
from mlpgui.worker.intents import HANDLERS, Start, unhandled

from .conftest import WAIT_MS


class Errors(QObject):
    """Collects the worker's errors through a GUI-thread slot."""

    def __init__(self, handle: WorkerHandle) -> None:
        super().__init__()
        self.seen: list[Errored] = []
        handle.errored.connect(self.add)

    @Slot(object)
    def add(self, error: Errored) -> None:
        self.seen.append(error)


def all_subclasses(base: type) -> list[type]:
    return base.__subclasses__()


def test_every_intent_has_one_handler_and_every_message_its_own_signal(qapp):
    assert unhandled() == []
    assert set(HANDLERS) == set(all_subclasses(Intent))
    with pytest.raises(TypeError, match="already has a handler"):
        intents_module.handles(Step)(lambda worker, intent: None)
    setup, data = TrainingSetup.for_preset("xor")
    handle = WorkerHandle(setup, data)
    try:
        signals = [handle.signal_for(kind) for kind in all_subclasses(Message)]
        assert len({id(s) for s in signals}) == len(signals) == 11
    finally:
        assert handle.shutdown()


def test_a_bundle_is_re_emitted_in_order_each_message_on_the_signal_of_its_type(qapp):
    setup, data = TrainingSetup.for_preset("xor")
    handle = WorkerHandle(setup, data)
    heard: list[tuple[str, Message]] = []
    handle.state_changed.connect(lambda m: heard.append(("state", m)))
    handle.errored.connect(lambda m: heard.append(("error", m)))
    handle.record_ready.connect(lambda m: heard.append(("record", m)))
    worker = TrainingWorker(setup, data)
    bundles: list[list[Message]] = []
    worker.bundle.connect(bundles.append)  # this thread: the worker is not moved
    try:
        worker.receive(Step())
        worker.receive(SetMaxRate(-1.0))
        for bundle in bundles:
            handle._on_bundle(bundle)
        kinds = [kind for kind, _ in heard]
        assert kinds == ["record", "state", "error", "state"]
        assert isinstance(heard[0][1], RecordReady) and heard[0][1].record.step == 1
        assert isinstance(heard[1][1], StateChanged)
    finally:
        assert handle.shutdown()


def test_intents_are_handled_in_the_worker_thread(qtbot, window, monkeypatch):
    threads: list[threading.Thread] = []
    original = HANDLERS[Step]

    def recording(worker: TrainingWorker, intent: Step) -> None:
        threads.append(threading.current_thread())
        original(worker, intent)

    monkeypatch.setitem(HANDLERS, Step, recording)
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)
    assert threads and threads[0] is not threading.main_thread()


def test_an_unexpected_error_is_one_sentence_and_its_traceback_only_for_debugging(
    qtbot, window, monkeypatch, capsys
):
    def broken(worker: TrainingWorker, intent: SetLearningRate) -> None:
        raise ZeroDivisionError("the test broke it")

    monkeypatch.setitem(HANDLERS, SetLearningRate, broken)
    monkeypatch.setenv("MLPGUI_DEBUG", "1")
    errors = Errors(window.worker)
    window.worker.send(SetLearningRate(0.25))
    qtbot.waitUntil(lambda: bool(errors.seen), timeout=WAIT_MS)
    error = errors.seen[0]
    assert error.kind is ErrorKind.UNEXPECTED
    sentence = "Unexpected error in the training worker: ZeroDivisionError: the test broke it"
    assert error.message == sentence
    assert error.traceback is not None and "in broken" in error.traceback
    assert window.banner.text() == sentence  # the sentence, never the traceback
    assert "in broken" in window.banner.toolTip()
    assert "in broken" in capsys.readouterr().err  # MLPGUI_DEBUG=1: on stderr too
    window.controls.step_action.trigger()  # the worker survived
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)


def test_bad_input_is_refused_with_one_sentence_and_no_traceback(qtbot, window, capsys):
    errors = Errors(window.worker)
    window.worker.send(SetMaxRate(float("nan")))
    qtbot.waitUntil(lambda: bool(errors.seen), timeout=WAIT_MS)
    error = errors.seen[0]
    assert error.kind is ErrorKind.REFUSED and error.traceback is None
    assert window.banner.text() == error.message
    assert window.banner.toolTip() == ""
    assert "Traceback" not in capsys.readouterr().err


def test_exactly_the_changes_that_start_a_generation_count_anew(qapp):
    setup, data = TrainingSetup.for_preset("xor")
    worker = TrainingWorker(setup, data)
    snapshots: list[ModelChanged] = []
    worker.bundle.connect(
        lambda bundle: snapshots.extend(m for m in bundle if isinstance(m, ModelChanged))
    )
    names = tuple((i, f"p{i}") for i in range(2))
    for intent in (
        Start(), Step(), RequestSnapshot(), Reset(), Step(), SetParameterNames(names),
        ReplaceSetup(setup.replace(layer_sizes=(2, 3, 1))), Reset(new_seed=True),
    ):  # fmt: skip
        worker.receive(intent)
    reasons = [m.snapshot.reason for m in snapshots]
    assert reasons == [
        ModelChange.START, ModelChange.REQUEST, ModelChange.RESET, ModelChange.NAMES,
        ModelChange.SETUP, ModelChange.RESET,
    ]  # fmt: skip
    generation = -1
    for message in snapshots:
        snapshot = message.snapshot
        if snapshot.starts_generation:
            assert snapshot.generation == generation + 1 and snapshot.steps == 0
            generation = snapshot.generation
        else:
            assert snapshot.generation == generation
    assert not any(isinstance(r, str) for r in reasons)


def _state(status: Status, steps: int = 0) -> WorkerState:
    setup, _ = TrainingSetup.for_preset("xor")
    return WorkerState(status, 0, steps, 0, None, setup, 0.0)


def test_the_store_says_when_training_starts_and_stops_before_the_state(qapp):
    store = GuiStore()
    heard: list[object] = []
    store.running_changed.connect(lambda running: heard.append(running))
    store.state_changed.connect(lambda state: heard.append(state.status))
    for status in (Status.IDLE, Status.RUNNING, Status.RUNNING, Status.PAUSED, Status.DIVERGED):
        store.set_state(_state(status))
    assert heard == [
        Status.IDLE, True, Status.RUNNING, Status.RUNNING, False, Status.PAUSED,
        Status.DIVERGED,
    ]  # fmt: skip
    assert not store.running and store.status is Status.DIVERGED


def test_the_store_forgets_the_latest_record_when_a_generation_starts(qtbot, window):
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.store.latest is not None, timeout=WAIT_MS)
    assert window.store.is_current(window.store.generation)
    window.controls.reset_action.trigger()
    qtbot.waitUntil(lambda: window.store.generation == 1, timeout=WAIT_MS)
    assert window.store.latest is None and window.store.shown is None
    assert not window.store.is_current(0)
    assert np.array_equal(window.store.snapshot.parameters, window.latest_snapshot().parameters)


def test_features_find_each_other_through_the_host_and_patch_nothing_onto_the_window(window):
    for kind in (NetworkFeature, PlotsFeature, DatasetEditor, AnimationRecorder):
        assert isinstance(window.feature(kind), kind)
    assert window.feature(GuiStore) is None  # not a registered part
    for name in ("network", "animation", "plots", "record_dock", "dataset"):
        assert name not in vars(window)
    with pytest.raises(ValueError, match="already registered"):
        window.host.register(window.feature(NetworkFeature))
