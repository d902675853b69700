"""CSV import and export, and pasting rows: good data arrives, bad data changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mlpgui.core import Dataset, DatasetError, load_preset
from mlpgui.ui import names
from mlpgui.ui.dataset import dialogs

from ..conftest import WAIT_MS
from .conftest import imported, settled, worker_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


def test_every_bad_file_is_refused_with_its_place_and_changes_nothing(qtbot, open_editor):
    window, editor = open_editor()
    before = editor.data
    files = sorted((DATA / "bad_csv").glob("*.csv"))
    assert len(files) >= 30
    for path in files:
        with pytest.raises(DatasetError) as info:
            Dataset.from_csv(path)
        assert imported(qtbot, editor, path) is False
        assert window.banner.text() == str(info.value)
        assert window.banner.kind == "error"
        assert path.name in window.banner.text()
        assert editor.data is before
    assert editor.stack.count() == 0
    assert editor.sync.in_flight == 0  # nothing was sent to the worker
    assert worker_dataset(qtbot, window)[0] == load_preset("lecture")


def test_a_file_for_another_network_is_refused_unless_the_network_is_adapted(
    qtbot, open_editor, answers, tmp_path
):
    window, editor = open_editor()
    path = tmp_path / "plane.csv"
    path.write_text("x1,x2,t\n0,0,0\n0,1,1\n1,0,1\n")
    before = editor.data
    answers.append(False)
    assert imported(qtbot, editor, path) is False
    assert answers.asked[0].startswith("plane.csv has 2 input columns and 1 target column, but "
                                       "the 1-2-2-1 network has 1 input and 1 output.")  # fmt: skip
    assert window.banner.text() == (
        "plane.csv has 2 input columns and 1 target column, but the 1-2-2-1 network has 1 "
        "input and 1 output; the dataset was not changed."
    )
    assert editor.data is before and editor.stack.count() == 0
    assert imported(qtbot, editor, path) is True
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert window.latest_snapshot().setup.layer_sizes == (2, 2, 2, 1)
    assert worker_dataset(qtbot, window)[0] == Dataset.from_csv(path) == editor.dataset
    assert editor.plot.mode == "plane"


def test_export_then_import_gives_back_every_row(qtbot, open_editor, tmp_path, monkeypatch):
    window, editor = open_editor()
    editor.ops.add_point(0.1, 0.2)
    editor.ops.set_test_fraction(0.3)
    path = tmp_path / "mine.csv"
    monkeypatch.setattr(dialogs, "save_csv_path", lambda parent, suggested: str(path))
    window.findChild(type(window.controls.step_action), names.EXPORT_CSV_ACTION).trigger()
    assert window.banner.text() == "Exported 51 rows to mine.csv."
    exported = editor.dataset
    editor.ops.clear()
    monkeypatch.setattr(dialogs, "open_csv_path", lambda parent: str(path))
    window.findChild(type(window.controls.step_action), names.IMPORT_CSV_ACTION).trigger()
    qtbot.waitUntil(lambda: not editor.importer.busy, timeout=WAIT_MS)
    assert editor.dataset.inputs.tolist() == exported.inputs.tolist()
    assert editor.dataset.targets.tolist() == exported.targets.tolist()
    assert editor.dataset.name == "mine"


def test_an_unwritable_export_says_why(qtbot, open_editor, tmp_path):
    window, editor = open_editor()
    assert editor.ops.export_csv(str(tmp_path / "missing" / "d.csv")) is False
    assert window.banner.text().startswith("Cannot write")


def test_ctrl_v_pastes_rows_copied_from_a_spreadsheet(qtbot, open_editor):
    window, editor = open_editor()
    n = len(editor.dataset)
    QApplication.clipboard().setText("0,5\t0,25\n1.5\t0.75\n")
    editor.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.table, timeout=WAIT_MS)
    qtbot.keyClick(editor.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.dataset) == n + 2
    assert editor.dataset.inputs[n:, 0].tolist() == [0.5, 1.5]
    assert editor.dataset.targets[n:, 0].tolist() == [0.25, 0.75]
    assert editor.selected_rows() == [n, n + 1]
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset


def test_copy_then_paste_duplicates_the_selected_rows(qtbot, open_editor):
    _, editor = open_editor()
    editor.select_rows([1, 2])
    editor.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.table, timeout=WAIT_MS)
    qtbot.keyClick(editor.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().startswith("x\tt\n")
    before = editor.dataset
    editor.actions_.paste.trigger()
    assert editor.dataset == before.with_rows_added(before.inputs[1:3], before.targets[1:3])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "clipboard holds no rows to paste; copy rows of numbers first."),
        ("1\t2\n3\tabc\n", "clipboard: line 2, column 2 (t): 'abc' is not a number."),
        ("1\t2\t3\n", "clipboard: line 1 has 3 values, but the dataset has 2 columns (x, t)."),
        (
            "1\tnan\n",
            "clipboard: line 1, column 2 (t) is NaN; every value must be a finite number.",
        ),
        (
            "x1,x2,t\n1,2,3\n",
            "clipboard: the header names 2 input columns and 1 target column, but the dataset "
            "has 1 and 1 (x, t).",
        ),
    ],
)
def test_bad_pastes_are_refused_with_the_place(qtbot, open_editor, text, message):
    window, editor = open_editor()
    before = editor.data
    assert editor.ops.paste_text(text) is False
    assert window.banner.text() == message
    assert editor.data is before and editor.stack.count() == 0
