"""Importing reads the file off the GUI thread, can be cancelled, and refuses what is not a
regular file before opening it (a FIFO chosen for import used to freeze the window)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton

from mlpgui.core import Dataset
from mlpgui.ui import names
from mlpgui.ui.dataset import dialogs
from mlpgui.ui.dataset.importer import STEPS

from ..conftest import WAIT_MS
from .conftest import imported, settled, worker_dataset


def reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "mlpgui-csv-import"]


def write_rows(path, rows: int) -> None:
    x = np.linspace(-3.0, 3.0, rows)
    np.savetxt(path, np.column_stack([x, np.sin(x)]), delimiter=",", header="x,t",
               comments="", fmt="%.17g")  # fmt: skip


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_what_is_not_a_regular_file_is_refused_before_it_is_opened(
    qtbot, open_editor, tmp_path, kind, monkeypatch
):
    window, editor = open_editor()
    before = editor.data
    if kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)  # opening it for reading would block until a writer comes
        expected = "pipe.csv is a pipe (FIFO), not a regular file, so it was not read."
    elif kind == "folder":
        path = tmp_path / "data.csv"
        path.mkdir()
        expected = "data.csv is a folder, not a CSV file."
    else:
        path = "/dev/null"
        expected = "null is a device or a socket, not a regular file, so it was not read."
    monkeypatch.setattr(dialogs, "open_csv_path", lambda parent: str(path))
    window.findChild(type(window.controls.step_action), names.IMPORT_CSV_ACTION).trigger()
    # Refused at once, in the GUI thread: nothing is being read, no dialog, no thread.
    assert not editor.importer.busy and editor.importer.dialog is None
    assert not reading_threads()
    assert window.banner.kind == "error" and window.banner.text() == expected
    assert editor.data is before and editor.stack.count() == 0
    # The window goes on working: a regular file imports.
    good = tmp_path / "good.csv"
    good.write_text("x,t\n0,1\n1,2\n")
    assert imported(qtbot, editor, good) is True
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert worker_dataset(qtbot, window)[0] == Dataset.from_csv(good)


def test_the_file_is_read_in_the_background_with_a_progress_dialog(qtbot, open_editor, tmp_path):
    window, editor = open_editor()
    before = editor.data
    path = tmp_path / "wave.csv"
    write_rows(path, 20_000)
    assert editor.ops.import_csv(str(path)) is True
    # import_csv returned before the file was read: the result comes through the event loop.
    assert editor.importer.busy and editor.data is before
    dialog = editor.importer.dialog
    assert isinstance(dialog, QProgressDialog)
    assert dialog.objectName() == names.IMPORT_PROGRESS_DIALOG
    assert dialog.maximum() == STEPS and dialog.labelText() == "Reading wave.csv…"
    qtbot.waitUntil(lambda: not editor.importer.busy, timeout=WAIT_MS)
    assert editor.dataset == Dataset.from_csv(path)
    assert window.banner.text() == "Imported 20,000 rows from wave.csv."
    assert editor.importer.dialog is None
    qtbot.waitUntil(lambda: not reading_threads(), timeout=WAIT_MS)


def test_cancel_stops_the_reading_and_keeps_the_data(qtbot, open_editor, tmp_path):
    window, editor = open_editor()
    before = editor.data
    path = tmp_path / "long.csv"
    write_rows(path, 200_000)
    assert editor.ops.import_csv(str(path)) is True
    cancel = editor.importer.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    assert not editor.importer.busy and editor.importer.dialog is None
    assert window.banner.text() == "The import of long.csv was cancelled."
    qtbot.waitUntil(lambda: not reading_threads(), timeout=WAIT_MS)  # the parser stopped
    qtbot.wait(50)  # a result that still arrived would be dropped
    assert editor.data is before and editor.stack.count() == 0
    assert worker_dataset(qtbot, window)[0] == before.dataset
    # A new import after a cancelled one works.
    write_rows(path, 300)
    assert imported(qtbot, editor, path) is True
    assert len(editor.data) == 300


def test_a_second_import_while_one_is_read_is_refused_politely(qtbot, open_editor, tmp_path):
    window, editor = open_editor()
    path = tmp_path / "wave.csv"
    write_rows(path, 20_000)
    assert editor.ops.import_csv(str(path)) is True
    assert editor.ops.import_csv(str(path)) is False
    assert window.banner.text() == (
        "Another file is still being imported; wait or cancel it first."
    )
    qtbot.waitUntil(lambda: not editor.importer.busy, timeout=WAIT_MS)
    assert len(editor.data) == 20_000


CLOSE_WHILE_READING = """
import sys
from PySide6.QtCore import QTimer
from mlpgui.app import MainWindow, application
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui import names
app = application()
window = MainWindow()
window.confirm_close = False
window.show()
editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)

def start():
    print("reading", editor.ops.import_csv(sys.argv[1]) and editor.importer.busy, flush=True)
    QTimer.singleShot(100, window.close)

QTimer.singleShot(500, start)
raise SystemExit(app.exec())
"""


@pytest.mark.parametrize("attempt", range(3))
def test_closing_the_window_while_a_file_is_read_exits_cleanly(tmp_path, attempt):
    """Until the importer cancelled as soon as its window closed (and stopped the progress
    dialog's show timer), some runs never quit: no window left, lastWindowClosed emitted, the
    event loop still running — one in three on a busy machine. Hence three attempts."""
    path = tmp_path / "long.csv"
    write_rows(path, 300_000)
    out = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_READING, str(path)],
        capture_output=True, text=True, timeout=90,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "reading True"
    assert "Traceback" not in out.stderr and "Fatal" not in out.stderr, out.stderr


def test_a_refused_close_keeps_the_import_going(qtbot, open_editor, tmp_path):
    """A close the window refuses (a save prompt answered Cancel) does not cancel."""
    path = tmp_path / "long.csv"
    write_rows(path, 300_000)
    window, editor = open_editor()
    assert editor.ops.import_csv(str(path))

    window.closeEvent = lambda event: event.ignore()  # type: ignore[method-assign]
    window.close()
    assert window.isVisible()
    qtbot.wait(50)
    assert editor.importer.busy
    qtbot.waitUntil(lambda: not editor.importer.busy, timeout=60_000)
