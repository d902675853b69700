"""The memory the additions to the lecture need is counted before anything is allocated."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from mlpgui.core import Dataset, NetworkError, limits
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import MOMENTUM_COPIES, REGULARISATION_COPIES, TrainingSetup


def _peak(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_estimate_with_every_addition_is_an_honest_upper_bound():
    sizes, rows = (2, 1000, 1000, 1), 10
    setup = TrainingSetup(sizes, ("tanh", "tanh", "linear"), learning_rate=1e-4)
    setup = setup.replace(l1_rate=1e-4, l2_rate=1e-3, momentum=0.9, batch=4)
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(rows, 2)), rng.normal(size=(rows, 1)))

    def train():  # as test_limits' plain estimate test does, with the additions on
        run = TrainingRun(setup, data)
        latest = [run.step() for _ in range(3)]
        run.set_momentum(0.5)
        latest.append(run.run(5))
        past = run.record_at(4)
        run.trainer.evaluate(data)
        assert all(r.gradient is not r.data_gradient for r in [*latest, past])
        return latest, past

    peak = _peak(train)
    copies = REGULARISATION_COPIES + MOMENTUM_COPIES
    estimate = limits.training_bytes(sizes, rows) + 8 * copies * setup.parameter_count
    assert peak <= estimate <= 6 * peak, (peak, estimate)


def test_switching_an_addition_on_is_refused_when_it_would_not_fit():
    setup = TrainingSetup((2, 1000, 1000, 1), ("tanh", "tanh", "linear"))
    rows = 15_000  # fits without the additions (≤ 15,250 rows), not with momentum's
    assert limits.training_problem(setup.layer_sizes, rows) is None
    data = Dataset(np.zeros((rows, 2)), np.zeros((rows, 1)))
    with pytest.raises(NetworkError, match="regularisation or momentum"):
        setup.replace(momentum=0.9).check_memory(rows)
    run = TrainingRun(setup, Dataset(np.zeros((4, 2)), np.zeros((4, 1))))
    run.replace_dataset(data)
    with pytest.raises(NetworkError, match="regularisation or momentum"):
        run.set_momentum(0.9)
    assert run.trainer.momentum == 0.0 and run.setup.momentum == 0.0
