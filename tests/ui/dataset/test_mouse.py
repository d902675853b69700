"""Drawing with the mouse: click to add, drag to move, right-click or Delete to remove."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup

from ..conftest import WAIT_MS
from .conftest import click, drag, settled, worker_dataset


def two_d(open_editor):
    setup, dataset = TrainingSetup.for_preset("xor")
    return open_editor(setup, dataset)


def test_a_click_on_empty_space_adds_a_point_there(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    click(qtbot, editor, 2.5, 1.0)
    qtbot.waitUntil(lambda: len(editor.dataset) == len(before) + 1, timeout=WAIT_MS)
    x, t = editor.dataset.inputs[-1, 0], editor.dataset.targets[-1, 0]
    assert abs(x - 2.5) < 0.1 and abs(t - 1.0) < 0.05
    assert editor.model.rowCount() == len(before) + 1
    assert editor.selected_rows() == [len(before)]
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    train, _ = worker_dataset(qtbot, window)
    assert train == editor.dataset


def test_dragging_a_point_moves_it_as_one_undo_step(qtbot, open_editor):
    window, editor = open_editor()
    row = 10
    x0, t0 = editor.dataset.inputs[row, 0], editor.dataset.targets[row, 0]
    others = editor.dataset.without_rows([row])
    drag(qtbot, editor, (x0, t0), (x0 + 1.0, t0 + 0.5))
    qtbot.waitUntil(lambda: editor.stack.count() == 1, timeout=WAIT_MS)
    x1, t1 = editor.dataset.inputs[row, 0], editor.dataset.targets[row, 0]
    assert abs(x1 - (x0 + 1.0)) < 0.1 and abs(t1 - (t0 + 0.5)) < 0.05
    assert editor.dataset.without_rows([row]) == others  # nothing else moved
    assert editor.stack.text(0) == "Move point"
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset
    editor.stack.undo()
    assert (editor.dataset.inputs[row, 0], editor.dataset.targets[row, 0]) == (x0, t0)
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset


def test_dragging_empty_space_pans_instead_of_moving_points(qtbot, open_editor):
    _, editor = open_editor()
    before = editor.dataset
    (x0, _), _ = editor.plot.view_box.viewRange()
    drag(qtbot, editor, (-4.0, 1.0), (-3.0, 1.0))
    qtbot.waitUntil(lambda: editor.plot.view_box.viewRange()[0][0] < x0 - 0.5, timeout=WAIT_MS)
    assert editor.dataset is before and editor.stack.count() == 0


def test_right_click_removes_the_point_under_the_mouse(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    row = 20
    click(qtbot, editor, before.inputs[row, 0], before.targets[row, 0], Qt.MouseButton.RightButton)
    qtbot.waitUntil(lambda: len(editor.dataset) == len(before) - 1, timeout=WAIT_MS)
    assert editor.dataset == before.without_rows([row])
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset


def test_delete_removes_the_points_selected_by_clicking(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    a, b = 5, 30
    click(qtbot, editor, before.inputs[a, 0], before.targets[a, 0])
    ctrl = Qt.KeyboardModifier.ControlModifier
    click(qtbot, editor, before.inputs[b, 0], before.targets[b, 0], modifiers=ctrl)
    assert editor.selected_rows() == [a, b]
    assert len(editor.dataset) == len(before)  # clicking a point selects it, adds nothing
    editor.plot.setFocus()
    qtbot.keyClick(editor.plot.viewport(), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(editor.dataset) == len(before) - 2, timeout=WAIT_MS)
    assert editor.dataset == before.without_rows([a, b])
    assert editor.model.rowCount() == len(before) - 2
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset


def test_two_d_clicks_add_the_selected_class_and_shift_the_other(qtbot, open_editor):
    window, editor = two_d(open_editor)
    assert editor.classes.isVisible()
    n = len(editor.dataset)
    editor.classes.combo.setCurrentIndex(1)
    click(qtbot, editor, 0.5, 0.5)
    click(qtbot, editor, 0.2, 0.8, modifiers=Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(editor.dataset) == n + 2, timeout=WAIT_MS)
    assert editor.dataset.targets[n:, 0].tolist() == [1.0, 0.0]
    assert np.allclose(editor.dataset.inputs[n:], [[0.5, 0.5], [0.2, 0.8]], atol=0.03)
    drag(qtbot, editor, (0.5, 0.5), (0.7, 0.3))
    qtbot.waitUntil(lambda: editor.stack.count() == 3, timeout=WAIT_MS)
    assert np.allclose(editor.dataset.inputs[n], [0.7, 0.3], atol=0.03)
    assert editor.dataset.targets[n, 0] == 1.0  # a move keeps the class
    click(qtbot, editor, 0.2, 0.8, Qt.MouseButton.RightButton)
    qtbot.waitUntil(lambda: len(editor.dataset) == n + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset
    assert editor.model.rowCount() == n + 1


def test_the_table_and_the_plot_show_the_same_rows(qtbot, open_editor):
    _, editor = open_editor(*TrainingSetup.for_preset("moons"))
    dataset = editor.dataset
    expected = np.array(dataset.inputs)
    assert np.array_equal(editor.plot.drawn_points(), expected[np.lexsort(expected.T[::-1])])
    model = editor.model
    assert model.rowCount() == len(dataset) and model.columnCount() == 4
    assert float(model.data(model.index(7, 1), Qt.ItemDataRole.EditRole)) == dataset.inputs[7, 1]
    editor.select_rows([3])
    sx, sy = editor.plot.selection.getData()
    assert (sx[0], sy[0]) == (dataset.inputs[3, 0], dataset.inputs[3, 1])


def test_data_with_three_inputs_is_edited_in_the_table_only(qtbot, open_editor):
    setup = TrainingSetup((3, 2, 1), ("tanh", "linear"))
    _, editor = open_editor(setup, Dataset(np.ones((4, 3)), np.zeros(4)))
    assert editor.plot.mode == "none" and editor.plot.message.isVisible()
    assert editor.model.columnCount() == 5
    assert not editor.ops.add_point(0.0, 0.0)


def test_one_hot_classes_get_a_class_each_and_arg_max_regions(qtbot, open_editor):
    inputs = np.array([[-1.0, -1.0], [1.0, -1.0], [0.0, 1.0]])
    setup = TrainingSetup((2, 4, 3), ("tanh", "sigmoid"))
    _, editor = open_editor(setup, Dataset(inputs, np.eye(3)))
    assert editor.classes.isVisible() and editor.classes.combo.count() == 3
    editor.classes.combo.setCurrentIndex(2)
    click(qtbot, editor, 0.5, 0.5)
    click(qtbot, editor, -0.5, 0.5, modifiers=Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(editor.dataset) == 5, timeout=WAIT_MS)
    assert editor.dataset.targets[3:].tolist() == [[0, 0, 1], [1, 0, 0]]  # class 2, then 0
    qtbot.waitUntil(lambda: editor.plot.regions.image is not None, timeout=WAIT_MS)
    image = editor.plot.regions.image
    assert set(np.unique(image)) <= {0.0, 1.0, 2.0}  # the arg-max class of each grid point
    assert tuple(editor.plot.regions.levels) == (0.0, 2.0)
