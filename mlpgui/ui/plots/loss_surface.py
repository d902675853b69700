"""LossSurfacePlot (``lossSurfacePlot``): the loss over two parameters, with the descent path.

Pick two parameters θ_p, θ_q (or let the selection pick them: the newest selected becomes
θ_p, the previous one θ_q). The worker computes L over a grid of their values with every
other parameter at its current value — a slice through the lecture's loss surface — with
contour lines and the current negative gradient; this widget draws it (log colour scale),
the path the two parameters took under gradient descent, and an arrow along −∇L.

The surface is not live: it is computed when asked (Recompute, Ctrl+F5), after explicit steps
and edits, and when training pauses; the path keeps growing while training runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core import ParameterLayout
from mlpgui.core.losses import loss_title
from mlpgui.core.plot_data_surface import LossSurface, SurfaceResult
from mlpgui.ui import names
from mlpgui.ui.formatting import format_count, format_number
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelChange, ModelSnapshot, PlotDataReady

from . import style
from .labels import parameter_text
from .plot_data_client import PlotDataClient
from .surface_view import SurfaceView
from .throttle import Throttle
from .traces import TraceHub

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

VIEW_NAME = "plots.surface"
CONSUMER = "surface"
RESOLUTION = 51
PATH_REDRAW_SECONDS = 1 / 5
"""The gradient arrow's length, as a fraction of the surface's half-width."""


def default_pair(layout: ParameterLayout) -> tuple[int, int]:
    """Two weights of the first layer: w_11^(1) and w_12^(1) (or w_21^(1) for one input)."""
    first = layout.index_of_weight(0, 0, 0)
    if layout.layer_sizes[0] >= 2:
        return first, layout.index_of_weight(0, 0, 1)
    if layout.layer_sizes[1] >= 2:
        return first, layout.index_of_weight(0, 1, 0)
    return first, layout.index_of_bias(0, 0)


COMBO_MIN_WIDTH = 64
"""Pixels: the parameter combos shrink to this (eliding their text) in a narrow window."""


class LossSurfacePlot(QWidget):
    """The loss surface over two parameters (see the module docstring)."""

    def __init__(self, host: FeatureHost, hub: TraceHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.LOSS_SURFACE_PLOT)
        self._store, self._hub = host.store, hub
        self.plot_data = PlotDataClient(host, VIEW_NAME, self)
        self.plot_data.result_ready.connect(self._on_result)
        self.layout_: ParameterLayout | None = None
        self.pair: tuple[int, int] | None = None
        self.result: SurfaceResult | None = None
        self.shown_steps: int | None = None
        self._build_controls()
        self._build_plot()
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addLayout(self._controls)
        root.addWidget(self.plot_widget, 1)
        root.addWidget(self.note)
        self._active = True
        self._path_throttle = Throttle(PATH_REDRAW_SECONDS, self._draw_path, self)
        hub.changed.connect(self._on_history)
        host.store.model_changed.connect(self.show_model)
        host.store.selection_changed.connect(self._on_selection)
        snapshot = host.store.snapshot
        if snapshot is not None:
            self.show_model(snapshot)

    def _build_controls(self) -> None:
        """Two rows, so the dock fits a narrow window: the axes' parameters, then Follow
        selection and Recompute."""
        self._controls = QVBoxLayout()
        self._controls.setContentsMargins(6, 2, 6, 2)
        self._controls.setSpacing(2)
        self.first_combo = QComboBox()
        self.first_combo.setObjectName(names.SURFACE_FIRST_COMBO)
        self.first_combo.setToolTip("The parameter along the horizontal axis")
        self.second_combo = QComboBox()
        self.second_combo.setObjectName(names.SURFACE_SECOND_COMBO)
        self.second_combo.setToolTip("The parameter along the vertical axis")
        for combo in (self.first_combo, self.second_combo):
            combo.setMaxVisibleItems(20)
            # As wide as the labels when there is room; a large network's long labels
            # (w_100,100^(2)) do not raise the window's minimum width.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(COMBO_MIN_WIDTH)
            combo.activated.connect(self._on_combo)
        self.follow_check = QCheckBox("Follow selection")
        self.follow_check.setObjectName(names.SURFACE_FOLLOW_CHECK)
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(
            "Selecting a weight or bias (e.g. in the network diagram) makes it the horizontal "
            "axis; the previous one moves to the vertical axis."
        )
        self.recompute_button = QToolButton()
        self.recompute_button.setObjectName(names.SURFACE_RECOMPUTE_BUTTON)
        self.recompute_button.setText("Recompute")
        self.recompute_button.setToolTip("Compute the surface at the current parameters (Ctrl+F5)")
        self.recompute_button.clicked.connect(self.recompute)
        axes, actions = QHBoxLayout(), QHBoxLayout()
        for arrow, combo in (("↔", self.first_combo), ("↕", self.second_combo)):
            # Arrows, not words: the combos keep room for their labels in a narrow dock.
            label = QLabel(arrow)
            label.setToolTip(combo.toolTip())
            label.setBuddy(combo)
            combo.setAccessibleName(combo.toolTip())
            axes.addWidget(label)
            axes.addWidget(combo, 1)
        actions.addWidget(self.follow_check)
        actions.addStretch(1)
        actions.addWidget(self.recompute_button)
        self._controls.addLayout(axes)
        self._controls.addLayout(actions)

    def _build_plot(self) -> None:
        self.plot_widget = SurfaceView()
        self.plot = self.plot_widget.plot
        self.note = QLabel()
        self.note.setObjectName(names.LOSS_SURFACE_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.NOTE}; padding: 2px 6px;")

    # --- choosing the parameters --------------------------------------------------------------

    @Slot(object)
    def show_model(self, snapshot: ModelSnapshot) -> None:
        layout = ParameterLayout(snapshot.setup.layer_sizes)
        if layout != self.layout_:
            self.layout_ = layout
            labels = [parameter_text(layout, k) for k in range(layout.size)]
            for combo in (self.first_combo, self.second_combo):
                with QSignalBlocker(combo):
                    combo.clear()
                    combo.addItems(labels)
            self.result = None
            self.plot_widget.clear_surface()
            if layout.size < 2:
                self.pair = None
                self.plot_data.set_request(None)
                self._say("The loss surface needs a network with at least two parameters.")
                return
            self.set_pair(*default_pair(layout))
        elif snapshot.reason in (ModelChange.RESET, ModelChange.SETUP, ModelChange.START):
            self._send()  # a new start: the path starts anew, the box may change

    def set_pair(self, first: int, second: int) -> None:
        """Show the surface over θ[first] (horizontal) and θ[second] (vertical)."""
        layout = self.layout_
        if layout is None or first == second:
            return
        if not (0 <= first < layout.size and 0 <= second < layout.size):
            return
        self.pair = (first, second)
        with QSignalBlocker(self.first_combo), QSignalBlocker(self.second_combo):
            self.first_combo.setCurrentIndex(first)
            self.second_combo.setCurrentIndex(second)
        self.plot_widget.set_axes(layout, first, second)
        self._hub.want(CONSUMER, (first, second))
        self._send()
        self._draw_path()

    def _on_combo(self) -> None:
        first, second = self.first_combo.currentIndex(), self.second_combo.currentIndex()
        if first == second and self.pair is not None:
            # Choosing the other axis's parameter swaps the two.
            first, second = (first, self.pair[0]) if first != self.pair[0] else self.pair[::-1]
        self.set_pair(first, second)

    @Slot(object)
    def _on_selection(self, selection: Selection | None) -> None:
        if selection is None or not self.follow_check.isChecked() or self.layout_ is None:
            return
        index = selection.parameter_index(self.layout_)
        if index is None or self.pair is None or index == self.pair[0]:
            return
        second = self.pair[0] if index != self.pair[0] else self.pair[1]
        self.set_pair(index, second)

    def recompute(self) -> None:
        """Compute the surface again at the current parameters."""
        self._send(force=True)

    def set_active(self, active: bool) -> None:
        self._active = bool(active)
        self.plot_data.set_active(active)
        self._hub.want(CONSUMER, self.pair if (active and self.pair) else ())
        if active:
            self._draw_path()

    @Slot()
    def _on_history(self) -> None:
        if self._active:
            running = self._store.running
            self._path_throttle.request(now=not running)

    # --- requests and results -----------------------------------------------------------------

    def _cover(self) -> tuple[float, float, float, float] | None:
        """The bounding box of the descent path so far (None if it is not traced)."""
        if self.pair is None:
            return None
        xs, ys = self._hub.column(self.pair[0]), self._hub.column(self.pair[1])
        if xs is None or ys is None or not len(xs):
            return None
        return (float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max()))

    def _send(self, force: bool = False) -> None:
        if self.pair is None:
            return
        request = LossSurface(*self.pair, resolution=RESOLUTION, cover=self._cover())
        self.plot_data.set_request(request)
        if force:
            self.plot_data.refresh()

    @Slot(object)
    def _on_result(self, result: PlotDataReady) -> None:
        value = result.value
        if value is None:
            self.result = None
            self.plot_widget.clear_surface()
            self._say("The loss surface needs training data and two different parameters.")
            return
        if not isinstance(value, SurfaceResult) or (value.first, value.second) != self.pair:
            return
        self.result, self.shown_steps = value, result.steps
        self.plot_widget.show_result(value)
        self._caption(value, result.steps)
        self._draw_path()
        cover = self._cover()
        if cover is not None and not self._store.running:
            xs, ys = value.xs, value.ys
            x_in = xs[0] <= cover[0] and cover[1] <= xs[-1]
            y_in = ys[0] <= cover[2] and cover[3] <= ys[-1]
            if not (x_in and y_in):
                self._send()  # the path left the box: a larger one (once, not while running)

    def _draw_path(self) -> None:
        if self.pair is not None:
            xs, ys = self._hub.column(self.pair[0]), self._hub.column(self.pair[1])
            self.plot_widget.show_path(xs, ys)

    def _caption(self, value: SurfaceResult, steps: int) -> None:
        finite = value.losses[np.isfinite(value.losses)]
        low = format_number(finite.min(), 3) if finite.size else "–"
        high = format_number(finite.max(), 3) if finite.size else "–"
        name = loss_title(value.loss_name) + (
            " + L_reg, the loss minimised" if value.regularised else ""
        )
        text = (
            f"L ({name}) over the training set with every other parameter as after "
            f"update {format_count(steps)}: L = {format_number(value.current_loss, 5)} at ● "
            f"(dark {low} … light {high}, log scale)."
        )
        if value.negative_gradient is not None:
            g = value.negative_gradient
            text += f" Arrow: −∇L = ({format_number(g[0], 3)}, {format_number(g[1], 3)})."
        self._say(text)

    # --- helpers ------------------------------------------------------------------------------

    def _say(self, text: str | None) -> None:
        self.note.setText(text or "")

    def export_target(self) -> pg.PlotItem:
        return self.plot
