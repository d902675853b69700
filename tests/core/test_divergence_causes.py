"""The divergence message names the setting that makes the updates overshoot: the L2 term
when γ·λ₂ > 2, γ with momentum when μ is close to 1, else γ (issue #13: with λ₂ = 10⁶ it
blamed γ alone)."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core.divergence import DivergenceWatch, cause
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup


def first_runaway(run: TrainingRun, updates: int, chunk: int):
    """Train in chunks as the worker does, the watch told γ, λ₂ and μ; the first runaway."""
    per_epoch = max(1, len(run.dataset) // max(1, run.trainer.batch_size))
    watch = DivergenceWatch(per_epoch, float(np.abs(run.net.parameters).max()))
    trainer = run.trainer
    for _ in range(0, updates, chunk):
        losses = np.empty(chunk)
        first = run.steps + 1
        run.run(chunk, losses=losses)
        size = float(np.abs(run.net.parameters).max())
        verdict = watch.observe(
            first, losses, size, trainer.learning_rate, trainer.l2_rate, trainer.momentum
        )
        if verdict is not None and verdict.kind == "runaway":
            return verdict
    return None


def test_a_huge_l2_rate_is_blamed_not_the_learning_rate():
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(learning_rate=0.5, l2_rate=1e6), data)
    verdict = first_runaway(run, 20, chunk=1)
    assert verdict is not None
    message = verdict.message
    assert "γ·λ₂ = 0.5 × 1e+06 = 5e+05 > 2, so the L2 term alone overshoots" in message
    assert "1 − γ·λ₂ = −5e+05" in message
    assert "Lower λ₂ or γ, then Reset" in message
    assert "γ = 0.5 is" not in message  # γ alone is not blamed
    # The factor the message states is what one update does to a weight without data.
    assert 1.0 - run.trainer.learning_rate * run.trainer.l2_rate == pytest.approx(-499_999.0)


def test_momentum_close_to_one_is_named_with_the_learning_rate():
    setup, data = TrainingSetup.for_preset("sine")
    run = TrainingRun(setup.replace(learning_rate=2.0, momentum=0.999), data)
    verdict = first_runaway(run, 400, chunk=20)
    assert verdict is not None
    assert (
        "the learning rate γ = 2 is far too large for momentum μ = 0.999, whose steps build up "
        "to 1/(1 − μ) = 1,000 times −γ ∂L/∂θ (as if γ were 2,000). Lower γ or μ, then Reset"
    ) in verdict.message


def test_the_bounds_follow_the_update_rule():
    # Without momentum the L2 term alone is stable up to γ·λ₂ = 2; with μ, up to 2(1 + μ).
    assert cause(1.0, 1.9).remedy == "Lower γ"
    assert cause(1.0, 2.1).remedy == "Lower λ₂ or γ"
    assert cause(1.0, 2.1, momentum=0.5).remedy == "Lower γ"
    with_momentum = cause(1.0, 3.1, momentum=0.5)
    assert with_momentum.remedy == "Lower λ₂ or γ"
    assert "> 2(1 + μ) = 3 (μ = 0.5)" in with_momentum.reason
    assert cause(0.1, momentum=0.5).reason == "the learning rate γ = 0.1 is too large"
    assert cause(0.1, momentum=0.9).remedy == "Lower γ or μ"


def test_a_warning_says_it_in_a_sentence_of_its_own():
    watch = DivergenceWatch(window=8)
    rising = np.geomspace(0.01, 0.5, 200)
    verdicts = [
        watch.observe(1 + k, rising[k : k + 8], 1.0, 0.5, l2_rate=5.0) for k in range(0, 200, 8)
    ]
    (warning,) = [v for v in verdicts if v is not None]
    assert warning.message.endswith(
        "γ·λ₂ = 0.5 × 5 = 2.5 > 2, so the L2 term alone overshoots (each update multiplies "
        "every weight by 1 − γ·λ₂ = −1.5 before adding −γ ∂L_data/∂w); lower λ₂ or γ."
    )
    watch.reset()
    again = [watch.observe(1 + k, rising[k : k + 8], 1.0, 0.5) for k in range(0, 200, 8)]
    (plain,) = [v for v in again if v is not None]
    assert plain.message.endswith("The learning rate γ = 0.5 may be too large; lower γ.")
