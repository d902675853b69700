"""Blocks of CSV data lines as float64 tables.

The stdlib :mod:`csv` module splits lines into cells (quoted cells, separators inside quotes);
:mod:`mlpgui.core.csv_cells` says what a cell may hold. Two faster routes give the same result
whenever they apply, and step aside otherwise (a test checks they agree):

- a block made only of digits, signs, dots, exponents, spaces and separators — no quotes, no
  letters — is converted by :func:`numpy.loadtxt` in C;
- cells the csv module split are converted together when all of them are plain numbers.

Anything else (and every error) goes row by row through :func:`csv_cells.parse_row`, which names
the first problem, so errors always come in line order.
"""

from __future__ import annotations

import csv
import io
import re
from itertools import chain

import numpy as np

from mlpgui.core.csv_cells import Columns, parse_row
from mlpgui.core.csv_types import CsvFormatError

Row = tuple[int, list[str]]
"""(physical line number, cells) of one non-blank line."""

_NOT_PLAIN_BLOCK = {
    separator: re.compile(rf"[^0-9eE+\-. {re.escape(separator or chr(9))}\n]")
    for separator in (",", ";", "\t", None)
}
_NOT_PLAIN_CELLS = re.compile(r"[^0-9eE+\-. \n]")


def parse_block(text: str, first_line: int, columns: Columns, room: int) -> np.ndarray:
    """The data rows of one block, blank lines skipped.

    Args:
        text: whole lines ending in ``"\\n"`` (the last one perhaps not).
        first_line: the physical line number of the first line of ``text``.
        columns: what each row must hold.
        room: how many more rows may be read; the row after them raises ``columns.too_many``.

    Returns:
        (k, n) float64, k ≤ room, n = len(columns.names).

    Raises:
        CsvFormatError: for the first problem in line order.
    """
    if text.count("\n") + 1 <= room:
        values = _plain_block(text, columns)
        if values is not None:
            return values
    rows, error = split_rows(text, first_line, columns.separator, columns.source)
    values = _convert(rows, columns, room)
    if error is not None:
        raise error
    return values


def split_rows(
    text: str, first_line: int, separator: str | None, source: str
) -> tuple[list[Row], CsvFormatError | None]:
    """The non-blank lines of ``text`` split into cells, and the error that stopped the
    splitting (None if none did): the rows before that error come first."""
    lines = text.split("\n")
    if separator is None:
        rows = [(first_line + i, cells) for i, line in enumerate(lines) if (cells := line.split())]
        return rows, None
    rows = []
    reader = csv.reader(lines, delimiter=separator, strict=True)
    done = 0  # lines read so far
    try:
        for cells in reader:
            if reader.line_num - done > 1:
                return rows, _unclosed_quote(first_line + done, source)
            if len(cells) > 1 or (cells and cells[0].strip()):
                rows.append((first_line + done, cells))
            done = reader.line_num
    except csv.Error as exc:
        return rows, _csv_error(first_line + done, exc, source)
    return rows, None


def _plain_block(text: str, columns: Columns) -> np.ndarray | None:
    """The block's rows via numpy.loadtxt, or None unless it holds only plain numbers."""
    separator = columns.separator
    if separator != "," and "," in text:
        text = text.replace(",", ".")  # one decimal comma per cell, or the cell is no number
    if _NOT_PLAIN_BLOCK[separator].search(text):
        return None
    n = len(columns.names)
    if not text.strip(" \t\n" if separator is None else " \n"):  # only blank lines
        return np.empty((0, n))  # (loadtxt would warn about no data)
    try:
        values = np.loadtxt(
            io.StringIO(text), dtype=np.float64, delimiter=separator, comments=None, ndmin=2
        )
    except ValueError:
        return None
    if values.shape[1] != n or not np.isfinite(values).all():
        return None
    return values


def _convert(rows: list[Row], columns: Columns, room: int) -> np.ndarray:
    n = len(columns.names)
    if not rows:
        return np.empty((0, n))
    if len(rows) <= room and all(len(cells) == n for _, cells in rows):
        values = _plain_cells(rows, columns)
        if values is not None:
            return values.reshape(len(rows), n)
    table = np.empty((min(len(rows), room), n))
    for r, (line, cells) in enumerate(rows):
        if r == room:
            raise CsvFormatError(columns.too_many, columns.source, line)
        table[r] = parse_row(cells, line, columns)
    return table


def _plain_cells(rows: list[Row], columns: Columns) -> np.ndarray | None:
    """All cells as one flat float64 array, or None unless every cell is a plain number."""
    joined = "\n".join(chain.from_iterable(cells for _, cells in rows))
    if columns.separator != "," and "," in joined:
        joined = joined.replace(",", ".")
    if _NOT_PLAIN_CELLS.search(joined):
        return None
    cells = joined.split("\n")
    try:
        values = np.fromiter(map(float, cells), dtype=np.float64, count=len(cells))
    except ValueError:
        return None
    return values if np.isfinite(values).all() else None


def _unclosed_quote(line: int, source: str) -> CsvFormatError:
    return CsvFormatError(
        f"{source}: line {line}: a double quote opens a cell that does not end on that line.",
        source,
        line,
    )


def _csv_error(line: int, exc: csv.Error, source: str) -> CsvFormatError:
    """One sentence for an error of the csv module while it read ``line``."""
    text = str(exc)
    if "expected after" in text:
        what = (
            "text follows the closing double quote of a cell; put the whole cell in double "
            "quotes or none of it"
        )
    elif "field limit" in text:
        what = f"a cell is longer than {csv.field_size_limit():,} characters"
    elif "end of data" in text:
        return _unclosed_quote(line, source)
    else:
        what = f"the line cannot be read as CSV ({text})"
    return CsvFormatError(f"{source}: line {line}: {what}.", source, line)
