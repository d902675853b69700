"""OutputOverlay: the network's output over the data, computed by the worker (plot data).

1 input: the curve y(x) (``OutputCurve``) across the plot's visible x range; 2 inputs: the
outputs on a grid (``OutputGrid``) over the visible area, drawn as decision regions. The request
follows the visible range (after pans, zooms and data edits, at most every DEBOUNCE_MS).

The worker computes it after every step, edit and pause; while training runs, the overlay asks
for it LIVE_HZ times a second (rather than at the worker's display rate: a 100 × 100 grid and
its repaint cost ~4 ms each, and the training thread shares the GIL). Nothing is requested
while the editor is hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from mlpgui.core.plot_data import CurveResult, GridResult, OutputCurve, OutputGrid
from mlpgui.ui.display_budget import display_scale
from mlpgui.worker import PlotDataReady, RequestPlotData

from . import ranges
from .document import EditorData
from .guard import guarded
from .plot import DatasetPlot

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

VIEW_NAME = "dataset.output"
CURVE_POINTS = 200
GRID_RESOLUTION = 100
DEBOUNCE_MS = 60
LIVE_HZ = 10


class OutputOverlay(QObject):
    """Keeps the plot's ranges around the data and the worker's plot-data request on the plot.

    Signals:
        error_reported(str): a sentence for the user (see guard.py).
    """

    error_reported = Signal(str)

    def __init__(self, host: FeatureHost, plot: DatasetPlot) -> None:
        super().__init__(plot)
        self._send = host.send
        self._store = host.store
        self._plot = plot
        self._enabled = True
        self._hidden = False  # an exercise hides the output (see hide_output)
        self._request: OutputCurve | OutputGrid | None = None
        self._key: tuple[object, ...] = ()
        self._mode = ""
        self.results = 0  # how many results were drawn (for tests and measurements)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_request)
        plot.view_box.sigRangeChanged.connect(self._timer.start)
        self._live = QTimer(self)
        self._live.setInterval(1000 // LIVE_HZ)
        self._live.timeout.connect(self._refresh)
        host.store.running_changed.connect(self._on_running)
        host.worker.plot_data_ready.connect(self._on_plot_data)

    @property
    def request(self) -> OutputCurve | OutputGrid | None:
        return self._request

    def report_error(self, text: str) -> None:
        self.error_reported.emit(text)

    def follow(self, data: EditorData) -> None:
        """Fit the plot's ranges to other data (another name or other columns); while the
        same data are edited, widen the visible ranges only when a point leaves them."""
        dataset, mode = data.dataset, self._plot.mode
        if mode == "curve":
            xs, ys = dataset.inputs[:, 0], dataset.targets[:, 0]
        elif mode == "plane":
            xs, ys = dataset.inputs[:, 0], dataset.inputs[:, 1]
        else:
            self._key, self._mode = ("none",), "none"
            return
        key = (mode, dataset.name, dataset.input_dim, dataset.output_dim)
        fit = key != self._key and (len(dataset) > 0 or mode != self._mode)
        self._key, self._mode = key, mode
        if fit:
            x, y = ranges.nice_range(xs), ranges.nice_range(ys)
        else:
            (x0, x1), (y0, y1) = self._plot.view_box.viewRange()
            x = ranges.follow((float(x0), float(x1)), xs)
            y = ranges.follow((float(y0), float(y1)), ys)
            if x == (x0, x1) and y == (y0, y1):
                self._timer.start()
                return
        self._plot.set_ranges(x, y)
        self._timer.start()

    @Slot(bool)
    @guarded()
    def set_enabled(self, enabled: bool) -> None:
        """Request the output only while the plot can be seen."""
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if enabled:
            self._request = None
            self.update_request()
        else:
            self._send(RequestPlotData(VIEW_NAME, None))
        self._update_live()

    def hide_output(self, note: str | None) -> None:
        """Exercise mode: while ``note`` is given, the network's output is not drawn — it
        is the network at the current θ, from which an asked output could be read — and the
        plot says ``note``; None requests and draws it again."""
        hidden = note is not None
        self._plot.set_output_note(note)
        if hidden == self._hidden:
            return
        self._hidden = hidden
        if hidden:
            self._plot.clear_output()
        else:
            self._request = None
            self.update_request()

    @Slot(bool)
    @guarded()
    def _on_running(self, _running: bool) -> None:
        """Refresh LIVE_HZ times a second while training runs."""
        self._update_live()

    def _update_live(self) -> None:
        if self._store.running and self._enabled:
            if not self._live.isActive():
                # Slower while the window is busy (see DisplayBudget). (Setting the interval
                # of a running timer would restart it: only when starting.)
                self._live.setInterval(int(1000 * display_scale()) // LIVE_HZ)
                self._live.start()
        else:
            self._live.stop()

    @Slot()
    @guarded()
    def _refresh(self) -> None:
        if self._request is not None and self._enabled:
            self._send(RequestPlotData(VIEW_NAME, self._request))

    @Slot()
    @guarded()
    def update_request(self) -> None:
        """(Re-)register the request for the plot's visible range, if it changed."""
        self._timer.stop()
        mode = self._plot.mode
        (x0, x1), (y0, y1) = self._plot.view_box.viewRange()
        request: OutputCurve | OutputGrid | None = None
        if mode == "curve":
            request = OutputCurve(float(x0), float(x1), CURVE_POINTS, live=False)
        elif mode == "plane":
            request = OutputGrid(
                float(x0), float(x1), float(y0), float(y1), GRID_RESOLUTION, live=False
            )
        if request == self._request:
            return
        self._request = request
        if request is None:
            self._plot.clear_output()
        if self._enabled:
            self._send(RequestPlotData(VIEW_NAME, request))

    @Slot(object)
    @guarded()
    def _on_plot_data(self, result: PlotDataReady) -> None:
        if result.name != VIEW_NAME or self._request is None or self._hidden:
            return
        value = result.value
        plot = self._plot
        if isinstance(value, CurveResult) and plot.mode == "curve":
            plot.show_curve(value)
        elif isinstance(value, GridResult) and plot.mode == "plane":
            plot.show_grid(value)
        elif value is None:
            plot.clear_output()
        else:
            return  # a result for the previous kind of data
        self.results += 1
