"""Check backpropagation against finite differences, parameter by parameter.

The numeric gradient uses the five-point central difference
    ∂L/∂θ_p ≈ (−L(θ + 2h e_p) + 8 L(θ + h e_p) − 8 L(θ − h e_p) + L(θ − 2h e_p)) / (12 h)
evaluated by an independent, plain forward pass (d = W a + b, layer by layer) in extended
precision (``np.longdouble``), so that its own rounding stays far below float64's. The analytic
gradient is the float64 one the trainer uses.

The relative error of parameter p is |g_p − n_p| / max(|g_p|, |n_p|, floor), with
floor = 1e-8 · max(1, |L|): differences of gradients far below the loss's own resolution are
measured against that floor rather than against themselves.

Finite differences are meaningless across a kink of ReLU (d = 0): parameters whose stencil
moves any ReLU drive across 0 are reported in ``nonsmooth`` and left out of the maxima.

With regularisation (an addition to the lecture, see update_rule.py) the checked loss is the
total L = L_data + λ₂/2 Σ w² + λ₁ Σ |w| (weights only) and the analytic gradient the
trainer's ∂L_data/∂θ + λ₂ w + λ₁ sign(w); |w| has a kink at w = 0, so with λ₁ > 0 a weight
whose stencil crosses 0 is nonsmooth too. With input features the dataset holds the raw
inputs and the derived columns are computed as the trainer does (features.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .activations import STEP_HAS_NO_GRADIENT
from .errors import TrainingError
from .features import Feature, apply_features
from .kernel import Workspace
from .losses import Loss, get_loss
from .network import MLP
from .update_rule import UpdateRule

if TYPE_CHECKING:
    from .dataset import Dataset


@dataclass(frozen=True)
class LayerCheck:
    """Largest relative errors in layer ``layer`` (1-based l of W^(l), b^(l))."""

    layer: int
    max_weight_error: float
    max_bias_error: float


@dataclass(frozen=True)
class GradientCheckReport:
    """Backprop vs finite differences for every parameter (flat arrays in θ's layout)."""

    analytic: np.ndarray
    numeric: np.ndarray
    relative_errors: np.ndarray
    nonsmooth: np.ndarray
    layers: tuple[LayerCheck, ...]
    loss: float

    @property
    def max_relative_error(self) -> float:
        """The largest relative error over all smooth parameters (0.0 if there are none)."""
        smooth = self.relative_errors[~self.nonsmooth]
        return float(smooth.max()) if smooth.size else 0.0

    def passed(self, tolerance: float = 1e-6) -> bool:
        return self.max_relative_error <= tolerance

    def __str__(self) -> str:
        lines = [f"gradient check (L = {self.loss:.6g}): largest relative error per layer"]
        for c in self.layers:
            lines.append(
                f"  layer {c.layer}: W {c.max_weight_error:.2e}   b {c.max_bias_error:.2e}"
            )
        if self.nonsmooth.any():
            lines.append(f"  {int(self.nonsmooth.sum())} parameter(s) skipped at a ReLU kink")
        return "\n".join(lines)


def gradient_check(
    net: MLP,
    dataset: Dataset,
    loss: str = "mse",
    indices: Sequence[int] | np.ndarray | None = None,
    step_size: float = 1e-3,
    l1_rate: float = 0.0,
    l2_rate: float = 0.0,
    features: Sequence[Feature] = (),
) -> GradientCheckReport:
    """Compare ∂L/∂θ from backpropagation with finite differences.

    Args:
        net: the network (left unchanged).
        dataset: the samples (raw inputs); ``indices`` selects a batch of them (default: all,
            in order).
        loss: the loss name.
        step_size: h of the difference stencil.
        l1_rate, l2_rate: λ₁, λ₂ of the regularisation term (0: none).
        features: the network's input features (derived from the dataset's raw inputs).
    """
    loss_fn = get_loss(loss)
    functions = net.activation_functions
    for k, f in enumerate(functions):
        if not f.differentiable:
            raise TrainingError(f"Layer {k + 1}: {STEP_HAS_NO_GRADIENT}")
    loss_fn.check_output_activation(functions[-1])
    rows = np.arange(len(dataset)) if indices is None else np.asarray(indices, dtype=np.intp)
    if rows.size == 0:
        raise TrainingError("A gradient check needs at least one sample.")
    x, t = apply_features(dataset.inputs[rows], tuple(features)), dataset.targets[rows]
    rule = UpdateRule(net.layout, 0.0)
    rule.l1_rate, rule.l2_rate = l1_rate, l2_rate

    analytic = _analytic_gradient(net, x, t, loss_fn, rule)
    x_ld, t_ld = x.astype(np.longdouble), t.astype(np.longdouble)
    rates = (np.longdouble(rule.l1_rate), np.longdouble(rule.l2_rate))

    def reference(theta: np.ndarray) -> tuple[np.longdouble, list[np.ndarray]]:
        return _reference_loss(net, theta, x_ld, t_ld, loss_fn, rates)

    numeric, nonsmooth, base_loss = _numeric_gradient(reference, net.parameters, step_size)
    floor = 1e-8 * max(1.0, abs(float(base_loss)))
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    relative = np.abs(analytic - numeric) / scale
    layers = _layer_checks(net, relative, nonsmooth)
    for array in (analytic, numeric, relative, nonsmooth):
        array.flags.writeable = False
    return GradientCheckReport(analytic, numeric, relative, nonsmooth, layers, float(base_loss))


def _numeric_gradient(
    reference: Callable[[np.ndarray], tuple[np.longdouble, list[np.ndarray]]],
    parameters: np.ndarray,
    step_size: float,
) -> tuple[np.ndarray, np.ndarray, np.longdouble]:
    """Five-point central differences of ``reference`` (L and the ReLU kink pattern at θ) in
    extended precision: (∂L/∂θ (P,), whether a step crossed a kink (P,), L at θ)."""
    theta = parameters.astype(np.longdouble)
    base_loss, base_kinks = reference(theta)
    numeric = np.empty(theta.size)
    nonsmooth = np.zeros(theta.size, dtype=bool)
    h = np.longdouble(step_size)
    for p in range(theta.size):
        values = []
        for offset in (-2, -1, 1, 2):
            shifted = theta.copy()
            shifted[p] += offset * h
            value, kinks = reference(shifted)
            values.append(value)
            nonsmooth[p] |= any(
                not np.array_equal(a, b) for a, b in zip(kinks, base_kinks, strict=True)
            )
        minus2, minus1, plus1, plus2 = values
        numeric[p] = float((minus2 - 8 * minus1 + 8 * plus1 - plus2) / (12 * h))
    return numeric, nonsmooth, base_loss


def _layer_checks(net: MLP, relative: np.ndarray, nonsmooth: np.ndarray) -> tuple[LayerCheck, ...]:
    """The largest relative error of each layer's weights and biases (kinks left out)."""
    layers = []
    bias_mask = net.layout.bias_mask() == 1.0
    offsets = net.layout.offsets
    for k in range(net.n_layers):
        part = slice(offsets[k], offsets[k + 1])
        ok = ~nonsmooth[part]
        rel, is_bias = relative[part], bias_mask[part]
        w = rel[ok & ~is_bias]
        b = rel[ok & is_bias]
        layers.append(
            LayerCheck(k + 1, float(w.max()) if w.size else 0.0, float(b.max()) if b.size else 0.0)
        )
    return tuple(layers)


def _analytic_gradient(
    net: MLP, x: np.ndarray, t: np.ndarray, loss: Loss, rule: UpdateRule
) -> np.ndarray:
    """∂L/∂θ (P,) from the trainer's kernel and update rule (the regularisation term), for
    the batch x (B, n_0), t (B, n_L)."""
    kernel = net.kernel
    ws = Workspace(kernel.plan(len(x), loss))
    ws.inputs_aug[:-1] = x.T
    ws.targets[...] = t.T
    with np.errstate(all="ignore"):
        kernel.forward(ws)
        kernel.loss(ws, loss)
        kernel.backward(ws, loss)
    gradient: np.ndarray = ws.gradient.copy()
    if rule.regularised:
        rule.regularise(net.parameters)
        np.add(gradient, rule.regularisation_gradient, out=gradient)
    return gradient


def _reference_loss(
    net: MLP,
    theta: np.ndarray,
    x: np.ndarray,
    t: np.ndarray,
    loss: Loss,
    rates: tuple[np.floating, np.floating],
) -> tuple[np.floating, list[np.ndarray]]:
    """L(θ) by a plain forward pass in θ's dtype (plus λ₂/2 Σ w² + λ₁ Σ |w| for ``rates`` =
    (λ₁, λ₂)), and the sign pattern of every ReLU drive (and of the weights, with λ₁ > 0)."""
    weights, biases = net.layout.split(theta)
    a = x
    kinks = []
    drives = a
    with np.errstate(all="ignore"):
        for w, b, f in zip(weights, biases, net.activation_functions, strict=True):
            drives = a @ w.T + b
            if f.name == "relu":
                kinks.append(drives > 0)
            a = np.empty_like(drives)
            f.apply(drives, a)
        total = loss.summed_value(a - t, drives, t)
    value = total / len(x) if loss.averaged else total
    l1, l2 = rates
    for w in weights:
        if l2:
            value = value + l2 / 2 * np.sum(w * w)
        if l1:
            value = value + l1 * np.sum(np.abs(w))
            kinks.append(np.sign(w))
    return value, kinks
