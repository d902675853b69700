"""What every unit computes over the input space: a_i^(l)(x) for each layer l = 1..L.

Students see how hidden units (each a squashed line or plane of the inputs) combine into the
output. One forward pass over a grid of inputs gives every layer's activations at once.
The grid spans the RAW inputs; with input features (features.py) it is mapped by
``apply_features`` first (the derived inputs are a^(0) like the raw ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .features import apply_features
from .network import MLP

if TYPE_CHECKING:
    from .trainer import Trainer

BOUNDED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "step": (0.0, 1.0)}
"""Activations with a fixed range of values: their colour scale never changes."""


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def activation_range(name: str, values: np.ndarray) -> tuple[float, float]:
    """The value range to colour a unit's activations by: the function's own range for
    bounded functions (sigmoid, tanh, step), else symmetric around 0, ±max |a| (at least
    ±1e-12, so that a constant 0 still has a range)."""
    if name in BOUNDED:
        return BOUNDED[name]
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 1.0
    top = max(top, 1e-12)
    return (-top, top)


@dataclass(frozen=True)
class ResponsesResult:
    """Every layer's activations over a grid of inputs.

    Attributes:
        xs: (nx,) values of the first input.
        ys: (ny,) values of the second input (2-input networks), or None (1-input networks).
        layers: a^(l) for l = 1..L: each (nx, n_l) for one input, or (ny, nx, n_l) for two
            inputs with ``layers[l-1][r, c, i]`` = a_i^(l)(xs[c], ys[r]).
        ranges: per layer, the (low, high) value range to colour or scale it by (see
            ``activation_range``).
        activations: f_1 … f_L by name.
    """

    xs: np.ndarray
    ys: np.ndarray | None
    layers: tuple[np.ndarray, ...]
    ranges: tuple[tuple[float, float], ...]
    activations: tuple[str, ...]


@dataclass(frozen=True)
class HiddenResponses:
    """a^(l)(x) of every layer over [x_min, x_max] (one input, ``points`` values) or over
    [x_min, x_max] × [y_min, y_max] (two inputs, ``resolution``² points). None for networks
    with more than two raw inputs (the trainer's input features are applied to the grid)."""

    x_min: float
    x_max: float
    y_min: float = 0.0
    y_max: float = 1.0
    points: int = 200
    resolution: int = 40
    live: bool = True

    def compute(self, net: MLP, trainer: Trainer | None = None) -> ResponsesResult | None:
        features = () if trainer is None else trainer.features
        n0 = net.layer_sizes[0] - len(features)  # the raw inputs
        if n0 == 1:
            xs = np.linspace(self.x_min, self.x_max, self.points)
            ys = None
            grid = xs[:, None]
        elif n0 == 2:
            xs = np.linspace(self.x_min, self.x_max, self.resolution)
            ys = np.linspace(self.y_min, self.y_max, self.resolution)
            gx, gy = np.meshgrid(xs, ys)
            grid = np.column_stack([gx.ravel(), gy.ravel()])
        else:
            return None
        activations = net.forward(apply_features(grid, features)).activations[1:]
        layers = []
        for a in activations:
            shaped = np.array(a) if ys is None else np.array(a).reshape(len(ys), len(xs), -1)
            layers.append(_frozen(shaped))
        names = net.activation_names
        ranges = tuple(activation_range(f, a) for f, a in zip(names, layers, strict=True))
        return ResponsesResult(
            _frozen(xs), None if ys is None else _frozen(ys), tuple(layers), ranges, names
        )
