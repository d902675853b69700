"""Divergence causes at the edges of the settings (issue #13): γ = 0, μ = 0.999999, and
γ·λ₂ far past its bound."""

from __future__ import annotations

import numpy as np

from mlpgui.core.divergence import DivergenceWatch, cause
from mlpgui.core.errors import divergence_message
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup


def test_a_zero_learning_rate_is_never_blamed_whatever_l2_and_momentum():
    for l2, mu in [(0.0, 0.0), (1e6, 0.0), (1e6, 0.999999), (0.0, 0.95)]:
        why = cause(0.0, l2, mu)
        assert "γ" not in why.remedy and "λ₂" not in why.remedy and "μ" not in why.remedy
        assert "γ = 0 no update changes anything" in why.reason
    message = divergence_message(1, 0.0, 1e6, 0.999999)
    assert "probably too large)" not in message.replace("to compute with", "")
    assert "lower γ" not in message


def test_momentum_a_millionth_below_one_states_its_build_up_and_effective_rate():
    why = cause(2.0, 0.0, 0.999999)
    assert "1/(1 − μ) = 1e+06 times" in why.reason
    assert "as if γ were 2e+06" in why.reason
    # a tiny γ·λ₂ under the bound 2(1 + μ) still blames γ with μ
    assert cause(1e-7, 1e6, 0.999999).remedy == "Lower γ or μ"


def test_a_runaway_at_gamma_zero_cannot_happen_with_a_constant_loss():
    watch = DivergenceWatch(8, 1.0)
    losses = np.full(4096, 3.0)
    assert watch.observe(1, losses, 1.0, 0.0, 1e6, 0.999999) is None


def test_a_huge_l1_rate_is_blamed_not_the_learning_rate():
    """γ = 1 with λ₁ = 10⁶ moves every weight by 10⁶ an update: 'γ = 1 is far too large;
    lower γ' left the L1 term, the cause, unnamed."""
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(learning_rate=1.0, l1_rate=1e6), data)
    watch = DivergenceWatch(4, float(np.abs(run.net.parameters).max()))
    losses = np.empty(1)
    run.run(1, losses=losses)
    size = float(np.abs(run.net.parameters).max())
    assert size > 1e5  # one L1 step of γ·λ₁ = 10⁶
    trainer = run.trainer
    verdict = watch.observe(
        1, losses, size, trainer.learning_rate, trainer.l2_rate, trainer.momentum,
        trainer.l1_rate,
    )  # fmt: skip
    assert verdict is not None and verdict.kind == "runaway"
    assert "γ·λ₁ = 1 × 1e+06 = 1e+06 ≥ 1, so the L1 term alone overshoots" in verdict.message
    assert "Lower λ₁ or γ, then Reset" in verdict.message
    assert cause(0.1, 0.0, 0.0, l1_rate=1e-3).remedy == "Lower γ"  # a small L1 step is fine
