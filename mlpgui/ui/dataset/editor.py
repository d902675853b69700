"""DatasetEditor: the plot you draw on, the table you type in, presets, split and undo.

Every edit makes a new EditorData and pushes a DataCommand onto the editor's QUndoStack (part
of the window's undo group, active while the editor has the focus); applying a command shows
the data and sends it to the worker (see WorkerSync). The editing operations themselves are in
``operations.py``; this class wires widgets, undo and the worker together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from mlpgui.core import Dataset
from mlpgui.ui import names

from . import dialogs
from .actions import DatasetActions
from .commands import DataCommand
from .controls import ClassControls, PresetControls, SplitControls
from .document import EditorData
from .operations import Operations
from .output import OutputView
from .plot import DatasetPlot
from .sync import WorkerSync
from .table import DatasetTable, DatasetTableModel

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow

UNDO_LIMIT = 200


class DatasetEditor(QWidget):
    """The dataset editor (objectName ``datasetEditor``); see the module docstring.

    Edits go through ``push``; ``apply`` (called by undo commands) shows data and sends it.

    Signals:
        title_changed(str): a one-line summary of the data (for the dock's title).
    """

    title_changed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName(names.DATASET_EDITOR)
        self.main_window = window
        self._data: EditorData | None = None
        self._drag_before: EditorData | None = None
        self._select_next: list[int] | None = None  # rows to select after the next edit
        self.stack = QUndoStack(self)
        self.stack.setObjectName(names.DATASET_UNDO_STACK)
        self.stack.setUndoLimit(UNDO_LIMIT)
        window.undo_group.addStack(self.stack)
        self.sync = WorkerSync(window.worker, self)

        self.presets = PresetControls()
        self.split = SplitControls(self)
        self.classes = ClassControls()
        self.plot = DatasetPlot()
        self.output = OutputView(window.worker, self.plot)
        self.model = DatasetTableModel(self)
        self.table = DatasetTable(self.model)
        self.ops = Operations(self)
        self.actions_ = DatasetActions(self, self.ops)
        self._layout()
        self.sync.adopted.connect(self._adopt)
        window.model_changed.connect(self.sync.on_model)
        window.state_changed.connect(self.output.show_state)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.model.cell_edit_requested.connect(self.ops.edit_cell)
        self.model.test_rows_requested.connect(self.ops.set_test_rows)
        self.plot.select_requested.connect(self.select_rows)
        self.plot.add_requested.connect(self.ops.add_point_clicked)
        self.plot.remove_requested.connect(lambda row: self.ops.delete_rows([row]))
        self.plot.drag_started.connect(self._drag_started)
        self.plot.drag_moved.connect(self._drag_moved)
        self.plot.drag_finished.connect(self._drag_finished)
        self.presets.preset_chosen.connect(self.ops.choose_preset)
        self.presets.settings_changed.connect(lambda *s: self.ops.load_preset(*s, merge=True))
        self.presets.regenerate_requested.connect(self.ops.load_preset)
        self.split.fraction_changed.connect(self.ops.set_test_fraction)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.setEnabled(False)  # until the worker reports its data

    def _layout(self) -> None:
        self.presets.add_setting(self.split.label, self.split.spin)
        toolbar = self.actions_.toolbar
        rows = QWidget()
        column = QVBoxLayout(rows)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(toolbar)
        column.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plot)
        splitter.addWidget(rows)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.presets)
        layout.addWidget(self.classes)
        layout.addWidget(splitter, 1)

    # --- state --------------------------------------------------------------------------------

    @property
    def data(self) -> EditorData | None:
        """Every row and the split, as shown (None before the worker reported its data)."""
        return self._data

    @property
    def dataset(self) -> Dataset | None:
        """Every row (training and test rows) as one Dataset."""
        return None if self._data is None else self._data.dataset

    def apply(self, data: EditorData) -> None:
        """Show ``data`` and send it to the worker (undo commands call this)."""
        if data is self._data:
            return
        self._data = data
        self._show(data)
        self.sync.send(data.train, data.test)

    def push(
        self,
        after: EditorData,
        text: str,
        merge_key: str | None = None,
        select: Sequence[int] = (),
    ) -> None:
        """Make ``after`` the data, as one undoable step named ``text``."""
        before = self._data
        if before is None:
            return
        self.stack.setActive()
        self._select_next = list(select) or None
        try:
            self.stack.push(DataCommand(self, before, after, text, merge_key))
        finally:
            self._select_next = None

    def message(self, kind: str, text: str) -> None:
        """One sentence for the user, in the window's banner."""
        self.main_window.banner.show_message(kind, text)

    def confirm(self, title: str, text: str, action: str) -> bool:
        return dialogs.confirm(self.main_window, title, text, action)

    @Slot(object, object)
    def _adopt(self, train: Dataset, test: Dataset | None) -> None:
        """The worker's data changed from outside (a preset from the File menu, a session):
        show it; the old undo steps no longer apply."""
        data = EditorData.combined(train, test)
        self._data = data
        self._drag_before = None
        self.stack.clear()
        self._show(data)
        self.setEnabled(True)

    def _show(self, data: EditorData) -> None:
        selected = self.selected_rows()
        self.model.set_data(data)
        self.plot.show_data(data)
        self.split.show_fraction(data.test_fraction)
        self.ops.show_preset_of(data.dataset)
        dataset = data.dataset
        classes = dataset.input_dim == 2 and dataset.class_labels() is not None
        self.classes.setVisible(classes)
        if classes:
            self.classes.show_classes(dataset.class_count)
        if self._drag_before is None:
            self.output.follow(data)
            if self._select_next is not None:
                self.select_rows(self._select_next)
            elif selected and all(r < len(data) for r in selected):
                self.select_rows(selected)
        self._on_table_selection()
        tests = int(data.test_rows.sum())
        held_out = f" ({tests:,} for testing)" if tests else ""
        points = f"{len(data):,} point" + ("" if len(data) == 1 else "s")
        self.title_changed.emit(f"Dataset — {dataset.name or 'custom'}, {points}{held_out}")

    # --- selection ----------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The rows selected in the table (and ringed in the plot), ascending."""
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    @Slot(list, bool)
    def select_rows(self, rows: list[int], extend: bool = False) -> None:
        """Select these rows in the table and the plot (``extend``: add to the selection)."""
        model = self.table.selectionModel()
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.Rows
        if extend:
            flags |= QItemSelectionModel.SelectionFlag.Toggle
        else:
            flags |= QItemSelectionModel.SelectionFlag.ClearAndSelect
        model.select(selection, flags)
        if rows:
            index = self.model.index(rows[-1], 0)
            model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(index)

    def _on_table_selection(self, *_: object) -> None:
        rows = self.selected_rows()
        self.plot.show_selection(rows)
        self.actions_.show_selection(rows)

    # --- dragging points ----------------------------------------------------------------------

    @Slot(int)
    def _drag_started(self, row: int) -> None:
        self._drag_before = self._data
        self.select_rows([row])

    @Slot(int, float, float)
    def _drag_moved(self, row: int, x: float, y: float) -> None:
        """While dragging, the point moves (and the worker trains on it) without undo steps."""
        if self._drag_before is not None and self._data is not None:
            self.apply(self.ops.moved(self._data, row, x, y))

    @Slot(int, float, float)
    def _drag_finished(self, row: int, x: float, y: float) -> None:
        before, self._drag_before = self._drag_before, None
        if before is None or self._data is None:
            return
        after = self.ops.moved(self._data, row, x, y)
        self.apply(after)
        self.stack.setActive()
        self.stack.push(DataCommand(self, before, after, "Move point"))
        self.output.follow(after)
        self.select_rows([row])

    # --- focus → undo -------------------------------------------------------------------------

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and (new is self or self.isAncestorOf(new)):
            self.stack.setActive()
