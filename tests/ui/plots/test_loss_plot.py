"""The loss curve: exactly the records' losses, and a long history stays bounded."""

import tracemalloc

import numpy as np

from mlpgui.ui.loss_plot import LossPlot
from mlpgui.worker import LossBatch

from .helpers import WAIT_MS, step


def test_after_k_steps_the_loss_curve_has_k_points_equal_to_the_records_losses(qtbot, window):
    records = step(qtbot, window, 6)
    plot = window.loss_plot
    qtbot.waitUntil(lambda: len(plot.train) == 6, timeout=WAIT_MS)
    assert list(plot.train.x) == [1, 2, 3, 4, 5, 6]
    assert list(plot.train.y) == [r.loss_before for r in records]
    # ...and that is what is drawn (redraws are throttled to display rate).
    qtbot.waitUntil(lambda: len(plot._train_curve.getData()[1]) == 6, timeout=WAIT_MS)
    x, y = plot._train_curve.getData()
    assert list(x) == [1, 2, 3, 4, 5, 6] and list(y) == [r.loss_before for r in records]


def batches(total: int, size: int, generation: int = 0, start: int = 1):
    rng = np.random.default_rng(0)
    for first in range(start, start + total, size):
        k = min(size, start + total - first)
        losses = np.exp(-np.arange(first, first + k) / 30_000) + 0.01 * rng.random(k)
        yield LossBatch(generation, first, losses)


def test_100k_updates_render_without_error_and_stay_bounded(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(800, 400)
    plot.show()
    for batch in batches(100_000, 2_000):
        plot.add_losses(batch)
    plot._redraw()
    assert len(plot.train) == 100_000 and plot.train.thinned == 0
    assert plot.train.x[-1] == 100_000
    image = plot.grab().toImage()
    assert image.width() == 800 and not image.isNull()
    assert plot.train.nbytes <= 2 * 8 * 2 * 100_000  # x and y, at most doubled capacity
    # A much longer run: memory stops growing at the series' bound.
    plot.train.max_points = 1 << 15
    tracemalloc.start()
    for batch in batches(1_000_000, 50_000, start=100_001):
        plot.add_losses(batch)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(plot.train) <= 1 << 15 and plot.train.thinned > 0
    assert plot.train.nbytes <= 16 * (1 << 17)
    assert peak < 8_000_000  # batches come and go; the history does not accumulate
    assert plot.train.x[-1] == 1_100_000
    plot._redraw()
    assert not plot.grab().toImage().isNull()


def test_log_scale_and_a_new_generation(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.add_losses(LossBatch(0, 1, np.array([1.0, 0.1, 0.01])))
    plot.set_log_scale(True)
    assert plot.is_log_scale()
    plot.add_losses(LossBatch(1, 1, np.array([2.0])))  # after a reset
    assert list(plot.train.y) == [2.0]
