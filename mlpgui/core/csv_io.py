"""Reading and writing datasets as CSV text.

The file format, as read:

- UTF-8, with or without a byte-order mark; lines end in ``\\n``, ``\\r\\n`` or ``\\r``.
- The first non-blank line is a header naming the columns. Blank lines are ignored everywhere;
  line numbers in messages are physical lines (the header of an ordinary file is line 1).
- A scikit-learn description line above the header (``150,4,setosa,versicolor,virginica``:
  samples, features, class names; or ``506,13``) is skipped. Without a header after it, it is
  refused — it is never taken for column names.
- Separator: ``,`` if the first line has a comma outside double quotes; else ``;``; else a tab.
- The stdlib :mod:`csv` module splits the lines: a cell in double quotes may hold the separator
  (``"1,5"``) and doubled quotes; a cell may not continue on the next line.
- Which columns are inputs and which targets: when every name starts with ``x`` or ``t``
  (case-insensitive) and both kinds occur, ``x…`` columns are inputs and ``t…`` columns
  targets (they may interleave; the file's order is kept within each kind). When every name
  starts with ``x``, there is no target: that is an error. Otherwise the last column is the
  one target and all others are inputs.
- Cells may be surrounded by whitespace (and by one more pair of double quotes). Numbers are
  decimal (``-0``, ``.5``, ``1e-3``), finite; NaN, infinities and text are refused. A decimal
  comma (one comma and no dot: ``1,5``) is a decimal point; in a comma-separated file it must
  be quoted, and ``"1,000"`` (a thousands separator?) is refused as ambiguous.
- Limits: :data:`~mlpgui.core.limits.MAX_COLUMNS` columns, :data:`~mlpgui.core.limits.MAX_ROWS`
  rows and :data:`~mlpgui.core.limits.MAX_CELLS` cells; files up to
  :data:`~mlpgui.core.csv_blocks.MAX_BYTES`, lines up to :data:`~mlpgui.core.csv_blocks.MAX_LINE`.
  Anything but a regular file (a directory, a FIFO, a device) is refused before it is opened.

Every problem raises :class:`CsvFormatError` (a :class:`DatasetError`) with one sentence that
names the line and column. Writing uses ``repr(float)`` so that reading back is bit-exact.

This module holds the public names and the writer. Reading streams, block by block, in
``csv_read`` (the reader, with progress) over ``csv_blocks`` (input as blocks of numbered
lines), ``csv_parse`` (blocks as float tables), ``csv_cells`` (one cell as a number),
``csv_names`` (column names and the header) and ``csv_types`` (the table and the error).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from mlpgui.core.atomic import atomic_file
from mlpgui.core.csv_names import (
    EXAMPLE_HEADER,
    classify_columns,
    column_name_problem,
    duplicate_name,
    header_problem,
)
from mlpgui.core.csv_read import Progress, parse_csv_bytes, parse_csv_text, read_csv
from mlpgui.core.csv_types import CsvFormatError, CsvTable
from mlpgui.core.csv_types import os_reason as _os_reason
from mlpgui.core.errors import DatasetError

__all__ = [
    "EXAMPLE_HEADER",
    "CsvFormatError",
    "CsvTable",
    "Progress",
    "classify_columns",
    "column_name_problem",
    "duplicate_name",
    "format_csv",
    "header_problem",
    "parse_csv_bytes",
    "parse_csv_text",
    "read_csv",
    "write_text",
]


# --------------------------------------------------------------------------- writing


def format_csv(
    inputs: np.ndarray,
    targets: np.ndarray,
    input_names: Sequence[str],
    target_names: Sequence[str],
) -> str:
    """CSV text for a table: header ``input_names + target_names``, then one line per row.

    Args:
        inputs: (N, n_0) finite floats.
        targets: (N, n_L) finite floats.
        input_names: n_0 names; target_names: n_L names.

    Raises:
        DatasetError: if the names would not be read back as the same inputs and targets.
    """
    problem = header_problem(input_names, target_names)
    if problem is not None:
        raise DatasetError(f"Cannot write the dataset as CSV: {problem}.")
    table = np.hstack([np.asarray(inputs, dtype=np.float64), np.asarray(targets, np.float64)])
    lines = [",".join([*input_names, *target_names])]
    lines.extend(",".join(map(repr, row)) for row in table.tolist())
    return "\n".join(lines) + "\n"


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see mlpgui/core/atomic.py: temporary
    file beside the target, fsync, rename; a link stays a link; permissions are kept)."""
    try:
        with atomic_file(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except OSError as exc:
        raise DatasetError(f"Cannot write {os.fspath(path)}: {_os_reason(exc)}.") from exc
