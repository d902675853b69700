"""Up-front checks of the command line: one clear sentence for each bad argument, before
anything is loaded, allocated or trained.

``Parser`` prints argparse's errors as one line and exits 2; the ``*_arg`` functions are
argparse ``type=`` converters; the ``check_*`` functions run once the data are known (the
architecture needs the data's widths) or before a long run (the --save path).
"""

from __future__ import annotations

import argparse
import math
import os
import stat
import sys
import tempfile
from typing import NoReturn

from mlpgui.core import ACTIVATIONS, MlpguiError, limits
from mlpgui.core.trainer import MAX_LEARNING_RATE

MAX_UPDATES = 1_000_000_000
"""Updates one command may ask for (about 13 hours of the lecture network at full speed)."""

MIN_WINDOW_SIDE, MAX_WINDOW_SIDE = 200, 8192
"""Pixels of a --screenshot window, each side."""

USAGE_ERROR = 2
"""Exit code for a bad argument or an unusable input file (nothing was trained)."""


class UsageError(MlpguiError):
    """An argument (or a file it names) cannot be used; exit code 2."""


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr (no usage block) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)


def _whole(text: str, low: int, high: int, what: str) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"{what} must be a whole number from {low:,} to {high:,}, not {text!r}."
        )
    return value


def updates_arg(text: str) -> int:
    """A number of updates, 0 … MAX_UPDATES."""
    return _whole(text, 0, MAX_UPDATES, "the number of updates")


def max_updates_arg(text: str) -> int:
    """A limit on updates, 1 … MAX_UPDATES."""
    return _whole(text, 1, MAX_UPDATES, "the largest number of updates")


def seed_arg(text: str) -> int:
    return _whole(text, 0, limits.MAX_SEED, "the seed")


def learning_rate_arg(text: str) -> float:
    """γ: a finite number from 0 to the core's MAX_LEARNING_RATE."""
    value = _float(text)
    if value is None or not 0.0 <= value <= MAX_LEARNING_RATE:
        raise argparse.ArgumentTypeError(
            f"the learning rate γ must be a number from 0 to {MAX_LEARNING_RATE:g}, not {text!r}."
        )
    return value


def loss_target_arg(text: str) -> float:
    """A loss to reach: finite and ≥ 0 (every loss mlpgui offers is ≥ 0)."""
    value = _float(text)
    if value is None or value < 0.0:
        raise argparse.ArgumentTypeError(
            f"the loss target must be a finite number ≥ 0, like 0.01, not {text!r}."
        )
    return value


def _float(text: str) -> float | None:
    """``text`` as a finite float, else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def sizes_arg(text: str) -> tuple[int, ...]:
    """Hidden layer sizes like ``8,8``; ``0`` (or nothing) for no hidden layer."""
    parts = [part.strip() for part in text.split(",")]
    if parts == [""] or parts == ["0"]:
        return ()
    high = limits.MAX_UNITS_PER_LAYER
    sizes = []
    for part in parts:
        try:
            size = int(part)
        except ValueError:
            size = -1
        if not 1 <= size <= high:
            raise argparse.ArgumentTypeError(
                f"hidden layer sizes must be whole numbers from 1 to {high:,} separated by "
                f"commas, like 8,8 (or 0 for none), not {text!r}."
            )
        sizes.append(size)
    if len(sizes) > limits.MAX_LAYERS - 1:
        raise argparse.ArgumentTypeError(
            f"a network may have at most {limits.MAX_LAYERS - 1} hidden layers, not {len(sizes)}."
        )
    return tuple(sizes)


def activations_arg(text: str) -> tuple[str, ...]:
    """Activation names separated by commas, each one the core knows."""
    names = tuple(part.strip() for part in text.split(","))
    unknown = [name for name in names if name not in ACTIVATIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown activation {unknown[0] if unknown else text!r}; choose from "
            f"{', '.join(ACTIVATIONS)}, separated by commas."
        )
    return names


def batch_arg(text: str) -> str | int:
    if text in ("full", "online"):
        return text
    try:
        return _whole(text, 1, limits.MAX_ROWS, "a mini-batch size")
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"the batch must be full, online or a mini-batch size from 1 to "
            f"{limits.MAX_ROWS:,}, not {text!r}."
        ) from None


def size_arg(text: str) -> tuple[int, int]:
    """A window size ``WIDTHxHEIGHT`` in pixels."""
    low, high = MIN_WINDOW_SIDE, MAX_WINDOW_SIDE
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        width = height = -1
    if not (low <= width <= high and low <= height <= high):
        raise argparse.ArgumentTypeError(
            f"the size must be WIDTHxHEIGHT with each side from {low} to {high} pixels, "
            f"like 1360x900, not {text!r}."
        )
    return width, height


def path_arg(text: str) -> str:
    """A file name that is not empty."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the file name is empty.")
    return text


# --- checks that need more than one argument ------------------------------------------------


def check_input_file(path: str, what: str) -> None:
    """``path`` is an existing regular file we may read (a FIFO or a device would block)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise UsageError(f"Cannot open the {what} {path}: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(mode):
        raise UsageError(f"The {what} {path} is not a regular file.")
    if not os.access(path, os.R_OK):
        raise UsageError(f"Cannot read the {what} {path}: permission denied.")


def check_writable(path: str, what: str) -> None:
    """``path`` can be written: its folder exists and takes a new file, and it is not a
    folder itself. Checked before a long run, so that the run is never lost to a typo."""
    if os.path.isdir(path):
        raise UsageError(f"The {what} {path} is a folder; give a file name.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"Cannot write the {what} {path}: the folder {folder} does not exist.")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise UsageError(f"Cannot write the {what} {path}: permission denied.")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".mlpgui-probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"Cannot write the {what} {path}: {reason}.") from None


def check_architecture(
    layer_sizes: tuple[int, ...], activations: tuple[str, ...], rows: int
) -> None:
    """The network (trained on ``rows`` samples) fits mlpgui's limits (mlpgui/core/limits.py);
    checked before any array is allocated."""
    problem = limits.network_problem(layer_sizes) or limits.training_problem(layer_sizes, rows)
    if problem:
        raise UsageError(problem)
    if len(activations) != len(layer_sizes) - 1:
        raise UsageError(
            f"A {limits.architecture(layer_sizes)} network needs {len(layer_sizes) - 1} "
            f"activations (one per layer after the inputs), not {len(activations)}."
        )
