"""An immutable dataset of N samples: inputs x_i and targets t_i, as float64 tables.

Shapes: ``inputs`` (N, n_0) and ``targets`` (N, n_L), where n_0 is the number of input units
and n_L the number of output units of a network that learns the dataset. N may be 0 (an
emptied dataset still knows its column widths and names).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mlpgui.core.csv_io import duplicate_name, format_csv, parse_csv_text, read_csv, write_text
from mlpgui.core.dataset_checks import (
    check_finite,
    column_names,
    freeze,
    is_integer,
    same_bits,
    show,
    to_float_table,
)
from mlpgui.core.errors import DatasetError


class Dataset:
    """An immutable dataset. Every array it hands out is a read-only float64 copy.

    Attributes:
        inputs: (N, n_0) float64, C-contiguous, read-only.
        targets: (N, n_L) float64, C-contiguous, read-only.
        name: a label (preset name, file stem) or None.
        input_names: n_0 column names; default ("x",) for one column, else ("x1", "x2", …).
        target_names: n_L column names; default ("t",) for one column, else ("t1", "t2", …).

    Row numbers in error messages are 1-based; row indices passed to methods are 0-based.
    """

    __slots__ = ("_input_names", "_inputs", "_name", "_target_names", "_targets")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        inputs: ArrayLike,
        targets: ArrayLike,
        name: str | None = None,
        input_names: Sequence[str] | None = None,
        target_names: Sequence[str] | None = None,
    ) -> None:
        """Validate and copy the data.

        Args:
            inputs: (N, n_0) numbers; a 1-D sequence is taken as one column (N, 1).
            targets: (N, n_L) numbers; a 1-D sequence is taken as one column (N, 1).
            name: an optional label.
            input_names, target_names: column names (defaults described in the class doc).

        Raises:
            DatasetError: naming what is wrong and where (row and column, 1-based).
        """
        x = to_float_table(inputs, "inputs")
        t = to_float_table(targets, "targets")
        if x.shape[0] != t.shape[0]:
            raise DatasetError(f"inputs has {x.shape[0]} rows but targets has {t.shape[0]}.")
        if name is not None and not isinstance(name, str):
            raise DatasetError(f"The dataset name must be text or None, not {type(name).__name__}.")
        x_names = column_names(input_names, x.shape[1], "x", "input")
        t_names = column_names(target_names, t.shape[1], "t", "target")
        all_names = (*x_names, *t_names)
        repeated = duplicate_name(all_names)
        if repeated is not None:
            raise DatasetError(
                f"The column name {all_names[repeated[1]]!r} occurs twice; column names must be "
                "unique (ignoring case)."
            )
        check_finite(x, "inputs")
        check_finite(t, "targets")
        self._store(x, t, name, x_names, t_names)

    def _store(
        self,
        inputs: np.ndarray,
        targets: np.ndarray,
        name: str | None,
        input_names: tuple[str, ...],
        target_names: tuple[str, ...],
    ) -> None:
        self._inputs = freeze(inputs)
        self._targets = freeze(targets)
        self._name = name
        self._input_names = input_names
        self._target_names = target_names

    # ------------------------------------------------------------------ read-only attributes

    @property
    def inputs(self) -> np.ndarray:
        """(N, n_0) float64, read-only."""
        return self._inputs

    @property
    def targets(self) -> np.ndarray:
        """(N, n_L) float64, read-only."""
        return self._targets

    @property
    def name(self) -> str | None:
        return self._name

    @property
    def input_names(self) -> tuple[str, ...]:
        return self._input_names

    @property
    def target_names(self) -> tuple[str, ...]:
        return self._target_names

    @property
    def n_samples(self) -> int:
        """N, the number of rows."""
        return int(self._inputs.shape[0])

    @property
    def input_dim(self) -> int:
        """n_0, the number of input columns."""
        return int(self._inputs.shape[1])

    @property
    def output_dim(self) -> int:
        """n_L, the number of target columns."""
        return int(self._targets.shape[1])

    def __len__(self) -> int:
        return self.n_samples

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self._name!r}, n_samples={self.n_samples}, "
            f"input_names={self._input_names!r}, target_names={self._target_names!r})"
        )

    def __eq__(self, other: object) -> bool:
        """Equal when names, shapes and every bit of both arrays are equal (-0.0 != 0.0)."""
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self._name == other._name
            and self._input_names == other._input_names
            and self._target_names == other._target_names
            and same_bits(self._inputs, other._inputs)
            and same_bits(self._targets, other._targets)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            Dataset,
            (self._inputs, self._targets, self._name, self._input_names, self._target_names),
        )

    def __copy__(self) -> Dataset:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        return self

    # ------------------------------------------------------------------ derived datasets

    def _derive(self, inputs: np.ndarray, targets: np.ndarray) -> Dataset:
        """A dataset with these names and other, already valid, fresh float64 tables."""
        dataset = object.__new__(Dataset)
        dataset._store(inputs, targets, self._name, self._input_names, self._target_names)
        return dataset

    def subset(self, indices: ArrayLike) -> Dataset:
        """The rows at ``indices`` (0-based; repeats allowed), in the given order."""
        rows = self._row_indices(indices)
        return self._derive(self._inputs[rows], self._targets[rows])

    def with_row(self, index: int, inputs_row: ArrayLike, targets_row: ArrayLike) -> Dataset:
        """A copy with row ``index`` (0-based) replaced by (n_0,) inputs and (n_L,) targets."""
        i = int(self._row_indices(index)[0])
        x = self._new_rows(inputs_row, "inputs", self.input_dim, i)
        t = self._new_rows(targets_row, "targets", self.output_dim, i)
        for rows, what in ((x, "inputs"), (t, "targets")):
            if rows.shape[0] != 1:
                raise DatasetError(
                    f"with_row needs one {what} row, but {rows.shape[0]} were given."
                )
        inputs = self._inputs.copy()
        targets = self._targets.copy()
        inputs[i] = x[0]
        targets[i] = t[0]
        return self._derive(inputs, targets)

    def with_rows_added(
        self, inputs_rows: ArrayLike, targets_rows: ArrayLike, at: int | None = None
    ) -> Dataset:
        """A copy with k new rows inserted before row ``at`` (0-based; None appends).

        Args:
            inputs_rows: (k, n_0); a 1-D (n_0,) sequence is one row (or k rows if n_0 = 1).
            targets_rows: (k, n_L); likewise.
            at: the index the first new row gets, 0 ≤ at ≤ N.
        """
        n = self.n_samples
        if at is None:
            position = n
        elif is_integer(at) and 0 <= at <= n:
            position = int(at)
        else:
            raise DatasetError(
                f"Cannot insert rows at {at!r}: the position must be a whole number from 0 to {n}."
            )
        x = self._new_rows(inputs_rows, "inputs", self.input_dim, position)
        t = self._new_rows(targets_rows, "targets", self.output_dim, position)
        if x.shape[0] != t.shape[0]:
            raise DatasetError(
                f"{x.shape[0]} inputs rows but {t.shape[0]} targets rows were given to add."
            )
        return self._derive(
            np.concatenate([self._inputs[:position], x, self._inputs[position:]]),
            np.concatenate([self._targets[:position], t, self._targets[position:]]),
        )

    def without_rows(self, indices: ArrayLike) -> Dataset:
        """A copy without the rows at ``indices`` (0-based; repeats are ignored)."""
        keep = np.ones(self.n_samples, dtype=bool)
        keep[self._row_indices(indices)] = False
        return self._derive(self._inputs[keep], self._targets[keep])

    def split(self, test_fraction: float, seed: int) -> tuple[Dataset, Dataset]:
        """Split the rows at random (seeded, deterministic) into (train, test).

        The test part gets :func:`count_test_rows` rows: round(test_fraction · N) — but at least one
        row, and at least one row is left for training, whenever 0 < test_fraction < 1 and
        N ≥ 2. Both parts keep the original row order and the dataset's name. The test rows
        are those of :func:`split_mask`.
        """
        mask = split_mask(self.n_samples, test_fraction, seed)
        return self.subset(np.flatnonzero(~mask)), self.subset(np.flatnonzero(mask))

    # ------------------------------------------------------------------ classes

    @property
    def class_count(self) -> int:
        """How many classes the targets can encode: 2 for one target column (t ∈ {0, 1}),
        else one class per column (one-hot targets)."""
        return 2 if self.output_dim == 1 else self.output_dim

    def class_labels(self) -> np.ndarray | None:
        """(N,) int class of each row when the targets encode classes — one column of 0s and
        1s, or one-hot rows over several columns — else None (regression targets)."""
        t = self._targets
        if self.output_dim == 1:
            column = t[:, 0]
            if np.all((column == 0.0) | (column == 1.0)):
                return column.astype(np.intp)
            return None
        if np.all((t == 0.0) | (t == 1.0)) and np.all(t.sum(axis=1) == 1.0):
            classes: np.ndarray = np.argmax(t, axis=1).astype(np.intp)
            return classes
        return None

    def class_target(self, label: int) -> np.ndarray:
        """(n_L,) the target row of class ``label``: (label,) for one column, else one-hot."""
        if not is_integer(label) or not 0 <= label < self.class_count:
            raise DatasetError(
                f"The class must be a whole number from 0 to {self.class_count - 1}, not {label!r}."
            )
        if self.output_dim == 1:
            return np.array([float(label)])
        row = np.zeros(self.output_dim)
        row[int(label)] = 1.0
        return row

    def _row_indices(self, indices: ArrayLike) -> np.ndarray:
        """(k,) intp row indices, each checked to lie in 0 ≤ i < N."""
        try:
            array = np.asarray(indices)
        except (TypeError, ValueError):
            array = np.asarray([None])
        if array.ndim == 0:
            array = array.reshape(1)
        if array.size == 0 and array.ndim == 1:
            return np.empty(0, dtype=np.intp)
        if array.ndim != 1 or array.dtype.kind not in "iu":
            raise DatasetError(f"Row indices must be whole numbers (0-based), not {show(indices)}.")
        n = self.n_samples
        bad = np.flatnonzero((array < 0) | (array >= n))
        if bad.size:
            raise DatasetError(
                f"Row index {array[bad[0]]} is out of range for a dataset of {n} rows "
                "(indices are 0-based)."
            )
        return array.astype(np.intp)

    @staticmethod
    def _new_rows(values: ArrayLike, what: str, width: int, first_row: int) -> np.ndarray:
        rows = to_float_table(values, what, width_hint=width, row_offset=first_row)
        if rows.shape[1] != width:
            raise DatasetError(
                f"The new {what} rows have {rows.shape[1]} columns but the dataset has {width}."
            )
        check_finite(rows, what, row_offset=first_row)
        return rows

    # ------------------------------------------------------------------ CSV

    @classmethod
    def from_csv(
        cls, path: str | os.PathLike[str], *, progress: Callable[[float], None] | None = None
    ) -> Dataset:
        """Read a CSV file (format: :mod:`mlpgui.core.csv_io`); the name is the file's stem.

        Args:
            path: a regular file (a directory, FIFO or device is refused without opening it).
            progress: called with the fraction (0 to 1) of the file's bytes read so far, every
                few tens of thousands of rows and once with 1.0 at the end; may be called from
                any thread the reading runs in. An exception it raises stops the reading and
                propagates unchanged (that is how a caller cancels).

        Raises:
            DatasetError: one sentence naming the problem (line and column for the content).
        """
        table = read_csv(path, progress=progress)
        return cls(
            table.inputs, table.targets, Path(path).stem, table.input_names, table.target_names
        )

    @classmethod
    def from_csv_text(cls, text: str, source: str = "text") -> Dataset:
        """Parse CSV text; ``source`` starts every error message. The name is None."""
        table = parse_csv_text(text, source)
        return cls(table.inputs, table.targets, None, table.input_names, table.target_names)

    def to_csv_text(self) -> str:
        """CSV text that :meth:`from_csv_text` reads back bit-exactly (arrays and names)."""
        return format_csv(self._inputs, self._targets, self._input_names, self._target_names)

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`to_csv_text` to ``path`` (UTF-8, ``\\n`` line ends)."""
        write_text(path, self.to_csv_text())


def count_test_rows(n_samples: int, test_fraction: float) -> int:
    """How many of ``n_samples`` rows a split with ``test_fraction`` puts in the test part:
    round(test_fraction · N), but at least 1 and at most N − 1 when 0 < test_fraction < 1
    and N ≥ 2."""
    if (
        not isinstance(test_fraction, (int, float, np.integer, np.floating))
        or isinstance(test_fraction, bool)
        or not 0.0 <= float(test_fraction) <= 1.0
    ):
        raise DatasetError(
            f"The test fraction must be a number from 0 to 1, not {test_fraction!r}."
        )
    fraction = float(test_fraction)
    n_test = math.floor(fraction * n_samples + 0.5)
    if n_samples >= 2 and 0.0 < fraction < 1.0:
        n_test = min(max(n_test, 1), n_samples - 1)
    return n_test


def split_mask(n_samples: int, test_fraction: float, seed: int) -> np.ndarray:
    """(N,) bool, True for the rows a seeded random split puts in the test part
    (:func:`count_test_rows` of them). Deterministic given (N, test_fraction, seed)."""
    n_test = count_test_rows(n_samples, test_fraction)
    if not is_integer(seed) or seed < 0:
        raise DatasetError(f"The seed must be a whole number ≥ 0, not {seed!r}.")
    order = np.random.default_rng(int(seed)).permutation(n_samples)
    mask = np.zeros(n_samples, dtype=bool)
    mask[order[:n_test]] = True
    return mask
