"""Reading and writing datasets as CSV text.

The file format, as read:

- UTF-8, with or without a byte-order mark; lines end in ``\\n``, ``\\r\\n`` or ``\\r``.
- The first non-blank line is a header naming the columns. Blank lines are ignored everywhere;
  line numbers in messages are physical lines (the header of an ordinary file is line 1).
- Separator: ``,``; if the header has no comma, ``;``; if it has neither, a tab.
- Which columns are inputs and which targets: when every name starts with ``x`` or ``t``
  (case-insensitive) and both kinds occur, ``x…`` columns are inputs and ``t…`` columns
  targets (they may interleave; the file's order is kept within each kind). When every name
  starts with ``x``, there is no target: that is an error. Otherwise the last column is the
  one target and all others are inputs.
- Cells may be surrounded by whitespace and by one pair of double quotes. Numbers are decimal
  (``-0``, ``.5``, ``1e-3``), finite; NaN, infinities and text are refused.

Every problem raises :class:`CsvFormatError` (a :class:`DatasetError`) with one sentence that
names the line and column. Writing uses ``repr(float)`` so that reading back is bit-exact.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mlpgui.core.errors import DatasetError

MAX_ROWS = 1_000_000
"""The most data rows a CSV file may have."""

MAX_COLUMNS = 10_000
"""The most columns a CSV file may have."""

MAX_BYTES = 256 * 1024 * 1024
"""The largest CSV file (in bytes, or characters for text) that is read."""

EXAMPLE_HEADER = "x1,x2,t"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)  # unambiguous
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+", re.ASCII)
_FORBIDDEN_IN_NAMES = {",": "a comma", ";": "a semicolon", '"': "a double quote"}


class CsvFormatError(DatasetError):
    """A CSV file or text is malformed.

    Attributes:
        source: the file name (or "text") the message starts with.
        line: 1-based physical line number, or None if the problem has no single line.
        column: 1-based column number, or None.
    """

    def __init__(
        self, message: str, source: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.column = column


@dataclass(frozen=True, eq=False)
class CsvTable:
    """The content of a CSV file, split into inputs and targets.

    Attributes:
        inputs: (N, n_0) float64, the input columns in file order.
        targets: (N, n_L) float64, the target columns in file order.
        input_names: n_0 names from the header.
        target_names: n_L names from the header.
    """

    inputs: np.ndarray
    targets: np.ndarray
    input_names: tuple[str, ...]
    target_names: tuple[str, ...]


# --------------------------------------------------------------------------- column names


def column_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a column name (a phrase like "contains a comma"), or None."""
    if not isinstance(name, str):
        return f"is a {type(name).__name__}, not text"
    if not name:
        return "is empty"
    if name != name.strip():
        return "has spaces at the start or end"
    for char, what in _FORBIDDEN_IN_NAMES.items():
        if char in name:
            return f"contains {what}"
    if not name.isprintable():
        return "contains a tab, a line break or another control character"
    return None


def duplicate_name(names: Sequence[str]) -> tuple[int, int] | None:
    """The 0-based positions (first, second) of the first repeated name, ignoring case."""
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        key = name.casefold()
        if key in seen:
            return seen[key], position
        seen[key] = position
    return None


def classify_columns(names: Sequence[str]) -> tuple[list[int], list[int]] | str:
    """Split column positions into (input positions, target positions), or say why not.

    Returns a problem sentence fragment (str) when the names give no input or no target column.
    """
    if len(names) < 2:
        listed = f" ({names[0]})" if names else ""
        return (
            f"the header names only {len(names)} column{listed}, but a dataset needs at least "
            f"one input and one target column, e.g. {EXAMPLE_HEADER}"
        )
    kinds = [name[:1].casefold() for name in names]
    if all(kind == "x" for kind in kinds):
        return (
            "every column name starts with x, so no column is a target; "
            "name the target column t (or t1, t2, …)"
        )
    if all(kind in ("x", "t") for kind in kinds) and "x" in kinds and "t" in kinds:
        inputs = [i for i, kind in enumerate(kinds) if kind == "x"]
        targets = [i for i, kind in enumerate(kinds) if kind == "t"]
        return inputs, targets
    return list(range(len(names) - 1)), [len(names) - 1]


def header_problem(input_names: Sequence[str], target_names: Sequence[str]) -> str | None:
    """Why a file with these names (inputs first) would not read back the same way, or None."""
    names = [*input_names, *target_names]
    for name in names:
        problem = column_name_problem(name)
        if problem is not None:
            return f"the column name {_show(str(name))} {problem}"
    repeated = duplicate_name(names)
    if repeated is not None:
        return f"the column name {_show(names[repeated[1]])} occurs twice"
    if all(_looks_numeric(name) for name in names):
        return "every column name looks like a number, so the header would be taken for data"
    split = classify_columns(names)
    n_in = len(input_names)
    if isinstance(split, str):
        return split
    if split != (list(range(n_in)), list(range(n_in, len(names)))):
        got_in, got_t = len(split[0]), len(split[1])
        return (
            f"the names {', '.join(names)} would be read back as {got_in} input and {got_t} "
            f"target columns instead of {n_in} and {len(target_names)}; name inputs x… and "
            "targets t…"
        )
    return None


# --------------------------------------------------------------------------- reading


def read_csv(path: str | os.PathLike[str]) -> CsvTable:
    """Read a CSV file. Any problem (including an unreadable file) raises DatasetError."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DatasetError(f"Cannot read {os.fspath(path)}: {_os_reason(exc)}.") from exc
    return parse_csv_bytes(data, source=Path(path).name)


def parse_csv_bytes(data: bytes, source: str = "bytes") -> CsvTable:
    """Decode UTF-8 bytes (an optional BOM is dropped) and parse them as CSV text."""
    if len(data) > MAX_BYTES:
        raise CsvFormatError(f"{source} is larger than {_megabytes()}, too large to load.", source)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    hint = ""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        hint = " (it looks like UTF-16; save it as UTF-8)"
    zero = data.find(b"\x00")
    try:
        text = data.decode("utf-8")
        bad_offset = zero
    except UnicodeDecodeError as exc:
        bad_offset = exc.start if zero < 0 else min(zero, exc.start)
    if bad_offset >= 0:
        line = _line_of_offset(data, bad_offset)
        raise CsvFormatError(
            f"{source}: line {line}: the file is not UTF-8 text{hint}.", source, line
        )
    return parse_csv_text(text, source)


def parse_csv_text(text: str, source: str = "text") -> CsvTable:
    """Parse CSV text (see the module docstring for the format)."""
    if len(text) > MAX_BYTES:
        raise CsvFormatError(f"{source} is larger than {_megabytes()}, too large to load.", source)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise CsvFormatError(
            f"{source} is empty; the first line must be a header naming the columns, "
            f"e.g. {EXAMPLE_HEADER}.",
            source,
        )
    header_line = header_index + 1
    header = lines[header_index]
    separator = "," if "," in header else ";" if ";" in header else "\t" if "\t" in header else ","
    names = [_clean(cell) for cell in header.split(separator)]
    inputs, targets = _interpret_header(names, header_line, source)

    rows = [(i + 1, lines[i]) for i in range(header_index + 1, len(lines)) if lines[i].strip()]
    if len(rows) > MAX_ROWS:
        raise CsvFormatError(
            f"{source} has {len(rows):,} data rows, more than the {MAX_ROWS:,} that can be loaded.",
            source,
        )
    # Fast path: a line of plain numbers separated by the separator (spaces allowed) is
    # converted with float() directly; any other line goes through _parse_row, which either
    # parses it (quotes, other whitespace) or raises the error for its first bad cell.
    cell = f" *{_NUMBER.pattern} *"
    plain = re.compile(f"{cell}(?:{re.escape(separator)}{cell}){{{len(names) - 1}}}", re.ASCII)
    numbers: list[float] = []
    for r, (line_number, line) in enumerate(rows):
        if plain.fullmatch(line):
            numbers.extend(map(float, line.split(separator)))
            continue
        try:
            numbers.extend(_parse_row(line, separator, line_number, names, source))
        except CsvFormatError:
            earlier = np.array(numbers, dtype=np.float64).reshape(r, len(names))
            _check_overflow(earlier, rows, separator, names, source)  # an earlier error first
            raise
    values = np.array(numbers, dtype=np.float64).reshape(len(rows), len(names))
    _check_overflow(values, rows, separator, names, source)
    return CsvTable(
        inputs=np.ascontiguousarray(values[:, inputs]),
        targets=np.ascontiguousarray(values[:, targets]),
        input_names=tuple(names[i] for i in inputs),
        target_names=tuple(names[i] for i in targets),
    )


def _interpret_header(names: list[str], line: int, source: str) -> tuple[list[int], list[int]]:
    """Check the header cells and return (input positions, target positions)."""
    if len(names) > MAX_COLUMNS:
        raise CsvFormatError(
            f"{source}: line {line} names {len(names):,} columns, more than the "
            f"{MAX_COLUMNS:,} that can be loaded.",
            source,
            line,
        )
    if all(_looks_numeric(name) for name in names):
        raise CsvFormatError(
            f"{source}: line {line} looks like numbers, but the first line must be a header "
            f"naming the columns, e.g. {EXAMPLE_HEADER}.",
            source,
            line,
        )
    for c, name in enumerate(names):
        problem = column_name_problem(name)
        if problem is not None:
            shown = "" if not name else f" {_show(name)}"
            raise CsvFormatError(
                f"{source}: line {line}, column {c + 1}: the column name{shown} {problem}.",
                source,
                line,
                c + 1,
            )
    repeated = duplicate_name(names)
    if repeated is not None:
        first, second = repeated
        raise CsvFormatError(
            f"{source}: line {line}, column {second + 1} ({names[second]}) has the same name as "
            f"column {first + 1}; column names must be unique.",
            source,
            line,
            second + 1,
        )
    split = classify_columns(names)
    if isinstance(split, str):
        raise CsvFormatError(f"{source}: line {line}: {split}.", source, line)
    return split


def _parse_row(
    line: str, separator: str, line_number: int, names: list[str], source: str
) -> list[float]:
    """The numbers of one data line, or a CsvFormatError for its first problem."""
    cells = line.split(separator)
    if len(cells) != len(names):
        raise CsvFormatError(
            f"{source}: line {line_number} has {len(cells)} cells, but the header has "
            f"{len(names)} columns.",
            source,
            line_number,
        )
    return [_parse_number(cell, line_number, c, names[c], source) for c, cell in enumerate(cells)]


def _check_overflow(
    values: np.ndarray, rows: list[tuple[int, str]], separator: str, names: list[str], source: str
) -> None:
    """Raise the error for the first row of ``values`` that the fast path read as infinite."""
    finite = np.isfinite(values).all(axis=1)
    if not finite.all():
        line_number, line = rows[int(np.argmin(finite))]
        _parse_row(line, separator, line_number, names, source)


def _parse_number(cell: str, line: int, c: int, name: str, source: str) -> float:
    """The float in one cell; ``c`` is the 0-based column."""
    text = _clean(cell)
    if _NUMBER.fullmatch(text):
        value = float(text)
        if value not in (float("inf"), float("-inf")):
            return value
        problem = f": {_show(text)} is too large for a 64-bit float"
    elif not text:
        problem = " is empty"
    elif _NON_FINITE.fullmatch(text):
        kind = "NaN" if text.lstrip("+-")[:1].lower() == "n" else "infinite"
        problem = f" is {kind}; every value must be a finite number"
    else:
        problem = f": {_show(text)} is not a number"
        if _DECIMAL_COMMA.fullmatch(text):
            problem += " (use a dot as the decimal separator)"
    raise CsvFormatError(
        f"{source}: line {line}, column {c + 1} ({name}){problem}.", source, line, c + 1
    )


def _clean(cell: str) -> str:
    """A cell without surrounding whitespace and one pair of surrounding double quotes."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        cell = cell[1:-1].strip()
    return cell


def _looks_numeric(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell) or _NON_FINITE.fullmatch(cell))


def _show(text: str, limit: int = 40) -> str:
    """``text`` quoted (via repr, so control characters stay visible), shortened if long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def _line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of byte ``offset``, counting ``\\r\\n``, ``\\r`` and ``\\n`` as breaks."""
    prefix = data[:offset]
    return prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1


def _megabytes() -> str:
    return f"{MAX_BYTES // (1024 * 1024)} MB"


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


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
    """Write ``text`` as UTF-8 to ``path``, via a temporary file so no half file is left."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise DatasetError(f"Cannot write {os.fspath(path)}: {_os_reason(exc)}.") from exc
