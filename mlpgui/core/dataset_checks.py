"""Validation and conversion helpers of :class:`~mlpgui.core.dataset.Dataset`.

Every function raises :class:`DatasetError` with one sentence naming the place (row and
column, 1-based) when its input is not a valid table of finite numbers or valid column names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from mlpgui.core.csv_names import column_name_problem
from mlpgui.core.errors import DatasetError


def to_float_table(
    values: ArrayLike, what: str, width_hint: int | None = None, row_offset: int = 0
) -> np.ndarray:
    """A fresh (rows, columns) float64 C-contiguous copy of ``values``.

    A 1-D sequence is one column, unless ``width_hint`` > 1: then it is one row.
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and values.ndim == 2:
        table = np.array(values, dtype=np.float64, order="C")
    else:
        try:
            array = np.asarray(values)
        except (TypeError, ValueError):
            raise DatasetError(ragged_message(values, what)) from None
        if array.ndim == 0:
            raise DatasetError(
                f"{what} must be a table of numbers (rows × columns), not one value."
            )
        if array.ndim > 2:
            raise DatasetError(f"{what} must be 2-D (rows × columns), not of shape {array.shape}.")
        if array.ndim == 1:
            one_row = width_hint is not None and width_hint > 1
            array = array.reshape((1, -1) if one_row else (-1, 1))
        kind = array.dtype.kind
        if kind in "biuf":
            with np.errstate(over="ignore", invalid="ignore"):
                table = np.array(array, dtype=np.float64, order="C")
        elif kind in "OUS":
            table = convert_cells(array, what, row_offset)
        elif kind == "c":
            raise DatasetError(f"{what} must be real numbers, not complex numbers.")
        else:
            raise DatasetError(f"{what} must be numbers, not {array.dtype} values.")
    if table.shape[1] < 1:
        raise DatasetError(f"{what} must have at least 1 column.")
    return table


def convert_cells(array: np.ndarray, what: str, row_offset: int) -> np.ndarray:
    """(rows, columns) float64 from an object or string array, naming the first bad cell."""
    table = np.empty(array.shape, dtype=np.float64)
    for (r, c), cell in np.ndenumerate(array):
        try:
            table[r, c] = float(cell)
        except (TypeError, ValueError, OverflowError):
            raise DatasetError(
                f"{what} row {row_offset + r + 1}, column {c + 1} is {show(cell)}, "
                "which is not a number."
            ) from None
    return table


def ragged_message(values: object, what: str) -> str:
    try:
        lengths = [len(row) for row in values]  # type: ignore[attr-defined]  # TypeError below
    except TypeError:
        lengths = []
    for i, length in enumerate(lengths):
        if length != lengths[0]:
            return f"{what} row {i + 1} has {length} values but row 1 has {lengths[0]}."
    return f"{what} must be a table of numbers whose rows all have the same length."


def check_finite(table: np.ndarray, what: str, row_offset: int = 0) -> None:
    """Raise DatasetError naming the first NaN or infinite cell of a (rows, columns) table."""
    finite = np.isfinite(table)
    if finite.all():
        return
    r, c = np.argwhere(~finite)[0]
    kind = "NaN" if np.isnan(table[r, c]) else "infinite"
    raise DatasetError(f"{what} row {row_offset + r + 1}, column {c + 1} is {kind}.")


def column_names(
    names: Sequence[str] | None, count: int, prefix: str, kind: str
) -> tuple[str, ...]:
    """Validated names for ``count`` columns; defaults ``prefix`` or ``prefix1, prefix2, …``."""
    if names is None:
        return (prefix,) if count == 1 else tuple(f"{prefix}{i}" for i in range(1, count + 1))
    plural = "inputs" if kind == "input" else "targets"
    if isinstance(names, str):
        raise DatasetError(f"{kind}_names must be a sequence of names, not the text {names!r}.")
    try:
        result = tuple(names)
    except TypeError:
        raise DatasetError(f"{kind}_names must be a sequence of names.") from None
    if len(result) != count:
        raise DatasetError(
            f"{kind}_names has {len(result)} names but {plural} has {count} columns."
        )
    for i, name in enumerate(result):
        problem = column_name_problem(name)
        if problem is not None:
            raise DatasetError(f"{kind} column {i + 1}: the name {show(name)} {problem}.")
    return result


def freeze(table: np.ndarray) -> np.ndarray:
    """A read-only view of a private copy (so the flag cannot be switched back on)."""
    if not (table.flags.owndata and table.flags.c_contiguous and table.dtype == np.float64):
        table = np.array(table, dtype=np.float64, order="C")
    table.flags.writeable = False
    return table.view()  # a view of a read-only base cannot be made writeable


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


def is_integer(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def show(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
