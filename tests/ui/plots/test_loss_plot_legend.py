"""The loss plot's legend fits inside the plot with the most runs that can be compared, at the
default dock size and in presenter mode (issue #13): no run's entry is cut off or missing."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from mlpgui.core.run_shelf import MAX_RUNS, RunSummary
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.loss_plot import LossPlot
from mlpgui.ui.runs import RunsFeature
from mlpgui.worker import LossBatch, StepMany

from ..conftest import WAIT_MS


def legend_outside(plot: LossPlot) -> list[str]:
    """The legend entries (by label) whose line sample or text is not wholly inside the plot
    area (the view box) and the widget; [] when every entry is visible."""
    vb = plot.plot_widget.getPlotItem().vb
    area = vb.sceneBoundingRect()
    widget = QRectF(plot.plot_widget.rect())
    outside = []
    for sample, label in plot._legend.items:
        for part in (sample, label):
            rect = part.sceneBoundingRect()
            if not (area.contains(rect) and widget.contains(rect)):
                outside.append(label.text)
                break
    return outside


def keep_the_most_runs(qtbot, window) -> None:
    """Keep a copy after every update until MAX_RUNS runs exist (the limit)."""
    runs = window.feature(RunsFeature)
    for k in range(1, MAX_RUNS):
        window.worker.send(StepMany(1))
        qtbot.waitUntil(lambda k=k: window.latest_state().steps == k, timeout=WAIT_MS)
        runs.keep(restart=False)
        qtbot.waitUntil(lambda k=k: len(runs.runs) == k + 1, timeout=WAIT_MS)
    plot = window.loss_plot
    qtbot.waitUntil(lambda: len(plot._legend.items) == MAX_RUNS, timeout=WAIT_MS)


def test_with_the_most_runs_every_legend_entry_is_inside_the_default_loss_dock(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    keep_the_most_runs(qtbot, window)
    plot = window.loss_plot
    assert plot.isVisible() and plot.height() < 300  # the default layout's dock
    qtbot.waitUntil(lambda: legend_outside(plot) == [], timeout=WAIT_MS)
    assert len({label.text for _, label in plot._legend.items}) == MAX_RUNS
    # Presenter mode enlarges the type; with the Loss dock opened there, it still fits.
    window.presenter.set_enabled(True)
    window.loss_dock.show()
    qtbot.waitUntil(plot.isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: legend_outside(plot) == [], timeout=WAIT_MS)
    window.presenter.set_enabled(False)
    qtbot.waitUntil(lambda: legend_outside(plot) == [], timeout=WAIT_MS)


def summaries(labels: list[str]) -> list[RunSummary]:
    """Kept runs with these labels and decaying losses, the last one the active run."""
    runs = []
    for k, label in enumerate(labels):
        active = k == len(labels) - 1
        losses = np.exp(-np.arange(40) / (4 + k))
        losses.setflags(write=False)
        runs.append(
            RunSummary(
                k + 1, label, False, active, k, label, 40, None, 1, None if active else losses
            )
        )
    return runs


def shown_plot(qtbot, width: int, height: int) -> LossPlot:
    """A Loss plot of that size on screen (offscreen)."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def test_long_labels_in_a_small_plot_take_columns_and_smaller_type_but_all_show(qtbot):
    plot = shown_plot(qtbot, 420, 200)
    plot.add_losses(LossBatch(0, 1, np.exp(-np.arange(40) / 10)))
    labels = [f"γ = 0.{k}, seed {k}, 2-8-1, …" for k in range(1, MAX_RUNS + 1)]
    plot.set_runs(summaries(labels))
    assert len(plot._legend.items) == MAX_RUNS
    qtbot.waitUntil(lambda: legend_outside(plot) == [], timeout=WAIT_MS)
    assert plot._legend.columnCount > 1
    # A roomier plot gets back the application's type size.
    plot.resize(1000, 700)
    full = f"{QApplication.font().pointSizeF():.1f}pt"
    qtbot.waitUntil(
        lambda: all(label.opts["size"] == full for _, label in plot._legend.items),
        timeout=WAIT_MS,
    )
    assert legend_outside(plot) == []


def test_once_fitted_the_legend_is_not_fitted_again_while_nothing_changes(qtbot):
    plot = shown_plot(qtbot, 420, 220)
    plot.set_runs(summaries([f"γ = {k}" for k in range(MAX_RUNS)]))
    qtbot.waitUntil(lambda: not plot._fit_timer.isActive(), timeout=WAIT_MS)
    for _ in range(5):
        QApplication.processEvents()
        assert not plot._fit_timer.isActive()  # a fit does not schedule another one
    assert legend_outside(plot) == []
