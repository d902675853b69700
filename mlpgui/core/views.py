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

if TYPE_CHECKING:
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
    ``outputs`` (ny, nx, n_L) with ``outputs[r, c]`` = y(xs[c], ys[r])."""

    xs: np.ndarray
    ys: np.ndarray
    outputs: np.ndarray


@dataclass(frozen=True)
class OutputGrid:
    """The network's outputs on a ``resolution`` × ``resolution`` grid over
    [x_min, x_max] × [y_min, y_max] (networks with two inputs only)."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    resolution: int = 100
    live: bool = True

    def compute(self, net: MLP, trainer: Trainer | None = None) -> GridResult | None:
        if net.layer_sizes[0] != 2:
            return None
        xs = np.linspace(self.x_min, self.x_max, self.resolution)
        ys = np.linspace(self.y_min, self.y_max, self.resolution)
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        outputs = net.forward(points).outputs
        shaped = np.array(outputs).reshape(len(ys), len(xs), -1)
        return GridResult(_frozen(xs), _frozen(ys), _frozen(shaped))
