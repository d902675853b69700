"""Undo and redo round-trip every kind of edit, in the editor and in the worker."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from mlpgui.core import load_preset
from mlpgui.ui.dataset.document import EditorData

from ..conftest import WAIT_MS
from .conftest import imported, settled, worker_dataset


def same(a: EditorData, b: EditorData) -> bool:
    return a.dataset == b.dataset and a.test_rows.tolist() == b.test_rows.tolist()


def test_every_kind_of_edit_undoes_and_redoes_exactly(qtbot, open_editor, answers, tmp_path):
    window, editor = open_editor()
    ops = editor.ops
    path = tmp_path / "wide.csv"
    path.write_text("x,t\n0,1\n0.5,0.25\n2,-1\n")
    edits = [
        ("Add point", lambda: ops.add_point(0.25, 0.75)),
        ("Move point", lambda: ops.move_point(3, 1.5, 0.5)),
        ("Delete 2 points", lambda: ops.delete_rows([0, 4])),
        ("Edit t in row 2", lambda: ops.edit_cell(1, 1, "0.125")),
        ("Hold out 20 % for testing", lambda: ops.set_test_fraction(0.2)),
        ("Move to the test set", lambda: ops.set_test_rows([0], True)),
        ("Paste 2 rows", lambda: ops.paste_text("1\t2\n3\t4\n")),
        ("Load preset Sine wave (1-D regression)", lambda: ops.load_preset("sine", 30, 0.1, 3)),
        ("Import wide.csv", lambda: imported(qtbot, editor, path)),
        ("Clear all points", ops.clear),
        ("Load preset Two moons", lambda: ops.load_preset("moons", 40, 0.1, 1)),
        ("Add row", ops.add_row),
    ]
    states = [editor.data]
    for text, edit in edits:
        assert edit() is True, text
        assert editor.stack.text(editor.stack.index() - 1) == text
        assert not same(editor.data, states[-1]), text
        states.append(editor.data)
    assert len(answers.asked) == 1  # the moons need a 2-input network
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.data.train

    for k in range(len(edits), 0, -1):
        editor.stack.undo()
        assert same(editor.data, states[k - 1]), edits[k - 1][0]
        assert editor.model.rowCount() == len(states[k - 1])
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window) == (load_preset("lecture"), None)
    assert window.latest_snapshot().setup.layer_sizes == (1, 2, 2, 1)

    for k in range(1, len(edits) + 1):
        editor.stack.redo()
        assert same(editor.data, states[k]), edits[k - 1][0]
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    train, test = worker_dataset(qtbot, window)
    assert train == editor.data.train and test == editor.data.test
    assert window.latest_snapshot().setup.layer_sizes == (2, 2, 2, 1)
    assert len(answers.asked) == 1  # undo and redo never ask


def test_ctrl_z_in_the_editor_undoes_its_last_edit(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.dataset
    editor.ops.add_point(0.0, 0.0)
    editor.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.table, timeout=WAIT_MS)
    assert window.undo_group.activeStack() is editor.stack
    undo = window.findChild(type(window.controls.step_action), "undoAction")
    assert undo.isEnabled() and "Add point" in undo.text()
    undo.trigger()
    assert editor.dataset is before


def test_noise_changes_merge_into_one_undo_step(qtbot, open_editor):
    _, editor = open_editor()
    for noise in (0.1, 0.2, 0.3):
        editor.presets.noise.setValue(noise)
    assert editor.stack.count() == 1
    assert editor.dataset == load_preset("lecture", 50, 0.3, 0)
    editor.stack.undo()
    assert editor.dataset == load_preset("lecture")
