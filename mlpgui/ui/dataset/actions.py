"""The dataset editor's actions: import, export, paste, copy, add, delete, clear.

Import and export also sit in the File menu. The editing actions (paste, copy, add row,
delete, clear) have shortcuts that work while the editor has the focus, so that Ctrl+V or
Delete elsewhere in the window keep their own meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar, QWidget

from mlpgui.ui import names

from . import dialogs
from .guard import guarded

if TYPE_CHECKING:
    from .editor import DatasetEditor
    from .operations import Operations


def _action(
    parent: QObject, name: str, text: str, tip: str, keys: list[QKeySequence] | None = None
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if keys:
        action.setShortcuts(keys)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip} ({shown})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


class DatasetActions:
    """Owns the editor's QActions and its small toolbar."""

    def __init__(self, editor: DatasetEditor, ops: Operations) -> None:
        self.editor = editor
        self.ops = ops
        key = QKeySequence
        self.import_csv = _action(
            editor, names.IMPORT_CSV_ACTION, "&Import dataset (CSV)…",
            "Replace the data by a CSV file's (header row: x… inputs, t… targets)",
            [key("Ctrl+I")],
        )  # fmt: skip
        self.export_csv = _action(
            editor, names.EXPORT_CSV_ACTION, "E&xport dataset (CSV)…",
            "Save every row, training and test, as a CSV file", [key("Ctrl+E")],
        )  # fmt: skip
        self.paste = _action(
            editor, names.PASTE_ROWS_ACTION, "Pas&te rows",
            "Add rows copied from a spreadsheet or as CSV text", [key(key.StandardKey.Paste)],
        )  # fmt: skip
        self.copy = _action(
            editor, names.COPY_ROWS_ACTION, "&Copy rows",
            "Copy the selected rows (all if none are selected) as tab-separated text",
            [key(key.StandardKey.Copy)],
        )  # fmt: skip
        self.add_row = _action(
            editor, names.ADD_ROW_ACTION, "&Add row",
            "Add a row after the selected one (a copy of it) and edit it", [key("Ins")],
        )  # fmt: skip
        self.delete = _action(
            editor, names.DELETE_ROWS_ACTION, "&Delete",
            "Remove the selected points", [key(key.StandardKey.Delete), key("Backspace")],
        )  # fmt: skip
        self.clear = _action(
            editor, names.CLEAR_DATASET_ACTION, "C&lear", "Remove every point (undo brings them "
            "back)",
        )  # fmt: skip
        self.import_csv.triggered.connect(self._import)
        self.export_csv.triggered.connect(self._export)
        self.paste.triggered.connect(self._paste)
        self.copy.triggered.connect(self._copy)
        self.add_row.triggered.connect(ops.add_row)
        self.delete.triggered.connect(ops.delete_selected)
        self.clear.triggered.connect(ops.clear)
        local = [self.paste, self.copy, self.add_row, self.delete, self.clear]
        for action in local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        editor.addActions(local)

        self.toolbar = QToolBar("Dataset")
        self.toolbar.setObjectName(names.DATASET_TOOLBAR)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action, short in [(self.import_csv, "Import…"), (self.export_csv, "Export…"),
                              (self.paste, "Paste"), (self.add_row, "Add row")]:  # fmt: skip
            action.setIconText(short)
        self.toolbar.addActions([self.import_csv, self.export_csv])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.paste, self.add_row, self.delete, self.clear])
        self.show_selection([])

    def add_to_menu(self, menu: QMenu, window: QWidget) -> None:
        """Put import, export and paste in ``menu`` (the File menu) before its last entry;
        import and export get window-wide shortcuts."""
        actions = menu.actions()
        before = actions[-2] if len(actions) >= 2 else None  # keep Quit (and its separator) last
        # Qt takes a null ``before`` as "append"; the stubs do not say so.
        menu.insertSeparator(before)  # type: ignore[arg-type]
        menu.insertActions(before, [self.import_csv, self.export_csv, self.paste])  # type: ignore[arg-type]
        window.addActions([self.import_csv, self.export_csv])

    def report_error(self, text: str) -> None:
        self.editor.message("error", text)

    def show_selection(self, rows: list[int]) -> None:
        self.delete.setEnabled(bool(rows))

    @guarded()
    def _import(self) -> None:
        path = dialogs.open_csv_path(self.editor.main_window)
        if path:
            self.ops.import_csv(path)

    @guarded()
    def _export(self) -> None:
        dataset = self.editor.dataset
        suggested = f"{(dataset.name if dataset is not None else None) or 'dataset'}.csv"
        path = dialogs.save_csv_path(self.editor.main_window, suggested)
        if path:
            self.ops.export_csv(path)

    @guarded()
    def _paste(self) -> None:
        self.ops.paste_text(QApplication.clipboard().text())

    @guarded()
    def _copy(self) -> None:
        QApplication.clipboard().setText(self.ops.copy_text())
