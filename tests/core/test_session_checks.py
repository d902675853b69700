"""Session files open into a fully usable run or are refused naming the field."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import mlpgui
from mlpgui.core import Dataset
from mlpgui.core.errors import Cancelled
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import (
    SessionError,
    load_session,
    save_session,
    session_from_json,
    session_to_json,
)
from mlpgui.core.setup import TrainingSetup

ROOT = str(Path(mlpgui.__file__).parent.parent)


def _online_run(steps: int = 10) -> TrainingRun:
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(batch="online"), data)
    run.run(steps)
    return run


def _document(run: TrainingRun | None = None) -> dict:
    return session_to_json((run or _online_run()).to_session())


def _set(doc: dict, path: str, value: object) -> dict:
    doc = copy.deepcopy(doc)
    keys = path.split(".")
    target = doc
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = keys[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


def test_a_session_with_a_utf8_byte_order_mark_opens(tmp_path):
    run = _online_run()
    save_session(run.to_session(), tmp_path / "s.json")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "s.json").read_bytes())
    again = TrainingRun.from_session(load_session(path))
    assert again.steps == 10 and again.record_at(5) == run.record_at(5)


@pytest.mark.parametrize(
    "path,value,field",
    [
        ("version", 0, "format version"),
        ("version", True, "format version"),
        ("version", "1", "format version"),
        ("setup.seed", True, "“setup.seed” must be a whole number"),
        ("setup.seed", -1, "“setup.seed” must be between"),
        ("setup.learning_rate", True, "“setup.learning_rate” must be a number"),
        ("setup.learning_rate", float("inf"), "“setup.learning_rate”"),
        ("setup.learning_rate", 1e300, "“setup.learning_rate” must be a number between"),
        ("setup.layer_sizes", [2, True, 1], "“setup.layer_sizes[1]”"),
        ("setup.layer_sizes", [2, 2.5, 1], "“setup.layer_sizes[1]”"),
        ("setup.batch", True, "“setup.batch”"),
        ("setup.batch", 0, "“setup.batch”"),
        ("setup.train_biases", 1, "“setup.train_biases” must be true or false"),
        ("setup.activations", "tanh", "“setup.activations” must be a list"),
        ("trainer.steps", True, "“trainer.steps”"),
        ("trainer.steps", -1, "“trainer.steps”"),
        ("trainer.steps", 10**30, "“trainer.steps”"),
        ("trainer.epoch", 11, "“trainer.epoch” must be between 0 and 10"),
        ("trainer.schedule.position", 9, "“trainer.schedule.position”"),
        ("trainer.schedule.rng_state.state.state", -1, "rng_state.state.state"),
        ("trainer.schedule.rng_state.uinteger", 2**40, "rng_state.uinteger"),
        ("app.max_rate", float("nan"), "“app.max_rate”"),
        ("app.max_rate", "fast", "“app.max_rate”"),
        ("history.budget_bytes", 1, "“history.budget_bytes” must be between"),
        ("history.budget_bytes", 0, "“history.budget_bytes”"),
        ("history.budget_bytes", 10**40, "“history.budget_bytes”"),
        ("history.stride", 3, "power of two"),
        ("history.first_step", 2, "ends at update 11"),
        ("history.checkpoint_steps", [3, 2, 1], "“history.checkpoint_steps”"),
        ("history.eras.0.first_step", 5, "“history.eras[0]” must start at update 1"),
        ("history.eras.0.dataset", 3, "“history.eras[0].dataset”"),
        ("history.eras.0.batch", "mini", "“history.eras[0].batch”"),
        ("history.eras.0.parameters_before", None, "“history.eras[0]” must start"),
        ("history.epochs", [], "“history.epochs” lack the sample order of update 1"),
        ("history.epochs.1.first_step", 1, "“history.epochs[1].first_step”"),
        ("history.epochs.0.schedule.order", None, "“history.epochs[0].schedule.order”"),
        ("dataset.inputs.shape", [4, 3], "dataset"),
        ("dataset.inputs.values", [0, 0, 0, 1, 1, 0, 1, True], "“dataset.inputs.values[7]”"),
        ("dataset.input_names", ["a", 1], "“dataset.input_names[1]”"),
        ("dataset.name", 5, "“dataset.name” must be text"),
        ("test_dataset", {"inputs": 1}, "“test_dataset.inputs”"),
        ("history_datasets", {}, "“history_datasets” must be a list"),
        ("parameters.dtype", "int64", "“parameters.dtype”"),
        ("parameters.values", [0.5] * 8 + [1e999], "NaN or infinite"),
    ],
)
def test_damaged_fields_are_refused_naming_the_field(path, value, field):
    with pytest.raises(SessionError) as info:
        session_from_json(_set(_document(), path, value))
    assert field in str(info.value)
    assert "\n" not in str(info.value)


def test_the_training_state_must_match_the_recorded_epoch():
    doc = _document()
    state = doc["trainer"]["schedule"]
    assert 0 < state["position"] < 4  # mid-epoch: online on 4 samples, 10 updates
    order = state["order"]["values"]
    doc = _set(doc, "trainer.schedule.order.values", order[::-1])
    with pytest.raises(SessionError, match="middle of an epoch that the history does not record"):
        session_from_json(doc)


def test_a_too_short_epoch_order_is_refused():
    run = _online_run(3)
    doc = session_to_json(run.to_session())
    # A mini-batch of 3 on 4 samples: epoch 1 serves updates 1-2 (rows 0-2, then row 3).
    doc = _set(doc, "history.eras.0.batch", 1)
    assert session_from_json(doc).history is not None  # online = batch 1: same thing
    doc = _set(doc, "history.eras.0.batch", 2)  # 3 updates of 2 rows need 6 of 4 rows
    with pytest.raises(SessionError, match=r"history.epochs\[0\]” is too short"):
        session_from_json(doc)


def test_files_that_are_not_json_numbers_or_are_too_deep_are_refused(tmp_path):
    path = tmp_path / "s.json"
    for text in ['{"version": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000]:
        path.write_text(text)
        with pytest.raises(SessionError, match="not a valid session file"):
            load_session(path)


FIFO = """
import os, sys
sys.path.insert(0, {root!r})
from mlpgui.core.session import SessionError, load_session
os.mkfifo({path!r})
try:
    load_session({path!r})
except SessionError as exc:
    print(exc)
"""


def test_a_fifo_is_refused_without_blocking(tmp_path):
    code = textwrap.dedent(FIFO).format(root=ROOT, path=str(tmp_path / "pipe.json"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    assert b"is not a regular file" in out.stdout


def test_a_session_saved_without_history_mid_epoch_keeps_every_new_record(tmp_path):
    """Regression: the next updates' batches were unknown (IndexError in record_at)."""
    run = _online_run(10)
    save_session(run.to_session(), tmp_path / "s.json", include_history=False)
    again = TrainingRun.from_session(load_session(tmp_path / "s.json"))
    live = {r.step: r for r in (run.step(), run.step(), run.step())}
    twin = {r.step: r for r in (again.step(), again.step(), again.step())}
    assert twin == live
    for step, record in live.items():
        assert again.record_at(step) == record
    again.continue_from(12)
    assert again.step() == run.record_at(13)


def test_a_hand_edited_learning_rate_applies_from_the_next_update(tmp_path):
    run = _online_run(10)
    doc = _set(session_to_json(run.to_session()), "setup.learning_rate", 0.25)
    again = TrainingRun.from_session(session_from_json(doc))
    assert again.record_at(7) == run.record_at(7)
    new = again.step()
    assert new.learning_rate == 0.25
    assert again.record_at(11) == new
    assert again.record_at(10) == run.record_at(10)


def test_the_history_csv_is_streamed_and_can_be_cancelled(tmp_path):
    setup = TrainingSetup((2, 8, 1), ("tanh", "linear"), learning_rate=0.01)
    rng = np.random.default_rng(1)
    run = TrainingRun(setup, Dataset(rng.normal(size=(20, 2)), rng.normal(size=(20, 1))))
    run.run(3200)
    target = tmp_path / "history.csv"
    run.write_history_csv(target)
    assert target.read_text() == run.history_csv()
    assert len(target.read_bytes()) > 2 * 2**20  # several chunks
    target.write_text("previous export")
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(Cancelled, match="cancelled"):
        run.write_history_csv(target, should_stop=stop)
    assert len(calls) == 2
    assert target.read_text() == "previous export"
    assert sorted(os.listdir(tmp_path)) == ["history.csv"]


def test_json_reports_of_old_and_new_files_agree(tmp_path):
    """Saving a loaded session writes the same document (nothing is lost or invented)."""
    run = _online_run(10)
    run.set_learning_rate(0.3)
    run.run(3)
    save_session(run.to_session(), tmp_path / "a.json")
    again = TrainingRun.from_session(load_session(tmp_path / "a.json"))
    save_session(again.to_session(), tmp_path / "b.json")
    a = json.loads((tmp_path / "a.json").read_text())
    b = json.loads((tmp_path / "b.json").read_text())
    assert a == b


def test_an_unforeseen_error_while_reading_still_becomes_one_sentence(tmp_path, monkeypatch):
    run = _online_run()
    save_session(run.to_session(), tmp_path / "s.json")

    def broken(data: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("mlpgui.core.session.session_from_json", broken)
    with pytest.raises(SessionError, match=r"s\.json is damaged .*\(ZeroDivisionError\)\."):
        load_session(tmp_path / "s.json")
