"""Divergence causes at the edges of the settings (issue #13): γ = 0, μ = 0.999999, and
γ·λ₂ far past its bound."""

from __future__ import annotations

import numpy as np

from mlpgui.core.divergence import DivergenceWatch, cause
from mlpgui.core.errors import divergence_message


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
