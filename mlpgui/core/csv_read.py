"""Reading a CSV file (or bytes, or text) into a :class:`CsvTable`, streamed block by block.

The format is described in :mod:`mlpgui.core.csv_io`. Memory stays near the size of the result:
the input is read a block at a time (:mod:`csv_blocks`), each block becomes a small float64
table (:mod:`csv_parse`), and the tables are joined at the end. Limits (:mod:`limits`: rows,
columns, cells; :data:`csv_blocks.MAX_BYTES`; the longest line) are checked before the memory
for anything beyond them is taken.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from mlpgui.core import csv_blocks, limits
from mlpgui.core.csv_blocks import LineCursor, TextBlock, byte_blocks, text_blocks, too_large
from mlpgui.core.csv_cells import Columns, clean, looks_like_number
from mlpgui.core.csv_names import (
    EXAMPLE_HEADER,
    check_header,
    description_error,
    is_description,
)
from mlpgui.core.csv_parse import parse_block, split_rows
from mlpgui.core.csv_types import CsvFormatError, CsvTable, os_reason
from mlpgui.core.errors import DatasetError

Progress = Callable[[float], None]
"""Called with the fraction (0 to 1) of the input read so far."""

_QUOTED = re.compile(r'"[^"]*"')
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_csv(path: str | os.PathLike[str], *, progress: Progress | None = None) -> CsvTable:
    """Read a CSV file.

    Args:
        path: the file; anything but a regular file (a directory, a FIFO, a device) is
            refused before it is opened, so a FIFO never blocks.
        progress: called with the fraction of the file's bytes read so far, once per block of
            about a megabyte (tens of thousands of rows), and with 1.0 at the end. Whatever
            it raises stops the reading and propagates unchanged.

    Raises:
        DatasetError: one sentence for any problem, an unreadable file included
            (:class:`CsvFormatError` for the content, naming the line and column).
    """
    name = os.fspath(path)
    source = Path(path).name
    with _open_regular(name) as file:
        size = os.fstat(file.fileno()).st_size
        if size > csv_blocks.MAX_BYTES:
            raise too_large(source)

        def read(count: int) -> bytes:
            try:
                return file.read(count)
            except OSError as exc:  # a read error after opening (not one of progress)
                raise DatasetError(f"Cannot read {name}: {os_reason(exc)}.") from exc

        return _parse(byte_blocks(read, size, source), source, progress)


def parse_csv_bytes(
    data: bytes, source: str = "bytes", *, progress: Progress | None = None
) -> CsvTable:
    """Decode UTF-8 bytes (an optional BOM is dropped) and parse them as CSV text."""
    if len(data) > csv_blocks.MAX_BYTES:
        raise too_large(source)
    view = memoryview(data)
    position = 0

    def read(size: int) -> bytes:
        nonlocal position
        piece = bytes(view[position : position + size])
        position += len(piece)
        return piece

    return _parse(byte_blocks(read, len(data), source), source, progress)


def parse_csv_text(
    text: str, source: str = "text", *, progress: Progress | None = None
) -> CsvTable:
    """Parse CSV text (see :mod:`mlpgui.core.csv_io` for the format)."""
    return _parse(text_blocks(text, source), source, progress)


def detect_separator(line: str) -> str:
    """The separator of a file whose first line is ``line``: a comma if the line has one
    outside double quotes, else a semicolon, else a tab, else a comma."""
    bare = _QUOTED.sub("", line)
    return next((s for s in (",", ";", "\t") if s in bare), ",")


def _open_regular(name: str) -> BinaryIO:
    """The file opened for reading, or a DatasetError if it is missing, unreadable or not a
    regular file (checked before opening, and again on the opened file)."""
    try:
        kind = _not_regular(os.stat(name).st_mode)
        if kind is not None:
            raise DatasetError(f"Cannot read {name}: it is {kind}, not a regular file.")
        file = open(name, "rb", opener=_non_blocking)  # noqa: SIM115 (closed by the caller)
        kind = _not_regular(os.fstat(file.fileno()).st_mode)
    except OSError as exc:
        raise DatasetError(f"Cannot read {name}: {os_reason(exc)}.") from exc
    if kind is not None:
        file.close()
        raise DatasetError(f"Cannot read {name}: it is {kind}, not a regular file.")
    return file


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _NOT_REGULAR if test(mode)), "not a regular file")


def _non_blocking(path: str, flags: int) -> int:
    """os.open that cannot block (on a FIFO swapped in after the check, say)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _parse(blocks: Iterator[TextBlock], source: str, progress: Progress | None) -> CsvTable:
    cursor = LineCursor(blocks)
    separator, line, cells = _header(cursor, source)
    names = [clean(cell) for cell in cells]
    inputs, targets = check_header(names, line, source)
    parts = read_parts(cursor.rest(), columns_for(source, tuple(names), separator), progress)
    return CsvTable(
        inputs=gather(parts, inputs),
        targets=gather(parts, targets),
        input_names=tuple(names[i] for i in inputs),
        target_names=tuple(names[i] for i in targets),
    )


def read_parts(
    blocks: Iterable[TextBlock], columns: Columns, progress: Progress | None
) -> list[np.ndarray]:
    """The data rows of ``blocks`` as (k, n) float64 tables, one per block, in order; at most
    ``columns.max_rows`` rows in all. ``progress`` gets each block's fraction, then 1.0."""
    parts = []
    count = 0
    for block in blocks:
        part = parse_block(block.text, block.first_line, columns, columns.max_rows - count)
        count += len(part)
        parts.append(part)
        if progress is not None:
            progress(block.fraction)
    if progress is not None:
        progress(1.0)
    return parts


def gather(parts: list[np.ndarray], positions: Sequence[int]) -> np.ndarray:
    """(N, len(positions)) float64, C-contiguous: those columns of all parts, in order."""
    if not parts:
        return np.empty((0, len(positions)))
    return np.concatenate([part[:, positions] for part in parts])


def _header(cursor: LineCursor, source: str) -> tuple[str, int, list[str]]:
    """(separator, line number, cells) of the header, skipping a scikit-learn description
    line above it."""
    first = cursor.next_nonblank()
    if first is None:
        raise CsvFormatError(
            f"{source} is empty; the first line must be a header naming the columns, "
            f"e.g. {EXAMPLE_HEADER}.",
            source,
        )
    separator = detect_separator(first[1])
    line, cells = split_line(first, separator, source)
    if not is_description(cells):
        return separator, line, cells
    following = cursor.next_nonblank()
    if following is not None:
        next_line, next_cells = split_line(following, separator, source)
        if not all(looks_like_number(cell) for cell in next_cells):
            if is_description(next_cells):
                raise description_error(next_cells, next_line, source)
            return separator, next_line, next_cells
    if any(not looks_like_number(cell) for cell in cells):  # class names: not a header
        raise description_error(cells, line, source)
    return separator, line, cells  # two numbers: refused as a header of numbers


def split_line(
    numbered: tuple[int, str], separator: str | None, source: str
) -> tuple[int, list[str]]:
    """(line number, cells) of one numbered non-blank line."""
    line, text = numbered
    rows, error = split_rows(text, line, separator, source)
    if error is not None:
        raise error
    return line, rows[0][1] if rows else [""]  # a line of "" is one empty cell


def columns_for(
    source: str, names: tuple[str, ...], separator: str | None, *, pasted: bool = False
) -> Columns:
    """What each data row must hold, with the row limit of :mod:`limits` for this width."""
    n = len(names)
    if limits.MAX_CELLS // n < limits.MAX_ROWS:
        max_rows = limits.MAX_CELLS // n
        too_many = (
            f"{source} has more than {max_rows:,} rows of {n:,} columns, more than the "
            f"{limits.MAX_CELLS:,} cells that can be loaded."
        )
    else:
        max_rows = limits.MAX_ROWS
        too_many = f"{source} has more than the {max_rows:,} data rows that can be loaded."
    return Columns(source, names, separator, max_rows, too_many, pasted)
