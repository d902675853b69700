"""Blocks of CSV data lines as float64 tables.

The stdlib :mod:`csv` module splits lines into cells (quoted cells, separators inside quotes);
:mod:`mlpgui.core.csv_cells` says what a cell may hold. Two faster routes give the same result
whenever they apply, and step aside otherwise (a test checks they agree):

- a block made only of digits, signs, dots, exponents, spaces and separators — no quotes, no
  letters — is converted by :func:`numpy.loadtxt` in C;
- a block the csv module splits into rows of the right width, one per line, none blank, whose
  cells are all plain numbers, is converted all at once.

Anything else (and every error) goes row by row through :func:`csv_cells.parse_row`, which names
the first problem, so errors always come in line order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import chain

import numpy as np

from mlpgui.core.csv_cells import Columns, parse_row
from mlpgui.core.csv_types import CsvFormatError

Row = tuple[int, list[str]]
"""(physical line number, cells) of one non-blank line."""

_PLAIN = b"0123456789eE+-. \n"
"""The characters of plain numbers, one a line (spaces around them allowed)."""


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
    if len(text) // 2 + 1 <= room or text.count("\n") + 1 <= room:  # (a row takes ≥ 2 chars)
        values = _plain_block(text, columns)
        if values is None:
            values = _plain_rows(text, columns)
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
    if not _only(text, _PLAIN + (separator or "\t").encode()):
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
    """The rows one cell at a time, naming the first problem (or the first row beyond
    ``room``)."""
    n = len(columns.names)
    table = np.empty((min(len(rows), room), n))
    for r, (line, cells) in enumerate(rows):
        if r == room:
            raise CsvFormatError(columns.too_many, columns.source, line)
        table[r] = parse_row(cells, line, columns)
    return table


def _plain_rows(text: str, columns: Columns) -> np.ndarray | None:
    """The block's rows if the csv module splits every line into one row of the right width
    and every cell is a plain number, else None."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    separator = columns.separator
    if separator is None:
        rows = [line.split() for line in lines]
    else:
        reader = csv.reader(lines, delimiter=separator, strict=True)
        try:
            rows = list(reader)
        except csv.Error:
            return None
        if reader.line_num != len(rows):  # a row continued on the next line
            return None
    if not rows or set(map(len, rows)) != {len(columns.names)}:  # blank or ragged rows
        return None
    values = _plain_cells(chain.from_iterable(rows), columns)
    return None if values is None else values.reshape(len(rows), len(columns.names))


def _plain_cells(cells: Iterable[str], columns: Columns) -> np.ndarray | None:
    """All cells as one flat float64 array, or None unless every cell is a plain number."""
    joined = "\n".join(cells)
    if columns.separator != "," and "," in joined:
        joined = joined.replace(",", ".")
    if not _only(joined, _PLAIN):
        return None
    split = joined.split("\n")
    try:
        values = np.fromiter(map(float, split), dtype=np.float64, count=len(split))
    except ValueError:
        return None
    return values if np.isfinite(values).all() else None


def _only(text: str, allowed: bytes) -> bool:
    """Whether ``text`` consists of ``allowed`` (ASCII) characters only."""
    return text.isascii() and not text.encode("ascii").translate(None, allowed)


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
