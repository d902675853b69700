"""Column names: which are valid, which columns are inputs and which are targets, and the
checks of a CSV header line (scikit-learn's description line above a header included)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlpgui.core import limits
from mlpgui.core.csv_cells import clean, looks_like_number, looks_numeric
from mlpgui.core.csv_types import CsvFormatError, counted, show_text

EXAMPLE_HEADER = "x1,x2,t"

_FORBIDDEN_IN_NAMES = {",": "a comma", ";": "a semicolon", '"': "a double quote"}
_WHOLE_NUMBER = re.compile(r"\d+", re.ASCII)


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
            return f"the column name {show_text(str(name))} {problem}"
    repeated = duplicate_name(names)
    if repeated is not None:
        return f"the column name {show_text(names[repeated[1]])} occurs twice"
    if all(looks_numeric(name) for name in names):
        return "every column name looks like a number, so the header would be taken for data"
    if is_description(names):
        return (
            "the first two column names are whole numbers, so the header would be taken for "
            "the description line of a scikit-learn dataset"
        )
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


def check_header(names: list[str], line: int, source: str) -> tuple[list[int], list[int]]:
    """Check the (cleaned) header cells on ``line``; return (input positions, target
    positions). Raises CsvFormatError naming the line (and column) of the first problem."""
    if len(names) > limits.MAX_COLUMNS:
        raise CsvFormatError(
            f"{source}: line {line} names {len(names):,} columns, more than the "
            f"{limits.MAX_COLUMNS:,} that can be loaded.",
            source,
            line,
        )
    if all(looks_like_number(name) for name in names):
        raise CsvFormatError(
            f"{source}: line {line} looks like numbers, but the first line must be a header "
            f"naming the columns, e.g. {EXAMPLE_HEADER}.",
            source,
            line,
        )
    for c, name in enumerate(names):
        problem = column_name_problem(name)
        if problem is not None:
            shown = "" if not name else f" {show_text(name)}"
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


def is_description(cells: Sequence[str]) -> bool:
    """Whether a line's cells look like the first line of scikit-learn's bundled CSV files:
    two whole numbers (samples, features), then perhaps class names — but no other number,
    e.g. ``150,4,setosa,versicolor,virginica`` above iris's data, or ``506,13`` above a
    header."""
    names = [clean(cell) for cell in cells]
    return (
        len(names) >= 2
        and all(_WHOLE_NUMBER.fullmatch(name) for name in names[:2])
        and not any(looks_like_number(name) for name in names[2:])
    )


def description_error(cells: Sequence[str], line: int, source: str) -> CsvFormatError:
    """The refusal of a description line (see :func:`is_description`) not followed by a
    header."""
    names = [clean(cell) for cell in cells]
    samples, features = int(names[0]), int(names[1])
    classes = ", ".join(names[2:5]) + (", …" if len(names) > 5 else "")
    what = f"{counted(samples, 'sample')}, {counted(features, 'feature')}"
    if classes:
        what += f", classes {classes}"
    inputs = [f"x{i}" for i in range(1, max(features, 1) + 1)]
    if len(inputs) > 4:
        inputs = [*inputs[:2], "…", inputs[-1]]
    return CsvFormatError(
        f"{source}: line {line} looks like the description line of a scikit-learn dataset "
        f"({what}), not a header naming the columns; put a header on the line after it, "
        f"e.g. {','.join([*inputs, 't'])}.",
        source,
        line,
    )
