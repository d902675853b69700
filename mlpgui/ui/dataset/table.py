"""The dataset table: a QAbstractTableModel over EditorData, and the view that shows it.

The model never changes data itself: an edited cell or a toggled "test" box becomes a request
(``cell_edit_requested`` / ``test_rows_requested``) that the editor turns into a new,
immutable EditorData (with undo), which then comes back through ``set_data``.

The model reads cells straight from the dataset's arrays when Qt asks for them (only the
visible ones): a million rows cost no Python object per row. Every method Qt calls is guarded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from mlpgui.ui import names
from mlpgui.ui.formatting import format_number

from .document import EditorData
from .guard import guarded, report

Index = QModelIndex | QPersistentModelIndex

# Keys the table uses itself although the window has shortcuts on some of them (→ steps).
_NAVIGATION_KEYS = {
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2,
}  # fmt: skip
# Typing one of these starts editing the current cell with it.
_NUMBER_TEXT = set("0123456789+-.eE")


class DatasetTableModel(QAbstractTableModel):
    """Rows are samples; columns are the inputs, the targets and "test" (a check box).

    Signals:
        cell_edit_requested(int row, int column, str text): the user typed into a cell.
        test_rows_requested(list[int] rows, bool test): the user (un)ticked "test".
        error_reported(str): a sentence for the user (see guard.py).
    """

    cell_edit_requested = Signal(int, int, str)
    test_rows_requested = Signal(list, bool)
    error_reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data: EditorData | None = None
        self._names: tuple[str, ...] = ()
        self._n_inputs = 0

    def report_error(self, text: str) -> None:
        self.error_reported.emit(text)

    def set_data(self, data: EditorData) -> None:
        """Show ``data``: the same shape refreshes the cells, another one resets the model."""
        old = self._data
        dataset = data.dataset
        names_ = (*dataset.input_names, *dataset.target_names)
        same_shape = old is not None and len(old) == len(data) and names_ == self._names
        if not same_shape:
            self.beginResetModel()
        self._data = data
        self._names = names_
        self._n_inputs = dataset.input_dim
        if same_shape:
            if len(data):
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(data) - 1, self.columnCount() - 1)
                )
        else:
            self.endResetModel()

    @property
    def test_column(self) -> int:
        return len(self._names)

    # --- QAbstractTableModel ------------------------------------------------------------------

    @guarded(0)
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() or self._data is None else len(self._data)

    @guarded(0)
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() or self._data is None else len(self._names) + 1

    @guarded(None)
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return "test" if section == self.test_column else self._names[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.test_column:
                return "Test rows are not trained on; the loss plot shows their loss"
            kind = "input" if section < self._n_inputs else "target"
            return f"{kind} column {self._names[section]}"
        return None

    @guarded(None)
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._data is None:
            return None
        row, column = index.row(), index.column()
        if column == self.test_column:
            if role == Qt.ItemDataRole.CheckStateRole:
                test = bool(self._data.test_rows[row])
                return Qt.CheckState.Checked if test else Qt.CheckState.Unchecked
            return None
        dataset = self._data.dataset
        if column < self._n_inputs:
            value = float(dataset.inputs[row, column])
        else:
            value = float(dataset.targets[row, column - self._n_inputs])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value, 6)
        if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return repr(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @guarded(False)
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._data is None:
            return False
        if index.column() == self.test_column:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.test_rows_requested.emit([index.row()], checked)
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        self.cell_edit_requested.emit(index.row(), index.column(), str(value))
        return True  # the editor shows its verdict (new data, or a message)

    @guarded(Qt.ItemFlag.NoItemFlags)
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == self.test_column:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable


class DatasetTable(QTableView):
    """The table view (objectName ``datasetTable``). It keeps the keys it needs for
    navigation and editing (arrows, Enter, digits) even where the window has shortcuts on them
    (→ is Step): it accepts their ShortcutOverride."""

    def __init__(self, model: DatasetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.DATASET_TABLE)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setHighlightSections(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header_height = self.horizontalHeader().sizeHint().height()
        self.setMinimumHeight(header_height + 5 * vertical.defaultSectionSize() + 4)
        model.modelReset.connect(self._fit_columns)
        self.setToolTip(
            "Every sample: type to edit a cell, Delete removes the selected rows, "
            "Ctrl+V pastes rows copied from a spreadsheet"
        )

    def _fit_columns(self) -> None:
        """Numbers share the width; the "test" check boxes take only what they need."""
        header = self.horizontalHeader()
        model = self.model()
        if isinstance(model, DatasetTableModel) and model.columnCount() > 0:
            # Fixed: sizing to contents would ask for the data of up to 1,000 rows per reset.
            header.setSectionResizeMode(model.test_column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(
                model.test_column, self.fontMetrics().horizontalAdvance("test") + 24
            )

    def event(self, event: QEvent) -> bool:
        try:
            if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                key = Qt.Key(event.key())
                modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                plain = modifiers in (
                    Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
                )  # fmt: skip
                if plain and (key in _NAVIGATION_KEYS or event.text() in _NUMBER_TEXT):
                    event.accept()
                    return True
            return super().event(event)
        except Exception as exc:  # nothing may escape an event handler
            model = self.model()
            if isinstance(model, DatasetTableModel):
                report(model, exc)
            return False
