"""The table a CSV reader returns and the error it raises (shared by the ``csv_*`` modules)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlpgui.core.errors import DatasetError


class CsvFormatError(DatasetError):
    """A CSV file or text is malformed, or larger than mlpgui loads.

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


def show_text(text: str, limit: int = 40) -> str:
    """``text`` quoted (via repr, so control characters stay visible), shortened if long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def os_reason(exc: OSError) -> str:
    """The operating system's reason for ``exc`` ("No such file or directory")."""
    return exc.strerror or str(exc) or type(exc).__name__


def counted(n: int, noun: str) -> str:
    """ "1 cell", "3 cells", "1,000 cells" (the core cannot use the UI's ``plural``)."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
