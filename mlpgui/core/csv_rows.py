"""Rows of numbers pasted from a spreadsheet or a text editor, for an existing dataset.

Spreadsheets copy cells as tab-separated lines without a header; text editors and other
programs give comma-, semicolon- or space-separated lines, perhaps with a header. Both work:

- If the first non-blank line is a header (no cell of it is a number), the text is read as CSV
  (:func:`mlpgui.core.csv_io.parse_csv_text`) and must have the dataset's number of input and
  target columns.
- Otherwise every non-blank line is one row of n_0 + n_L numbers, inputs first, in the
  dataset's column order. The first line decides the separator: a tab, else a semicolon, else
  a comma, else runs of spaces. Unless the separator is a comma, a decimal comma (``1,5``, as
  spreadsheets in many languages copy it) is read as a decimal point.

Every problem raises :class:`~mlpgui.core.csv_io.CsvFormatError` with one sentence naming the
line and column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlpgui.core.csv_io import (
    _DECIMAL_COMMA,
    CsvFormatError,
    CsvTable,
    _clean,
    _looks_numeric,
    _parse_number,
    parse_csv_text,
)


def parse_rows(
    text: str,
    input_names: Sequence[str],
    target_names: Sequence[str],
    source: str = "clipboard",
) -> CsvTable:
    """The rows in ``text`` for a dataset with these columns (see the module docstring).

    Returns:
        A CsvTable with inputs (k, n_0) and targets (k, n_L), k ≥ 1, and the dataset's names.

    Raises:
        CsvFormatError: no rows, a cell that is not a finite number, a row with the wrong
            number of cells, or a header with other column counts.
    """
    n_in, n_out = len(input_names), len(target_names)
    names = [*input_names, *target_names]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        raise CsvFormatError(
            f"{source} holds no rows to paste; copy rows of numbers first.", source
        )
    first = numbered[0][1]
    separator = "\t" if "\t" in first else ";" if ";" in first else "," if "," in first else None
    if not any(
        _looks_numeric(_decimal_point(cell, separator)) for cell in _cells(first, separator)
    ):
        return _with_header(text, n_in, n_out, names, source)

    values = np.empty((len(numbered), len(names)))
    for r, (line_number, line) in enumerate(numbered):
        cells = _cells(line, separator)
        if len(cells) != len(names):
            raise CsvFormatError(
                f"{source}: line {line_number} has {len(cells)} values, but the dataset has "
                f"{len(names)} columns ({', '.join(names)}).",
                source,
                line_number,
            )
        for c, cell in enumerate(cells):
            values[r, c] = _parse_number(
                _decimal_point(cell, separator), line_number, c, names[c], source
            )
    return CsvTable(
        inputs=np.ascontiguousarray(values[:, :n_in]),
        targets=np.ascontiguousarray(values[:, n_in:]),
        input_names=tuple(input_names),
        target_names=tuple(target_names),
    )


def _decimal_point(cell: str, separator: str | None) -> str:
    """The cleaned cell, with a decimal comma made a point unless commas separate cells."""
    text = _clean(cell)
    if separator != "," and _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    return text


def _cells(line: str, separator: str | None) -> list[str]:
    return line.split() if separator is None else line.split(separator)


def _with_header(text: str, n_in: int, n_out: int, names: list[str], source: str) -> CsvTable:
    table = parse_csv_text(text, source)
    got_in, got_out = len(table.input_names), len(table.target_names)
    if (got_in, got_out) != (n_in, n_out):
        raise CsvFormatError(
            f"{source}: the header names {_columns(got_in, 'input')} and "
            f"{_columns(got_out, 'target')}, but the dataset has {n_in} and {n_out} "
            f"({', '.join(names)}).",
            source,
        )
    if not len(table.inputs):
        raise CsvFormatError(f"{source} has a header but no rows to paste.", source)
    return table


def _columns(count: int, kind: str) -> str:
    return f"{count} {kind} column" + ("" if count == 1 else "s")
