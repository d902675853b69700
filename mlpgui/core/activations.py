"""Activation functions f_l and their derivatives f'_l, by name.

Each activation works elementwise on an array of drives ``d`` of any shape — the kernel passes
d^(l) as (n_l, B), one column per sample; records show them as (B, n_l) — and writes into
caller-owned output arrays of the same shape, so the kernel can reuse preallocated buffers.
Derivatives are expressed through the drive *and* the activation, whichever is cheaper and
more accurate: the logistic function's derivative is σ'(d) = a (1 − a), tanh's is 1 − a².
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .errors import NetworkError, TrainingError


class _Apply(Protocol):
    def __call__(self, drives: np.ndarray, out: np.ndarray) -> None: ...


class _ScaleByDerivative(Protocol):
    def __call__(
        self, values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
    ) -> None: ...


@dataclass(frozen=True)
class Activation:
    """One activation function f with its derivative.

    Attributes:
        name: the name used everywhere (``"sigmoid"``, ``"tanh"``, ...).
        formula: f(d) as the lecture writes it, for display.
        derivative_formula: f'(d) for display.
        apply: ``apply(drives, out)`` writes f(drives) into ``out`` (same shape).
        scale_by_derivative: ``scale_by_derivative(values, drives, activations, scratch)``
            multiplies ``values`` in place by f'(drives); ``activations`` = f(drives) and
            ``scratch`` is a spare array of the same shape. Used for δ = (...) ⊙ f'(d).
        differentiable: False for the Heaviside step, whose derivative is 0 wherever it exists.
    """

    name: str
    formula: str
    derivative_formula: str
    apply: _Apply
    scale_by_derivative: _ScaleByDerivative
    differentiable: bool = True

    def __call__(self, drives: np.ndarray) -> np.ndarray:
        """f(d) as a new array."""
        drives = np.asarray(drives, dtype=np.float64)
        out = np.empty_like(drives)
        with np.errstate(over="ignore"):
            self.apply(drives, out)
        return out

    def derivative(self, drives: np.ndarray) -> np.ndarray:
        """f'(d) as a new array (what the kernel multiplies δ by)."""
        drives = np.asarray(drives, dtype=np.float64)
        values = np.ones_like(drives)
        with np.errstate(over="ignore"):
            self.scale_by_derivative(values, drives, self(drives), np.empty_like(drives))
        return values


# --- logistic σ(d) = 1 / (1 + e^(−d)) ---------------------------------------------------------


def _sigmoid(drives: np.ndarray, out: np.ndarray) -> None:
    # 1 / (1 + exp(-d)); exp overflows to inf for d < -709, which gives the right limit 0.
    np.negative(drives, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    np.reciprocal(out, out=out)


def _sigmoid_scale(
    values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
) -> None:
    # σ'(d) = σ(d) (1 − σ(d))
    np.subtract(1.0, activations, out=scratch)
    np.multiply(scratch, activations, out=scratch)
    np.multiply(values, scratch, out=values)


# --- tanh -------------------------------------------------------------------------------------


def _tanh(drives: np.ndarray, out: np.ndarray) -> None:
    np.tanh(drives, out=out)


def _tanh_scale(
    values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
) -> None:
    # tanh'(d) = 1 − tanh(d)²
    np.multiply(activations, activations, out=scratch)
    np.subtract(1.0, scratch, out=scratch)
    np.multiply(values, scratch, out=values)


# --- ReLU max(0, d) ---------------------------------------------------------------------------


def _relu(drives: np.ndarray, out: np.ndarray) -> None:
    np.maximum(drives, 0.0, out=out)


def _relu_scale(
    values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
) -> None:
    # relu'(d) = 1 for d > 0, else 0 (the subgradient 0 is used at d = 0).
    np.greater(drives, 0.0, out=scratch)
    np.multiply(values, scratch, out=values)


# --- linear (identity) ------------------------------------------------------------------------


def _linear(drives: np.ndarray, out: np.ndarray) -> None:
    np.copyto(out, drives)


def _linear_scale(
    values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
) -> None:
    # f'(d) = 1: nothing to do.
    return None


# --- Heaviside step (the perceptron's activation) ---------------------------------------------


def _step(drives: np.ndarray, out: np.ndarray) -> None:
    # 1 if d >= 0 else 0, as on the perceptron slides.
    np.greater_equal(drives, 0.0, out=out)


def _step_scale(
    values: np.ndarray, drives: np.ndarray, activations: np.ndarray, scratch: np.ndarray
) -> None:
    raise TrainingError(STEP_HAS_NO_GRADIENT)


STEP_HAS_NO_GRADIENT = (
    "The step (Heaviside) activation has derivative 0 wherever it is defined, so "
    "backpropagation gets no gradient through it; use sigmoid, its smooth version, to train."
)

ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid", "σ(d) = 1 / (1 + e^(−d))", "σ'(d) = σ(d)(1 − σ(d))", _sigmoid, _sigmoid_scale
        ),
        Activation("tanh", "tanh(d)", "tanh'(d) = 1 − tanh(d)²", _tanh, _tanh_scale),
        Activation("relu", "max(0, d)", "relu'(d) = 1 if d > 0 else 0", _relu, _relu_scale),
        Activation("linear", "d", "1", _linear, _linear_scale),
        Activation(
            "step",
            "1 if d ≥ 0 else 0",
            "0 (undefined at 0)",
            _step,
            _step_scale,
            differentiable=False,
        ),
    )
}


def get_activation(name: str) -> Activation:
    """The activation called ``name``; a NetworkError names the valid choices otherwise."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise NetworkError(
            f"Unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}."
        ) from None
