"""DatasetEditor: the plot you draw on, the table you type in, presets, split and undo.

Every edit makes a new EditorData and pushes a DataCommand onto the editor's QUndoStack (part
of the window's undo group, active while the editor has the focus); applying a command shows
the data and sends it to the worker (see WorkerSync). The editing operations themselves are in
``operations.py``; this class wires widgets, undo and the worker together.

No exception leaves a slot or an undo command (see guard.py): an edit that fails is rolled back
to the data before it, and the banner says what happened in one sentence.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from mlpgui.core import Dataset, MlpguiError
from mlpgui.ui import names
from mlpgui.ui.formatting import plural
from mlpgui.worker import ModelChange, ModelSnapshot

from . import dialogs
from .actions import DatasetActions
from .commands import DataCommand
from .controls import ClassControls, PresetControls, SplitControls
from .document import EditorData
from .guard import describe, guarded
from .importer import CsvImporter
from .operations import Operations
from .output import OutputOverlay
from .plot import DatasetPlot
from .sync import WorkerSync
from .table import DatasetTable, DatasetTableModel

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

UNDO_LIMIT = 200


class DatasetEditor(QWidget):
    """The dataset editor (objectName ``datasetEditor``); see the module docstring.

    Edits go through ``push``; ``apply`` (called by undo commands) shows data and sends it.

    Signals:
        title_changed(str): a one-line summary of the data (for the dock's title).
    """

    title_changed = Signal(str)

    def __init__(self, host: FeatureHost) -> None:
        super().__init__()
        self.setObjectName(names.DATASET_EDITOR)
        self.host = host
        self.main_window = host.window
        """The parent of the editor's dialogs."""
        self._data: EditorData | None = None
        self._drag_before: EditorData | None = None
        self._select_next: list[int] | None = None  # rows to select after the next edit
        self.stack = QUndoStack(self)
        self.stack.setObjectName(names.DATASET_UNDO_STACK)
        self.stack.setUndoLimit(UNDO_LIMIT)
        host.undo_group.addStack(self.stack)
        self.sync = WorkerSync(host, self)
        self.importer = CsvImporter(host.window, self)

        self.presets = PresetControls()
        self.split = SplitControls(self)
        self.classes = ClassControls()
        self.plot = DatasetPlot()
        self.output = OutputOverlay(host, self.plot)
        self.model = DatasetTableModel(self)
        self.table = DatasetTable(self.model)
        self.ops = Operations(self)
        self.actions_ = DatasetActions(self, self.ops)
        self._layout()
        self.sync.adopted.connect(self._adopt)
        self.sync.refused.connect(self._refused)
        self.importer.loaded.connect(self.ops.import_loaded)
        self.importer.failed.connect(self.ops.import_failed)
        self.importer.cancelled.connect(self.ops.import_cancelled)
        for source in (self.sync, self.output, self.plot, self.model, self.importer):
            source.error_reported.connect(self.report_error)
        host.store.model_changed.connect(self.sync.on_model)
        host.store.model_changed.connect(self._on_model)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.model.cell_edit_requested.connect(self.ops.edit_cell)
        self.model.test_rows_requested.connect(self.ops.set_test_rows)
        self.plot.select_requested.connect(self.select_rows)
        self.plot.add_requested.connect(self.ops.add_point_clicked)
        self.plot.remove_requested.connect(self.ops.delete_row)
        self.plot.drag_started.connect(self._drag_started)
        self.plot.drag_moved.connect(self._drag_moved)
        self.plot.drag_finished.connect(self._drag_finished)
        self.presets.preset_chosen.connect(self.ops.choose_preset)
        self.presets.settings_changed.connect(self.ops.regenerate_merged)
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
        picture = QWidget()
        stack = QVBoxLayout(picture)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        stack.addWidget(self.plot, 1)
        stack.addWidget(self.plot.sample_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(picture)
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
        """Show ``data`` and send it to the worker (undo commands call this; it may raise,
        and then ``apply_failed`` restores the data before)."""
        if data is self._data:
            return
        self._data = data
        self._show(data)
        self.sync.send(data.train, data.test)

    def apply_failed(self, previous: EditorData, exc: Exception) -> None:
        """``apply`` raised ``exc``: show ``previous`` again (the worker still has it — sending
        is all or nothing and comes last) and say what happened."""
        report_exception(exc)
        self._data = previous
        self._drag_before = None
        try:
            self._show(previous)
        finally:
            self.message("error", describe(exc))

    def report_error(self, text: str) -> None:
        """A sentence from a guarded slot (see guard.py)."""
        self.message("error", text)

    def push(
        self,
        after: EditorData,
        text: str,
        merge_key: str | None = None,
        select: Sequence[int] = (),
    ) -> bool:
        """Make ``after`` the data, as one undoable step named ``text``; False if that failed
        (the banner then says why and the data are as before)."""
        before = self._data
        if before is None:
            return False
        self.stack.setActive()
        self._select_next = list(select) or None
        try:
            command = DataCommand(self, before, after, text, merge_key)
            self.stack.push(command)  # an obsolete (failed) command is dropped by the stack
        finally:
            self._select_next = None
        return self._data is after

    def message(self, kind: str, text: str) -> None:
        """One sentence for the user, in the window's banner."""
        self.host.show_message(kind, text)

    def confirm(self, title: str, text: str, action: str) -> bool:
        return dialogs.confirm(self.main_window, title, text, action)

    @Slot(object, object)
    @guarded()
    def _adopt(self, train: Dataset, test: Dataset | None) -> None:
        """The worker's data changed from outside (a preset from the File menu, a session):
        show it; the old undo steps no longer apply."""
        data = EditorData.combined(train, test)
        self._data = data
        self._drag_before = None
        self.stack.clear()
        self.setEnabled(True)
        self._show(data)

    @Slot(object)
    @guarded()
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        """Another run is shown (a kept run, or an opened session): the undo steps were
        edits of the run before, even where both runs train on the same data."""
        if snapshot.reason in (ModelChange.SWITCHED, ModelChange.SESSION):
            self.stack.clear()

    @Slot(object, object)
    @guarded()
    def _refused(self, train: Dataset, test: Dataset | None) -> None:
        """The worker refused the data last sent and kept ``train`` and ``test`` (its message in
        the banner says why): undo the edit that sent them, or show the worker's data."""
        index = self.stack.index()
        command = self.stack.command(index - 1) if index > 0 else None
        if (
            isinstance(command, DataCommand)
            and self._drag_before is None
            and command.after is self._data
            and command.before.train is train
        ):
            command.setObsolete(True)  # undo() drops it without calling it: apply by hand
            self.apply(command.before)
            self.stack.undo()
            return
        self._adopt(train, test)

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
        points = plural(len(data), "point")
        self.title_changed.emit(f"Dataset — {dataset.name or 'custom'}, {points}{held_out}")

    # --- selection ----------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The rows selected in the table (and ringed in the plot), ascending (from the
        selection's ranges: no object per row, even when a million rows are selected)."""
        ranges = self.table.selectionModel().selection()
        spans = [
            np.arange(r.top(), r.bottom() + 1)
            for r in (ranges.at(i) for i in range(ranges.count()))
        ]
        if not spans:
            return []
        return np.unique(np.concatenate(spans)).tolist()

    @Slot(list, bool)
    @guarded()
    def select_rows(self, rows: list[int], extend: bool = False) -> None:
        """Select these rows in the table and the plot (``extend``: add to the selection)."""
        model = self.table.selectionModel()
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for first, final in _runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(final, last))
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

    @guarded()
    def _on_table_selection(self, *_: object) -> None:
        rows = self.selected_rows()
        self.plot.show_selection(rows)
        self.actions_.show_selection(rows)

    # --- dragging points ----------------------------------------------------------------------

    @Slot(int)
    @guarded()
    def _drag_started(self, row: int) -> None:
        self._drag_before = self._data
        self.select_rows([row])

    @Slot(int, float, float)
    def _drag_moved(self, row: int, x: float, y: float) -> None:
        """While dragging, the point moves (and the worker trains on it) without undo steps."""
        if self._drag_before is not None and self._data is not None:
            try:
                self.apply(self.ops.moved(self._data, row, x, y))
            except Exception as exc:  # nothing may escape a slot
                self._rollback(self._drag_before, exc)

    @Slot(int, float, float)
    def _drag_finished(self, row: int, x: float, y: float) -> None:
        before, self._drag_before = self._drag_before, None
        if before is None or self._data is None:
            return
        try:
            after = self.ops.moved(self._data, row, x, y)
            self.apply(after)
            self.stack.setActive()
            self.stack.push(DataCommand(self, before, after, "Move point"))
            self.output.follow(after)
            self.select_rows([row])
        except Exception as exc:  # nothing may escape a slot
            self._rollback(before, exc)

    def _rollback(self, data: EditorData, exc: Exception) -> None:
        """A drag failed: show ``data`` and send it again (the worker may have newer)."""
        self._drag_before = None
        try:
            self.apply_failed(data, exc)
            self.sync.send(data.train, data.test)
        except Exception as again:
            report_exception(again)

    # --- focus → undo -------------------------------------------------------------------------

    @Slot(QWidget, QWidget)
    @guarded()
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and (new is self or self.isAncestorOf(new)):
            self.stack.setActive()


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) pairs: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    if not len(rows):
        return []
    ordered = np.unique(np.asarray(rows, dtype=np.intp))
    breaks = np.flatnonzero(np.diff(ordered) != 1)
    firsts = np.concatenate([ordered[:1], ordered[breaks + 1]])
    lasts = np.concatenate([ordered[breaks], ordered[-1:]])
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))


def report_exception(exc: BaseException) -> None:
    """Print an unexpected ``exc`` with its traceback (for a bug report)."""
    if not isinstance(exc, MlpguiError):
        traceback.print_exception(exc, file=sys.stderr)
