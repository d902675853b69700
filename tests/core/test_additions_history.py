"""The additions to the lecture across a run's life: the history recomputes every update
(momentum's velocity included) bit for bit, continue_from and sessions carry them, and older
sessions load with them off."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from mlpgui.core.features import all_features, square
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import (
    PLAIN_VERSION,
    VERSION,
    SessionError,
    load_session,
    save_session,
    session_from_json,
    session_to_json,
)
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace


def _chunk(run: TrainingRun, n: int, live: dict[int, object]) -> None:
    """Train like the worker: a chunk traced with θ after every update."""
    trace = RunTrace(parameters=np.empty((n, run.net.parameter_count)))
    record = run.run(n, trace=trace)
    live[record.step] = record


def _scenario(budget: int | None = None) -> tuple[TrainingRun, dict[int, object]]:
    """Every kind of change of the additions: μ on, changed, off, off-and-on without an update
    between (merged eras), λ changes, a hand edit under momentum, online batches, new data."""
    setup, data = TrainingSetup.for_preset("circles", n_points=24)
    setup = setup.replace(batch=5, momentum=0.9, l2_rate=0.01, input_features=(square(0),))
    run = TrainingRun(setup, data) if budget is None else TrainingRun(setup, data, None, budget)
    live: dict[int, object] = {}
    for _ in range(3):
        r = run.step()
        live[r.step] = r
    _chunk(run, 9, live)
    run.set_momentum(0.5)
    _chunk(run, 6, live)
    run.set_momentum(0.0)
    _chunk(run, 5, live)
    run.set_momentum(0.8)
    _chunk(run, 4, live)
    run.set_momentum(0.0)  # off and on again before any update: v starts at 0 again
    run.set_momentum(0.6)
    _chunk(run, 7, live)
    run.set_regularisation(l1_rate=0.005, l2_rate=0.0)
    run.edit_parameter("w", 0, 1, 2, -0.4)
    _chunk(run, 8, live)
    run.set_batch("online")
    _chunk(run, 11, live)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(10, 2))
    run.replace_dataset(type(data)(x, (x[:, :1] * x[:, 1:] > 0).astype(float)))
    _chunk(run, 9, live)
    return run, live


def test_every_update_with_momentum_and_regularisation_is_recomputed_bit_identically():
    run, live = _scenario()
    assert run.history.last_step == run.steps == 62
    for step, record in live.items():
        assert run.record_at(step) == record, step
    # The merged off-and-on era starts from v = 0, not from the velocity before it.
    merged = run.record_at(28)
    assert merged.momentum == 0.6 and not np.any(merged.velocity_before)
    # Every update in order (θ and loss), replayed or stored, continues consistently.
    previous = None
    for step, _, _, loss, after in run.history.updates():
        record = run.record_at(step)
        assert record.loss_before == loss and np.array_equal(record.parameters_after, after)
        if previous is not None and record.momentum and run.history.era_of(step).first_step < step:
            assert np.array_equal(record.velocity_before, previous.velocity_after)
        previous = record


def test_an_era_switched_off_and_on_again_states_a_zero_velocity():
    """The velocity an era states overrides the one carried from the update before it."""
    run, live = _scenario()
    era = run.history.era_of(28)
    assert era.first_step == 28 and era.velocity_before is not None
    assert not np.any(era.velocity_before)
    assert np.any(live[27].velocity_after)  # what would wrongly be carried over


def test_a_small_budget_thins_and_forgets_yet_replays_exactly(monkeypatch):
    from mlpgui.core import history as history_module

    monkeypatch.setattr(history_module, "MAX_STRIDE", 2)
    run, live = _scenario(budget=4096)
    history = run.history
    assert history.first_step > 1
    for step, record in live.items():
        if step >= history.first_step:
            assert run.record_at(step) == record, step


@pytest.mark.parametrize("k", [5, 15, 20, 26, 30, 40, 50, 58])
def test_continuing_from_a_past_update_retraces_the_original_run(k):
    run, _ = _scenario()
    again, _ = _scenario()
    again.continue_from(k)
    assert again.trainer.momentum == run.history.era_of(k).momentum
    assert run.history.era_of(k + 1).first_step <= k  # no settings change right after k
    assert again.step() == run.record_at(k + 1)


def test_a_session_with_the_additions_continues_identically_and_is_version_2(tmp_path):
    run, _ = _scenario()
    path = tmp_path / "additions.mlpgui"
    save_session(run.to_session(), path)
    document = json.loads(path.read_text())
    assert document["version"] == VERSION == 2
    assert document["setup"]["input_features"] == [{"kind": "square", "inputs": [0]}]
    again = TrainingRun.from_session(load_session(path))
    assert again.setup == run.setup
    assert np.array_equal(again.trainer.velocity, run.trainer.velocity)
    assert again.run(7) == run.run(7)
    for step in (2, 13, 28, 40, 62):
        assert again.record_at(step) == run.record_at(step)


def test_a_session_without_the_additions_stays_version_1_and_older_files_load_them_off():
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup, data)
    run.run(5)
    document = session_to_json(run.to_session())
    assert document["version"] == PLAIN_VERSION == 1
    older = copy.deepcopy(document)
    for key in ("l1_rate", "l2_rate", "momentum", "input_features"):
        del older["setup"][key]
    del older["trainer"]["velocity"]
    for era in older["history"]["eras"]:
        for key in ("l1_rate", "l2_rate", "momentum", "velocity_before"):
            del era[key]
    for key in ("checkpoint_velocity_steps", "checkpoint_velocities"):
        del older["history"][key]
    session = session_from_json(json.loads(json.dumps(older)))
    s = session.setup
    assert (s.l1_rate, s.l2_rate, s.momentum, s.input_features) == (0.0, 0.0, 0.0, ())
    again = TrainingRun.from_session(session)
    assert again.run(4) == run.run(4)


def test_a_session_that_used_momentum_once_is_version_2_even_with_it_off_now():
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(momentum=0.5), data)
    run.run(3)
    run.set_momentum(0.0)
    run.run(2)
    assert session_to_json(run.to_session())["version"] == 2
    assert session_to_json(run.to_session(), include_history=False)["version"] == 1


def _document():
    run, _ = _scenario()
    return json.loads(json.dumps(session_to_json(run.to_session())))


def _set(document, path, value):
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    "path,value,message",
    [
        (("setup", "momentum"), 1.0, "“setup.momentum” must be below 1"),
        (("setup", "l2_rate"), -1, "“setup.l2_rate” must be a number between"),
        (("setup", "input_features"), [{"kind": "cube", "inputs": [0]}], "is 'cube'"),
        (("setup", "input_features"), [{"kind": "square", "inputs": [5]}], "column"),
        (("history", "eras", 0, "momentum"), "fast", "eras[0].momentum” must be a number"),
        (("history", "checkpoint_velocity_steps", 0), 22, "checkpoints made with momentum"),
        (("trainer", "velocity", "values", 0), 12345.0, "“trainer.velocity” is not the velocity"),
        (("history", "eras", 2, "velocity_before"), {"shape": [1], "dtype": "float64",
                                                      "values": [0.0]}, "velocity_before"),
    ],
)  # fmt: skip
def test_damaged_additions_are_refused_with_one_sentence(path, value, message):
    document = _set(_document(), path, value)
    with pytest.raises(SessionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        session_from_json(document)


def test_a_velocity_without_momentum_and_raw_data_of_the_wrong_width_are_refused():
    document = _document()
    document["setup"]["momentum"] = 0.0
    with pytest.raises(SessionError, match=r"“trainer\.velocity” must be null without momentum"):
        session_from_json(document)
    document = _document()
    document["setup"]["input_features"] = [
        {"kind": f.kind, "inputs": list(f.inputs)} for f in all_features(2)[:1]
    ] + [{"kind": "sin", "inputs": [1]}]
    with pytest.raises(SessionError):  # n_0 = 3 cannot hold 2 raw inputs and 2 features
        session_from_json(document)
