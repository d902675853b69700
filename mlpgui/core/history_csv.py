"""The history as CSV: every kept update's loss and the parameters after it.

Columns: update, epoch, learning_rate, loss (before the update), then θ named w<l>_<ij> and
b<l>_<i> (1-based, as in the lecture; per layer W^(l) row by row, then b^(l)). Floats are
written with ``repr`` (shortest text that reads back bit for bit).

``write_history_csv`` streams the rows into an atomic temporary file (see atomic.py) in
chunks, asking ``should_stop()`` between chunks, so a long export can be interrupted (the
worker's shutdown never has to wait for it) and a killed export never leaves half a file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from typing import IO

import numpy as np

from .atomic import atomic_file
from .errors import Cancelled, MlpguiError
from .history import History
from .network import MLP

CHUNK_BYTES = 1 << 20
"""Text written between two calls of ``should_stop``."""


def column_order(net: MLP) -> tuple[list[str], np.ndarray]:
    """(θ column names, their positions in the flat θ), in the CSV's column order."""
    layout, sizes = net.layout, net.layer_sizes
    names: list[str] = []
    order: list[int] = []
    for layer in range(net.n_layers):  # per layer: W^(l) row by row, then b^(l)
        for i in range(sizes[layer + 1]):
            for j in range(sizes[layer]):
                names.append(f"w{layer + 1}_{i + 1}{j + 1}")
                order.append(layout.index_of_weight(layer, i, j))
        for i in range(sizes[layer + 1]):
            names.append(f"b{layer + 1}_{i + 1}")
            order.append(layout.index_of_bias(layer, i))
    return names, np.array(order, dtype=np.intp)


def history_lines(history: History, net: MLP) -> Iterator[str]:
    """The CSV's lines (each ending in a newline): the header, then one per kept update."""
    names, order = column_order(net)
    yield ",".join(["update", "epoch", "learning_rate", "loss", *names]) + "\n"
    for step, epoch, era, loss, theta in history.updates():
        values = ",".join(map(repr, theta[order].tolist()))
        yield f"{step},{epoch},{era.learning_rate!r},{loss!r},{values}\n"


def history_csv_text(history: History, net: MLP) -> str:
    """The whole CSV as one string (small histories; prefer ``write_history_csv``)."""
    out = io.StringIO()
    _write_lines(out, history, net, None)
    return out.getvalue()


def write_history_csv(
    history: History,
    net: MLP,
    path: str | os.PathLike[str],
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Write the history CSV to ``path`` atomically, streaming.

    ``should_stop`` is called between chunks of about CHUNK_BYTES (in the caller's thread);
    when it returns True the temporary file is removed and ``Cancelled`` is raised — ``path``
    is untouched. Raises MlpguiError (one sentence) if the file cannot be written.
    """
    try:
        with atomic_file(path, "w", encoding="utf-8", newline="\n") as file:
            _write_lines(file, history, net, should_stop)
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise MlpguiError(f"Cannot write {os.fspath(path)}: {reason}.") from None


def _write_lines(
    file: IO[str], history: History, net: MLP, should_stop: Callable[[], bool] | None
) -> None:
    chunk: list[str] = []
    size = 0
    for line in history_lines(history, net):
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_BYTES:
            file.write("".join(chunk))
            chunk, size = [], 0
            if should_stop is not None and should_stop():
                raise Cancelled("The history export was cancelled; no file was written.")
    if should_stop is not None and should_stop():
        raise Cancelled("The history export was cancelled; no file was written.")
    file.write("".join(chunk))
