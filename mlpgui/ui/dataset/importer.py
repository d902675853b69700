"""CsvImporter: reads a CSV file off the GUI thread, with a progress dialog that can cancel.

A file of a million rows takes seconds to parse; the window must stay responsive meanwhile.
``start(path)`` first refuses what is not a regular file (a FIFO would block any reader
forever, a directory or a device is no CSV file) with one sentence, without opening it. It
then parses with ``Dataset.from_csv`` in a Python thread (daemon: nothing to join at exit,
no QThread that could be destroyed while running) and hands the result back through a queued
signal to the GUI thread. The dialog appears only when reading takes longer than
DIALOG_DELAY_MS; its Cancel stops the parser through the progress callback (the callback
raises ``ImportCancelled``, which ``Dataset.from_csv`` lets through).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import stat
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from mlpgui.core import Dataset, DatasetError
from mlpgui.ui import names

from .guard import describe, guarded

DIALOG_DELAY_MS = 400
"""The progress dialog appears only for imports that take longer than this."""
STEPS = 1000
"""The progress bar's resolution."""


class ImportCancelled(Exception):
    """Raised by the progress callback when the user cancelled the import."""


def not_regular_reason(path: str) -> str | None:
    """Why ``path`` must not be opened (a directory, FIFO, socket or device), or None.
    Uses stat only: nothing is opened, so nothing can block. A missing or unreadable file
    is left to the reader, which says so."""
    name = Path(path).name or path
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"{name} is a folder, not a CSV file."
    kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or a socket"
    return f"{name} is {kind}, not a regular file, so it was not read."


@functools.cache
def _reads_with_progress() -> bool:
    try:
        return "progress" in inspect.signature(Dataset.from_csv).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin without a signature
        return False


def _cancel_all(flags: set[threading.Event], *_: object) -> None:
    """Ask every import still reading to stop (when its importer goes away)."""
    for flag in list(flags):
        flag.set()


class _Job:
    """One import: its path and its cancel flag (shared with the reading thread)."""

    def __init__(self, number: int, path: str) -> None:
        self.number = number
        self.path = path
        self.cancelled = threading.Event()
        self.reported = -1  # the last progress step sent to the GUI


class CsvImporter(QObject):
    """Imports CSV files in the background (GUI-thread object; see the module docstring).

    Signals:
        loaded(Dataset, str): the file at path was read.
        failed(str): it could not be read (the sentence says why), or was not a regular file.
        cancelled(str): the user cancelled the import of that path.
        error_reported(str): an unexpected error, as one sentence (see guard.py).
    """

    loaded = Signal(object, str)
    failed = Signal(str)
    cancelled = Signal(str)
    error_reported = Signal(str)
    _progressed = Signal(int, int)  # job number, step (from the reading thread)
    _finished = Signal(int, object, object)  # job number, Dataset or None, exception or None

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._job: _Job | None = None
        self._jobs = 0
        self._dialog: QProgressDialog | None = None
        self._progressed.connect(self._on_progress)
        self._finished.connect(self._on_finished)
        # Jobs still reading are cancelled when this object goes away (the window closes).
        running = self._running = set[threading.Event]()
        self.destroyed.connect(functools.partial(_cancel_all, running))
        # Closing the window cancels an import too: its progress dialog, shown later, would
        # otherwise be a window left open, and the application would not quit.
        window.installEventFilter(self)

    @guarded(False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        # A close the window accepted hides it (a refused one, at a save prompt, does not;
        # minimising is a spontaneous hide): cancel at once, before the application quits.
        if (
            watched is self._window
            and event.type() == QEvent.Type.Hide
            and not event.spontaneous()
            and self.busy
        ):
            self.cancel()
        return False

    @property
    def busy(self) -> bool:
        """An import is being read."""
        return self._job is not None

    @property
    def dialog(self) -> QProgressDialog | None:
        """The progress dialog of the import being read (None when idle)."""
        return self._dialog

    def report_error(self, text: str) -> None:
        self.error_reported.emit(text)

    @guarded(False)
    def start(self, path: str) -> bool:
        """Begin reading ``path`` (True), or refuse it at once with ``failed`` (False)."""
        if self._job is not None:
            self.failed.emit("Another file is still being imported; wait or cancel it first.")
            return False
        reason = not_regular_reason(path)
        if reason is not None:
            self.failed.emit(reason)
            return False
        self._jobs += 1
        job = self._job = _Job(self._jobs, path)
        self._running.add(job.cancelled)
        self._show_dialog(job)
        thread = threading.Thread(
            target=self._read, args=(job,), name="mlpgui-csv-import", daemon=True
        )
        thread.start()
        return True

    @Slot()
    @guarded()
    def cancel(self) -> None:
        """Stop the import being read (its result, if any, is dropped)."""
        job = self._job
        if job is None:
            return
        job.cancelled.set()
        self._job = None
        self._close_dialog()
        self.cancelled.emit(job.path)

    def _show_dialog(self, job: _Job) -> None:
        dialog = QProgressDialog(
            f"Reading {Path(job.path).name}…", "Cancel", 0, STEPS, self._window
        )
        dialog.setObjectName(names.IMPORT_PROGRESS_DIALOG)
        dialog.setWindowTitle("Import a dataset")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(DIALOG_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not _reads_with_progress():
            dialog.setRange(0, 0)  # no fractions to show: a busy bar
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            # cancel(), not only hide(): it also stops the timer that shows the dialog once
            # the import has taken DIALOG_DELAY_MS, which could fire before deleteLater.
            dialog.cancel()
            dialog.hide()
            dialog.deleteLater()

    # --- the reading thread -------------------------------------------------------------------

    def _read(self, job: _Job) -> None:
        """Runs in the reading thread: parse, then hand the result to the GUI thread."""
        dataset: Dataset | None = None
        error: BaseException | None = None
        try:
            if _reads_with_progress():
                dataset = Dataset.from_csv(job.path, progress=lambda f: self._progress(job, f))
            else:
                dataset = Dataset.from_csv(job.path)
        except BaseException as exc:  # everything goes back to the GUI thread
            error = exc
        self._running.discard(job.cancelled)
        if job.cancelled.is_set():
            return  # nobody waits for it any more (and the importer may be gone)
        with contextlib.suppress(RuntimeError):  # the importer was deleted meanwhile
            self._finished.emit(job.number, dataset, error)

    def _progress(self, job: _Job, fraction: float) -> None:
        """The parser's progress callback (reading thread): raises to cancel."""
        if job.cancelled.is_set():
            raise ImportCancelled
        step = int(max(0.0, min(1.0, float(fraction))) * STEPS)
        if step > job.reported:
            job.reported = step
            self._progressed.emit(job.number, step)

    # --- back in the GUI thread ---------------------------------------------------------------

    @Slot(int, int)
    @guarded()
    def _on_progress(self, number: int, step: int) -> None:
        if self._job is not None and self._job.number == number and self._dialog is not None:
            self._dialog.setValue(min(step, STEPS - 1))

    @Slot(int, object, object)
    @guarded()
    def _on_finished(self, number: int, dataset: Dataset | None, error: object) -> None:
        job = self._job
        if job is None or job.number != number:
            return  # cancelled meanwhile
        self._job = None
        self._close_dialog()
        if isinstance(error, ImportCancelled):
            self.cancelled.emit(job.path)
        elif isinstance(error, DatasetError):
            self.failed.emit(str(error))
        elif isinstance(error, BaseException):
            self.failed.emit(describe(error))
        elif dataset is not None:
            self.loaded.emit(dataset, job.path)
