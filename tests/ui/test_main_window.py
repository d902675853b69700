"""The application window and its worker thread (offscreen, real signals and threads)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QMessageBox, QWidget

from mlpgui.core import MLP, Dataset, load_preset
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.worker import ModelChange, ParameterEdit, SetLoss, Status, StepMany

from .conftest import WAIT_MS


def find(window, cls, name):
    obj = window.findChild(cls, name)
    assert obj is not None, f"no {cls.__name__} named {name}"
    return obj


def wait_status(qtbot, window, status):
    qtbot.waitUntil(lambda: window.latest_state().status is status, timeout=WAIT_MS)


def wait_steps(qtbot, window, steps):
    qtbot.waitUntil(lambda: window.latest_state().steps == steps, timeout=WAIT_MS)


def headless_parameters(setup, dataset, steps):
    net = setup.network()
    trainer = setup.trainer(net, dataset)
    for _ in range(steps):
        trainer.step()
    return net.parameters


def test_opens_on_the_lecture_network_and_data_ready_to_step(window):
    snapshot = window.latest_snapshot()
    assert snapshot.setup.layer_sizes == (1, 2, 2, 1)
    assert snapshot.setup.activations == ("sigmoid", "sigmoid", "linear")
    assert snapshot.dataset == load_preset("lecture")
    assert window.latest_state().status is Status.IDLE
    assert window.latest_record() is None


def test_k_steps_make_k_updates_bit_identical_to_a_headless_trainer(qtbot, window):
    received = []
    window.worker.record_ready.connect(received.append)
    step = find(window, QAction, names.STEP_ACTION)
    for _ in range(7):
        step.trigger()
    wait_steps(qtbot, window, 7)
    qtbot.waitUntil(lambda: window.latest_record() is not None and window.latest_record().step == 7)
    assert [m.record.step for m in received] == list(range(1, 8))  # one record per step
    snapshot = window.latest_snapshot()
    expected = headless_parameters(snapshot.setup, snapshot.dataset, 7)
    assert np.array_equal(window.latest_record().parameters_after, expected)


def test_run_then_pause_then_step_advances_exactly_one(qtbot, window):
    find(window, QAction, names.RUN_ACTION).trigger()
    wait_status(qtbot, window, Status.RUNNING)
    qtbot.waitUntil(lambda: window.latest_state().steps > 200, timeout=WAIT_MS)
    find(window, QAction, names.PAUSE_ACTION).trigger()
    wait_status(qtbot, window, Status.PAUSED)
    paused_at = window.latest_state().steps
    qtbot.wait(200)
    assert window.latest_state().steps == paused_at
    qtbot.waitUntil(lambda: window.latest_record().step == paused_at)
    find(window, QAction, names.STEP_ACTION).trigger()
    wait_steps(qtbot, window, paused_at + 1)
    qtbot.wait(100)
    assert window.latest_state().steps == paused_at + 1
    assert window.latest_record().step == paused_at + 1


def test_the_loss_curve_holds_the_loss_of_every_update(qtbot, window):
    records = []
    window.worker.record_ready.connect(records.append)
    for _ in range(5):
        window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == 5)
    assert list(window.loss_plot.train.x) == [1, 2, 3, 4, 5]
    assert list(window.loss_plot.train.y) == [m.record.loss_before for m in records]
    window.worker.send(StepMany(300))
    wait_steps(qtbot, window, 305)
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == 305)
    assert list(window.loss_plot.train.x) == list(range(1, 306))


def test_changing_the_learning_rate_while_running_applies_at_the_next_update(qtbot, window):
    records = []
    window.worker.record_ready.connect(records.append)
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: len(records) >= 2, timeout=WAIT_MS)
    spin = find(window, QDoubleSpinBox, names.LEARNING_RATE_SPIN)
    spin.setValue(0.125)
    qtbot.waitUntil(lambda: records[-1].record.learning_rate == 0.125, timeout=WAIT_MS)
    window.controls.pause_action.trigger()
    wait_status(qtbot, window, Status.PAUSED)
    rates = [m.record.learning_rate for m in records]
    first_new = rates.index(0.125)
    assert all(r == 0.5 for r in rates[:first_new]) and all(r == 0.125 for r in rates[first_new:])
    assert window.latest_state().setup.learning_rate == 0.125


def test_a_divergent_learning_rate_pauses_with_finite_parameters_and_says_why(qtbot, make_window):
    setup = TrainingSetup((1, 8, 1), ("relu", "linear"), seed=0, learning_rate=50.0)
    x = np.linspace(-3, 3, 20)
    window = make_window(setup, Dataset(x, x**3))
    window.controls.run_action.trigger()
    wait_status(qtbot, window, Status.DIVERGED)
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.DIVERGED)
    assert np.all(np.isfinite(window.latest_snapshot().parameters))
    assert "γ = 50" in window.banner.text() and "ower γ" in window.banner.text()
    assert window.banner.kind == "error"
    assert "diverged" in find(window, QWidget, names.STATUS_STATE_LABEL).text()
    # The app keeps working: after a reset, a sensible γ trains again.
    window.controls.learning_rate_spin.setValue(1e-4)
    window.controls.reset_action.trigger()
    wait_status(qtbot, window, Status.IDLE)
    window.controls.step_action.trigger()
    wait_status(qtbot, window, Status.PAUSED)


def test_errors_in_the_worker_reach_the_user_and_the_app_keeps_working(qtbot, window):
    window.worker.send(SetLoss("cross_entropy"))  # the lecture net has a linear output
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: "sigmoid output" in window.banner.text(), timeout=WAIT_MS)
    assert window.latest_state().steps == 0
    combo = find(window, QComboBox, names.LOSS_COMBO)
    assert combo.currentData() == "cross_entropy"
    combo.setCurrentIndex(combo.findData("mse"))
    combo.activated.emit(combo.currentIndex())
    window.controls.step_action.trigger()
    wait_steps(qtbot, window, 1)


def test_step_n_makes_exactly_n_updates_then_pauses(qtbot, window):
    window.worker.send(StepMany(1234))
    wait_status(qtbot, window, Status.PAUSED)
    assert window.latest_state().steps == 1234
    qtbot.waitUntil(lambda: window.latest_record().step == 1234)


def test_speed_limit_slows_training_down(qtbot, window):
    window.controls.speed.request_rate(10.0)
    qtbot.waitUntil(lambda: window.latest_state().max_rate == 10.0)
    window.controls.run_action.trigger()
    qtbot.wait(600)
    window.controls.pause_action.trigger()
    wait_status(qtbot, window, Status.PAUSED)
    assert 1 <= window.latest_state().steps <= 15  # unlimited would make thousands


def test_records_while_running_arrive_at_display_rate(qtbot, window):
    records = []
    window.worker.record_ready.connect(records.append)
    window.controls.run_action.trigger()
    qtbot.wait(1000)
    window.controls.pause_action.trigger()
    wait_status(qtbot, window, Status.PAUSED)
    steps = window.latest_state().steps
    assert steps > 5 * len(records)  # far more updates than records...
    assert len(records) <= 70  # ...and at most ~60 records per second
    assert records[-1].record.step == steps  # the final record is the newest update


def test_reset_reinitialises_from_the_seed_and_new_seed_changes_it(qtbot, window):
    initial = window.latest_snapshot().parameters.copy()
    window.worker.send(StepMany(50))
    wait_steps(qtbot, window, 50)
    window.controls.reset_action.trigger()
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.RESET)
    assert window.latest_state().steps == 0 and window.latest_record() is None
    assert np.array_equal(window.latest_snapshot().parameters, initial)
    assert len(window.loss_plot.train) == 0
    seed = window.latest_state().setup.seed
    window.controls.new_seed_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().setup.seed != seed)
    assert not np.array_equal(window.latest_snapshot().parameters, initial)


def test_editing_a_weight_applies_before_the_next_update(qtbot, window):
    window.worker.send(ParameterEdit("w", 1, 0, 1, 2.5))
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.EDIT)
    window.controls.step_action.trigger()
    wait_steps(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.latest_record() is not None)
    assert window.latest_record().weights_before[1][0, 1] == 2.5


def test_settings_reach_the_worker_and_show_in_the_records(qtbot, window):
    batch = find(window, QComboBox, names.BATCH_MODE_COMBO)
    batch.setCurrentIndex(batch.findData("online"))
    batch.activated.emit(batch.currentIndex())
    window.controls.train_biases_action.setChecked(False)
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)
    record = window.latest_record()
    assert record.batch_mode == "online" and record.batch_size == 1
    assert record.train_biases is False
    assert all(np.all(u == 0) for u in record.bias_updates)


def test_space_toggles_run_and_pause(qtbot, window):
    window.activateWindow()
    window.numbers.setFocus()
    qtbot.keyClick(window.numbers, Qt.Key.Key_Space)
    wait_status(qtbot, window, Status.RUNNING)
    qtbot.keyClick(window.numbers, Qt.Key.Key_Space)
    wait_status(qtbot, window, Status.PAUSED)
    qtbot.keyClick(window.numbers, Qt.Key.Key_N)
    paused = window.latest_state().steps
    wait_steps(qtbot, window, paused + 1)


def test_loading_a_preset_replaces_network_and_data_after_asking(qtbot, window, monkeypatch):
    window.controls.step_action.trigger()
    wait_steps(qtbot, window, 1)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    action = find(window, QAction, names.preset_action_name("xor"))
    action.trigger()
    qtbot.wait(100)
    assert window.latest_state().steps == 1  # cancelled
    action.trigger()
    qtbot.waitUntil(lambda: window.latest_snapshot().dataset.name == "xor", timeout=WAIT_MS)
    assert window.latest_state().setup.layer_sizes == (2, 2, 1)
    assert window.latest_state().steps == 0
    assert "xor" in window.windowTitle()


def test_every_named_widget_and_action_is_unique_and_present(window):
    required = [
        names.STEP_ACTION, names.RUN_ACTION, names.PAUSE_ACTION, names.RESET_ACTION,
        names.LEARNING_RATE_SPIN, names.BATCH_MODE_COMBO, names.LOSS_COMBO, names.SPEED_COMBO,
        names.LOSS_PLOT,
    ]  # fmt: skip
    found = [o.objectName() for o in window.findChildren(QObject) if o.objectName()]
    for name in required:
        assert name in found, name
    constants = list(names.all_names().values())
    assert len(constants) == len(set(constants))
    ours = [n for n in found if n in set(constants) or n.startswith("preset")]
    duplicates = {n for n in ours if ours.count(n) > 1}
    assert not duplicates


def test_the_network_in_a_snapshot_matches_its_parameters(window):
    snapshot = window.latest_snapshot()
    net = snapshot.network()
    assert isinstance(net, MLP)
    assert np.array_equal(net.parameters, snapshot.parameters)


@pytest.mark.parametrize("rate", [1.0, 2.0, 5.0, 10.0, 50.0, 0.0])
def test_speed_choices_are_the_documented_ones(window, rate):
    speed = window.controls.speed
    speed.request_rate(rate)
    assert speed.rate() == rate


def test_the_learning_rate_field_shows_compact_numbers_and_accepts_typing(qtbot, window):
    spin = window.controls.learning_rate_spin
    assert spin.text() == "0.5"
    spin.selectAll()
    qtbot.keyClicks(spin, "2e-3")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.latest_state().setup.learning_rate == 0.002)
    assert spin.text() == "0.002"


def test_a_selection_knows_whether_it_fits_an_architecture():
    from mlpgui.core import ParameterLayout
    from mlpgui.ui.selection import Selection

    small, big = ParameterLayout((2, 2, 1)), ParameterLayout((2, 8, 1))
    weight = Selection("w", 0, 5, 1)  # w_62^(1): only in the bigger network
    assert weight.parameter_index(big) == big.index_of_weight(0, 5, 1)
    assert weight.parameter_index(small) is None and not weight.fits(small)
    assert Selection("b", 1, 0).parameter_index(small) == small.index_of_bias(1, 0)
    assert Selection("unit", 2, 0).fits(small) and not Selection("unit", 3, 0).fits(small)
    assert Selection("unit", 1, 1).parameter_index(small) is None
