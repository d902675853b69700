"""LossPlot: the training loss of every update (and the test loss), live.

The history lives in preallocated buffers that double when full; pyqtgraph draws only what
is in view, downsampled to the screen's resolution, so 100k+ updates stay smooth.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer, Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from mlpgui.worker import LossBatch

from . import names
from .formatting import format_count, format_number

# Width-1 (cosmetic) pens and no grid: a repaint must stay cheap, because painting holds the
# GIL that the training thread needs too.
TRAIN_PEN = pg.mkPen("#1f77b4", width=1)
TEST_PEN = pg.mkPen("#d62728", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
FEW_POINTS = 60
REDRAW_SECONDS = 1 / 20
"""At most this often the curve is redrawn while losses stream in."""


class GrowingSeries:
    """(x, y) points appended in batches, in buffers that double when full."""

    def __init__(self, capacity: int = 1024) -> None:
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    @property
    def capacity(self) -> int:
        return len(self._x)

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        need = self._n + len(x)
        if need > len(self._x):
            capacity = max(need, 2 * len(self._x))
            for name in ("_x", "_y"):
                grown = np.empty(capacity)
                grown[: self._n] = getattr(self, name)[: self._n]
                setattr(self, name, grown)
        self._x[self._n : need] = x
        self._y[self._n : need] = y
        self._n = need

    def truncate(self, last_x: float) -> None:
        """Drop the points with x > last_x (x must be increasing)."""
        self._n = int(np.searchsorted(self.x, last_x, side="right"))

    def clear(self) -> None:
        self._n = 0


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
        plot.setLabel("left", "loss L")
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # no "(x0.001)" on the axis
        # Axis ranges follow the data in coarse jumps (see _follow_data): re-laying out the
        # tick labels on every frame would cost more than drawing the curve.
        plot.disableAutoRange()
        self._following = True
        plot.vb.sigRangeChangedManually.connect(self._stop_following)
        plot.autoBtn.clicked.connect(self.follow_data)
        self._range: tuple[float, float, float, float] | None = None
        self._last_redraw = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self._legend = plot.addLegend(offset=(-10, 10))
        self._train_curve = plot.plot(
            name="training loss", pen=TRAIN_PEN, symbolBrush=TRAIN_PEN.color(), symbolSize=6
        )
        self._test_curve = plot.plot(pen=TEST_PEN, symbolBrush=TEST_PEN.color(), symbolSize=6)
        for curve in (self._train_curve, self._test_curve):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self._readout = pg.TextItem(anchor=(0, 1), color="#333")
        self._readout.setZValue(10)
        plot.addItem(self._readout, ignoreBounds=True)
        self._readout.hide()
        self._mouse = pg.SignalProxy(
            plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        self.setToolTip("Loss L of every update (hover for values; right-click for options)")

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
            self.test.truncate(batch.first_step - 1)
        steps = np.arange(batch.first_step, batch.first_step + len(batch.losses), dtype=float)
        self.train.extend(steps, batch.losses)
        if batch.test_loss is not None:
            self.test.extend(np.array([batch.last_step], float), np.array([batch.test_loss]))
        wait = self._last_redraw + REDRAW_SECONDS - time.perf_counter()
        if wait <= 0:
            self._redraw()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(int(wait * 1000) + 1)

    def clear(self) -> None:
        self.train.clear()
        self.test.clear()
        self._range = None
        self._redraw()

    def start_generation(self, generation: int) -> None:
        """Forget the curve if ``generation`` is new (after a reset or a new setup)."""
        if generation != self._generation:
            self._generation = generation
            self.clear()

    def truncate(self, last_step: int) -> None:
        """Forget the updates after ``last_step`` (training went back to it)."""
        self.train.truncate(last_step)
        self.test.truncate(last_step)
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
        has_test = len(self.test) > 0
        if has_test != (self._legend.getLabel(self._test_curve) is not None):
            if has_test:
                self._legend.addItem(self._test_curve, "test loss")
            else:
                self._legend.removeItem(self._test_curve)
        if self._following:
            self._follow_data()

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
        next of 1, 2, 5 × 10^k updates; y changes when the data leave the range or use less
        than a third of it."""
        if not len(self.train):
            return
        x_last = self.train.x[-1]
        values = self.train.y[np.isfinite(self.train.y)]
        if len(self.test):
            values = np.concatenate([values, self.test.y[np.isfinite(self.test.y)]])
        if not values.size:
            return
        log = self.is_log_scale()
        if log:
            values = np.log10(values[values > 0]) if np.any(values > 0) else np.zeros(1)
        low, high = float(values.min()), float(values.max())
        old = self._range
        x_max = old[1] if old and x_last <= old[1] else _nice_ceiling(x_last * 1.05)
        if old and old[2] <= low and high <= old[3] and (high - low) >= (old[3] - old[2]) / 3:
            y_low, y_high = old[2], old[3]
        else:
            span = max(high - low, 1e-12 if not log else 0.1)
            y_low = low - 0.05 * span if log or low < 0 else 0.0
            y_high = high + 0.1 * span
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
        if not len(self.train) or not plot.sceneBoundingRect().contains(position):
            self._readout.hide()
            return
        x = plot.vb.mapSceneToView(position).x()
        k = int(np.clip(np.searchsorted(self.train.x, x), 0, len(self.train) - 1))
        step, value = self.train.x[k], self.train.y[k]
        self._readout.setText(f"update {format_count(int(step))}: L = {format_number(value)}")
        y = np.log10(value) if self.is_log_scale() and value > 0 else value
        self._readout.setPos(step, y)
        self._readout.show()


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ value (and ≥ 10)."""
    value = max(value, 10.0)
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power  # pragma: no cover
