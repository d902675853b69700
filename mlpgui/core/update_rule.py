"""The update rule: from the data gradient ∂L_data/∂θ (backpropagation) to the step Δθ.

The lecture's rule is plain gradient descent, Δθ = −γ ∇L. Two optional ADDITIONS to the
lecture (as in TensorFlow Playground), both off by default — and when off, not a single extra
operation runs, so every number is bit-identical to plain gradient descent:

- L1/L2 regularisation of the WEIGHTS (never the biases):
      L = L_data + L_reg,   L_reg = λ₂/2 Σ w² + λ₁ Σ |w|,
      ∂L/∂w = ∂L_data/∂w + λ₂ w + λ₁ sign(w),   ∂L/∂b = ∂L_data/∂b.
  Computed as L_reg = ½ θ·(λ₂ w) + θ·(λ₁ sign w) and as g_reg = λ₂ w + λ₁ sign(w) (0 at the
  biases), with λ₁, λ₂ stored as (P,) vectors that are 0 at bias positions.
- Classical momentum (Polyak's heavy ball, not Nesterov's):
      v_new = μ v_old − γ ∂L/∂θ,   θ_new = θ_old + v_new   (so Δθ = v_new),  0 ≤ μ < 1.
  The velocity v is part of the training state. Setting μ = 0 switches momentum off and
  forgets v (it is 0 from then on); a new μ > 0 applies from the next update and keeps v.

Frozen biases ("Train biases" off) get Δb = 0, and with momentum also v_b = 0.
Not thread-safe: the trainer owns it.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import TrainingError
from .layout import ParameterLayout

MAX_LEARNING_RATE = 1e6
MAX_REGULARISATION_RATE = 1e6
"""Largest λ₁ and λ₂."""
MOMENTUM_LIMIT = 1.0
"""μ must stay below this (μ ≥ 1 never forgets a gradient and does not converge)."""


class UpdateRule:
    """γ, λ₁, λ₂, μ, frozen biases and the velocity, for a θ of layout ``layout``.

    Attributes ((P,) float64 buffers, reused from update to update; those of an addition are
    allocated when it is first switched on, and the velocity's dropped when μ returns to 0):
        update: −γ ∂L/∂θ of the latest ``descend`` (0 at frozen biases without momentum).
        regularisation_gradient: λ₂ w + λ₁ sign(w), 0 at biases (valid after ``regularise``
            while ``regularised``).
        velocity: v after the latest committed update; None while μ = 0 (v = 0).
        gradient: the ∂L/∂θ the latest ``descend`` used (the data gradient itself, or the
            total in a buffer of its own when regularised).
    """

    def __init__(self, layout: ParameterLayout, learning_rate: float) -> None:
        size = layout.size
        self._layout = layout
        self._bias_positions = layout.bias_mask() == 1.0
        self._minus_gamma = np.empty(size)  # −γ at every position (array × array is fastest)
        self.update = np.empty(size)
        self.gradient = self.update
        self.frozen: np.ndarray | None = None
        self._l1 = self._l2 = self._momentum = 0.0
        self.regularised = False
        self._l2_vector = self._l1_vector = self._sign = self._total = self.update
        self.regularisation_gradient = self.update
        self._mu_vector = self._next_velocity = self.update
        self.velocity: np.ndarray | None = None
        self.learning_rate = learning_rate

    # --- settings -----------------------------------------------------------------------------

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = check_learning_rate(value)
        self._minus_gamma.fill(-self._learning_rate)

    @property
    def l1_rate(self) -> float:
        """λ₁ ≥ 0 (0: no L1 term)."""
        return self._l1

    @l1_rate.setter
    def l1_rate(self, value: float) -> None:
        self._l1 = check_regularisation_rate(value, "λ₁ (L1)")
        self._set_regularisation()

    @property
    def l2_rate(self) -> float:
        """λ₂ ≥ 0 (0: no L2 term)."""
        return self._l2

    @l2_rate.setter
    def l2_rate(self, value: float) -> None:
        self._l2 = check_regularisation_rate(value, "λ₂ (L2)")
        self._set_regularisation()

    def _set_regularisation(self) -> None:
        self.regularised = self._l1 > 0.0 or self._l2 > 0.0
        if not self.regularised:
            return
        if self._total is self.update:  # first use: the buffers of regularisation
            size = self.update.size
            self._l2_vector, self._l1_vector = np.empty(size), np.empty(size)
            self._sign, self._total = np.empty(size), np.empty(size)
            self.regularisation_gradient = np.zeros(size)
        weights = 1.0 - self._layout.bias_mask()
        np.multiply(weights, self._l2, out=self._l2_vector)  # λ₂ at weights, 0 at biases
        np.multiply(weights, self._l1, out=self._l1_vector)  # λ₁ at weights, 0 at biases

    @property
    def momentum(self) -> float:
        """μ in [0, 1); 0 is plain gradient descent (and forgets the velocity)."""
        return self._momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        self._momentum = check_momentum(value)
        if self._momentum == 0.0:  # off: forget the velocity
            self.velocity = None
            self._mu_vector = self._next_velocity = self.update
            return
        if self.velocity is None:
            size = self.update.size
            self.velocity, self._next_velocity = np.zeros(size), np.empty(size)
            self._mu_vector = np.empty(size)
        self._mu_vector.fill(self._momentum)

    def set_frozen_biases(self, frozen: bool) -> None:
        self.frozen = self._bias_positions if frozen else None

    def set_velocity(self, velocity: np.ndarray | None) -> None:
        """v from outside (a restored state or a replayed update); None is v = 0. Ignored
        while momentum is off."""
        if self.velocity is None:
            return
        if velocity is None:
            self.velocity.fill(0.0)
        else:
            np.copyto(self.velocity, velocity)

    # --- arithmetic ---------------------------------------------------------------------------

    def regularise(self, theta: np.ndarray, gradient_out: np.ndarray | None = None) -> float:
        """L_reg at ``theta`` (0.0 when not regularised), and g_reg into ``gradient_out``
        (default ``regularisation_gradient``)."""
        if not self.regularised:
            return 0.0
        out = self.regularisation_gradient if gradient_out is None else gradient_out
        if self._l1 == 0.0:
            np.multiply(theta, self._l2_vector, out=out)  # λ₂ w
            return 0.5 * float(np.dot(theta, out))  # λ₂/2 Σ w²
        if self._l2 == 0.0:
            np.sign(theta, out=out)
            np.multiply(out, self._l1_vector, out=out)  # λ₁ sign(w)
            return float(np.dot(theta, out))  # λ₁ Σ |w|
        np.multiply(theta, self._l2_vector, out=out)  # λ₂ w
        value = 0.5 * float(np.dot(theta, out))  # λ₂/2 Σ w²
        sign = self._sign
        np.sign(theta, out=sign)
        np.multiply(sign, self._l1_vector, out=sign)  # λ₁ sign(w)
        np.add(out, sign, out=out)
        return value + float(np.dot(theta, sign))  # + λ₁ Σ |w|

    def descend(self, data_gradient: np.ndarray, overwrite: bool = False) -> np.ndarray:
        """Δθ from ∂L_data/∂θ (after ``regularise`` at the same θ): returns ``update`` (plain)
        or the next velocity (momentum), which the caller adds to θ and then ``commit``s.
        Nothing of the rule's state changes before ``commit``. With ``overwrite`` the total
        ∂L/∂θ of a regularised update is written over ``data_gradient`` (the same values as
        in a buffer of its own, one array fewer to touch)."""
        gradient = data_gradient
        if self.regularised:
            gradient = data_gradient if overwrite else self._total
            np.add(data_gradient, self.regularisation_gradient, out=gradient)
        self.gradient = gradient
        np.multiply(gradient, self._minus_gamma, out=self.update)  # −γ ∂L/∂θ
        delta = self.update
        if self.velocity is not None:
            delta = self._next_velocity
            np.multiply(self.velocity, self._mu_vector, out=delta)  # μ v_old
            np.add(delta, self.update, out=delta)  # μ v_old − γ ∂L/∂θ
        if self.frozen is not None:
            np.copyto(delta, 0.0, where=self.frozen)
        return delta

    def commit(self) -> None:
        """The step ``descend`` returned was applied: its velocity becomes v."""
        if self.velocity is not None:
            self.velocity, self._next_velocity = self._next_velocity, self.velocity


def check_learning_rate(value: object) -> float:
    """γ as a float in [0, MAX_LEARNING_RATE], or a TrainingError saying why not."""
    gamma = _number(value, "The learning rate")
    if not (math.isfinite(gamma) and 0.0 <= gamma <= MAX_LEARNING_RATE):
        raise TrainingError(
            f"The learning rate γ must be a finite number between 0 and {MAX_LEARNING_RATE:g}, "
            f"not {value!r}."
        )
    return gamma


def check_regularisation_rate(value: object, name: str = "λ") -> float:
    """λ as a float in [0, MAX_REGULARISATION_RATE], or a TrainingError saying why not."""
    rate = _number(value, f"The regularisation rate {name}")
    if not (math.isfinite(rate) and 0.0 <= rate <= MAX_REGULARISATION_RATE):
        raise TrainingError(
            f"The regularisation rate {name} must be a finite number between 0 and "
            f"{MAX_REGULARISATION_RATE:g}, not {value!r}."
        )
    return rate


def check_momentum(value: object) -> float:
    """μ as a float in [0, 1), or a TrainingError saying why not."""
    mu = _number(value, "The momentum μ")
    if not (math.isfinite(mu) and 0.0 <= mu < MOMENTUM_LIMIT):
        raise TrainingError(
            f"The momentum μ must be a number from 0 (off) up to, but not including, 1, "
            f"not {value!r}."
        )
    return mu


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise TrainingError(f"{what} must be a number, not {value!r}.")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise TrainingError(f"{what} must be a number, not {value!r}.") from None
