"""SurfaceView: the drawing of the loss surface — heatmap, contours, descent path, current
point, the −∇L arrow and the hover readout. It only draws what a SurfaceResult holds; the
LossSurfacePlot around it decides what to compute and when."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from mlpgui.core import ParameterLayout
from mlpgui.core.plot_data_surface import SurfaceResult
from mlpgui.ui.formatting import format_number

from . import style
from .labels import parameter_html

ARROW_FRACTION = 0.3
"""The gradient arrow's length, as a fraction of the surface's half-width (on screen)."""
PATH_POINTS = 2_000
"""At most this many points of the descent path are drawn (evenly spread, plus the last)."""
AXIS_LABEL_STYLE = {"font-size": "12pt", "color": style.TEXT}


class SurfaceView(pg.PlotWidget):
    """A plot of one SurfaceResult and of the descent path of its two parameters."""

    def __init__(self) -> None:
        super().__init__(background=style.BACKGROUND)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # bilinear heatmap
        plot = self.plot = self.getPlotItem()
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        plot.disableAutoRange()
        self.result: SurfaceResult | None = None
        self.layout_: ParameterLayout | None = None
        self.image = pg.ImageItem(axisOrder="row-major")
        self.contours = pg.PlotCurveItem(pen=style.CONTOUR_PEN, connect="pairs")
        self.path = pg.PlotDataItem(pen=style.PATH_PEN)
        self.start = pg.ScatterPlotItem(
            size=10, pen=pg.mkPen(style.PATH_PEN.color(), width=2), brush=pg.mkBrush("w")
        )
        self.current = pg.ScatterPlotItem(
            size=11, pen=pg.mkPen("#111111", width=1.5), brush=pg.mkBrush(style.ARROW_COLOR)
        )
        self.arrow_line = pg.PlotCurveItem(pen=pg.mkPen(style.ARROW_COLOR, width=2))
        self.arrow_head = pg.ArrowItem(
            headLen=14, tipAngle=30, tailLen=0, pen=pg.mkPen("#111111", width=1),
            brush=pg.mkBrush(style.ARROW_COLOR),
        )  # fmt: skip
        for item in (self.image, self.contours, self.path, self.arrow_line):
            plot.addItem(item)
        for item in (self.start, self.current, self.arrow_head):
            plot.addItem(item, ignoreBounds=True)
        self.arrow_head.hide()
        self.readout = pg.TextItem(anchor=(0, 1), color="#111111", fill=pg.mkBrush("#ffffffdd"))
        self.readout.setZValue(20)
        plot.addItem(self.readout, ignoreBounds=True)
        self.readout.hide()
        self._mouse = pg.SignalProxy(
            plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        plot.vb.sigTransformChanged.connect(self._orient_arrow)
        self.setToolTip(
            "L with every other parameter fixed (log colour scale: dark = low). Red: the path "
            "of these two parameters under gradient descent; white arrow: −∇L."
        )

    def set_axes(self, layout: ParameterLayout, first: int, second: int) -> None:
        """Label the axes with the two parameters' names."""
        self.layout_ = layout
        self.plot.setLabel("bottom", parameter_html(layout, first), **AXIS_LABEL_STYLE)
        self.plot.setLabel("left", parameter_html(layout, second), **AXIS_LABEL_STYLE)

    def show_result(self, value: SurfaceResult) -> None:
        """Draw the surface, its contours, the current point and the −∇L arrow."""
        self.result = value
        xs, ys = value.xs, value.ys
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        pixels = style.colorize(value.shade, 0.0, 1.0, style.SURFACE_LUT)
        self.image.setImage(pixels, autoLevels=False, levels=None)
        self.image.setRect(rect)  # after setImage: the image's size counts
        lines = [c for c in value.contours if len(c)]
        if lines:
            joined = np.concatenate(lines)
            self.contours.setData(joined[:, 0], joined[:, 1])
        else:
            self.contours.setData([], [])
        self.current.setData([value.current[0]], [value.current[1]])
        self.plot.vb.setRange(rect=rect, padding=0)
        self._draw_arrow(value)

    def show_path(self, xs: np.ndarray | None, ys: np.ndarray | None) -> None:
        """Draw the descent path (θ_p, θ_q after each update, from the start)."""
        if xs is None or ys is None or not len(xs):
            self.path.setData([], [])
            self.start.setData([], [])
            return
        if len(xs) > PATH_POINTS:
            # Every k-th point and the newest: a long path stays cheap to draw.
            every = np.arange(0, len(xs), len(xs) // PATH_POINTS + 1)
            keep = np.unique(np.r_[every, len(xs) - 1])
            self.path.setData(xs[keep], ys[keep])
        else:
            self.path.setData(xs, ys)
        self.start.setData([xs[0]], [ys[0]])

    def clear_surface(self) -> None:
        self.result = None
        self.image.clear()
        self.contours.setData([], [])
        self.current.setData([], [])
        self.arrow_line.setData([], [])
        self.arrow_head.hide()

    # --- the arrow ----------------------------------------------------------------------------

    def _draw_arrow(self, value: SurfaceResult) -> None:
        g = value.negative_gradient
        half_x = (value.xs[-1] - value.xs[0]) / 2
        half_y = (value.ys[-1] - value.ys[0]) / 2
        size = math.nan if g is None else math.hypot(g[0] / half_x, g[1] / half_y)
        if g is None or not math.isfinite(size) or size == 0:
            self.arrow_line.setData([], [])
            self.arrow_head.hide()
            return
        # Along −∇L exactly, about ARROW_FRACTION of the half-width long on screen.
        scale = ARROW_FRACTION / size
        x0, y0 = value.current
        tip = (x0 + scale * g[0], y0 + scale * g[1])
        self.arrow_line.setData([x0, tip[0]], [y0, tip[1]])
        self.arrow_head.setPos(*tip)
        self.arrow_head.show()
        self._orient_arrow()

    def _orient_arrow(self) -> None:
        """Point the arrow head along the line on screen (axes may be scaled unequally)."""
        x, y = self.arrow_line.getData()
        if x is None or len(x) != 2:
            return
        vb = self.plot.vb
        tail = vb.mapViewToScene(QPointF(float(x[0]), float(y[0])))
        tip = vb.mapViewToScene(QPointF(float(x[1]), float(y[1])))
        dx, dy = tip.x() - tail.x(), tip.y() - tail.y()
        if dx == 0 and dy == 0:
            return
        self.arrow_head.setStyle(angle=math.degrees(math.atan2(-dy, -dx)))

    # --- hover readout ------------------------------------------------------------------------

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        value, layout, position = self.result, self.layout_, event[0]
        if (
            value is None
            or layout is None
            or not self.plot.vb.sceneBoundingRect().contains(position)
        ):
            self.readout.hide()
            return
        point = self.plot.vb.mapSceneToView(position)
        c = _nearest(value.xs, point.x())
        r = _nearest(value.ys, point.y())
        self.readout.setHtml(
            f"{parameter_html(layout, value.first)} = {format_number(value.xs[c], 4)}, "
            f"{parameter_html(layout, value.second)} = {format_number(value.ys[r], 4)}: "
            f"L = {format_number(value.losses[r, c], 5)}"
        )
        self.readout.setPos(point)
        self.readout.show()


def _nearest(grid: np.ndarray, value: float) -> int:
    """The index of the grid value nearest to ``value`` (grid increasing)."""
    k = int(np.clip(np.searchsorted(grid, value), 1, len(grid) - 1))
    return k - 1 if value - grid[k - 1] <= grid[k] - value else k
