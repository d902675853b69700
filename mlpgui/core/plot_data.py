"""Plot-data requests: what displays ask the worker to compute from the current network.

Each request is a frozen dataclass with ``live`` (recompute at display rate while running) and
``compute(net, trainer)``, which returns an immutable result or None when the request does not
fit the network (e.g. a 1-D curve for a network with two inputs). The worker calls ``compute``
in its own thread, at display rate, never per update.

Plots are drawn over the RAW inputs (the dataset's columns): with input features
(features.py) a point x of a curve or a grid is mapped by ``apply_features`` before the
forward pass, and "a network with one (two) inputs" means one (two) raw inputs.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .features import Feature, apply_features
from .network import MLP
from .plot_data_contours import contour_segments

if TYPE_CHECKING:
    from .dataset import Dataset
    from .trainer import Trainer


FLAT_RELATIVE = 1e-9
"""Outputs whose range is below this fraction of their magnitude count as constant."""
FLAT_ABSOLUTE = 1e-12
"""… and so do outputs whose range is below this, whatever their magnitude."""
SAMPLE_LIMIT = 20_000
"""Plots draw at most this many points of a dataset (a deterministic sample beyond)."""


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _extremes_allowed() -> contextlib.AbstractContextManager[object]:
    """Views of data at ±1e308 (or of a diverged network) may overflow: a picture of inf or
    NaN is drawn as a gap, never an error."""
    return np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore")


def _linspace(start: float, stop: float, count: int) -> np.ndarray:
    """``count`` evenly spaced values from ``start`` to ``stop`` (both included), without the
    overflow of np.linspace's stop − start for ends such as ±1e308."""
    t = np.linspace(0.0, 1.0, count)
    return start * (1.0 - t) + stop * t


def input_features(net: MLP, trainer: Trainer | None) -> tuple[int, tuple[Feature, ...]]:
    """(r, features): the raw input count and the trainer's input features (none without a
    trainer), so that n_0 = r + len(features)."""
    features = () if trainer is None else trainer.features
    return net.layer_sizes[0] - len(features), features


def raw_forward(net: MLP, trainer: Trainer | None, raw: np.ndarray) -> np.ndarray:
    """The outputs (N, n_L) for raw inputs (N, r): the features applied, then the forward pass
    (overflow allowed: it is drawn as a gap)."""
    _, features = input_features(net, trainer)
    with _extremes_allowed():
        return np.asarray(net.forward(apply_features(raw, features)).outputs)


def is_flat(values: np.ndarray) -> bool:
    """True when the finite ``values`` are one value up to rounding: their range is at most
    FLAT_RELATIVE × their largest magnitude, or at most FLAT_ABSOLUTE (e.g. a perceptron on
    XOR answering 0.5 ± 1e-16 everywhere). Contours or colour gradients of such values
    would only show floating-point noise. No finite value: flat."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if not v.size:
        return True
    low, high = float(v.min()), float(v.max())
    magnitude = max(abs(low), abs(high))
    return high / 2 - low / 2 <= max(FLAT_ABSOLUTE, FLAT_RELATIVE * magnitude) / 2


def sample_rows(count: int, limit: int = SAMPLE_LIMIT) -> np.ndarray | None:
    """(limit,) ascending row indices (read-only) of a deterministic sample of ``count`` rows,
    or None when all rows fit (count ≤ limit).

    Each row index gets a fixed pseudo-random priority (a hash of the index alone) and the
    ``limit`` rows of lowest priority are drawn: the same data always give the same sample,
    and appending a row changes at most one row of it (the view does not flicker). Recent
    samples are cached (they cost ~50 ms for a million rows, and every plot asks).
    """
    if count <= limit:
        return None
    return _sample(int(count), int(limit))


@functools.lru_cache(maxsize=8)
def _sample(count: int, limit: int) -> np.ndarray:
    rows = np.arange(count, dtype=np.uint64)
    # splitmix64's finaliser; uint64 array arithmetic wraps around silently.
    z = rows + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    chosen = np.argpartition(z, limit - 1)[:limit]
    chosen.sort()
    return _frozen(chosen.astype(np.intp))


@dataclass(frozen=True)
class CurveResult:
    """y(x) of a 1-input network: ``x`` (n,), ``outputs`` (n, n_L)."""

    x: np.ndarray
    outputs: np.ndarray


@dataclass(frozen=True)
class OutputCurve:
    """The network's function y(x) on ``points`` evenly spaced x in [x_min, x_max]
    (networks with one input only)."""

    x_min: float
    x_max: float
    points: int = 200
    live: bool = True

    def compute(self, net: MLP, trainer: Trainer | None = None) -> CurveResult | None:
        if input_features(net, trainer)[0] != 1:
            return None
        x = _linspace(self.x_min, self.x_max, self.points)
        return CurveResult(_frozen(x), _frozen(raw_forward(net, trainer, x[:, None])))


@dataclass(frozen=True)
class GridResult:
    """Outputs of a 2-input network on a grid: ``xs`` (nx,), ``ys`` (ny,), and
    ``outputs`` (ny, nx, n_L) with ``outputs[r, c]`` = y(xs[c], ys[r]).

    ``boundary``: where the first output crosses the request's ``contour_level`` (the decision
    boundary), as (2k, 2) segment end points (see ``contour_segments``); None if not asked.
    ``flat``: every output is constant over the grid up to rounding (see ``is_flat``); the
    boundary is then empty, and displays draw one colour rather than the noise.
    """

    xs: np.ndarray
    ys: np.ndarray
    outputs: np.ndarray
    boundary: np.ndarray | None = None
    flat: bool = False


@dataclass(frozen=True)
class OutputGrid:
    """The network's outputs on a ``resolution`` × ``resolution`` grid over
    [x_min, x_max] × [y_min, y_max] (networks with two inputs only), and optionally the line
    where the first output equals ``contour_level`` (e.g. 0.5: the decision boundary)."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    resolution: int = 100
    live: bool = True
    contour_level: float | None = None

    def compute(self, net: MLP, trainer: Trainer | None = None) -> GridResult | None:
        if input_features(net, trainer)[0] != 2:
            return None
        xs = _linspace(self.x_min, self.x_max, self.resolution)
        ys = _linspace(self.y_min, self.y_max, self.resolution)
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        outputs = raw_forward(net, trainer, points)
        shaped = np.array(outputs).reshape(len(ys), len(xs), -1)
        flat = all(is_flat(shaped[:, :, k]) for k in range(shaped.shape[2]))
        boundary = None
        if self.contour_level is not None:
            if flat:  # a line through rounding noise is no decision boundary
                boundary = _frozen(np.empty((0, 2)))
            else:
                boundary = _frozen(contour_segments(shaped[:, :, 0], self.contour_level, xs, ys))
        return GridResult(_frozen(xs), _frozen(ys), _frozen(shaped), boundary, flat)


@dataclass(frozen=True)
class PredictionsResult:
    """Outputs y and targets t on the training set, (N, n_L) each, and on the test set
    ((M, n_L) each, or None without one) — of the rows in the request's sample only when a
    set has more than its ``limit`` rows: ``total`` and ``test_total`` count all rows."""

    outputs: np.ndarray
    targets: np.ndarray
    test_outputs: np.ndarray | None = None
    test_targets: np.ndarray | None = None
    total: int = 0
    test_total: int = 0


def _predict(
    net: MLP, trainer: Trainer, data: Dataset, limit: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """(outputs, targets) of ``data``'s rows (raw inputs: the trainer's features are applied),
    or of their ``sample_rows`` beyond ``limit``."""
    rows = None if limit is None else sample_rows(len(data), limit)
    inputs, targets = data.inputs, data.targets
    if rows is not None:
        inputs, targets = inputs[rows], _frozen(targets[rows])
    outputs = np.array(raw_forward(net, trainer, inputs))
    return _frozen(outputs), targets


@dataclass(frozen=True, eq=False)
class Predictions:
    """The network's outputs on every sample of the training set (the trainer's dataset) and
    of ``test`` (if given): for plotting predicted against target values. With ``limit``,
    a set of more rows is represented by ``sample_rows(len(set), limit)`` (a plot of a
    million points would show no more than one of 20,000 does)."""

    test: Dataset | None = None
    live: bool = True
    limit: int | None = None

    def compute(self, net: MLP, trainer: Trainer) -> PredictionsResult | None:
        data = trainer.dataset
        raw, n_out = input_features(net, trainer)[0], net.layer_sizes[-1]
        if data.input_dim != raw or data.output_dim != n_out:
            return None
        outputs, targets = _predict(net, trainer, data, self.limit)
        test = self.test
        if test is None or test.input_dim != raw or test.output_dim != n_out:
            return PredictionsResult(outputs, targets, total=len(data))
        test_outputs, test_targets = _predict(net, trainer, test, self.limit)
        return PredictionsResult(outputs, targets, test_outputs, test_targets, len(data), len(test))
