"""View requests: what displays ask the worker to compute from the current network.

Each request is a frozen dataclass with ``live`` (recompute at display rate while running) and
``compute(net, trainer)``, which returns an immutable result or None when the request does not
fit the network (e.g. a 1-D curve for a network with two inputs). The worker calls ``compute``
in its own thread, at display rate, never per update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .network import MLP
from .views_contours import contour_segments

if TYPE_CHECKING:
    from .dataset import Dataset
    from .trainer import Trainer


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


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
        if net.layer_sizes[0] != 1:
            return None
        x = np.linspace(self.x_min, self.x_max, self.points)
        outputs = net.forward(x[:, None]).outputs
        return CurveResult(_frozen(x), outputs)


@dataclass(frozen=True)
class GridResult:
    """Outputs of a 2-input network on a grid: ``xs`` (nx,), ``ys`` (ny,), and
    ``outputs`` (ny, nx, n_L) with ``outputs[r, c]`` = y(xs[c], ys[r]).

    ``boundary``: where the first output crosses the request's ``contour_level`` (the decision
    boundary), as (2k, 2) segment end points (see ``contour_segments``); None if not asked.
    """

    xs: np.ndarray
    ys: np.ndarray
    outputs: np.ndarray
    boundary: np.ndarray | None = None


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
        if net.layer_sizes[0] != 2:
            return None
        xs = np.linspace(self.x_min, self.x_max, self.resolution)
        ys = np.linspace(self.y_min, self.y_max, self.resolution)
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        outputs = net.forward(points).outputs
        shaped = np.array(outputs).reshape(len(ys), len(xs), -1)
        boundary = None
        if self.contour_level is not None:
            boundary = _frozen(contour_segments(shaped[:, :, 0], self.contour_level, xs, ys))
        return GridResult(_frozen(xs), _frozen(ys), _frozen(shaped), boundary)


@dataclass(frozen=True)
class PredictionsResult:
    """Outputs y and targets t on the training set, (N, n_L) each, and on the test set
    ((M, n_L) each, or None without one)."""

    outputs: np.ndarray
    targets: np.ndarray
    test_outputs: np.ndarray | None = None
    test_targets: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class Predictions:
    """The network's outputs on every sample of the training set (the trainer's dataset) and
    of ``test`` (if given): for plotting predicted against target values."""

    test: Dataset | None = None
    live: bool = True

    def compute(self, net: MLP, trainer: Trainer) -> PredictionsResult | None:
        data = trainer.dataset
        n0, n_out = net.layer_sizes[0], net.layer_sizes[-1]
        if data.input_dim != n0 or data.output_dim != n_out:
            return None
        outputs = _frozen(np.array(net.forward(data.inputs).outputs))
        test = self.test
        if test is None or test.input_dim != n0 or test.output_dim != n_out:
            return PredictionsResult(outputs, data.targets)
        test_outputs = _frozen(np.array(net.forward(test.inputs).outputs))
        return PredictionsResult(outputs, data.targets, test_outputs, test.targets)
