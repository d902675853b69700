"""Open, save and remember session files; know when there are unsaved changes.

Reading and writing happen in the worker (it owns the run); this object asks for them
(``SaveSession``, ``OpenSession``, ``ExportHistory``) and hears back through ``FileDone`` or
``Errored``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from mlpgui.worker import (
    Errored,
    ExportHistory,
    FileAction,
    FileDone,
    ModelChange,
    ModelChanged,
    OpenSession,
    RunsChanged,
    SaveSession,
    StateChanged,
)

from . import names

if TYPE_CHECKING:
    from mlpgui.worker import WorkerHandle

SESSION_FILTER = "mlpgui sessions (*.mlpgui.json *.json);;All files (*)"
CSV_FILTER = "CSV files (*.csv);;All files (*)"
MAX_RECENT = 8
CHANGING_REASONS = frozenset(
    {ModelChange.EDIT, ModelChange.DATASET, ModelChange.SETUP, ModelChange.TEST_SET,
     ModelChange.RESET, ModelChange.REWIND, ModelChange.DIVERGED, ModelChange.NAMES,
     ModelChange.SWITCHED, ModelChange.EXERCISES}
)  # fmt: skip
"""Model changes that make the run differ from its saved file."""


class SessionFiles(QObject):
    """File ▸ Open / Save / Save As / Open Recent / Export history, and unsaved changes."""

    dirty_changed = Signal(bool)

    def __init__(self, window: QWidget, worker: WorkerHandle, settings: QSettings) -> None:
        super().__init__(window)
        self._window, self._worker, self._settings = window, worker, settings
        self.path: str | None = None
        self.dirty = False
        self._clean_steps = 0
        self._steps = 0

        def action(name: str, text: str, keys: QKeySequence.StandardKey | str | None) -> QAction:
            a = QAction(text, window)
            a.setObjectName(name)
            if keys is not None:
                a.setShortcut(QKeySequence(keys))
            return a

        self.open_action = action(names.OPEN_SESSION_ACTION, "&Open session…", "Ctrl+O")
        self.save_action = action(names.SAVE_SESSION_ACTION, "&Save session", "Ctrl+S")
        self.save_as_action = action(
            names.SAVE_SESSION_AS_ACTION, "Save session &as…", "Ctrl+Shift+S"
        )
        self.export_action = action(
            names.EXPORT_HISTORY_ACTION, "Export history as CSV…", "Ctrl+Shift+E"
        )
        self.open_action.setToolTip("Open a saved session: network, data, settings, history")
        self.save_action.setToolTip("Save everything needed to continue this run exactly")
        self.export_action.setToolTip("Every update's loss and parameters, one row per update")
        self.recent_menu = QMenu("Open &recent")
        self.recent_menu.setObjectName(names.RECENT_MENU)
        self.open_action.triggered.connect(self.open_dialog)
        self.save_action.triggered.connect(self.save)
        self.save_as_action.triggered.connect(self.save_as)
        self.export_action.triggered.connect(self.export_dialog)
        worker.file_done.connect(self._on_file_done)
        worker.state_changed.connect(self._on_state)
        worker.model_changed.connect(self._on_model)
        worker.runs_changed.connect(self._on_runs)
        self._run_id = 1
        """The number of the run shown (run comparison: the worker's first run is run 1)."""
        self._fill_recent()

    @property
    def actions(self) -> list[QAction]:
        return [self.open_action, self.save_action, self.save_as_action, self.export_action]

    # --- opening ------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.maybe_save("Open another session"):
            return
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Open session", self._start_dir(), SESSION_FILTER
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Ask the worker to open ``path`` (an error message leaves the current run as is)."""
        self._worker.send(OpenSession(os.fspath(path)))

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.path is None:
            self.save_as()
        else:
            self.save_to(self.path)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Save session", self._suggested_name(), SESSION_FILTER
        )
        if path:
            if not path.endswith(".json"):
                path += ".mlpgui.json"
            self.save_to(path)

    def save_to(self, path: str, include_history: bool = True) -> None:
        self._worker.send(SaveSession(os.fspath(path), include_history))

    def save_and_wait(self, path: str, timeout_ms: int = 60_000) -> bool:
        """Save and block (running the event loop) until the worker has written the file."""
        loop = QEventLoop()
        done: list[bool] = []

        def finished(message: FileDone) -> None:
            if message.action is FileAction.SAVED:
                done.append(True)
                loop.quit()

        def failed(_: Errored) -> None:
            loop.quit()

        self._worker.file_done.connect(finished)
        self._worker.errored.connect(failed)
        QTimer.singleShot(timeout_ms, loop.quit)
        self.save_to(path)
        if not done:  # (the answer could only have come already if saving failed at once)
            loop.exec()
        self._worker.file_done.disconnect(finished)
        self._worker.errored.disconnect(failed)
        return bool(done)

    def maybe_save(self, what: str = "Close the window") -> bool:
        """Ask to save unsaved changes; False if the user cancelled (or saving failed)."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self._window,
            "Save changes?",
            f"{what}? The current training run has unsaved changes.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Discard:
            return True
        if answer != QMessageBox.StandardButton.Save:
            return False
        path = self.path
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self._window, "Save session", self._suggested_name(), SESSION_FILTER
            )
            if not path:
                return False
        return self.save_and_wait(path)

    # --- history export -----------------------------------------------------------------------

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Export history", self._start_dir("history.csv"), CSV_FILTER
        )
        if path:
            self._worker.send(ExportHistory(path))

    # --- bookkeeping --------------------------------------------------------------------------

    @Slot(object)
    def _on_file_done(self, message: FileDone) -> None:
        path = message.path
        if message.action in (FileAction.SAVED, FileAction.OPENED):
            self.path = path
            self._clean_steps = self._steps
            self._set_dirty(False)
            self._remember(path)
            self._settings.setValue("lastDirectory", os.path.dirname(os.path.abspath(path)))

    @Slot(object)
    def _on_state(self, message: StateChanged) -> None:
        state = message.state
        self._steps = state.steps
        if state.steps != self._clean_steps:
            self._set_dirty(True)

    @Slot(object)
    def _on_model(self, message: ModelChanged) -> None:
        snapshot = message.snapshot
        if snapshot.reason in (ModelChange.SESSION, ModelChange.START):
            self._clean_steps = self._steps = snapshot.steps
            self._set_dirty(False)
        elif snapshot.reason in CHANGING_REASONS:
            self._set_dirty(True)
            if snapshot.reason in (ModelChange.SETUP, ModelChange.SWITCHED):
                self.path = None  # a new setup, or a kept run shown, is another run

    @Slot(object)
    def _on_runs(self, message: RunsChanged) -> None:
        """Another run is shown (a kept one, or a fresh one after "Keep and start again"):
        its file, if any, is not the one saved before, so Save asks for a name."""
        active = next((r.run_id for r in message.runs if r.active), self._run_id)
        if active != self._run_id:
            self._run_id = active
            self.path = None
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def recent_files(self) -> list[str]:
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):  # QSettings hands back a single item as a string
            value = [value]
        files = value if isinstance(value, (list, tuple)) else []
        return [str(f) for f in files if f]

    def _remember(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [path] + [f for f in self.recent_files() if f != path]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(os.path.basename(path))
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(files))

    def _open_recent(self, path: str) -> None:
        if self.maybe_save("Open another session"):
            self.open_file(path)

    def _start_dir(self, name: str = "") -> str:
        folder = str(self._settings.value("lastDirectory", os.path.expanduser("~")))
        return os.path.join(folder, name) if name else folder

    def _suggested_name(self) -> str:
        if self.path:
            return self.path
        return self._start_dir("session.mlpgui.json")
