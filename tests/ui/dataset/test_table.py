"""The table: typing into cells, the keys it keeps for itself, Delete and Insert."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ..conftest import WAIT_MS
from .conftest import settled, worker_dataset


def focus_table(qtbot, editor, row: int, column: int) -> None:
    table = editor.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=WAIT_MS)
    table.selectionModel().setCurrentIndex(
        editor.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def type_into_cell(qtbot, editor, text: str) -> None:
    qtbot.keyClicks(editor.table, text[0])  # the first key opens the cell's editor
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, text[1:])
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits in a queued call


def test_typing_a_number_into_a_cell_edits_that_sample(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    focus_table(qtbot, editor, 4, 1)
    type_into_cell(qtbot, editor, "0.625")
    qtbot.waitUntil(lambda: editor.dataset is not before, timeout=WAIT_MS)
    assert editor.dataset.targets[4, 0] == 0.625
    assert editor.dataset.without_rows([4]) == before.without_rows([4])
    assert editor.stack.text(0) == "Edit t in row 5"
    assert [editor.dataset.inputs[4, 0], 0.625] in editor.plot.drawn_points().tolist()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset


def test_text_in_a_cell_is_refused_with_the_place_and_changes_nothing(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    focus_table(qtbot, editor, 2, 0)
    type_into_cell(qtbot, editor, "1e400")
    qtbot.waitUntil(lambda: window.banner.text() != "", timeout=WAIT_MS)
    assert window.banner.text() == "Row 3, column x: must be a finite number."
    editor.ops.edit_cell(2, 0, "abc")
    assert window.banner.text() == "Row 3, column x: 'abc' is not a number."
    assert editor.dataset is before and editor.stack.count() == 0


def test_arrow_keys_move_in_the_table_instead_of_stepping(qtbot, open_editor):
    window, editor = open_editor()
    focus_table(qtbot, editor, 3, 0)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Left):
        qtbot.keyClick(editor.table, key)
    current = editor.table.currentIndex()
    assert (current.row(), current.column()) == (5, 0)
    qtbot.wait(50)
    assert window.latest_state().steps == 0
    # Elsewhere → still steps.
    window.controls.learning_rate_spin.setFocus()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)


def test_delete_removes_the_selected_rows_and_insert_adds_one(qtbot, open_editor):
    _, editor = open_editor()
    before = editor.dataset
    focus_table(qtbot, editor, 2, 0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_rows() == [2, 3]
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.dataset == before.without_rows([2, 3])
    focus_table(qtbot, editor, 0, 0)
    editor.select_rows([0])
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)  # the new row opens for typing
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert len(editor.dataset) == len(before) - 1
    assert editor.dataset.inputs[1, 0] == editor.dataset.inputs[0, 0]  # a copy of row 1
    assert editor.selected_rows() == [1]


def test_the_test_check_box_moves_a_row_to_the_test_set(qtbot, open_editor):
    window, editor = open_editor()
    model = editor.model
    index = model.index(6, model.test_column)
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert editor.data.test_rows.tolist() == [k == 6 for k in range(len(editor.dataset))]
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    _, test = worker_dataset(qtbot, window)
    assert len(test) == 1 and test == editor.dataset.subset([6])
