"""DivergenceWatch: runaway training is noticed before NaN, healthy training is left alone."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core.divergence import DivergenceWatch
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup


def _watch_for(run: TrainingRun) -> DivergenceWatch:
    per_epoch = max(1, len(run.dataset) // max(1, run.trainer.batch_size))
    return DivergenceWatch(per_epoch, float(np.abs(run.net.parameters).max()))


def _train(run: TrainingRun, watch: DivergenceWatch, updates: int, chunk: int = 500):
    """Train in chunks as the worker does; the first verdict (or None)."""
    verdicts = []
    done = 0
    while done < updates:
        n = min(chunk, updates - done)
        losses = np.empty(n)
        first = run.steps + 1
        run.run(n, losses=losses)
        done += n
        theta = float(np.abs(run.net.parameters).max())
        verdict = watch.observe(first, losses, theta, run.trainer.learning_rate)
        if verdict is not None:
            verdicts.append(verdict)
            if verdict.kind == "runaway":
                break
    return verdicts


@pytest.mark.parametrize("preset", ["xor", "spiral", "mazur"])
def test_a_huge_learning_rate_is_caught_although_nothing_becomes_infinite(preset):
    setup, data = TrainingSetup.for_preset(preset)
    run = TrainingRun(setup.replace(learning_rate=1e6), data)
    verdicts = _train(run, _watch_for(run), 5000, chunk=50)
    assert verdicts and verdicts[-1].kind == "runaway"
    assert np.all(np.isfinite(run.net.parameters))
    assert "γ = 1e+06" in verdicts[-1].message
    assert verdicts[-1].step <= 200  # soon, not after thousands of wasted updates


@pytest.mark.parametrize(
    ("preset", "batch", "updates"),
    [("lecture", "full", 20_000), ("xor", "full", 6000), ("spiral", 16, 6000),
     ("moons", "online", 6000), ("sine", 8, 6000), ("mazur", "full", 2000)],
)  # fmt: skip
def test_healthy_training_raises_no_alarm(preset, batch, updates):
    setup, data = TrainingSetup.for_preset(preset)
    run = TrainingRun(setup.replace(batch=batch), data)
    assert _train(run, _watch_for(run), updates) == []


def test_a_learning_rate_raised_mid_run_is_at_least_warned_about():
    setup, data = TrainingSetup.for_preset("lecture")
    run = TrainingRun(setup, data)
    watch = _watch_for(run)
    assert _train(run, watch, 6000) == []
    run.set_learning_rate(2.0)
    watch.reset()  # the worker resets the watch on every change of γ
    verdicts = _train(run, watch, 6000)
    assert verdicts, "a blow-up after raising γ went unnoticed"
    assert verdicts[0].kind in ("warning", "runaway")
    assert "γ = 2" in verdicts[0].message


def test_windows_span_chunks_and_steps_are_numbered_exactly():
    watch = DivergenceWatch(window=8)
    losses = np.full(40, 1.0)
    losses[24:] = 5000.0  # windows 1-3 average 1, windows 4-5 average 5000
    verdicts = [watch.observe(1 + k, losses[k : k + 3], 1.0, 0.5) for k in range(0, 40, 3)]
    found = [v for v in verdicts if v is not None]
    assert found[0].kind == "runaway"
    assert found[0].step == 32  # the end of the first window averaging 5000


def test_a_slow_rise_warns_once_until_reset():
    watch = DivergenceWatch(window=8)
    rising = np.geomspace(0.01, 0.5, 200)
    verdicts = [watch.observe(1 + k, rising[k : k + 8], 1.0, 0.5) for k in range(0, 200, 8)]
    kinds = [v.kind for v in verdicts if v is not None]
    assert kinds == ["warning"]
    watch.reset()
    again = [watch.observe(1 + k, rising[k : k + 8], 1.0, 0.5) for k in range(0, 200, 8)]
    assert [v.kind for v in again if v is not None] == ["warning"]


def test_noise_near_a_perfect_fit_is_not_growth():
    watch = DivergenceWatch(window=8)
    rng = np.random.default_rng(0)
    start = np.full(64, 0.3)
    tiny = np.abs(rng.normal(0, 1e-9, 4000))  # a perfect fit, up to rounding
    assert watch.observe(1, start, 1.0, 0.5) is None
    assert watch.observe(65, tiny, 1.0, 0.5) is None
