"""Operations: every edit the dataset editor offers, each one undoable step.

Each operation builds the new EditorData from the current one (through the core's immutable
Dataset methods), checks it, asks before adapting the network when the data's widths no longer
fit it, and pushes it onto the editor's undo stack. Bad input becomes one sentence in the
window's banner; the data then stay exactly as they were. Every public method is a slot of some
widget's signal and is guarded (guard.py): it returns False instead of raising.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mlpgui.core import PRESETS, Dataset, DatasetError, load_preset, preset_info
from mlpgui.core.csv_rows import parse_rows
from mlpgui.ui.formatting import plural

from .document import EditorData
from .guard import guarded

if TYPE_CHECKING:
    from .editor import DatasetEditor


def _architecture(sizes: tuple[int, ...]) -> str:
    return "-".join(map(str, sizes))


class Operations:
    """The editing operations of one DatasetEditor (see the module docstring)."""

    def __init__(self, editor: DatasetEditor) -> None:
        self.editor = editor

    @property
    def _data(self) -> EditorData | None:
        return self.editor.data

    def report_error(self, text: str) -> None:
        self.editor.message("error", text)

    def _push(
        self,
        after: EditorData,
        text: str,
        merge_key: str | None = None,
        select: tuple[int, ...] | list[int] = (),
        source: str | None = None,
    ) -> bool:
        """Push ``after`` unless its widths do not fit the network and the user declines to
        adapt it. ``source`` names the data in the question (e.g. the file)."""
        if self._data is None:
            return False
        if not self._fits_or_adapt(after.dataset, source or text):
            return False
        return self.editor.push(after, text, merge_key, select)

    def _fits_or_adapt(self, dataset: Dataset, source: str) -> bool:
        sync = self.editor.sync
        sizes = sync.adapted_sizes(dataset)
        old = sync.layer_sizes()
        if sizes is None or old is None:
            return True
        columns = (
            f"{plural(dataset.input_dim, 'input column')} and "
            f"{plural(dataset.output_dim, 'target column')}"
        )
        network = (
            f"the {_architecture(old)} network has {plural(old[0], 'input')} and "
            f"{plural(old[-1], 'output')}"
        )
        state = self.editor.host.store.state
        discard = ""
        if state is not None and state.steps:
            discard = f" and discards the {state.steps:,} updates made so far"
        question = (
            f"{source} has {columns}, but {network}. Adapt the network to "
            f"{_architecture(sizes)}? This re-initialises its weights{discard}."
        )
        if self.editor.confirm("Adapt the network?", question, "Adapt the network"):
            return True
        self.editor.message(
            "warning", f"{source} has {columns}, but {network}; the dataset was not changed."
        )
        return False

    # --- points and rows ----------------------------------------------------------------------

    @guarded(None)
    def add_point_clicked(self, x: float, y: float, other_class: bool) -> None:
        """A click on the plot at data coordinates (x, y)."""
        self.add_point(x, y, self.editor.classes.label(other_class))

    @guarded(False)
    def add_point(self, x: float, y: float, label: int = 0) -> bool:
        """Add a point: (x, t = y) for one input; (x1, x2) of class ``label`` for two."""
        data = self._data
        if data is None:
            return False
        dataset = data.dataset
        if dataset.input_dim == 1:
            inputs, targets = [x], np.full(dataset.output_dim, y)
        elif dataset.input_dim == 2:
            inputs = [x, y]
            if dataset.class_labels() is None:
                targets = np.zeros(dataset.output_dim)
            else:
                targets = dataset.class_target(label)
        else:
            return False
        after = data.with_rows_added([inputs], [targets])
        return self._push(after, "Add point", select=[len(dataset)])

    def moved(self, data: EditorData, row: int, x: float, y: float) -> EditorData:
        """``data`` with the point of ``row`` at plot position (x, y)."""
        dataset = data.dataset
        inputs = dataset.inputs[row].copy()
        targets = dataset.targets[row].copy()
        if dataset.input_dim == 1:
            inputs[0], targets[0] = x, y
        else:
            inputs[0], inputs[1] = x, y
        return data.with_row(row, inputs, targets)

    @guarded(False)
    def move_point(self, row: int, x: float, y: float) -> bool:
        """Move the point of ``row`` to plot position (x, y) (as a drag does)."""
        data = self._data
        if data is None:
            return False
        return self._push(self.moved(data, row, x, y), "Move point", select=[row])

    @guarded(False)
    def delete_rows(self, rows: list[int]) -> bool:
        """Remove these rows (points)."""
        data = self._data
        if data is None or not rows:
            return False
        text = "Delete point" if len(rows) == 1 else f"Delete {len(rows):,} points"
        return self._push(data.without_rows(sorted(set(rows))), text)

    @guarded(False)
    def delete_row(self, row: int) -> bool:
        """Remove one row (a right-click on its point)."""
        return self.delete_rows([row])

    @guarded(False)
    def delete_selected(self) -> bool:
        return self.delete_rows(self.editor.selected_rows())

    @guarded(False)
    def add_row(self) -> bool:
        """A new row after the current one: a copy of it, or zeros in an empty table."""
        data = self._data
        if data is None:
            return False
        dataset = data.dataset
        rows = self.editor.selected_rows()
        if rows:
            at = rows[-1] + 1
            inputs, targets = dataset.inputs[rows[-1]], dataset.targets[rows[-1]]
        else:
            at = len(dataset)
            inputs, targets = np.zeros(dataset.input_dim), np.zeros(dataset.output_dim)
        after = data.with_rows_added([inputs], [targets], at=at)
        if not self._push(after, "Add row", select=[at]):
            return False
        table = self.editor.table
        table.setFocus()
        table.edit(self.editor.model.index(at, 0))
        return True

    @guarded(False)
    def edit_cell(self, row: int, column: int, text: str) -> bool:
        """The user typed ``text`` into a cell."""
        data = self._data
        if data is None:
            return False
        dataset = data.dataset
        name = (*dataset.input_names, *dataset.target_names)[column]
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            value = math.nan
            problem = f"{text.strip()!r} is not a number"
        else:
            problem = "must be a finite number"
        if not math.isfinite(value):
            self.editor.message("error", f"Row {row + 1}, column {name}: {problem}.")
            return False
        n_in = dataset.input_dim
        if column < n_in:
            current = dataset.inputs[row, column]
        else:
            current = dataset.targets[row, column - n_in]
        if current == value:
            return True  # nothing changed: no undo step
        after = data.with_cell(row, column, value)
        return self._push(after, f"Edit {name} in row {row + 1}")

    @guarded(False)
    def set_test_rows(self, rows: list[int], test: bool) -> bool:
        data = self._data
        if data is None or not rows:
            return False
        text = "Move to the test set" if test else "Move to the training set"
        return self._push(data.with_test_rows(rows, test), text)

    @guarded(False)
    def set_test_fraction(self, fraction: float) -> bool:
        data = self._data
        if data is None or fraction == data.test_fraction:
            return False
        text = f"Hold out {round(100 * fraction)} % for testing"
        return self._push(data.with_split(fraction), text, merge_key="split")

    @guarded(False)
    def clear(self) -> bool:
        data = self._data
        if data is None or not len(data):
            return False
        return self._push(data.cleared(), "Clear all points")

    # --- presets ------------------------------------------------------------------------------

    @guarded(False)
    def choose_preset(self, name: str) -> bool:
        """The preset combo chose ``name``: load its data with the default settings."""
        self.editor.presets.show_preset(name)
        info = preset_info(name)
        if not self.load_preset(name, info.default_points, info.default_noise, info.default_seed):
            if self._data is not None:
                self.show_preset_of(self._data.dataset)
            return False
        return True

    @guarded(False)
    def regenerate_merged(self, name: str, n_points: int, noise: float, seed: int) -> bool:
        """Points, noise or seed changed: generate again, merged with the last generation."""
        return self.load_preset(name, n_points, noise, seed, merge=True)

    @guarded(False)
    def load_preset(
        self, name: str, n_points: int, noise: float, seed: int, merge: bool = False
    ) -> bool:
        """Replace the data by preset ``name``'s (the network is kept when it fits)."""
        data = self._data
        if data is None:
            return False
        try:
            dataset = load_preset(name, n_points, noise, seed)
        except DatasetError as exc:
            self.editor.message("error", str(exc))
            return False
        title = preset_info(name).title
        return self._push(
            data.replaced(dataset),
            f"Load preset {title}",
            merge_key=f"preset:{name}" if merge else None,
            source=f"The preset “{title}”",
        )

    def show_preset_of(self, dataset: Dataset) -> None:
        """Show ``dataset``'s preset in the preset controls ("Your own data" if it comes from
        none); the settings shown stay while the preset's data are edited."""
        name = dataset.name if dataset.name in PRESETS else None
        if name != self.editor.presets.name():
            self.editor.presets.show_preset(name, None if name is None else max(len(dataset), 1))

    # --- files and the clipboard --------------------------------------------------------------

    @guarded(False)
    def import_csv(self, path: str) -> bool:
        """Start reading a CSV file in the background (see CsvImporter); when it has been read,
        ``import_loaded`` replaces the data by its rows. A bad file changes nothing and says
        why. False if the import could not even start (the banner says why)."""
        if self._data is None:
            return False
        return self.editor.importer.start(path)

    @guarded(False)
    def import_loaded(self, dataset: Dataset, path: str) -> bool:
        """Replace the data by ``dataset``, read from ``path`` (one undo step)."""
        if self._data is None:
            return False
        name = Path(path).name
        if not self._push(self._data.replaced(dataset), f"Import {name}", source=name):
            return False
        self.editor.message("info", f"Imported {plural(len(dataset), 'row')} from {name}.")
        return True

    @guarded()
    def import_failed(self, text: str) -> None:
        self.editor.message("error", text)

    @guarded()
    def import_cancelled(self, path: str) -> None:
        self.editor.message("info", f"The import of {Path(path).name} was cancelled.")

    @guarded(False)
    def export_csv(self, path: str) -> bool:
        """Write every row (training and test rows) to a CSV file."""
        dataset = self.editor.dataset
        if dataset is None:
            return False
        try:
            dataset.to_csv(path)
        except DatasetError as exc:
            self.editor.message("error", str(exc))
            return False
        self.editor.message("info", f"Exported {plural(len(dataset), 'row')} to {Path(path).name}.")
        return True

    @guarded(False)
    def paste_text(self, text: str) -> bool:
        """Append rows pasted from a spreadsheet or as CSV text (see core.csv_rows)."""
        data = self._data
        if data is None:
            return False
        dataset = data.dataset
        try:
            table = parse_rows(text, dataset.input_names, dataset.target_names)
        except DatasetError as exc:
            self.editor.message("error", str(exc))
            return False
        count = len(table.inputs)
        after = data.with_rows_added(table.inputs, table.targets)
        select = list(range(len(dataset), len(dataset) + count))
        return self._push(after, f"Paste {plural(count, 'row')}", select=select)

    def copy_text(self) -> str:
        """The selected rows (all rows if none are selected) as tab-separated text with a
        header, which spreadsheets and paste_text read."""
        dataset = self.editor.dataset
        if dataset is None:
            return ""
        rows = self.editor.selected_rows() or list(range(len(dataset)))
        lines = ["\t".join((*dataset.input_names, *dataset.target_names))]
        for row in rows:
            values = (*dataset.inputs[row].tolist(), *dataset.targets[row].tolist())
            lines.append("\t".join(map(repr, values)))
        return "\n".join(lines) + "\n"
