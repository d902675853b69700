"""HiddenUnitsPlot (``hiddenUnitsPlot``): what every unit computes over the input space.

Small multiples, one row per layer: each hidden unit's activation a_i^(l) — a curve over x
for one input, a heatmap over (x₁, x₂) for two — and the output units last, so students see
how squashed lines combine into the network's function (as TensorFlow Playground's neuron
thumbnails, for every layer). Click a thumbnail to select its unit.

All thumbnails live in one view (one coordinate system, unit-sized cells, aspect locked), so a
repaint is one pass and building them is cheap even for wide layers. The worker computes the
responses; this widget only places and draws them, at most every ``REDRAW_SECONDS`` while
training runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Slot
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from mlpgui.core.plot_data_hidden import HiddenResponses, ResponsesResult
from mlpgui.ui import names
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelSnapshot, PlotDataReady

from . import style
from .plot_data_client import PlotDataClient
from .ranges import padded_range
from .throttle import Throttle

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

VIEW_NAME = "plots.hidden"
MAX_UNITS_SHOWN = 32
"""Units drawn per layer; wider layers show their first ones and say so."""
MAX_COLUMNS = 8
REDRAW_SECONDS = 1 / 5
GRID_RESOLUTION = 40
CURVE_POINTS = 120
CURVE_CELL_WIDTH = 2.0
"""Curve thumbnails are twice as wide as high; heatmaps are square."""
GAP = 0.15
TITLE_ROOM = 0.45
"""Cells are 1 unit high; gaps and title rooms are multiples of 1/40 and 1/20, so that with
GRID_RESOLUTION pixels per unit the heatmaps sit exactly on the mosaic's pixels."""
TOP_ROOM = 0.3
LABEL_ROOM = 1.3


def unit_title(layer: int, unit: int, output_layer: bool, outputs: int) -> str:
    """The lecture's name of unit ``unit`` (0-based) of layer ``layer`` (1-based), as HTML."""
    if output_layer:
        return "y" if outputs == 1 else f"y<sub>{unit + 1}</sub>"
    return f"a<sub>{unit + 1}</sub><sup>({layer})</sup>"


class _Cell:
    """One thumbnail occupying ``rect`` of the canvas, with a frame: a curve (one input), or a
    block of the shared heatmap mosaic (two inputs; ``slot`` = its first pixel row and
    column there)."""

    def __init__(self, view: pg.ViewBox, rect: QRectF, slot: tuple[int, int] | None) -> None:
        self.rect = rect
        self.slot = slot
        self.values: np.ndarray | None = None
        """The activations drawn last (a grid, or a curve's values)."""
        self.curve: pg.PlotCurveItem | None = None
        self.zero: pg.PlotCurveItem | None = None
        if slot is None:
            self.zero = pg.PlotCurveItem(pen=style.ZERO_PEN)
            self.curve = pg.PlotCurveItem(pen=style.UNIT_PEN)
            view.addItem(self.zero)
            view.addItem(self.curve)
        self.frame = QGraphicsRectItem(rect)
        self.frame.setPen(style.FRAME_PEN)
        self.frame.setZValue(5)
        view.addItem(self.frame)

    def show_grid(self, mosaic: np.ndarray, values: np.ndarray, low: float, high: float) -> None:
        """Paint ``values`` (rows = second input, upwards) into this cell's mosaic block."""
        assert self.slot is not None
        row, column = self.slot
        rows, columns = values.shape
        mosaic[row : row + rows, column : column + columns] = style.colorize(
            values, low, high, style.HIDDEN_LUT
        )
        self.values = values

    def show_curve(self, xs: np.ndarray, values: np.ndarray, low: float, high: float) -> None:
        """Draw a(x) with x in [xs[0], xs[-1]] and a in [low, high] filling the cell (a
        display transform maps data to the cell; the data are drawn as they are)."""
        assert self.curve is not None and self.zero is not None
        span_x = float(xs[-1] - xs[0]) or 1.0
        span_y = (high - low) * 1.12 or 1.0
        bottom = low - 0.06 * (high - low)
        r = self.rect
        transform = QTransform()
        transform.translate(r.x(), r.y())
        transform.scale(r.width() / span_x, r.height() / span_y)
        transform.translate(-float(xs[0]), -bottom)
        self.curve.setTransform(transform)
        self.curve.setData(xs, values)
        self.zero.setTransform(transform)
        if low < 0 < high:
            self.zero.setData([float(xs[0]), float(xs[-1])], [0.0, 0.0])
        else:
            self.zero.setData([], [])
        self.values = values

    def set_highlight(self, on: bool) -> None:
        self.frame.setPen(style.SELECTED_FRAME_PEN if on else style.FRAME_PEN)


class HiddenUnitsPlot(QWidget):
    """Every unit's response over the input space (see the module docstring)."""

    def __init__(self, host: FeatureHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.HIDDEN_UNITS_PLOT)
        self.setToolTip("What every unit computes over the input space; click one to select it")
        self._store = host.store
        self.plot_data = PlotDataClient(host, VIEW_NAME, self)
        self.plot_data.result_ready.connect(self._on_result)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(style.BACKGROUND)
        self.graphics.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.canvas = self.graphics.ci.addViewBox(lockAspect=True, enableMouse=False)
        self.canvas.setDefaultPadding(0.01)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        self.note = QLabel()
        self.note.setObjectName(names.HIDDEN_UNITS_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.NOTE}; padding: 2px 6px;")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.note)

        self.cells: dict[tuple[int, int], _Cell] = {}
        """Thumbnails by (layer 1..L, unit 0-based)."""
        self.mosaic = pg.ImageItem(axisOrder="row-major")
        """All heatmap thumbnails, as one image (two inputs)."""
        self._pixels: np.ndarray | None = None
        self._mosaic_rect = QRectF()
        self.shown_steps: int | None = None
        self._structure: tuple[object, ...] | None = None
        self._pending: ResponsesResult | None = None
        self._pending_steps: int | None = None
        self._selected: tuple[int, int] | None = None
        self._throttle = Throttle(REDRAW_SECONDS, self._draw, self)
        host.store.model_changed.connect(self.show_model)
        host.store.selection_changed.connect(self._on_selection)
        snapshot = host.store.snapshot
        if snapshot is not None:
            self.show_model(snapshot)

    # --- model --------------------------------------------------------------------------------

    @Slot(object)
    def show_model(self, snapshot: ModelSnapshot) -> None:
        """Ask for responses over the data's input range."""
        n_in = snapshot.setup.raw_input_dim  # drawn over the raw inputs (features are derived)
        data = snapshot.dataset
        if n_in > 2:
            self.plot_data.set_request(None)
            self._clear()
            self._say(
                f"Unit responses are drawn for networks with one or two inputs; this one "
                f"has {n_in}."
            )
            return
        inputs = data.inputs if data.input_dim == n_in else np.empty((0, n_in))
        if snapshot.test_dataset is not None and snapshot.test_dataset.input_dim == n_in:
            inputs = np.vstack([inputs, snapshot.test_dataset.inputs])
        x_low, x_high = padded_range(inputs[:, 0], pad=0.05 if n_in == 1 else 0.15)
        if n_in == 1:
            request = HiddenResponses(x_low, x_high, points=CURVE_POINTS)
        else:
            y_low, y_high = padded_range(inputs[:, 1], pad=0.15)
            request = HiddenResponses(
                x_low, x_high, y_low, y_high, resolution=GRID_RESOLUTION
            )  # fmt: skip
        self.plot_data.set_request(request)

    # --- results ------------------------------------------------------------------------------

    @Slot(object)
    def _on_result(self, result: PlotDataReady) -> None:
        value = result.value
        if not isinstance(value, ResponsesResult):
            return
        self._pending, self._pending_steps = value, result.steps
        self._throttle.request(now=not self._store.running)

    def _draw(self) -> None:
        value, self._pending = self._pending, None
        if value is None:
            return
        two_d = value.ys is not None
        sizes = tuple(layer.shape[-1] for layer in value.layers)
        structure = (two_d, sizes, value.activations)
        if structure != self._structure:
            self._build(value, two_d, sizes)
        for (layer, unit), cell in self.cells.items():
            data = value.layers[layer - 1]
            low, high = value.ranges[layer - 1]
            if two_d and self._pixels is not None:
                cell.show_grid(self._pixels, data[:, :, unit], low, high)
            else:
                cell.show_curve(value.xs, data[:, unit], low, high)
        if two_d and self._pixels is not None:
            self.mosaic.setImage(self._pixels, autoLevels=False, levels=None)
            self.mosaic.setRect(self._mosaic_rect)  # after setImage: the image's size counts
        self.shown_steps = self._pending_steps

    def _build(self, value: ResponsesResult, two_d: bool, sizes: tuple[int, ...]) -> None:
        """Place one cell per shown unit: rows of layers, top to bottom. With two inputs the
        heatmaps are blocks of one image (the mosaic): one item to update and to paint."""
        self._clear()
        self._structure = (two_d, sizes, value.activations)
        width = 1.0 if two_d else CURVE_CELL_WIDTH
        resolution = value.layers[0].shape[0] if two_d else 0  # pixels per unit of the canvas
        cells: list[tuple[tuple[int, int], QRectF]] = []
        columns = min(max(sizes), MAX_COLUMNS)
        top = 0.0
        more = []
        for layer, size in enumerate(sizes, start=1):
            output = layer == len(sizes)
            shown = min(size, MAX_UNITS_SHOWN)
            if shown < size:
                more.append(f"layer {layer}: first {shown} of {size} units")
            rows = (shown + columns - 1) // columns
            caption = "output" if output else f"layer {layer}"
            label = pg.TextItem(
                html=f"<div style='text-align:right; color:{style.TEXT}'>{caption}<br>"
                f"<span style='color:{style.NOTE}'>{value.activations[layer - 1]}</span></div>",
                anchor=(1, 0.5),
            )
            label.setPos(-0.1, top - TITLE_ROOM - 0.5)
            self.canvas.addItem(label)
            for unit in range(shown):
                row, column = divmod(unit, columns)
                y = top - TITLE_ROOM - 1.0 - row * (1.0 + TITLE_ROOM + GAP)
                rect = QRectF(column * (width + GAP), y, width, 1.0)
                cells.append(((layer, unit), rect))
                title = pg.TextItem(
                    html=f"<span style='color:{style.TEXT}'>"
                    f"{unit_title(layer, unit, output, size)}</span>",
                    anchor=(0.5, 1),
                )
                title.setPos(rect.center().x(), y + 1.0)
                self.canvas.addItem(title)
            top -= rows * (1.0 + TITLE_ROOM + GAP) + GAP
        right = columns * (width + GAP)
        if two_d:
            bottom = min(rect.y() for _, rect in cells)
            height = round((-TITLE_ROOM - bottom) * resolution)
            self._pixels = np.full((height, round(right * resolution), 4), 255, dtype=np.uint8)
            self._mosaic_rect = QRectF(0.0, bottom, right, height / resolution)
            self.mosaic = pg.ImageItem(axisOrder="row-major")
            self.mosaic.setZValue(-1)  # under the titles and frames
            self.canvas.addItem(self.mosaic)
        for key, rect in cells:
            slot = None
            if two_d:
                slot = (round((rect.y() - bottom) * resolution), round(rect.x() * resolution))
            self.cells[key] = _Cell(self.canvas, rect, slot)
        self.canvas.setRange(
            QRectF(-LABEL_ROOM, top, right + LABEL_ROOM, TOP_ROOM - top), padding=0.02
        )
        self._say("Showing " + "; ".join(more) + "." if more else None)
        self._highlight()

    def _clear(self) -> None:
        self.canvas.clear()
        self._pixels = None
        self.cells = {}
        self._structure = None
        self.shown_steps = None

    # --- selection ----------------------------------------------------------------------------

    @Slot(object)
    def _on_selection(self, selection: Selection | None) -> None:
        if selection is not None and selection.kind == "unit" and selection.layer > 0:
            self._selected = (selection.layer, selection.i)
        else:
            self._selected = None
        self._highlight()

    def _highlight(self) -> None:
        for key, cell in self.cells.items():
            cell.set_highlight(key == self._selected)

    def _on_click(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        if not self.canvas.sceneBoundingRect().contains(position):
            return
        point: QPointF = self.canvas.mapSceneToView(position)
        for (layer, unit), cell in self.cells.items():
            if cell.rect.contains(point):
                self._store.select(Selection("unit", layer, unit))
                return

    # --- helpers ------------------------------------------------------------------------------

    def _say(self, text: str | None) -> None:
        self.note.setVisible(bool(text))
        self.note.setText(text or "")

    def set_active(self, active: bool) -> None:
        self.plot_data.set_active(active)

    def export_target(self) -> pg.GraphicsLayout:
        return self.graphics.ci
