"""OutputPlot (``outputPlot``): what the network computes, drawn over the data.

- One input: the network's function y(x) over the data's x range, over the data points
  (the lecture's regression picture); test points hollow.
- Two inputs, one output: a heatmap of y(x₁, x₂) (one ImageItem, fixed levels, a perceptual
  diverging map) with the data points on top in the same colours and, for 0/1 targets, the
  decision boundary y = 0.5.
- Anything else: every sample's output y against its target t (on the diagonal = perfect).

The worker computes the curve, grid or predictions (view requests); this widget only draws.

Large data stay light: points are drawn by one ScatterPlotItem per look, fed with arrays, and
colours come from one shared brush or pen per colour-map entry (pyqtgraph renders one symbol
per distinct brush object: a fresh brush per point made a million symbols). Beyond
SAMPLE_LIMIT rows a deterministic sample is drawn, and ``sample_note`` says so. An output that
is flat up to rounding (see ``mlpgui.core.plot_data.is_flat``) is drawn as one colour, without a
decision boundary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from mlpgui.core.plot_data import (
    SAMPLE_LIMIT,
    CurveResult,
    GridResult,
    OutputCurve,
    OutputGrid,
    Predictions,
    PredictionsResult,
)
from mlpgui.ui import names
from mlpgui.ui.dataset.guard import guarded
from mlpgui.worker import ModelChange, ModelSnapshot, PlotDataReady

from . import style
from .fast_scatter import FastScatter
from .legend_line import legend_html, title_size
from .plot_data_client import PlotDataClient
from .plot_points import beyond_count, drawn_count, sampled
from .point_colors import brushes, pens, shared
from .ranges import drawable, finite_mean, is_binary, padded_range, points_note
from .throttle import Throttle

if TYPE_CHECKING:
    from mlpgui.core import Dataset
    from mlpgui.ui.host import FeatureHost

VIEW_NAME = "plots.output"
REDRAW_SECONDS = 1 / 10
"""While training runs, the output is redrawn at most this often (a step shows at once)."""
CURVE_POINTS = 240
GRID_RESOLUTION = 100
POINT_SIZE = 8
REDRAWING_CHANGES = (ModelChange.START, ModelChange.RESET, ModelChange.SETUP)
"""Model changes after which the same data are drawn again (a new network's picture)."""


class OutputPlot(QWidget):
    """The network's output over the data (see the module docstring)."""

    error_source = "The output plot"

    def __init__(self, host: FeatureHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.OUTPUT_PLOT)
        self.setToolTip("The network's output over the data (right-click to export)")
        self._host = host
        self.plot_data = PlotDataClient(host, VIEW_NAME, self)
        self.plot_data.result_ready.connect(self._on_result)
        self._pending: PlotDataReady | None = None
        self._throttle = Throttle(REDRAW_SECONDS, self._draw, self)
        self.mode: str | None = None  # "curve", "map" or "predictions"
        self.shown_steps: int | None = None
        """The update whose output is drawn (None before the first result)."""
        self._outputs = 0
        self._levels = (0.0, 1.0)
        self._data: tuple[Dataset, Dataset | None] | None = None

        self.plot_widget = pg.PlotWidget(background=style.BACKGROUND)
        # Heatmaps are scaled up bilinearly (smooth, and about as cheap as nearest pixels).
        self.plot_widget.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.plot = self.plot_widget.getPlotItem()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.disableAutoRange()
        self.note = QLabel()
        self.note.setObjectName(names.OUTPUT_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.NOTE}; padding: 2px 6px;")
        self.note.hide()
        self.sample_note = QLabel()
        self.sample_note.setObjectName(names.OUTPUT_SAMPLE_NOTE)
        self.sample_note.setStyleSheet(f"color: {style.NOTE}; padding: 2px 6px;")
        self.sample_note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.sample_note)

        self._curves: list[pg.PlotDataItem] = []
        self._train: list[pg.ScatterPlotItem] = []
        self._test: list[pg.ScatterPlotItem] = []
        self._image: pg.ImageItem | None = None
        self._grid: np.ndarray | None = None
        self._boundary: pg.PlotCurveItem | None = None
        self.legend_text = ""
        """The legend: one line of HTML above the plot (see legend_line.py)."""
        host.store.model_changed.connect(self.show_model)
        snapshot = host.store.snapshot
        if snapshot is not None:
            self.show_model(snapshot)

    # --- model and data -----------------------------------------------------------------------

    def report_error(self, text: str) -> None:
        """A sentence from a guarded slot (see mlpgui.ui.dataset.guard), in the banner."""
        self._host.show_message("error", text)

    @Slot(object)
    @guarded()
    def show_model(self, snapshot: ModelSnapshot) -> None:
        """Follow a new network or new data: choose the picture, draw the points, and ask the
        worker for the matching curve or grid."""
        sizes = snapshot.setup.layer_sizes
        n_in, n_out = snapshot.setup.raw_input_dim, sizes[-1]  # raw: features come after
        mode = "curve" if n_in == 1 else "map" if (n_in == 2 and n_out == 1) else "predictions"
        data, test = snapshot.dataset, snapshot.test_dataset
        if test is not None and (test.input_dim != n_in or test.output_dim != n_out):
            test = None
        if mode != self.mode or n_out != self._outputs:
            self._build(mode, n_out)
        old = self._data
        same = old is not None and old[0] is data and old[1] is test
        if same and snapshot.reason not in REDRAWING_CHANGES:
            return
        self._data = (data, test)
        if data.input_dim != n_in or data.output_dim != n_out:
            self._say("The data's columns do not fit the network, so there is nothing to draw.")
            self._show_sample(0, 0)
            self.plot_data.set_request(None)
            return
        self._say(None)
        total = len(data) + (0 if test is None else len(test))
        drawn = drawn_count(len(data)) + (0 if test is None else drawn_count(len(test)))
        self._show_sample(drawn, total, beyond_count(mode, data) + beyond_count(mode, test))
        if mode == "curve":
            self._show_curve_data(data, test)
        elif mode == "map":
            self._show_map_data(data, test)
        else:
            self._show_prediction_data(data, test)

    def _build(self, mode: str, outputs: int) -> None:
        """Create the plot items of ``mode`` (items are reused while the mode stays)."""
        self._clear()
        self.mode, self._outputs = mode, outputs
        if mode == "curve":
            self._build_curves(outputs)
        elif mode == "map":
            self._build_map()
        else:
            self._build_predictions(outputs)

    def _clear(self) -> None:
        """Remove every plot item and the legend; forget what was drawn."""
        self.plot.clear()
        self.legend_text = ""
        self.plot.setTitle(None)
        self.shown_steps = None
        self._curves, self._train, self._test = [], [], []
        self._image = self._boundary = None
        self._grid = None
        self._data = None
        self.plot.setAspectLocked(False)

    def _build_curves(self, outputs: int) -> None:
        """Curve mode: per output the training and test points and the network's y_k(x)."""
        for k in range(outputs):
            color = style.palette_color(k + 1) if outputs > 1 else style.PALETTE[0]
            pen = style.NETWORK_PEN if outputs == 1 else pg.mkPen(color, width=2)
            suffix = f"_{k + 1}" if outputs > 1 else ""
            train = FastScatter(
                size=POINT_SIZE, pen=style.POINT_EDGE_PEN, brush=pg.mkBrush(color),
                name=f"training data t{suffix}",
            )  # fmt: skip
            test = FastScatter(
                size=POINT_SIZE, pen=pg.mkPen(color, width=2), brush=pg.mkBrush("w"),
                name=f"test data t{suffix}",
            )  # fmt: skip
            curve = pg.PlotDataItem(pen=pen, name=f"network y{suffix}(x)")
            for item in (train, test, curve):
                self.plot.addItem(item)
            self._train.append(train)
            self._test.append(test)
            self._curves.append(curve)

    def _build_map(self) -> None:
        """Map mode: the heatmap, the decision boundary, the training and test points."""
        self._image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self._image)
        self._boundary = pg.PlotCurveItem(pen=style.BOUNDARY_PEN, connect="pairs")
        self.plot.addItem(self._boundary)
        train = FastScatter(size=POINT_SIZE + 4, pen=style.POINT_EDGE_PEN)
        test = FastScatter(size=POINT_SIZE + 4, brush=pg.mkBrush("w"))
        for item in (train, test):
            self.plot.addItem(item)
        self._train, self._test = [train], [test]

    def _build_predictions(self, outputs: int) -> None:
        """Predictions mode: the diagonal y = t and per output the samples' (t, y) points."""
        self.plot.addItem(pg.InfiniteLine(pos=(0, 0), angle=45, pen=style.DIAGONAL_PEN))
        for k in range(outputs):
            color = style.palette_color(k)
            train = FastScatter(
                size=POINT_SIZE, pen=style.POINT_EDGE_PEN, brush=pg.mkBrush(color),
                name=f"y{k + 1}" if outputs > 1 else "training samples",
            )  # fmt: skip
            test = FastScatter(
                size=POINT_SIZE, pen=pg.mkPen(color, width=2), brush=pg.mkBrush("w"),
                name=f"y{k + 1} (test)" if outputs > 1 else "test samples",
            )  # fmt: skip
            self.plot.addItem(train)
            self.plot.addItem(test)
            self._train.append(train)
            self._test.append(test)

    def _show_curve_data(self, data: Dataset, test: Dataset | None) -> None:
        xs = [data.inputs[:, 0]] + ([] if test is None else [test.inputs[:, 0]])
        x_low, x_high = padded_range(np.concatenate(xs), pad=0.05)
        ts = [data.targets] + ([] if test is None else [test.targets])
        y_low, y_high = padded_range(np.concatenate(ts), pad=0.12)
        train_x, train_t = sampled(data)
        test_x, test_t = (None, None) if test is None else sampled(test)
        for k in range(self._outputs):
            self._train[k].setData(drawable(train_x[:, 0]), drawable(train_t[:, k]))
            if test_x is None or test_t is None:
                self._test[k].clear()
            else:
                self._test[k].setData(drawable(test_x[:, 0]), drawable(test_t[:, k]))
        self._show_legend(test is not None and len(test) > 0)
        self._label(data.input_names[0], "y, t")
        self.plot.setRange(xRange=(x_low, x_high), yRange=(y_low, y_high), padding=0)
        self.plot_data.set_request(OutputCurve(x_low, x_high, CURVE_POINTS))

    def _show_map_data(self, data: Dataset, test: Dataset | None) -> None:
        inputs = data.inputs if test is None else np.vstack([data.inputs, test.inputs])
        x_low, x_high = padded_range(inputs[:, 0], pad=0.15)
        y_low, y_high = padded_range(inputs[:, 1], pad=0.15)
        binary = is_binary(data.targets)
        if binary:
            self._levels = (0.0, 1.0)
        else:
            self._levels = padded_range(data.targets, pad=0.0, default=(0.0, 1.0))
        assert self._image is not None and self._boundary is not None
        self._boundary.setData([], [])
        low, high = self._levels
        train, test_item = self._train[0], self._test[0]
        inputs, targets = sampled(data)
        train.setData(
            drawable(inputs[:, 0]), drawable(inputs[:, 1]),
            brush=shared(brushes(), targets[:, 0], low, high),
        )  # fmt: skip
        if test is None or not len(test):
            test_item.clear()
        else:
            inputs, targets = sampled(test)
            test_item.setData(
                drawable(inputs[:, 0]), drawable(inputs[:, 1]),
                pen=shared(pens(), targets[:, 0], low, high), brush=pg.mkBrush("w"),
            )  # fmt: skip
        self._label(data.input_names[0], data.input_names[1])
        self.plot.setRange(xRange=(x_low, x_high), yRange=(y_low, y_high), padding=0)
        level = 0.5 if binary else None
        self.plot_data.set_request(
            OutputGrid(x_low, x_high, y_low, y_high, GRID_RESOLUTION, contour_level=level)
        )

    def _show_prediction_data(self, data: Dataset, test: Dataset | None) -> None:
        targets = data.targets if test is None else np.vstack([data.targets, test.targets])
        low, high = padded_range(targets, pad=0.15, default=(0.0, 1.0))
        self._label("target t", "output y")
        self.plot.setRange(xRange=(low, high), yRange=(low, high), padding=0)
        self._show_legend(test is not None and len(test) > 0)
        self.plot_data.set_request(Predictions(test, limit=SAMPLE_LIMIT))

    # --- results ------------------------------------------------------------------------------

    @Slot(object)
    @guarded()
    def _on_result(self, result: PlotDataReady) -> None:
        self._pending = result
        self._throttle.request(now=not self._host.store.running)

    @guarded()
    def _draw(self) -> None:
        result, self._pending = self._pending, None
        if result is None:
            return
        value = result.value
        if value is None:
            self._say("The network's output cannot be drawn for this network and data.")
            return
        outputs = getattr(value, "outputs", None)
        if outputs is None or outputs.shape[-1] != self._outputs:
            return  # computed for another architecture (a stale result)
        if self.mode == "curve" and isinstance(value, CurveResult):
            for k, curve in enumerate(self._curves):
                curve.setData(drawable(value.x), drawable(value.outputs[:, k]), connect="finite")
        elif self.mode == "map" and isinstance(value, GridResult) and self._image is not None:
            xs, ys = value.xs, value.ys
            dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
            dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
            grid = value.outputs[:, :, 0]
            low, high = self._levels
            shown = np.full(grid.shape, finite_mean(grid)) if value.flat else grid
            pixels = style.colorize(shown, low, high, style.BACKGROUND_LUT)
            self._image.setImage(pixels, autoLevels=False, levels=None)
            self._grid = grid
            self._image.setRect(
                QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
            )
            assert self._boundary is not None
            if value.boundary is None or not len(value.boundary):
                self._boundary.setData([], [])
            else:
                self._boundary.setData(value.boundary[:, 0], value.boundary[:, 1])
        elif self.mode == "predictions" and isinstance(value, PredictionsResult):
            for k in range(self._outputs):
                self._train[k].setData(drawable(value.targets[:, k]), drawable(value.outputs[:, k]))
                if value.test_outputs is None or value.test_targets is None:
                    self._test[k].clear()
                else:
                    self._test[k].setData(
                        drawable(value.test_targets[:, k]), drawable(value.test_outputs[:, k])
                    )
        else:
            return
        if self.note.text().startswith("The network's output cannot"):
            self._say(None)
        self.shown_steps = result.steps

    # --- helpers ------------------------------------------------------------------------------

    def curve_data(self, k: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """The drawn y_k(x) as (x, y) arrays (curve mode)."""
        x, y = self._curves[k].getData()
        return (np.empty(0), np.empty(0)) if x is None else (x, y)

    def image_data(self) -> np.ndarray | None:
        """The values of the drawn heatmap (map mode), rows = second input."""
        return self._grid

    def _label(self, bottom: str, left: str) -> None:
        self.plot.setLabel("bottom", bottom)
        self.plot.setLabel("left", left)

    def _show_legend(self, tests: bool) -> None:
        """The markers explained in a line above the plot (none inside it: it would cover
        points)."""
        text = legend_html(self.mode or "", self._outputs, tests)
        if text != self.legend_text:
            self.legend_text = text
            self.plot.setTitle(text or None, size=title_size(), color="#333333")

    def _say(self, text: str | None) -> None:
        self.note.setVisible(bool(text))
        self.note.setText(text or "")

    def _show_sample(self, drawn: int, total: int, beyond: int = 0) -> None:
        """Say when only a sample of the points is drawn, or when some cannot be drawn."""
        text = points_note(drawn, total, beyond)
        self.sample_note.setVisible(bool(text))
        self.sample_note.setText(text)

    def set_active(self, active: bool) -> None:
        """Compute nothing while hidden (e.g. behind another tab)."""
        self.plot_data.set_active(active)

    def export_target(self) -> pg.PlotItem:
        return self.plot
