"""The loss surface over two parameters: L(θ) on a grid of θ_p, θ_q with every other
parameter fixed at its current value — the lecture's "loss surface" slides, for real.

Computed on a copy of the network (the live one is never touched), with the same kernel
arithmetic as ``Trainer.evaluate``, so the grid's centre — the current parameters — holds
exactly the current loss on the training set. That is the loss the trainer minimises: with
L1/L2 regularisation L = L_data + L_reg (update_rule.py; L_reg recomputed at every grid
point), and with input features the network's inputs are the features of the raw data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .features import apply_features
from .kernel import Kernel, Workspace
from .losses import Loss, get_loss
from .network import MLP
from .plot_data_contours import contour_segments
from .update_rule import UpdateRule

if TYPE_CHECKING:
    from .trainer import Trainer

CONTOUR_COUNT = 12
"""Contour lines per surface, evenly spaced in log L between the grid's lowest and highest
loss."""


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class SurfaceResult:
    """The loss over a grid of two parameters θ_p, θ_q (positions ``first``, ``second`` in θ).

    Attributes:
        first, second: the positions p, q in θ (see ParameterLayout.describe).
        xs: (n,) values of θ_p; ys: (n,) values of θ_q; n is odd and the middle entries are
            exactly the current values.
        losses: (n, n) with ``losses[r, c]`` = L at θ_p = xs[c], θ_q = ys[r] (every other
            parameter at its current value), over the whole training set.
        current: (2,) the current (θ_p, θ_q).
        current_loss: L at the current θ (= ``losses[n // 2, n // 2]``).
        negative_gradient: (2,) (−∂L/∂θ_p, −∂L/∂θ_q) at the current θ over the whole training
            set, the direction of steepest descent; None if a layer's activation has no
            derivative (the step function).
        shade: (n, n) log L rescaled to [0, 1] over the grid (1 where L is not finite), for
            colouring with fixed levels.
        contour_losses: the loss value of each contour line; contours: per line, (2k, 2)
            segment end points in (θ_p, θ_q) coordinates (see ``contour_segments``).
        loss_name: the loss function.
        regularised: True when the losses include L_reg (λ₁ or λ₂ > 0): L = L_data + L_reg,
            and ``negative_gradient`` includes its gradient.
    """

    first: int
    second: int
    xs: np.ndarray
    ys: np.ndarray
    losses: np.ndarray
    current: np.ndarray
    current_loss: float
    negative_gradient: np.ndarray | None
    shade: np.ndarray
    contour_losses: tuple[float, ...]
    contours: tuple[np.ndarray, ...]
    loss_name: str
    regularised: bool = False


@dataclass(frozen=True)
class LossSurface:
    """L over a ``resolution`` × ``resolution`` grid of θ_first and θ_second around their
    current values, over the trainer's whole training set with the trainer's loss.

    The grid is centred on the current values; its half-width along each axis is the largest
    of ``min_half_width``, half the parameter's magnitude, and ``margin`` times the distance
    to the farthest point of ``cover`` (first_min, first_max, second_min, second_max) — pass
    the bounding box of the descent path so far to keep it in view. Not live: recomputed on
    request, after steps and edits and when training pauses.
    """

    first: int
    second: int
    resolution: int = 41
    cover: tuple[float, float, float, float] | None = None
    min_half_width: float = 1.0
    margin: float = 1.15
    live: bool = False

    def half_widths(self, current: np.ndarray) -> tuple[float, float]:
        """The grid's half-width along θ_first and along θ_second."""
        widths = []
        for axis in range(2):
            centre = float(current[axis])
            width = max(self.min_half_width, 0.5 * abs(centre))
            if self.cover is not None:
                low, high = self.cover[2 * axis], self.cover[2 * axis + 1]
                reach = max(abs(low - centre), abs(high - centre))
                if np.isfinite(reach):
                    width = max(width, self.margin * reach)
            widths.append(width)
        return widths[0], widths[1]

    def compute(self, net: MLP, trainer: Trainer) -> SurfaceResult | None:
        size = net.parameter_count
        p, q = self.first, self.second
        data = trainer.dataset
        if not (0 <= p < size and 0 <= q < size) or p == q or len(data) == 0:
            return None
        copy = net.copy()  # the live network is never modified
        loss = get_loss(trainer.loss)
        kernel = copy.kernel
        ws = Workspace(kernel.plan(len(data), loss))
        ws.inputs_aug[:-1] = apply_features(data.inputs, trainer.features).T
        ws.targets[...] = data.targets.T
        total = _TotalLoss(copy, trainer, kernel, ws, loss)

        current = np.array([net.parameters[p], net.parameters[q]])
        half = max(self.resolution // 2, 1)
        steps = np.arange(-half, half + 1, dtype=np.float64) / half  # exactly 0 in the middle
        w_p, w_q = self.half_widths(current)
        xs = current[0] + w_p * steps
        ys = current[1] + w_q * steps
        set_p, set_q = _setter(copy, p), _setter(copy, q)
        losses = np.empty((len(ys), len(xs)))
        with np.errstate(all="ignore"):
            for r, y in enumerate(ys):
                set_q(y)
                for c, x in enumerate(xs):
                    set_p(x)
                    losses[r, c] = total.value()
            set_p(current[0])
            set_q(current[1])
            current_loss = total.value()
            gradient = None
            if all(f.differentiable for f in copy.activation_functions):
                gradient = _frozen(-total.gradient()[[p, q]])
        shade = surface_shade(losses)
        levels = (np.arange(1, CONTOUR_COUNT + 1) / (CONTOUR_COUNT + 1)).tolist()
        contours = tuple(_frozen(contour_segments(shade, lv, xs, ys)) for lv in levels)
        return SurfaceResult(
            first=p,
            second=q,
            xs=_frozen(xs),
            ys=_frozen(ys),
            losses=_frozen(losses),
            current=_frozen(current),
            current_loss=float(current_loss),
            negative_gradient=gradient,
            shade=_frozen(shade),
            contour_losses=tuple(_loss_at_shade(losses, lv) for lv in levels),
            contours=contours,
            loss_name=loss.name,
            regularised=total.rule is not None,
        )


class _TotalLoss:
    """L = L_data (+ L_reg) of ``net`` (a copy) on the batch in ``ws``, computed as
    ``Trainer.evaluate`` and ``Trainer._descend`` do (so the centre is bit-identical)."""

    def __init__(
        self, net: MLP, trainer: Trainer, kernel: Kernel, ws: Workspace, loss: Loss
    ) -> None:
        self.net, self.kernel, self.ws, self.loss = net, kernel, ws, loss
        self.rule: UpdateRule | None = None
        if trainer.l1_rate > 0.0 or trainer.l2_rate > 0.0:
            self.rule = UpdateRule(net.layout, trainer.learning_rate)
            self.rule.l1_rate, self.rule.l2_rate = trainer.l1_rate, trainer.l2_rate
            self._buffer = np.empty(net.parameter_count)

    def value(self) -> float:
        """L at the network's current θ (forward pass included)."""
        self.kernel.forward(self.ws)
        value = self.kernel.loss(self.ws, self.loss)
        if self.rule is not None:
            value += self.rule.regularise(self.net.parameters, self._buffer)
        return float(value)

    def gradient(self) -> np.ndarray:
        """∂L/∂θ (P,) at the θ of the latest ``value``: backpropagation's, plus
        λ₂ w + λ₁ sign(w) when regularised."""
        self.kernel.backward(self.ws, self.loss)
        if self.rule is None:
            return self.ws.gradient
        self.rule.regularise(self.net.parameters, self._buffer)
        return self.ws.gradient + self._buffer


def surface_shade(losses: np.ndarray) -> np.ndarray:
    """log10 L rescaled to [0, 1] over the finite, positive values of ``losses`` (lowest → 0,
    highest → 1); non-finite values become 1, and a flat surface 0.5."""
    finite = np.isfinite(losses)
    positive = finite & (losses > 0)
    if not np.any(positive):
        return np.where(finite, 0.5, 1.0)
    floor = losses[positive].min()
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(positive, losses, floor))
    low, high = float(logs[positive].min()), float(logs[positive].max())
    if high - low <= 1e-12 * max(1.0, abs(high)):
        shade = np.full(losses.shape, 0.5)
    else:
        shade = (logs - low) / (high - low)
    shade[~finite] = 1.0
    return shade


def _loss_at_shade(losses: np.ndarray, level: float) -> float:
    """The loss value that ``surface_shade`` maps to ``level``."""
    positive = losses[np.isfinite(losses) & (losses > 0)]
    if not positive.size:
        return float("nan")
    low, high = np.log10(positive.min()), np.log10(positive.max())
    return float(10 ** (low + level * (high - low)))


def _setter(net: MLP, index: int) -> Callable[[float], None]:
    """A function that sets parameter ``index`` of ``net`` (through its public setters)."""
    kind, layer, i, j = net.layout.describe(index)
    if kind == "w":
        return lambda value: net.set_weight(layer, i, j, value)
    return lambda value: net.set_bias(layer, i, value)
