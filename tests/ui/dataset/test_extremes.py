"""Extreme data never crash the dataset editor, never lose work, and never leave the editor
and the worker disagreeing (issue #11: these used to end in SIGSEGV inside an undo command)."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest

from mlpgui.core import Dataset, load_preset
from mlpgui.core.limits import training_problem
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.dataset.plot import DatasetPlot

from ..conftest import WAIT_MS
from ..plots.helpers import feature
from .conftest import imported, settled, worker_dataset
from .test_table import focus_table, type_into_cell

CASES = {
    "one row of 1e20": "x,t\n1e20,1\n",
    "a value of 1e16": "x,t\n0,1e16\n1,2\n",
    "a constant column at 5e15": "x,t\n5e15,1\n5e15,2\n5e15,3\n",
    "x at -1e308 and 1e308": "x,t\n-1e308,1\n1e308,2\n",
    "targets at ±max float": "x,t\n0,-1.7976931348623157e308\n1,1.7976931348623157e308\n",
    "two inputs at ±1e308": "x1,x2,t\n-1e308,1e308,0\n1e308,-1e308,1\n",
    "two constant inputs at 5e15": "x1,x2,t\n5e15,5e15,0\n5e15,5e15,1\n",
    "tiny values": "x,t\n1e-300,5e-324\n2e-300,0\n",
}


def view_is_sane(editor) -> bool:
    (x0, x1), (y0, y1) = editor.plot.view_box.viewRange()
    return all(math.isfinite(v) for v in (x0, x1, y0, y1)) and x0 < x1 and y0 < y1


def shows_everything_without_error(qtbot, window, editor) -> None:
    """Every panel is painted (a warning or an exception in a paint would fail the test)."""
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    window.grab()
    editor.plot.grab()
    assert view_is_sane(editor)


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_extreme_files_are_imported_and_shown_and_a_later_import_works(
    qtbot, open_editor, answers, tmp_path, text
):
    window, editor = open_editor()
    path = tmp_path / "case.csv"
    path.write_text(text)
    assert imported(qtbot, editor, path) is True
    expected = Dataset.from_csv(path)
    assert window.banner.text() == f"Imported {len(expected)} row{'s' * (len(expected) > 1)} " \
                                   "from case.csv."  # fmt: skip
    assert editor.dataset == expected and editor.stack.count() == 1
    shows_everything_without_error(qtbot, window, editor)
    assert worker_dataset(qtbot, window)[0] == expected
    # Undo and redo pass through the same extreme data.
    editor.stack.undo()
    editor.stack.redo()
    assert editor.dataset == expected
    # A later, ordinary import works.
    path.write_text("x,t\n0,1\n1,2\n2,0\n")
    assert imported(qtbot, editor, path) is True
    assert window.banner.text() == "Imported 3 rows from case.csv."
    shows_everything_without_error(qtbot, window, editor)
    assert worker_dataset(qtbot, window)[0] == editor.dataset == Dataset.from_csv(path)


def type_into(qtbot, editor, row: int, column: int, text: str) -> None:
    focus_table(qtbot, editor, row, column)
    type_into_cell(qtbot, editor, text)


def test_typing_minus_1e308_then_1e308_into_two_x_cells(qtbot, open_editor):
    window, editor = open_editor()
    type_into(qtbot, editor, 0, 0, "-1e308")
    qtbot.waitUntil(lambda: editor.dataset.inputs[0, 0] == -1e308, timeout=WAIT_MS)
    type_into(qtbot, editor, 1, 0, "1e308")
    qtbot.waitUntil(lambda: editor.dataset.inputs[1, 0] == 1e308, timeout=WAIT_MS)
    assert editor.stack.count() == 2
    shows_everything_without_error(qtbot, window, editor)
    assert worker_dataset(qtbot, window)[0] == editor.dataset
    # Editing goes on normally.
    type_into(qtbot, editor, 1, 0, "0.5")
    qtbot.waitUntil(lambda: editor.dataset.inputs[1, 0] == 0.5, timeout=WAIT_MS)
    editor.stack.undo()
    editor.stack.undo()
    editor.stack.undo()
    assert editor.dataset == load_preset("lecture")
    shows_everything_without_error(qtbot, window, editor)


def test_a_failure_inside_an_undo_command_rolls_back_and_says_so(qtbot, open_editor, monkeypatch):
    """Any exception while an edit is applied (here: drawing fails once) must not escape
    the QUndoCommand (PySide6 crashes), and must leave the data and the worker as before."""
    window, editor = open_editor()
    before = editor.data
    original = DatasetPlot.show_data
    failures = []

    def failing_once(self, data):
        if not failures:
            failures.append(data)
            raise OverflowError("cannot convert float infinity to integer")
        return original(self, data)

    monkeypatch.setattr(DatasetPlot, "show_data", failing_once)
    assert editor.ops.add_point(0.5, 0.5) is False
    assert failures  # the edit was attempted …
    assert editor.data is before and editor.stack.count() == 0  # … and left no trace
    assert window.banner.kind == "error"
    assert window.banner.text() == (
        "The dataset editor could not do this (OverflowError: cannot convert float infinity "
        "to integer); the data are as they were."
    )
    assert editor.model.rowCount() == len(before)
    assert editor.sync.in_flight == 0  # nothing was sent
    assert worker_dataset(qtbot, window)[0] == before.dataset
    # The next edit works, and undo still round-trips.
    assert editor.ops.add_point(0.5, 0.5) is True
    assert len(editor.data) == len(before) + 1 and editor.stack.count() == 1
    editor.stack.undo()
    assert editor.data is before


def test_a_failing_undo_keeps_the_data_shown_and_the_stack_usable(qtbot, open_editor, monkeypatch):
    window, editor = open_editor()
    before = editor.data
    assert editor.ops.add_point(0.5, 0.5) is True
    after = editor.data
    original = DatasetPlot.show_data
    failures = []

    def failing_once(self, data):
        if not failures:
            failures.append(data)
            raise ValueError("math domain error")
        return original(self, data)

    monkeypatch.setattr(DatasetPlot, "show_data", failing_once)
    editor.stack.undo()
    assert failures and editor.data is after  # rolled back to what was shown
    assert editor.stack.count() == 0  # the command that cannot be undone is gone
    assert window.banner.kind == "error" and "math domain error" in window.banner.text()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == after.dataset
    assert editor.ops.delete_rows([len(after) - 1]) is True
    assert editor.dataset == before.dataset


def big_setup() -> TrainingSetup:
    """A 1-4096-1 network: training it on 12,000 samples would need ~6 GB, beyond the 4 GB
    the worker allows (limits.MAX_TRAINING_BYTES), so the worker refuses such data."""
    return TrainingSetup((1, 4096, 1), ("tanh", "linear"), seed=0)


def test_data_the_worker_refuses_are_rolled_back_in_the_editor(qtbot, open_editor, tmp_path):
    window, editor = open_editor(big_setup(), load_preset("lecture"))
    before = editor.data
    rows = 12_000
    assert training_problem(big_setup().layer_sizes, rows) is not None
    path = tmp_path / "many.csv"
    x = np.linspace(-1, 1, rows)
    path.write_text("x,t\n" + "".join(f"{a!r},{a * a!r}\n" for a in x.tolist()))
    imported(qtbot, editor, path)
    # The editor sent the data, the worker refused them: the editor goes back to what the
    # worker has, without a trace on the undo stack, and the worker's sentence says why.
    qtbot.waitUntil(lambda: editor.data is not None and len(editor.data) == len(before),
                    timeout=WAIT_MS)  # fmt: skip
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert editor.dataset == before.dataset
    assert editor.stack.count() == 0
    assert window.banner.kind == "error" and "memory" in window.banner.text()
    assert worker_dataset(qtbot, window)[0] == editor.dataset
    # A later, valid import works (and is confirmed by the worker).
    path.write_text("x,t\n0,1\n1,2\n")
    assert imported(qtbot, editor, path) is True
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset == Dataset.from_csv(path)
    assert editor.stack.count() == 1


def test_a_file_with_too_many_columns_is_refused_and_a_later_import_works(
    qtbot, open_editor, answers, tmp_path
):
    window, editor = open_editor()
    before = editor.data
    path = tmp_path / "wide.csv"
    names = ",".join(f"x{k}" for k in range(9_999))
    path.write_text(names + ",t\n" + ",".join(["0"] * 10_000) + "\n")
    assert imported(qtbot, editor, path) is False
    assert window.banner.kind == "error" and "10,000 columns" in window.banner.text()
    assert editor.data is before and editor.stack.count() == 0 and not answers.asked
    assert worker_dataset(qtbot, window)[0] == before.dataset
    path.write_text("x1,x2,t\n0,0,0\n0,1,1\n1,0,1\n")
    assert imported(qtbot, editor, path) is True
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == editor.dataset == Dataset.from_csv(path)
    assert window.latest_snapshot().setup.layer_sizes == (2, 2, 2, 1)


WORST_CASES = r"""
import sys
from PySide6.QtCore import QTimer
from mlpgui.app import MainWindow, application
from mlpgui.ui.dataset import DatasetEditor, dialogs
from mlpgui.ui import names

app = application()
window = MainWindow()
window.confirm_close = False
window.show()
editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
files = sys.argv[1:]
dialogs.open_csv_path = lambda parent: files[0]
dialogs.confirm = lambda *args: True
seen = []

def next_file():
    if seen and seen[-1] == window.banner.text():
        QTimer.singleShot(50, next_file)  # still reading
        return
    if editor.importer.busy or editor.sync.in_flight or not editor.isEnabled():
        QTimer.singleShot(50, next_file)
        return
    if seen:
        print(window.banner.text(), flush=True)
        files.pop(0)
    if not files:
        window.grab()
        window.close()
        return
    seen.append(window.banner.text())
    window.findChild(type(window.controls.step_action), names.IMPORT_CSV_ACTION).trigger()
    QTimer.singleShot(50, next_file)

QTimer.singleShot(500, next_file)
raise SystemExit(app.exec())
"""


def test_the_worst_imports_do_not_crash_the_process(tmp_path):
    """The one-row file with 1e20 killed the app with SIGSEGV (an exception inside an undo
    command); in a real process, it and ±1e308 now import, and the app exits cleanly."""
    paths = []
    for name, text in [
        ("huge.csv", "x,t\n1e20,1\n"),
        ("extremes.csv", "x1,x2,t\n-1e308,1e308,0\n1e308,-1e308,1\n"),
        ("fine.csv", "x,t\n0,1\n1,0\n"),
    ]:
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", WORST_CASES, *paths],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "Fatal" not in out.stderr, out.stderr
    assert out.stdout.splitlines() == [
        "Imported 1 row from huge.csv.",
        "Imported 2 rows from extremes.csv.",
        "Imported 2 rows from fine.csv.",
    ]


def test_points_beyond_what_can_be_drawn_are_counted_under_the_plots(
    qtbot, open_editor, answers, tmp_path
):
    window, editor = open_editor()
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,t\n-1e308,1e308,0\n1e308,-1e308,1\n0,0,1\n")
    assert imported(qtbot, editor, path) is True
    note = "2 points lie beyond ±1e300 and cannot be drawn"
    assert editor.plot.sample_label.isVisible() and editor.plot.sample_label.text() == note
    output = feature(window).output
    qtbot.waitUntil(lambda: output.sample_note.text() == note, timeout=WAIT_MS)
    path.write_text("x1,x2,t\n0,1e299,0\n0,0,1\n")
    assert imported(qtbot, editor, path) is True
    assert not editor.plot.sample_label.isVisible()
