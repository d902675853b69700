"""LossPlot: the training loss of every update (and the test loss), live.

The point of update k is L(θ before update k): the loss the update computed at θ_old on its
own batch (``UpdateRecord.loss_before``, the L the diagram and the inspector show for update
k). The test loss drawn at k is likewise the test set's loss at θ before update k, that is
after update k − 1.

The history lives in preallocated buffers that double when full, bounded in memory: past
``GrowingSeries.max_points`` points they thin themselves keeping the curve's envelope.
pyqtgraph draws only what is in view, downsampled to the screen's resolution, so 100k+
updates stay smooth; the value range is tracked as losses arrive (no pass over the history
per frame).

Kept runs (run comparison) are overlaid as thin curves in their runs' colours, with a legend
naming every run (``set_runs``); the live curve is then the bold one, in its run's colour,
and hovering names the run of the nearest curve. With no run kept, nothing of this is drawn.
The legend always fits inside the plot (``fit_legend``): with many runs it takes more
columns, and only if no column count fits, smaller type.
"""

from __future__ import annotations

import html
import math
import sys
import time
import traceback
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from mlpgui.core.run_shelf import RunSummary
from mlpgui.worker import LossBatch

from . import names
from .display_budget import display_scale
from .formatting import format_count, format_number
from .loss_runs import ACTIVE_WIDTH, Bounds, KeptCurves, run_colour
from .plots.legend_fit import fit_legend
from .plots.ranges import nice_ceiling
from .plots.series import GrowingSeries

__all__ = ["GrowingSeries", "LossPlot"]

# Width-1 (cosmetic) pens and no grid: a repaint must stay cheap, because painting holds the
# GIL that the training thread needs too.
TRAIN_PEN = pg.mkPen("#1f77b4", width=1)
TEST_PEN = pg.mkPen("#d62728", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
FEW_POINTS = 60
REDRAW_SECONDS = 1 / 15
"""At most this often the curve is redrawn while losses stream in."""
LEGEND_MARGIN = 10
"""Pixels between the legend and the plot area's top, right and bottom edges."""
MAX_SPAN = sys.float_info.max / 4
"""The axes never reach beyond ±this: a loss near the largest float (finite, so training
went on) made the range's margin infinite, and pyqtgraph refuses an infinite range."""


class LossPlot(QWidget):
    """Loss per update: training loss as a line, test loss (when a split is set) dashed."""

    log_scale_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.LOSS_PLOT)
        self.train = GrowingSeries()
        self.test = GrowingSeries(64)
        self._generation: int | None = None

        self.plot_widget = pg.PlotWidget(background="w")
        plot = self.plot_widget.getPlotItem()
        plot.setLabel("bottom", "update")
        plot.setLabel("left", "L(θ before update k)")
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # no "(x0.001)" on the axis
        # Axis ranges follow the data in coarse jumps (see _follow_data): re-laying out the
        # tick labels on every frame would cost more than drawing the curve.
        plot.disableAutoRange()
        self._following = True
        plot.vb.sigRangeChangedManually.connect(self._stop_following)
        plot.autoBtn.clicked.connect(self.follow_data)
        self._range: tuple[float, float, float, float] | None = None
        self._bounds = Bounds()
        self._last_redraw = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self._legend = plot.addLegend(
            offset=(-LEGEND_MARGIN, LEGEND_MARGIN),
            brush=pg.mkBrush(255, 255, 255, 210),
            labelTextColor="#333",
        )
        self._legend_entries: list[tuple[object, str]] = []
        # The legend is fitted again when the plot area or the font changes, or when someone
        # else (presenter mode) restyles its labels; coalesced into one fit per event loop.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self._fit_legend)
        self._fitted_size: tuple[float, float] | None = None
        self._fitting = False
        plot.vb.sigResized.connect(self._fit_timer.start)
        self._legend.geometryChanged.connect(self._on_legend_geometry)
        self.kept = KeptCurves(plot)
        """The kept runs' curves (run comparison)."""
        self._active_run: RunSummary | None = None
        self._train_curve = plot.plot(pen=TRAIN_PEN, symbolBrush=TRAIN_PEN.color(), symbolSize=6)
        self._test_curve = plot.plot(pen=TEST_PEN, symbolBrush=TEST_PEN.color(), symbolSize=6)
        for curve in (self._train_curve, self._test_curve):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self._marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#9a6700", width=1))
        self._marker.setToolTip("The update shown (History timeline)")
        plot.addItem(self._marker, ignoreBounds=True)
        self._marker.hide()
        self._readout = pg.TextItem(anchor=(0, 1), color="#333")
        self._readout.setZValue(10)
        plot.addItem(self._readout, ignoreBounds=True)
        self._readout.hide()
        self._mouse = pg.SignalProxy(
            plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        self.setToolTip(
            "The loss L(θ before update k) that update k computed on its batch; dashed: the "
            "test set's loss at the same θ (hover for values; right-click for options)"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)

    # --- data ---------------------------------------------------------------------------------

    @Slot(object)
    def add_losses(self, batch: LossBatch) -> None:
        """Append a batch of losses; a batch from a new generation starts a fresh curve."""
        if batch.generation != self._generation:
            self.clear()
            self._generation = batch.generation
        if len(self.train) and batch.first_step <= self.train.x[-1]:
            self.train.truncate(batch.first_step - 1)
            self.test.truncate(batch.first_step)
            self._bounds.reset(self.train.y, self.test.y)
        steps = np.arange(batch.first_step, batch.first_step + len(batch.losses), dtype=float)
        self.train.extend(steps, batch.losses)
        self._bounds.include(batch.losses)
        if batch.test_loss is not None:
            # measured after the batch's last update: at θ before the next one
            after = np.array([batch.last_step + 1], float)
            self.test.extend(after, np.array([batch.test_loss]))
            self._bounds.include(np.array([batch.test_loss]))
        wait = self._last_redraw + REDRAW_SECONDS * display_scale() - time.perf_counter()
        if wait <= 0:
            self._redraw()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(int(wait * 1000) + 1)

    def clear(self) -> None:
        self.train.clear()
        self.test.clear()
        self._bounds.reset()
        self._range = None
        self._redraw()

    def start_generation(self, generation: int) -> None:
        """Forget the curve if ``generation`` is new (after a reset or a new setup)."""
        if generation != self._generation:
            self._generation = generation
            self.clear()

    def mark(self, step: int | None) -> None:
        """Mark update ``step`` (a past update shown from the timeline) with a vertical line;
        None removes the mark."""
        if step is None:
            self._marker.hide()
        else:
            self._marker.setValue(step)
            self._marker.show()

    def truncate(self, last_step: int) -> None:
        """Forget the updates after ``last_step`` (training went back to it)."""
        self.train.truncate(last_step)
        self.test.truncate(last_step + 1)  # the test loss at θ after update last_step stays
        self._bounds.reset(self.train.y, self.test.y)
        self._range = None
        self._redraw()

    def _redraw(self) -> None:
        self._last_redraw = time.perf_counter()
        self._redraw_timer.stop()
        # Dots make the first few updates visible; a long history is a plain line.
        self._train_curve.setSymbol("o" if len(self.train) <= FEW_POINTS else None)
        self._test_curve.setSymbol("o" if len(self.test) <= FEW_POINTS else None)
        self._train_curve.setData(self.train.x, self.train.y)
        self._test_curve.setData(self.test.x, self.test.y)
        self._update_legend()
        if self._following:
            self._follow_data()

    def _update_legend(self) -> None:
        """A legend only when there are curves to tell apart (it would hide data otherwise):
        the training and the test loss, and with kept runs every run by its label."""
        entries: list[tuple[object, str]] = []
        active = self._active_run
        if active is not None:
            entries.append((self._train_curve, f"{active.label} (shown)"))
        elif len(self.test):
            entries.append((self._train_curve, "training loss"))
        if len(self.test):
            entries.append((self._test_curve, "test loss"))
        entries += self.kept.legend_entries()
        if entries != self._legend_entries:
            self._legend.clear()
            for item, label in entries:
                # A legend label is HTML: a run named "γ < 0.5 & …" must read so, not "γ".
                self._legend.addItem(item, html.escape(label, quote=False))
            self._legend_entries = entries
            self._fit_legend()

    @Slot()
    def _fit_legend(self) -> None:
        """Fit the legend into the plot area now (see ``fit_legend``)."""
        self._fitting = True
        try:
            vb = self.plot_widget.getPlotItem().vb
            points = QApplication.font().pointSizeF()
            fit_legend(
                self._legend,
                vb.width() - 2 * LEGEND_MARGIN,
                vb.height() - 2 * LEGEND_MARGIN,
                points if points > 0 else 9.0,
            )
            self._fitted_size = (self._legend.width(), self._legend.height())
        except RuntimeError:  # the plot is being deleted: nothing left to fit
            self._fitted_size = None
        except Exception:  # nothing may escape a slot; the legend stays as it was
            traceback.print_exc(file=sys.stderr)
        finally:
            self._fitting = False

    @Slot()
    def _on_legend_geometry(self) -> None:
        """The legend changed size without a fit (its labels were restyled): fit it again."""
        if self._fitting:
            return
        if self._fitted_size != (self._legend.width(), self._legend.height()):
            self._fit_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        """The application's font changed (presenter mode): the legend's type follows."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_timer.start()
        super().changeEvent(event)

    # --- kept runs ------------------------------------------------------------------------------

    def set_runs(self, runs: Sequence[RunSummary]) -> None:
        """Overlay the kept runs among ``runs`` (the worker's RunsChanged); the active run's
        curve is the live one: bold, in its colour, while any run is kept."""
        kept = [r for r in runs if not r.active]
        self.kept.set_runs(kept)
        active = next((r for r in runs if r.active), None) if kept else None
        self._active_run = active
        if active is None:
            self._train_curve.setPen(TRAIN_PEN)
            self._train_curve.setSymbolBrush(TRAIN_PEN.color())
        else:
            colour = run_colour(active.colour)
            self._train_curve.setPen(pg.mkPen(colour, width=ACTIVE_WIDTH))
            self._train_curve.setSymbolBrush(pg.mkColor(colour))
        self._range = None
        self._redraw()

    # --- axis ranges --------------------------------------------------------------------------

    def follow_data(self) -> None:
        """Let the axes follow the data again (after the user zoomed or panned)."""
        self._following = True
        self._range = None
        self._follow_data()

    def _stop_following(self) -> None:
        self._following = False

    def _follow_data(self) -> None:
        """Keep all data in view, changing the ranges only in coarse steps: x grows to the
        next of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k updates; y changes when the data leave the
        range or use less than a third of it."""
        kept = self.kept
        if not len(self.train) and not len(kept):
            return
        x_last = max(self.train.x[-1] if len(self.train) else 0.0, kept.x_last)
        bounds = self._bounds.merged(kept.bounds) if len(kept) else self._bounds
        if not bounds.any:
            return
        log = self.is_log_scale()
        if log:
            if bounds.low_positive is None:
                low = high = 0.0
            else:
                low, high = math.log10(bounds.low_positive), math.log10(bounds.high)
        else:
            low, high = bounds.low, bounds.high
        old = self._range
        x_max = old[1] if old and x_last <= old[1] else nice_ceiling(x_last * 1.05)
        if old and old[2] <= low and high <= old[3] and (high - low) >= (old[3] - old[2]) / 3:
            y_low, y_high = old[2], old[3]
        else:
            span = max(min(high - low, MAX_SPAN), 1e-12 if not log else 0.1)
            y_low = max(low - 0.05 * span if log or low < 0 else 0.0, -MAX_SPAN)
            y_high = min(high + 0.1 * span, MAX_SPAN)
        new = (0.0, x_max, y_low, y_high)
        if new != old:
            self._range = new
            self.plot_widget.getPlotItem().vb.setRange(
                xRange=new[:2], yRange=new[2:], padding=0, update=True
            )

    # --- options ------------------------------------------------------------------------------

    def set_log_scale(self, on: bool) -> None:
        self.plot_widget.getPlotItem().setLogMode(y=bool(on))
        self._range = None
        if self._following:
            self._follow_data()
        self.log_scale_changed.emit(bool(on))

    def is_log_scale(self) -> bool:
        return bool(self.plot_widget.getPlotItem().ctrl.logYCheck.isChecked())

    # --- hover readout ------------------------------------------------------------------------

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        position = event[0]
        plot = self.plot_widget.getPlotItem()
        hover = None
        if plot.sceneBoundingRect().contains(position):
            point = plot.vb.mapSceneToView(position)
            hover = self.kept.nearest(point.x(), point.y(), self.train, self.is_log_scale())
        if hover is None:
            self._readout.hide()
            return
        label = hover.label
        if label is None and self._active_run is not None:
            label = self._active_run.label
        text = f"update {format_count(hover.step)}: L(θ before) = {format_number(hover.value)}"
        self._readout.setText(text if label is None else f"{label} — {text}")
        value = hover.value
        y = np.log10(value) if self.is_log_scale() and value > 0 else value
        self._readout.setPos(hover.step, y)
        self._readout.show()
