"""One CSV cell as a number: the spellings accepted and one sentence for every refusal.

A cell is read after the csv module has split its line and removed proper double quotes.
Whitespace around it and one pair of double quotes left inside that are dropped; then it must be
a finite decimal number: ``-0``, ``.5``, ``1.``, ``1e-3``. A cell with exactly one comma and no
dot has a decimal comma (``1,5`` is 1.5). In a comma-separated file such a cell must be quoted
(``"1,5"``), and one that could as well be a thousands separator (``"1,000"``) is refused as
ambiguous.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mlpgui.core.csv_types import CsvFormatError, counted, show_text

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
"""A decimal number as accepted (no hex, no underscores, no spaces inside)."""

NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)

_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+", re.ASCII)


@dataclass(frozen=True)
class Columns:
    """What every data row of one source must hold.

    Attributes:
        source: the text every message starts with (a file name, "text", "clipboard").
        names: the n ≥ 1 column names, in the order of the cells.
        separator: ``","``, ``";"`` or ``"\\t"``; None for runs of whitespace (pasted rows).
        max_rows: the most data rows that may be read.
        too_many: the sentence raised for the first data row beyond ``max_rows``.
        pasted: rows pasted into a dataset (messages speak of values and the dataset's columns)
            rather than rows under a header.
    """

    source: str
    names: tuple[str, ...]
    separator: str | None
    max_rows: int
    too_many: str
    pasted: bool = False


def clean(cell: str) -> str:
    """A cell without surrounding whitespace and one pair of surrounding double quotes."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        cell = cell[1:-1].strip()
    return cell


def decimal_point(text: str) -> str:
    """``text`` with its comma made a point, if it has exactly one comma and no dot."""
    if "," in text and "." not in text and text.count(",") == 1:
        return text.replace(",", ".")
    return text


def looks_numeric(text: str) -> bool:
    """Whether a cleaned cell is spelled like a number (finite or not; no decimal comma)."""
    return bool(NUMBER.fullmatch(text) or NON_FINITE.fullmatch(text))


def looks_like_number(cell: str) -> bool:
    """Whether a raw cell reads as a number, a decimal comma included (for telling a header
    from data)."""
    return looks_numeric(decimal_point(clean(cell)))


def parse_number(cell: str, line: int, column: int, columns: Columns) -> float:
    """The finite float in one cell (``column`` is 0-based), or a CsvFormatError naming it."""
    text = clean(cell)
    number = decimal_point(text)
    if NUMBER.fullmatch(number):
        if columns.separator == "," and number != text and _THOUSANDS.fullmatch(text):
            problem = (
                f": {show_text(text)} could have a decimal comma or a thousands separator; "
                "write it with a decimal point"
            )
        else:
            value = float(number)
            if math.isfinite(value):
                return value
            problem = f": {show_text(text)} is too large for a 64-bit float"
    elif not text:
        problem = " is empty"
    elif NON_FINITE.fullmatch(text):
        kind = "NaN" if text.lstrip("+-")[:1].lower() == "n" else "infinite"
        problem = f" is {kind}; every value must be a finite number"
    else:
        problem = f": {show_text(text)} is not a number"
        if _THOUSANDS.fullmatch(text):
            problem += " (write numbers without thousands separators)"
    source = columns.source
    raise CsvFormatError(
        f"{source}: line {line}, column {column + 1} ({columns.names[column]}){problem}.",
        source,
        line,
        column + 1,
    )


def parse_row(cells: Sequence[str], line: int, columns: Columns) -> list[float]:
    """The numbers of one data row, or a CsvFormatError for its first problem."""
    if len(cells) != len(columns.names):
        raise ragged_error(line, len(cells), columns)
    return [parse_number(cell, line, c, columns) for c, cell in enumerate(cells)]


def ragged_error(line: int, count: int, columns: Columns) -> CsvFormatError:
    """The error for a data row of ``count`` cells where ``len(columns.names)`` are needed."""
    n, source = len(columns.names), columns.source
    if columns.pasted:
        message = (
            f"{source}: line {line} has {counted(count, 'value')}, but the dataset has "
            f"{counted(n, 'column')} ({', '.join(columns.names)})."
        )
    else:
        message = (
            f"{source}: line {line} has {counted(count, 'cell')}, but the header has "
            f"{counted(n, 'column')}."
        )
    return CsvFormatError(message, source, line)
