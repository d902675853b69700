"""The loss plot's legend under a demanding user (issue #13): run labels with HTML's special
characters read as typed, a fit stays a few dozen layouts in presenter-sized type, and tiny,
huge and changing plots with the most runs neither spin nor lose an entry."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QFont, Qt, QTextDocument
from PySide6.QtWidgets import QApplication

from mlpgui.core.run_shelf import MAX_RUNS
from mlpgui.ui import loss_plot
from mlpgui.ui.loss_plot import LossPlot
from mlpgui.ui.plots import legend_fit
from mlpgui.worker import LossBatch

from .conftest import WAIT_MS
from .plots.test_loss_plot_legend import legend_outside, summaries
from .plots.test_loss_plot_legend import shown_plot as shown_empty_plot


def shown_plot(qtbot, width: int, height: int) -> LossPlot:
    plot = shown_empty_plot(qtbot, width, height)
    plot.add_losses(LossBatch(0, 1, np.exp(-np.arange(40) / 10)))
    return plot


def settled(qtbot, plot: LossPlot) -> None:
    qtbot.waitUntil(lambda: not plot._fit_timer.isActive(), timeout=WAIT_MS)


def test_labels_with_html_characters_read_as_typed_in_the_legend(qtbot):
    plot = shown_plot(qtbot, 900, 500)
    labels = ["γ < 0.5 & μ > 0", "<b>bold</b>", "x &amp; y", "a<b"]
    plot.set_runs(summaries(labels))
    shown = sorted(label.item.toPlainText() for _, label in plot._legend.items)
    assert shown == sorted([*labels[:-1], f"{labels[-1]} (shown)"])
    settled(qtbot, plot)
    assert legend_outside(plot) == []


def test_a_fit_in_presenter_sized_type_lays_the_legend_out_far_fewer_times(qtbot, monkeypatch):
    plot = shown_plot(qtbot, 720, 240)
    plot.set_runs(summaries([f"γ = 0.{k}, seed {k}, 2-8-1, tanh" for k in range(MAX_RUNS)]))
    settled(qtbot, plot)
    layouts = []
    real = legend_fit.set_columns
    monkeypatch.setattr(
        legend_fit, "set_columns", lambda legend, c: (layouts.append(c), real(legend, c))
    )
    legend_fit.fit_legend(plot._legend, 700, 220, 24.0)
    # 18 type sizes × 8 column counts were tried one by one before: 144 layouts, 0.2 s.
    assert len(layouts) <= 60
    assert plot._legend.width() <= 700 and plot._legend.height() <= 220


def test_the_fit_picks_the_largest_type_that_fits(qtbot):
    """Bisecting the type sizes finds what trying each size from the largest down finds."""
    plot = shown_plot(qtbot, 400, 200)
    plot.set_runs(summaries([f"run {k} with a longer label" for k in range(MAX_RUNS)]))
    settled(qtbot, plot)
    legend = plot._legend
    for width, height in [(380, 180), (300, 120), (200, 90), (600, 60)]:
        legend_fit.fit_legend(legend, width, height, 20.0)
        chosen = float(legend.items[0][1].opts["size"].removesuffix("pt"))
        if not (legend.width() <= width and legend.height() <= height):
            assert chosen == legend_fit.MIN_LEGEND_POINTS  # nothing fits: the smallest type
            continue
        if chosen < 20.0:  # one point larger fits in no column count
            bigger = chosen + 1.0
            legend_fit.set_label_size(legend, bigger)
            for columns in range(1, MAX_RUNS + 1):
                legend_fit.set_columns(legend, columns)
                assert not (legend.width() <= width and legend.height() <= height)


@pytest.mark.parametrize("size", [(1, 1), (40, 30), (160, 90), (2400, 1600), (420, 220)])
def test_tiny_and_huge_plots_with_the_most_runs_settle_after_one_fit(qtbot, monkeypatch, size):
    plot = shown_plot(qtbot, 500, 260)
    plot.set_runs(summaries(["x" * 120 + str(k) for k in range(MAX_RUNS)]))
    settled(qtbot, plot)
    fits = []
    real = loss_plot.fit_legend
    monkeypatch.setattr(loss_plot, "fit_legend", lambda *a: (fits.append(a), real(*a)))
    plot.resize(*size)
    qtbot.waitUntil(lambda: len(fits) >= 1, timeout=WAIT_MS)
    settled(qtbot, plot)
    for _ in range(10):
        QApplication.processEvents()
    assert len(fits) <= 2 and not plot._fit_timer.isActive()
    assert len(plot._legend.items) == MAX_RUNS


def test_removing_runs_and_changing_the_font_while_fits_are_pending(qtbot):
    plot = shown_plot(qtbot, 420, 220)
    labels = [f"γ = {k / 10}, a rather long run label {k}" for k in range(MAX_RUNS)]
    original = QApplication.font()
    try:
        for k in range(MAX_RUNS, 0, -1):
            font = QFont(original)
            font.setPointSizeF(22.0 if k % 2 else 9.0)
            QApplication.setFont(font)
            plot.resize(300 + 40 * k, 150 + 10 * k)
            plot.set_runs(summaries(labels[:k]))
            QApplication.processEvents()
            expected = k if k > 1 else 0  # one run alone: no legend
            assert len(plot._legend.items) == expected
    finally:
        QApplication.setFont(original)
    settled(qtbot, plot)
    assert legend_outside(plot) == []


def test_a_layout_measures_the_same_whatever_was_laid_out_before(qtbot):
    """Each layout is measured from the legend's least size: the layout stretched the entries
    over the legend's previous size, so after presenter mode's 24-pt type in 8 columns the
    9-pt, 2-column legend measured 1,086 px wide instead of 376 (and fitted worse)."""
    plot = shown_plot(qtbot, 700, 300)
    plot.set_runs(summaries([f"γ = 0.{k}, seed {k}, 2-8-1, tanh" for k in range(MAX_RUNS)]))
    settled(qtbot, plot)
    legend = plot._legend

    def measured(points: float, columns: int) -> tuple[float, float]:
        legend_fit.set_label_size(legend, points)
        legend_fit.set_columns(legend, columns)
        return legend.width(), legend.height()

    small = measured(7.0, 2)
    one_column = measured(7.0, 1)
    measured(24.0, MAX_RUNS)
    assert measured(7.0, 2) == small
    assert measured(7.0, 1) == one_column
    assert small[0] < 2.2 * one_column[0]  # two columns: about twice one column's width


def test_a_kept_curves_tooltip_shows_its_label_as_typed(qtbot):
    plot = shown_plot(qtbot, 600, 300)
    labels = ["<b>bold</b> &lt; γ", "a < b & c", "shown"]
    plot.set_runs(summaries(labels))
    tips = [c.item.toolTip() for c in plot.kept._curves.values()]
    assert len(tips) == 2
    for tip, label in zip(tips, labels, strict=False):
        document = QTextDocument()
        if Qt.mightBeRichText(tip):
            document.setHtml(tip)
        else:
            document.setPlainText(tip)
        assert document.toPlainText() == f"Kept run “{label}”: {label}"


def test_losses_near_the_largest_float_keep_a_finite_range(qtbot):
    """A loss near the largest float is finite, so training goes on; the range's margin above
    it was infinite and pyqtgraph raised 'Cannot set range [0.0, inf]' out of the slot."""
    plot = shown_plot(qtbot, 600, 300)
    huge = np.array([1.0, 1e308, 1.7e308])
    plot.add_losses(LossBatch(1, 41, huge))
    qtbot.waitUntil(lambda: plot._range is not None and plot._range[3] > 1e307, timeout=WAIT_MS)
    assert all(np.isfinite(plot._range))
    kept = huge.copy()
    kept.setflags(write=False)
    runs = summaries(["kept", "shown"])
    runs[0] = dataclasses.replace(runs[0], losses=kept, steps=3)
    plot.set_runs(runs)
    plot.set_log_scale(True)
    plot.set_log_scale(False)
    assert all(np.isfinite(plot._range))
    assert plot._range[3] > 1e307  # the huge losses are in view, up to the axis' limit
