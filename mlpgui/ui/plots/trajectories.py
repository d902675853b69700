"""TrajectoriesPlot (``trajectoriesPlot``): parameters and gradient norms across updates.

Top: the value of each weight and bias after every update — all of them for a small network
(coloured by layer, the selected one bold and named), else the weights the user selected
(in the network diagram, or by clicking a curve here). Bottom: ‖∂L/∂θ^(l)‖ per layer on a
log scale (vanishing or exploding gradients show at a glance). Data come from the shared
TraceHub; redrawn at most ``REDRAW_SECONDS`` apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from mlpgui.core import ParameterLayout
from mlpgui.ui import names
from mlpgui.ui.formatting import format_count, format_number
from mlpgui.ui.selection import Selection

from . import style
from .labels import parameter_html, parameter_selection, parameter_text
from .ranges import follow_range, nice_ceiling
from .throttle import Throttle
from .traces import TraceHub

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

CONSUMER = "trajectories"
SMALL_NETWORK = 40
"""Networks with at most this many parameters show every parameter's trajectory."""
MAX_PINNED = 6
"""Selected parameters shown at once in larger networks (the most recent ones)."""
REDRAW_SECONDS = 1 / 5


class TrajectoriesPlot(QWidget):
    """Parameter values and gradient norms across updates (see the module docstring)."""

    def __init__(self, host: FeatureHost, hub: TraceHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.TRAJECTORIES_PLOT)
        self.setToolTip("Parameters after every update; click a curve to select its weight")
        self._store = host.store
        self._hub = hub
        self._active = True
        self._following = True
        self._generation: int | None = None
        self._ranges: dict[str, tuple[float, float] | None] = {"x": None, "y": None, "n": None}
        self._build_plots()
        self.note = QLabel()
        self.note.setObjectName(names.TRAJECTORIES_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.NOTE}; padding: 2px 6px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.note)

        self.curves: dict[int, pg.PlotDataItem] = {}
        """Drawn trajectories by position in θ."""
        self.norm_curves: list[pg.PlotDataItem] = []
        self._build_overlays()
        self._layout: ParameterLayout | None = None
        self._selected: int | None = None
        self._pinned: list[int] = []
        self._throttle = Throttle(REDRAW_SECONDS, self.redraw, self)
        hub.changed.connect(self._schedule)
        host.store.selection_changed.connect(self._on_selection)
        self._rebuild()

    def _build_plots(self) -> None:
        """The values plot above the gradient norms' plot (log scale), sharing the x axis."""
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(style.BACKGROUND)
        self.values_plot = self.graphics.addPlot(row=0, col=0)
        self.norms_plot = self.graphics.addPlot(row=1, col=0)
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 2)
        self.norms_plot.setXLink(self.values_plot)
        self.values_plot.setLabel("left", "θ")
        self.norms_plot.setLabel("left", "‖∇L‖")
        self.norms_plot.setLabel("bottom", "update")
        self.norms_plot.setLogMode(y=True)
        for plot in (self.values_plot, self.norms_plot):
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
            # Ranges follow the data in coarse jumps (see _follow): re-laying out the tick
            # labels every frame would cost more than drawing the curves.
            plot.disableAutoRange()
            plot.vb.sigRangeChangedManually.connect(self._stop_following)
            plot.autoBtn.clicked.connect(self.follow_data)
        self._norms_legend = self.norms_plot.addLegend(offset=(-10, 5), colCount=4)

    def _build_overlays(self) -> None:
        """The selected parameter's bold curve and name, and the readout under the mouse."""
        self._highlight = pg.PlotDataItem(pen=pg.mkPen("#111111", width=2))
        self._highlight.setZValue(10)
        self._label = pg.TextItem(anchor=(1, 1), color=style.TEXT)
        self._label.setZValue(11)
        self._readout = pg.TextItem(anchor=(0, 1), color="#111111", fill=pg.mkBrush("#ffffffdd"))
        self._readout.setZValue(20)
        self.values_plot.addItem(self._readout, ignoreBounds=True)
        self._readout.hide()
        self._mouse = pg.SignalProxy(
            self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )

    # --- what to show -------------------------------------------------------------------------

    def shown_indices(self) -> list[int]:
        """Positions in θ whose trajectories are drawn."""
        layout = self._layout
        if layout is None:
            return []
        if self._hub.all_traced() and layout.size <= SMALL_NETWORK:
            return list(range(layout.size))
        return list(self._pinned)

    @Slot(object)
    def _on_selection(self, selection: Selection | None) -> None:
        layout = self._layout
        index = None if selection is None or layout is None else selection.parameter_index(layout)
        self._selected = index
        if index is not None and layout is not None and index not in self._pinned:
            self._pinned = [*self._pinned, index][-MAX_PINNED:]
            self._want()
            if not (self._hub.all_traced() and layout.size <= SMALL_NETWORK):
                self._rebuild()
        self._schedule(now=True)

    def set_active(self, active: bool) -> None:
        """Hidden, the plot is not redrawn (the parameters' history keeps growing)."""
        self._active = bool(active)
        self._want()
        if active:
            self._schedule(now=True)

    def _want(self) -> None:
        # Gradient norms cost the worker about 5 % per update: they are traced only while the
        # plot is shown (the parameters are traced anyway, for the history).
        indices = () if self._hub.all_traced() else tuple(self._pinned)
        self._hub.want(CONSUMER, indices, norms=self._active)

    # --- drawing ------------------------------------------------------------------------------

    @Slot()
    def _schedule(self, now: bool = False) -> None:
        if self._hub.generation != self._generation:
            self._generation = self._hub.generation
            if self._following:
                self._ranges = {"x": None, "y": None, "n": None}  # a fresh start
        if self._hub.layout != self._layout:
            self._layout = self._hub.layout
            self._pinned, self._selected = [], None
            self._want()
            self._rebuild()
        if not self._active:
            return
        self._throttle.request(now=now or not self._store.running)

    def _rebuild(self) -> None:
        """Create one curve per shown parameter (and per layer for the norms)."""
        for curve in self.curves.values():
            self.values_plot.removeItem(curve)
        self.curves = {}
        layout = self._layout
        if layout is None:
            return
        small = self._hub.all_traced() and layout.size <= SMALL_NETWORK
        for k, index in enumerate(self.shown_indices()):
            kind, layer, _, _ = layout.describe(index)
            color = style.palette_color(layer if small else k)
            if small and kind == "b":
                color = pg.mkColor(color).lighter(150)
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=1))
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            curve.setCurveClickable(True, width=6)
            curve.sigClicked.connect(lambda _item, _ev=None, i=index: self._select(i))
            self.values_plot.addItem(curve)
            self.curves[index] = curve
        if self._highlight.scene() is None:
            self.values_plot.addItem(self._highlight)
            self.values_plot.addItem(self._label, ignoreBounds=True)
        for curve in self.norm_curves:
            self.norms_plot.removeItem(curve)
            self._norms_legend.removeItem(curve)
        self.norm_curves = []
        for layer in range(layout.n_layers):
            curve = pg.PlotDataItem(pen=pg.mkPen(style.palette_color(layer), width=1))
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            self.norms_plot.addItem(curve)
            self._norms_legend.addItem(curve, f"layer {layer + 1}")
            self.norm_curves.append(curve)
        if small:
            text = "Every weight (by layer; biases lighter). Click a curve to select it."
        else:
            text = (
                "Select weights in the network diagram (or click a curve) to follow them; "
                f"the last {MAX_PINNED} selected are shown."
            )
        self.note.setText(text)

    def redraw(self) -> None:
        hub, layout = self._hub, self._layout
        history = hub.parameters
        if history is not None and len(history):
            steps = history.steps
            for index, curve in self.curves.items():
                column = hub.column(index)
                if column is None:
                    curve.setData([], [])
                else:
                    curve.setData(steps, column)
        else:
            for curve in self.curves.values():
                curve.setData([], [])
        self._draw_highlight(layout)
        norms = hub.norms
        for layer, curve in enumerate(self.norm_curves):
            if norms is None or not len(norms) or layer >= norms.width:
                curve.setData([], [])
                continue
            values = norms.values[:, layer]
            positive = values > 0  # log scale: a zero gradient has no place on it
            if np.all(positive):
                curve.setData(norms.steps, values)
            else:
                curve.setData(norms.steps[positive], values[positive])
        if self._following:
            self._follow()

    # --- axis ranges --------------------------------------------------------------------------

    def follow_data(self) -> None:
        """Let the axes follow the data again (after the user zoomed or panned)."""
        self._following = True
        self._ranges = {"x": None, "y": None, "n": None}
        self._follow()

    def _stop_following(self) -> None:
        self._following = False

    def _follow(self) -> None:
        """x grows to the next of 1, 2, 5 × 10^k updates; y ranges change only when the data
        leave them or fill less than a third (log10 units for the norms)."""
        history, norms = self._hub.parameters, self._hub.norms
        last = 0.0
        if history is not None and len(history):
            last = float(history.steps[-1])
            columns = [self._hub.column(i) for i in self.curves]
            shown = [c for c in columns if c is not None and len(c)]
            if shown:
                low = min(float(np.nanmin(c)) for c in shown)
                high = max(float(np.nanmax(c)) for c in shown)
                self._set_range("y", self.values_plot, follow_range(self._ranges["y"], low, high))
        if norms is not None and len(norms):
            last = max(last, float(norms.steps[-1]))
            positive = norms.values[norms.values > 0]
            if positive.size:
                low, high = np.log10(positive.min()), np.log10(positive.max())
                self._set_range("n", self.norms_plot, follow_range(self._ranges["n"], low, high))
        old = self._ranges["x"]
        if old is None or last > old[1]:
            x_range = self._ranges["x"] = (0.0, nice_ceiling(last * 1.05))
            self.values_plot.setXRange(*x_range, padding=0)

    def _set_range(self, key: str, plot: pg.PlotItem, new: tuple[float, float]) -> None:
        if new != self._ranges[key]:
            self._ranges[key] = new
            plot.setYRange(*new, padding=0)

    def _draw_highlight(self, layout: ParameterLayout | None) -> None:
        index = self._selected
        column = None if index is None else self._hub.column(index)
        history = self._hub.parameters
        if layout is None or index is None or column is None or history is None or not len(history):
            self._highlight.setData([], [])
            self._label.hide()
            return
        self._highlight.setData(history.steps, column)
        name = parameter_html(layout, index)
        self._label.setHtml(
            f"<span style='color:#111'>{name} = {format_number(column[-1], 5)}</span>"
        )
        self._label.setPos(history.steps[-1], column[-1])
        self._label.show()

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        """Name the trajectory nearest to the mouse (at the update under it)."""
        position, vb = event[0], self.values_plot.vb
        history, layout = self._hub.parameters, self._layout
        if (
            layout is None or history is None or not len(history) or not self.curves
            or not vb.sceneBoundingRect().contains(position)
        ):  # fmt: skip
            self._readout.hide()
            return
        point = vb.mapSceneToView(position)
        k = int(np.clip(np.searchsorted(history.steps, point.x()), 0, len(history) - 1))
        best, best_distance = None, np.inf
        for index in self.curves:
            column = self._hub.column(index)
            if column is not None and abs(column[k] - point.y()) < best_distance:
                best, best_distance = index, abs(column[k] - point.y())
        if best is None:
            self._readout.hide()
            return
        column = self._hub.column(best)
        assert column is not None
        self._readout.setHtml(
            f"update {format_count(int(history.steps[k]))}: "
            f"{parameter_html(layout, best)} = {format_number(column[k], 5)}"
        )
        self._readout.setPos(point)
        self._readout.show()

    def _select(self, index: int) -> None:
        if self._layout is not None:
            self._store.select(parameter_selection(self._layout, index))

    def selected_text(self) -> str | None:
        """The selected parameter's name (plain text), if one is drawn."""
        if self._selected is None or self._layout is None:
            return None
        return parameter_text(self._layout, self._selected)

    def export_target(self) -> pg.GraphicsScene:
        return self.graphics.ci
