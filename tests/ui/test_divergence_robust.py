"""Divergence in the window under extreme settings (issue #13): λ₂ = 10⁶ with μ = 0.999999,
trained with Run and with Step, blames the L2 term; γ = 0 with a huge λ₂ blames no setting."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import Status

from .conftest import WAIT_MS


def diverge(qtbot, window, how: str) -> None:
    """Run, or Step until training stops by itself (diverged)."""
    if how == "run":
        window.controls.run_action.trigger()
    else:
        for _ in range(30):
            if window.latest_state().status is Status.DIVERGED:
                break
            steps = window.latest_state().steps
            window.controls.step_action.trigger()
            qtbot.waitUntil(
                lambda s=steps: (
                    window.latest_state().steps > s
                    or window.latest_state().status is Status.DIVERGED
                ),
                timeout=WAIT_MS,
            )
    qtbot.waitUntil(lambda: window.latest_state().status is Status.DIVERGED, timeout=WAIT_MS)


@pytest.mark.parametrize("how", ["run", "step"])
def test_a_huge_l2_rate_with_momentum_close_to_one_blames_the_l2_term(qtbot, make_window, how):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup.replace(learning_rate=0.5, l2_rate=1e6, momentum=0.999999), data)
    diverge(qtbot, window, how)
    banner = window.banner.text()
    assert window.banner.kind == "error"
    assert "γ·λ₂ = 0.5 × 1e+06 = 5e+05 > 2(1 + μ) = 4 (μ = 0.999999)" in banner
    assert "Lower λ₂ or γ" in banner
    assert "Traceback" not in banner
    steps = window.latest_state().steps
    qtbot.waitUntil(
        lambda: window.displayed_record() is not None and window.displayed_record().step == steps,
        timeout=WAIT_MS,
    )
    assert np.all(np.isfinite(window.displayed_record().parameters_after))


def test_with_a_zero_learning_rate_an_overflow_blames_the_numbers_not_gamma(qtbot, make_window):
    """γ = 0 moves nothing, whatever λ₂ is: 'γ = 0 is probably too large; lower γ' was
    impossible advice."""
    setup = TrainingSetup((1, 2, 1), ("tanh", "linear"), seed=0, learning_rate=0.0, l2_rate=1e6)
    data = Dataset(np.array([[1.0], [2.0]]), np.array([[1e200], [3.0]]))
    window = make_window(setup, data)
    diverge(qtbot, window, "step")
    banner = window.banner.text()
    assert "Update 1 made the loss or the parameters NaN or infinite" in banner
    assert "with γ = 0 no update changes anything" in banner
    assert "too large" in banner and "lower γ" not in banner.lower()
    assert window.latest_state().steps == 0
