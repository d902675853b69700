"""TrainingRun: the run state shared by the GUI's worker and the command line."""

import numpy as np
import pytest

from mlpgui.core import DivergenceError, TrainingError
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace


def _run(preset="xor"):
    setup, data = TrainingSetup.for_preset(preset)
    return TrainingRun(setup, data)


def test_records_of_the_past_equal_the_live_ones_across_settings_and_edits():
    run = _run()
    live = {}
    for _ in range(3):
        r = run.step()
        live[r.step] = r
    r = run.run(20, trace=RunTrace(parameters=np.empty((20, run.net.parameter_count))))
    live[r.step] = r
    run.set_batch("online")
    run.set_learning_rate(0.7)
    run.edit_parameter("w", 0, 1, 0, 0.3)
    live.update({r.step: r for r in [run.run(9)]})
    run.set_train_biases(False)
    run.set_loss("sse")
    live.update({r.step: r for r in [run.step(), run.run(4)]})
    for step, record in live.items():
        assert run.record_at(step) == record


def test_continue_from_restores_parameters_settings_and_sample_order():
    run, twin = _run(), _run()
    for r in (run, twin):
        r.set_batch("online")
        r.run(10)
    run.run(7)
    run.set_learning_rate(0.01)
    run.run(5)
    run.continue_from(10)
    assert run.steps == 10 and run.history.last_step == 10
    assert run.setup.learning_rate == twin.setup.learning_rate
    assert np.array_equal(run.net.parameters, twin.net.parameters)
    for _ in range(6):
        assert run.step() == twin.step()


def test_divergence_keeps_the_completed_updates_in_the_history():
    setup = TrainingSetup((1, 8, 1), ("relu", "linear"), learning_rate=50.0)
    from mlpgui.core import Dataset

    x = np.linspace(-3, 3, 20)
    run = TrainingRun(setup, Dataset(x, x**3))
    with pytest.raises(DivergenceError) as info:
        run.run(1000)
    assert run.history.last_step == run.steps == info.value.completed
    assert np.all(np.isfinite(run.net.parameters))


def test_a_saved_run_continues_like_the_original(tmp_path):
    run, twin = _run("spiral"), _run("spiral")
    run.run(40)
    twin.run(40)
    save_session(run.to_session(), tmp_path / "s.json")
    again = TrainingRun.from_session(load_session(tmp_path / "s.json"))
    assert again.record_at(17) == twin.record_at(17)
    for _ in range(3):
        assert again.step() == twin.step()


def test_history_csv_lists_every_update_with_its_parameters():
    run = _run()
    run.run(5)
    text = run.history_csv().splitlines()
    header = text[0].split(",")
    assert header[:8] == [
        "update",
        "epoch",
        "learning_rate",
        "loss",
        "w1_11",
        "w1_12",
        "w1_21",
        "w1_22",
    ]
    assert header[8:10] == ["b1_1", "b1_2"]
    assert len(text) == 6
    last = dict(zip(header, text[-1].split(",")))
    assert last["update"] == "5"
    assert float(last["w1_21"]) == run.net.weights[0][1, 0]
    assert float(last["b2_1"]) == run.net.biases[1][0]
    assert float(last["loss"]) == run.history.loss(5)


def test_bad_requests_are_refused():
    run = _run()
    run.run(3)
    with pytest.raises(TrainingError, match="not in the history"):
        run.continue_from(9)
    with pytest.raises(TrainingError, match="kind"):
        run.edit_parameter("q", 0, 0, 0, 1.0)
