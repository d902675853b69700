"""Session files: exact round trips, atomic writes, and clear refusals of bad files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlpgui.core import Dataset, DivergenceError
from mlpgui.core.history import History
from mlpgui.core.session import (
    VERSION,
    Session,
    SessionError,
    load_session,
    save_session,
    session_from_json,
    session_to_json,
)
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace


def _train(setup: TrainingSetup, data: Dataset, steps: int, test: Dataset | None = None):
    net = setup.network()
    trainer = setup.trainer(net, data)
    history = History.start(trainer)
    done = 0
    while done < steps:
        k = min(7, steps - done)
        first = trainer.steps + 1
        losses, params = np.empty(k), np.empty((k, net.parameter_count))
        trainer.run(k, losses=losses, trace=RunTrace(parameters=params))
        history.add_run(trainer, first, losses, params)
        done += k
    session = Session(setup, net.parameters.copy(), data, test, trainer.state(), 5.0, history)
    return session, trainer


def _step_or_divergence(trainer):
    """The next update's record, or the number of the update that diverged."""
    try:
        return trainer.step()
    except DivergenceError as exc:
        return exc.step


def _restore(session: Session):
    net = session.setup.network()
    net.set_flat_parameters(session.parameters)
    trainer = session.setup.trainer(net, session.dataset)
    trainer.restore(session.trainer_state)
    return trainer


ARCHS = st.lists(st.integers(1, 4), min_size=0, max_size=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hidden=ARCHS,
    act=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
    loss=st.sampled_from(["mse", "sse"]),
    batch=st.sampled_from(["full", "online", 2, 3]),
    biases=st.booleans(),
    lr=st.floats(1e-4, 0.05),
    seed=st.integers(0, 2**31),
    steps=st.integers(0, 30),
)
def test_save_then_open_round_trips_bit_identically(
    tmp_path_factory, hidden, act, loss, batch, biases, lr, seed, steps
):
    rng = np.random.default_rng(seed)
    n_in, n_out = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    x = rng.normal(size=(int(rng.integers(3, 9)), n_in))
    data = Dataset(x, rng.uniform(size=(len(x), n_out)), name="random")
    test = Dataset(x[:2], rng.uniform(size=(2, n_out)))
    setup = TrainingSetup(
        (n_in, *hidden, n_out), (act,) * len(hidden) + ("linear",), seed % 1000, lr, loss,
        batch, biases,
    )  # fmt: skip
    try:
        session, trainer = _train(setup, data, steps, test)
    except DivergenceError:
        assume(False)  # this random setup cannot be trained that far
    path = tmp_path_factory.mktemp("s") / "run.mlpgui.json"
    save_session(session, path)
    loaded = load_session(path)
    assert loaded.setup == setup
    assert loaded.parameters.tobytes() == session.parameters.tobytes()
    assert loaded.dataset == data and loaded.test_dataset == test
    assert loaded.max_rate == 5.0
    a, b = loaded.trainer_state, session.trainer_state
    assert (a.steps, a.epoch, a.schedule.position) == (b.steps, b.epoch, b.schedule.position)
    assert a.schedule.rng_state == b.schedule.rng_state
    assert (a.schedule.order is None) == (b.schedule.order is None)
    # Continuing the loaded session equals continuing the original run.
    again = _restore(loaded)
    for _ in range(5):  # a random setup may diverge: then both at the same update
        mine, theirs = _step_or_divergence(again), _step_or_divergence(trainer)
        assert mine == theirs
        if isinstance(mine, int):
            break
    if steps:
        k = max(1, steps // 2)
        assert loaded.history.record(k) == session.history.record(k)


def test_a_session_without_history_still_continues_exactly(tmp_path):
    setup, data = TrainingSetup.for_preset("spiral")
    session, trainer = _train(setup, data, 20)
    save_session(session, tmp_path / "s.json", include_history=False)
    loaded = load_session(tmp_path / "s.json")
    assert loaded.history is None
    assert _restore(loaded).step() == trainer.step()


def test_mazur_session_keeps_the_fixed_initial_weights(tmp_path):
    setup, data = TrainingSetup.for_preset("mazur")
    session, _ = _train(setup, data, 3)
    save_session(session, tmp_path / "m.json")
    loaded = load_session(tmp_path / "m.json")
    assert loaded.setup.initial_parameters == setup.initial_parameters
    document = json.loads((tmp_path / "m.json").read_text())
    assert document["format"] == "mlpgui-session" and document["version"] == 1
    assert document["setup"]["layer_sizes"] == [2, 2, 2]


KILLED_WRITE = """
import os, signal, sys
sys.path.insert(0, {root!r})
from tests.core.test_session import _train
from mlpgui.core.session import save_session
from mlpgui.core.setup import TrainingSetup
setup, data = TrainingSetup.for_preset("xor")
session, _ = _train(setup, data, 50)
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # die mid-save
save_session(session, {path!r})
"""


def test_a_killed_write_leaves_the_previous_file_intact(tmp_path):
    path = tmp_path / "session.json"
    setup, data = TrainingSetup.for_preset("lecture")
    session, _ = _train(setup, data, 10)
    save_session(session, path)
    before = path.read_bytes()
    import mlpgui

    root = str(__import__("pathlib").Path(mlpgui.__file__).parent.parent)
    code = textwrap.dedent(KILLED_WRITE).format(root=root, path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.returncode == -9  # really killed while saving
    assert path.read_bytes() == before
    assert load_session(path).trainer_state.steps == 10


def test_a_failed_write_leaves_no_temporary_files_and_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "session.json"
    setup, data = TrainingSetup.for_preset("xor")
    session, _ = _train(setup, data, 4)
    save_session(session, path)
    before = path.read_bytes()

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(SessionError, match="No space left on device"):
        save_session(session, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]


def _document():
    setup, data = TrainingSetup.for_preset("xor")
    session, _ = _train(setup, data, 6)
    return session_to_json(session)


def _mutate(doc, *keys, value):
    target = doc
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return doc


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: _mutate(d, "version", value=VERSION + 1), "newer mlpgui"),
        (lambda d: _mutate(d, "format", value="something"), "not an mlpgui session"),
        (
            lambda d: _mutate(
                d, "parameters", value={"shape": [8], "dtype": "float64", "values": [0.1] * 8}
            ),
            "do not match its 2-2-1",
        ),
        (lambda d: _mutate(d, "parameters", "values", 0, value=float("nan")), "NaN"),
        (lambda d: _mutate(d, "setup", "layer_sizes", value=[2, 2, 2]), "do not (match|fit)"),
        (lambda d: _mutate(d, "setup", "loss", value="hinge"), "setup.loss.*'hinge'"),
        (lambda d: _mutate(d, "setup", "activations", value=["tanh"]), "activation"),
        (lambda d: _mutate(d, "dataset", "inputs", "values", value=[1, 2]), "dataset.inputs"),
        (lambda d: _mutate(d, "trainer", value=None), "“trainer” must be an object"),
        (lambda d: _mutate(d, "setup", value="nope"), "“setup” must be an object"),
        (lambda d: _mutate(d, "trainer", "schedule", "rng_state", value={"x": 1}), "rng_state"),
        (lambda d: _mutate(d, "history", "eras", value=[]), "“history.eras” is empty"),
    ],
)
def test_bad_documents_are_refused_with_one_sentence(change, message):
    with pytest.raises(SessionError, match=message) as info:
        session_from_json(change(_document()))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "broken JSON at line 1"),
        (b'{"format": "mlpgui-session", "version": 1,', "broken JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
        (b"[1, 2, 3]", "not an mlpgui session"),
    ],
)
def test_bad_files_are_refused_with_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SessionError, match=message):
        load_session(path)


def test_missing_files_and_folders_are_refused(tmp_path):
    with pytest.raises(SessionError, match="No such file"):
        load_session(tmp_path / "absent.json")
    with pytest.raises(SessionError, match="Is a directory"):
        load_session(tmp_path)
