"""Edits reach the worker in order, none lost or applied twice — also while it trains."""

from __future__ import annotations

import numpy as np

from mlpgui.core import load_preset
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import ReplaceDataset, Status

from ..conftest import WAIT_MS
from .conftest import settled, worker_dataset


def test_200_rapid_edits_while_running_at_full_speed_all_arrive_once(qtbot, open_editor):
    window, editor = open_editor()
    n = len(editor.dataset)
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_state().steps > 100, timeout=WAIT_MS)
    for k in range(200):
        editor.ops.add_point(-5.0 + k * 0.05, 0.5)
        if k % 50 == 49:
            qtbot.wait(5)  # let some echoes come back while edits are still in flight
    assert len(editor.dataset) == n + 200
    train, _ = worker_dataset(qtbot, window)
    assert len(train) == n + 200
    assert train == editor.dataset
    assert window.latest_state().status is Status.RUNNING
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert len(editor.dataset) == n + 200  # late echoes did not roll the editor back
    assert editor.stack.count() == 200
    window.controls.pause_action.trigger()


def test_echoes_of_older_edits_do_not_overwrite_newer_ones(qtbot, open_editor):
    window, editor = open_editor()
    shown = []
    window.store.model_changed.connect(lambda s: shown.append(len(editor.dataset)))
    for k in range(20):
        editor.ops.add_point(float(k) / 10, 0.1)
        editor.ops.delete_rows([0])
    final = editor.dataset
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert editor.dataset is final
    assert set(shown) == {len(final)}  # never rolled back while the echoes arrived
    assert worker_dataset(qtbot, window)[0] == final
    while editor.stack.canUndo():
        editor.stack.undo()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == load_preset("lecture")


def test_a_preset_from_the_file_menu_replaces_the_data_and_the_undo_steps(qtbot, open_editor):
    window, editor = open_editor()
    editor.ops.add_point(0.0, 0.0)
    window.load_preset("moons", confirm=False)
    qtbot.waitUntil(lambda: editor.dataset == load_preset("moons"), timeout=WAIT_MS)
    assert editor.plot.mode == "plane" and editor.presets.name() == "moons"
    assert editor.stack.count() == 0
    assert editor.classes.isVisibleTo(editor)


def test_the_test_split_trains_on_the_rest_and_reports_a_test_loss(qtbot, open_editor):
    window, editor = open_editor()
    n = len(editor.dataset)
    losses = []
    window.worker.losses_ready.connect(losses.append)
    editor.split.spin.setValue(20)
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert int(editor.data.test_rows.sum()) == round(0.2 * n)
    train, test = worker_dataset(qtbot, window)
    assert len(train) == n - round(0.2 * n) and len(test) == round(0.2 * n)
    assert train == editor.data.train and test == editor.data.test
    window.controls.step_action.trigger()
    qtbot.waitUntil(
        lambda: bool(losses) and losses[-1].batch.test_loss is not None, timeout=WAIT_MS
    )
    # Test points are hollow: white brushes.
    test_rows = editor.data.test_rows
    xt = np.column_stack([editor.dataset.inputs[:, 0], editor.dataset.targets[:, 0]])
    hollow = editor.plot.drawn_points(hollow=True)
    assert hollow.tolist() == xt[test_rows][np.lexsort(xt[test_rows].T[::-1])].tolist()
    assert len(editor.plot.drawn_points(hollow=False)) == len(xt) - len(hollow)
    # A point added later keeps the ratio: every fifth new point is a test point.
    for k in range(5):
        editor.ops.add_point(k * 0.1, 0.3)
    assert int(editor.data.test_rows.sum()) == round(0.2 * (n + 5))
    editor.split.spin.setValue(0)
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    train, test = worker_dataset(qtbot, window)
    assert test is None and train == editor.dataset


def test_loading_a_preset_of_other_width_asks_and_adapts_the_network(qtbot, open_editor, answers):
    window, editor = open_editor()
    answers.append(False)
    combo = editor.presets.combo
    combo.setCurrentIndex(combo.findData("circles"))
    combo.activated.emit(combo.currentIndex())
    assert "1-2-2-1" in answers.asked[0] and "2-2-2-1" in answers.asked[0]
    assert editor.dataset == load_preset("lecture") and editor.stack.count() == 0
    assert "not changed" in window.banner.text()
    assert editor.presets.name() == "lecture"
    combo.setCurrentIndex(combo.findData("circles"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    snapshot = window.latest_snapshot()
    assert snapshot.setup.layer_sizes == (2, 2, 2, 1)
    assert snapshot.setup.activations == ("sigmoid", "sigmoid", "linear")
    assert snapshot.dataset == load_preset("circles") == editor.dataset
    # Undo brings the old data back, and with it the network's old widths (no question).
    editor.stack.undo()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    snapshot = window.latest_snapshot()
    assert snapshot.setup.layer_sizes == (1, 2, 2, 1)
    assert snapshot.dataset == load_preset("lecture")
    assert len(answers.asked) == 2
    editor.stack.redo()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert window.latest_snapshot().setup.layer_sizes == (2, 2, 2, 1)


def test_editing_while_a_test_split_is_set_keeps_train_and_test_consistent(qtbot, open_editor):
    window, editor = open_editor(*TrainingSetup.for_preset("blobs"))
    editor.split.spin.setValue(30)
    for k in range(30):
        editor.ops.add_point(np.sin(k), np.cos(k), k % 2)
    editor.ops.delete_rows(list(range(0, 60, 3)))
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    train, test = worker_dataset(qtbot, window)
    assert train == editor.data.train and test == editor.data.test
    assert len(train) + len(test) == len(editor.dataset)


def test_a_change_from_outside_after_our_edits_is_adopted(qtbot, open_editor):
    window, editor = open_editor()
    for k in range(5):
        editor.ops.add_point(k, 0.0)
    outside = load_preset("lecture", 20, 0.0, 9)
    window.worker.send(ReplaceDataset(outside))  # e.g. another feature replacing the data
    qtbot.waitUntil(lambda: editor.dataset is outside, timeout=WAIT_MS)
    assert editor.stack.count() == 0
    assert editor.model.rowCount() == 20


def test_our_edits_after_a_change_from_outside_win(qtbot, open_editor):
    window, editor = open_editor()
    outside = load_preset("lecture", 20, 0.0, 9)
    window.worker.send(ReplaceDataset(outside))
    editor.ops.add_point(0.0, 0.0)  # made before the outside change was reported back
    ours = editor.dataset
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    qtbot.wait(50)
    assert editor.dataset is ours
    assert worker_dataset(qtbot, window)[0] == ours
