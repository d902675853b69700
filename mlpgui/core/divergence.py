"""DivergenceWatch: notices training that runs away before it reaches NaN or infinity.

NaN and infinite values stop training by themselves (``DivergenceError``). But a learning rate
that is far too large often stays finite: sigmoid outputs saturate, so the loss of XOR or of
Mazur's example stays below 1 while the weights grow to 1e5; a linear output lets the loss
climb to 1e6 without ever overflowing. The watch looks at what every update already
computes — its loss L(θ before update k) — and at the size of θ after each chunk of updates:

- **runaway** (training should pause): the loss, averaged over a window of updates, has grown
  ``RUNAWAY_GROWTH``-fold from the lowest window average seen since the watch was reset, or
  the largest |parameter| has grown ``PARAMETER_GROWTH``-fold from its size at the reset;
- **warning** (say so, keep training): the window average has grown ``WARNING_GROWTH``-fold
  from the lowest one and is still rising (a slow blow-up, e.g. γ raised mid-run).

Averaging over a window (about an epoch of updates) keeps the per-batch ups and downs of
online and mini-batch training from looking like growth. Reset the watch whenever the user
changes something that may rightly change the loss (γ, λ₂, μ, the data, an edit, a reset).

The message names the setting that makes the updates overshoot (``cause``): the L2 term
alone when γ·λ₂ > 2 (> 2(1 + μ) with momentum), the L1 term alone when γ·λ₁ ≥ 1, γ together
with momentum when μ ≥ ``MOMENTUM_BUILD_UP``, else the learning rate γ; with γ = 0, none of
them (the data or the weights are too large).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RUNAWAY_GROWTH = 1e3
"""Window-average loss over its lowest since the reset: pause at this factor."""

WARNING_GROWTH = 10.0
"""Window-average loss over its lowest since the reset: warn at this factor (once)."""

PARAMETER_GROWTH = 1e4
"""Largest |θ| over max(1, largest |θ| at the reset): pause at this factor."""

AGAIN = "Reset (or go back on the History timeline and continue from there)"

MIN_WINDOW, MAX_WINDOW = 8, 4096

L1_STEP = 1.0
"""From this γ·λ₁ on, a runaway is blamed on the L1 term: each update moves every weight by
γ·λ₁ towards 0, and a step this large takes a weight of the usual size (|w| ≈ 1) past 0 and
as far on the other side, whatever the data say."""

MOMENTUM_BUILD_UP = 0.9
"""From this μ on, a runaway is blamed on γ and momentum together: steps in a steady direction
build up to 1/(1 − μ) ≥ 10 times −γ ∂L/∂θ."""


@dataclass(frozen=True)
class Cause:
    """The setting that makes the updates overshoot: ``reason`` says why (a clause, no
    capital, no full stop) and ``remedy`` what to lower ("Lower λ₂ or γ")."""

    reason: str
    remedy: str


def cause(
    learning_rate: float,
    l2_rate: float = 0.0,
    momentum: float = 0.0,
    degree: str = "is too large",
    l1_rate: float = 0.0,
) -> Cause:
    """Which of γ, λ₂ and μ to blame for training that runs away.

    - The L2 term alone, when γ·λ₂ > 2: each update multiplies every weight by 1 − γ·λ₂
      (before the data's gradient is added), a factor below −1, so the weights flip sign
      and grow whatever the data say. With momentum μ the L2 term alone is stable up to
      γ·λ₂ = 2(1 + μ) (heavy ball on the quadratic λ₂/2 w²), so that is the bound then.
    - The L1 term alone, when γ·λ₁ ≥ ``L1_STEP``: every update moves every weight by γ·λ₁
      towards 0, past it when the step is larger than the weight.
    - γ together with momentum, when μ ≥ ``MOMENTUM_BUILD_UP``: steps in a steady direction
      build up to 1/(1 − μ) times −γ ∂L/∂θ, as if the learning rate were γ/(1 − μ).
    - Else the learning rate γ, which ``degree`` ("is too large", "may be too large").
    - Nothing of these with γ = 0 (no update moves θ, whatever λ₂ and μ): the data or the
      weights themselves are too large (a NaN or an infinity from the forward pass).
    """
    gamma = f"γ = {learning_rate:g}"
    if learning_rate == 0.0:  # nothing moves: the numbers themselves overflow
        return Cause(
            "with γ = 0 no update changes anything, so the data or the weights are too large "
            "to compute with",
            "Scale the data or the weights down",
        )
    l2_product = learning_rate * l2_rate
    bound = 2.0 * (1.0 + momentum)
    if l2_product > bound:
        if momentum > 0:
            limit = f"2(1 + μ) = {bound:.3g} (μ = {momentum:g})"
            effect = ""
        else:
            limit = "2"
            effect = (
                f" (each update multiplies every weight by 1 − γ·λ₂ = {_minus(1.0 - l2_product)}"
                " before adding −γ ∂L_data/∂w)"
            )
        return Cause(
            f"γ·λ₂ = {learning_rate:g} × {l2_rate:g} = {l2_product:.3g} > {limit}, so the L2 "
            f"term alone overshoots{effect}",
            "Lower λ₂ or γ",
        )
    l1_step = learning_rate * l1_rate
    if l1_step >= L1_STEP:
        return Cause(
            f"γ·λ₁ = {learning_rate:g} × {l1_rate:g} = {l1_step:.3g} ≥ {L1_STEP:g}, so the L1 "
            "term alone overshoots (each update moves every weight by γ·λ₁ towards 0, and past "
            "it)",
            "Lower λ₁ or γ",
        )
    if momentum >= MOMENTUM_BUILD_UP:
        build_up = 1.0 / (1.0 - momentum)
        return Cause(
            f"the learning rate {gamma} {degree} for momentum μ = {momentum:g}, whose steps "
            f"build up to 1/(1 − μ) = {build_up:,.4g} times −γ ∂L/∂θ (as if γ were "
            f"{learning_rate * build_up:,.4g})",
            "Lower γ or μ",
        )
    return Cause(f"the learning rate {gamma} {degree}", "Lower γ")


@dataclass(frozen=True)
class Verdict:
    """What the watch noticed. ``kind`` is "runaway" (pause) or "warning"; ``step`` is the
    update by which it was noticed; ``message`` is one sentence for the user (loss values
    are window averages of L(θ before update k))."""

    kind: str
    step: int
    message: str


class DivergenceWatch:
    """Feed it each chunk's losses with ``observe``; it answers with a Verdict or None.

    ``window``: updates per averaging window (use about one epoch: dataset size ÷ batch size;
    clamped to 8…4,096).
    """

    def __init__(self, window: int = 32, parameter_size: float = 1.0) -> None:
        self.reset(window, parameter_size)

    def reset(self, window: int | None = None, parameter_size: float | None = None) -> None:
        """Start watching afresh (after a change of γ, data, an edit or a reset)."""
        if window is not None:
            self._window = int(min(MAX_WINDOW, max(MIN_WINDOW, window)))
        if parameter_size is not None:
            self._parameter_reference = max(1.0, float(parameter_size))
        self._pending = np.empty(0)
        self._pending_first = 0
        self._best: float | None = None
        self._best_step = 0
        self._first_mean: float | None = None
        self._previous: float | None = None
        self._warned = False

    def observe(
        self,
        first_step: int,
        losses: np.ndarray,
        parameter_size: float,
        learning_rate: float,
        l2_rate: float = 0.0,
        momentum: float = 0.0,
        l1_rate: float = 0.0,
    ) -> Verdict | None:
        """Losses L(θ before update k) of updates ``first_step`` … (in order), and the
        largest |θ| after the last of them; γ, λ₂, μ and λ₁ they were trained with (the
        message names the one to lower, see ``cause``). Returns the first runaway noticed,
        else the first warning not given before, else None."""
        last_step = first_step + len(losses) - 1
        if len(losses) and parameter_size > PARAMETER_GROWTH * self._parameter_reference:
            why = cause(learning_rate, l2_rate, momentum, "is far too large", l1_rate)
            return Verdict(
                "runaway",
                last_step,
                f"By update {last_step:,} the weights had grown to {parameter_size:.3g} (from "
                f"at most {self._parameter_reference:.3g}): {why.reason}. {why.remedy}, then "
                f"{AGAIN}.",
            )
        means, ends = self._window_means(first_step, np.asarray(losses, dtype=np.float64))
        return self._judge(means, ends, (learning_rate, l2_rate, momentum, l1_rate))

    def _window_means(self, first_step: int, losses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Means of every complete window and the step each ends at (the rest waits)."""
        if not self._pending.size:
            self._pending_first = first_step
        values = np.concatenate([self._pending, losses]) if self._pending.size else losses
        w = self._window
        complete = len(values) // w
        means = values[: complete * w].reshape(complete, w).mean(axis=1) if complete else values[:0]
        ends = self._pending_first - 1 + w * np.arange(1, complete + 1)
        self._pending = values[complete * w :].copy()
        self._pending_first += complete * w
        return means, ends

    def _judge(
        self, means: np.ndarray, ends: np.ndarray, rates: tuple[float, float, float, float]
    ) -> Verdict | None:
        """The verdict on these window means; ``rates``: γ, λ₂, μ and λ₁."""
        gamma, l2, mu, l1 = rates
        warning: Verdict | None = None
        for mean, end in zip(means.tolist(), ends.tolist(), strict=True):
            if not np.isfinite(mean):
                continue  # NaN and inf stop training elsewhere
            if self._first_mean is None:
                self._first_mean = mean
            floor = max(1e-6 * self._first_mean, 1e-300)
            if self._best is None or mean < self._best:
                self._best, self._best_step = mean, end
            best = max(self._best, floor)
            growth = mean / best
            rising = self._previous is not None and mean > self._previous
            self._previous = mean
            if growth >= RUNAWAY_GROWTH:
                why = cause(gamma, l2, mu, l1_rate=l1)
                return Verdict(
                    "runaway",
                    end,
                    f"By update {end:,} the loss had grown {growth:,.0f}-fold, from "
                    f"{self._best:.3g} around update {self._best_step:,} to {mean:.3g}: "
                    f"{why.reason}. {why.remedy}, then {AGAIN}.",
                )
            if growth >= WARNING_GROWTH and rising and not self._warned and warning is None:
                self._warned = True
                warning = Verdict(
                    "warning",
                    end,
                    f"The loss is rising: {growth:,.0f} times its lowest ({self._best:.3g} "
                    f"around update {self._best_step:,}, now {mean:.3g}). "
                    + _sentence(cause(gamma, l2, mu, "may be too large", l1)),
                )
        return warning


def _sentence(why: Cause) -> str:
    """The cause as a sentence of its own ("The learning rate γ = 2 may be too large; lower
    γ."); a reason that starts with a symbol (γ·λ₂) keeps it as it is."""
    reason = why.reason
    if reason[:1].isascii():
        reason = reason[:1].upper() + reason[1:]
    return f"{reason}; {why.remedy[:1].lower()}{why.remedy[1:]}."


def _minus(value: float) -> str:
    """``value`` to 3 digits with a minus sign, not a hyphen (as the rest of the sentence)."""
    return f"{value:.3g}".replace("-", "−")
