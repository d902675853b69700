"""Rows of numbers pasted from a spreadsheet or a text editor, for an existing dataset.

Spreadsheets copy cells as tab-separated lines without a header; text editors and other
programs give comma-, semicolon- or space-separated lines, perhaps with a header. Both work:

- If the first non-blank line is a header (no cell of it is a number), the text is read as CSV
  (:func:`mlpgui.core.csv_io.parse_csv_text`) and must have the dataset's number of input and
  target columns.
- Otherwise every non-blank line is one row of n_0 + n_L numbers, inputs first, in the
  dataset's column order. The first line decides the separator: a tab, else a semicolon, else
  a comma, else runs of spaces. The stdlib :mod:`csv` module splits the lines (a cell in double
  quotes may hold the separator). A decimal comma (``1,5``, as spreadsheets in many languages
  copy it) is read as a decimal point; between commas it must be quoted (``"1,5"``).

Every problem raises :class:`~mlpgui.core.csv_io.CsvFormatError` with one sentence naming the
line and column.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlpgui.core.csv_blocks import LineCursor, text_blocks
from mlpgui.core.csv_cells import looks_like_number
from mlpgui.core.csv_read import columns_for, gather, parse_csv_text, read_parts, split_line
from mlpgui.core.csv_types import CsvFormatError, CsvTable


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
            number of cells, a header with other column counts, or more rows than
            :mod:`mlpgui.core.limits` allows.
    """
    n_in, n_out = len(input_names), len(target_names)
    names = (*input_names, *target_names)
    first = LineCursor(text_blocks(text, source)).next_nonblank()
    if first is None:
        raise CsvFormatError(
            f"{source} holds no rows to paste; copy rows of numbers first.", source
        )
    line = first[1]
    separator = next((s for s in ("\t", ";", ",") if s in line), None)
    if not any(looks_like_number(cell) for cell in split_line(first, separator, source)[1]):
        return _with_header(text, n_in, n_out, names, source)
    columns = columns_for(source, names, separator, pasted=True)
    parts = read_parts(text_blocks(text, source), columns, None)
    return CsvTable(
        inputs=gather(parts, range(n_in)),
        targets=gather(parts, range(n_in, n_in + n_out)),
        input_names=tuple(input_names),
        target_names=tuple(target_names),
    )


def _with_header(text: str, n_in: int, n_out: int, names: tuple[str, ...], source: str) -> CsvTable:
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
