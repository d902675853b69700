"""DatasetPlot: the data as points you can draw with, and the network's output over them.

1 input: points (x, t) and the output curve y(x). 2 inputs: points (x1, x2) coloured by class,
over the network's decision regions. Click on empty space to add a point, drag a point to move
it, right-click it to remove it; Ctrl+click selects more than one. The plot only emits
requests; the editor makes the new data and sends it back through ``show_data``.

Large data stay light: each look (class colour × training/test) is one ScatterPlotItem fed with
arrays, and beyond SAMPLE_LIMIT rows only a deterministic sample of them is drawn (and can be
clicked), with a note saying so (``sample_label``). Every mouse handler is guarded.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from mlpgui.core.plot_data import SAMPLE_LIMIT, CurveResult, GridResult, sample_rows
from mlpgui.ui import names
from mlpgui.ui.plots.ranges import beyond_limit, drawable, finite_mean, points_note

from . import style
from .document import EditorData
from .view_box import DrawingViewBox, PassiveScatter

HIT_PIXELS = 8.0
"""A click within this many pixels of a point hits it."""


TITLE_SCALE = 8 / 9
"""The legend line's font size over the application's (8 pt beside 9 pt; a fixed 8 pt stayed
tiny in presenter mode when an exercise's note replaced the line)."""


class DatasetPlot(pg.PlotWidget):
    """The editable scatter plot (objectName ``datasetPlot``).

    Signals:
        add_requested(float, float, bool): a click on empty space at data coordinates
            (x, y); True with Shift held (add a point of the other class).
        remove_requested(int): a right-click on the point of row ``row``.
        select_requested(list[int], bool): rows clicked; True to add them to the selection.
        drag_started(int), drag_moved(int, float, float), drag_finished(int, float, float):
            the point of a row is dragged to (x, y).
        error_reported(str): a sentence for the user (see guard.py).
    """

    add_requested = Signal(float, float, bool)
    remove_requested = Signal(int)
    select_requested = Signal(list, bool)
    drag_started = Signal(int)
    drag_moved = Signal(int, float, float)
    drag_finished = Signal(int, float, float)
    error_reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.view_box = DrawingViewBox()
        super().__init__(parent, background="w", viewBox=self.view_box)
        self.view_box.plot = self
        self.setObjectName(names.DATASET_PLOT)
        # Scale the coarse grid of decision regions up smoothly instead of in blocks.
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setMinimumSize(220, 200)
        item = self.getPlotItem()
        item.hideButtons()
        for side in ("left", "bottom"):
            item.getAxis(side).enableAutoSIPrefix(False)
        self.view_box.disableAutoRange()
        self.mode = "none"  # "curve" (1 input), "plane" (2 inputs) or "none"
        self._xs = self._ys = np.empty(0)  # every row's point (views of the data, no copies)
        self._drawn: np.ndarray | None = None  # the rows drawn (None: all)
        self.sample_label = QLabel()  # the editor puts it under the plot
        self.sample_label.setObjectName(names.DATASET_SAMPLE_NOTE)
        self.sample_label.setStyleSheet("color: #555; padding: 1px 4px;")
        self.sample_label.hide()
        self._selected: list[int] = []
        self._labels = ("", "")

        self.regions = pg.ImageItem(axisOrder="row-major")
        self.regions.setZValue(-10)
        item.addItem(self.regions, ignoreBounds=True)
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(style.CURVE_COLOUR, width=2))
        self.curve.setZValue(5)
        item.addItem(self.curve, ignoreBounds=True)
        # One scatter per look (class colour × training/test): plain arrays per item draw 100k
        # points far faster than per-point pens and brushes.
        self._scatters: dict[tuple[str, bool], PassiveScatter] = {}
        self.selection = PassiveScatter(
            size=style.SELECTION_SIZE,
            pen=pg.mkPen(style.SELECTION_COLOUR, width=2),
            brush=None,
            pxMode=True,
        )
        self.selection.setZValue(11)
        item.addItem(self.selection)
        self.message = pg.TextItem(color="#555", anchor=(0.5, 0.5))
        item.addItem(self.message, ignoreBounds=True)
        self.message.hide()
        self._grid_levels: tuple[float, float] | None = None
        self._legend_key: tuple[str, bool] = ("", False)
        self.legend_text = ""
        self._legend_parts: list[str] = []  # the data's markers
        self._output_part: str | None = None  # the network's y(x), when it is a curve
        self.output_note: str | None = None  # why the network's output is not drawn
        self.setToolTip(
            "Click to add a point (Shift+click: the other class), drag a point to move it, "
            "right-click a point to remove it; Ctrl+click selects several. Wheel: zoom; drag "
            "empty space: pan."
        )

    # --- data ---------------------------------------------------------------------------------

    def report_error(self, text: str) -> None:
        self.error_reported.emit(text)

    def show_data(self, data: EditorData) -> None:
        """Draw every row (a sample of them beyond SAMPLE_LIMIT): training points filled,
        test points hollow."""
        dataset = data.dataset
        mode = {1: "curve", 2: "plane"}.get(dataset.input_dim, "none")
        if mode != self.mode:
            self.mode = mode
            self.view_box.setAspectLocked(mode == "plane")
            self.clear_output()
        if mode == "none":
            self._xs = self._ys = np.empty(0)
            self._drawn = None
            self._show_sample_note(0, 0)
            self._show_points(np.empty(0, np.intp), np.zeros(0, bool), [])
            self.message.setText(
                f"{dataset.input_dim} inputs: edit this dataset in the table "
                "(the plot shows data with 1 or 2 inputs)"
            )
            self.message.setPos(0.5, 0.5)
            self.view_box.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            self.message.show()
            self._show_selection()
            return
        self.message.hide()
        if mode == "curve":
            self._xs, self._ys = dataset.inputs[:, 0], dataset.targets[:, 0]
            self._set_labels(dataset.input_names[0], f"{dataset.target_names[0]}, network y")
            colours = np.zeros(len(dataset), np.intp)
            palette = [style.REGRESSION_COLOUR]
        else:
            self._xs, self._ys = dataset.inputs[:, 0], dataset.inputs[:, 1]
            self._set_labels(dataset.input_names[0], dataset.input_names[1])
            labels = dataset.class_labels()
            if labels is None:
                colours = np.zeros(len(dataset), np.intp)
                palette = [style.UNLABELLED_COLOUR]
            else:
                colours = labels
                palette = [style.class_colour(k) for k in range(dataset.class_count)]
        colour = palette[0] if mode == "curve" else style.UNLABELLED_COLOUR
        self._show_legend(mode, bool(data.test_rows.any()), colour)
        test = data.test_rows
        self._drawn = sample_rows(len(dataset), SAMPLE_LIMIT)
        if self._drawn is not None:
            colours, test = colours[self._drawn], test[self._drawn]
        self._show_sample_note(len(colours), len(dataset))
        self._show_points(colours, test, palette)
        self._show_selection()

    def _drawn_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the drawn points, in the order of ``self._drawn`` (clipped to what
        pyqtgraph can handle: see ``drawable``)."""
        if self._drawn is None:
            return drawable(self._xs), drawable(self._ys)
        return drawable(self._xs[self._drawn]), drawable(self._ys[self._drawn])

    def _show_sample_note(self, drawn: int, total: int) -> None:
        """Say when only a sample is drawn, or when points lie beyond what can be drawn."""
        beyond = beyond_limit(self._xs, self._ys) if total else 0
        text = points_note(drawn, total, beyond, "; the table has every row")
        self.sample_label.setVisible(bool(text))
        self.sample_label.setText(text)

    def _show_points(self, colours: np.ndarray, test: np.ndarray, palette: list[str]) -> None:
        """Drawn point k in palette[colours[k]], hollow where ``test[k]``: one scatter item
        per look, fed with plain arrays (no per-point pens, brushes or spot objects)."""
        xs, ys = self._drawn_xy()
        shown: set[tuple[str, bool]] = set()
        for k, colour in enumerate(palette):
            in_colour = colours == k
            for hollow in (False, True):
                mask = in_colour & (test if hollow else ~test)
                if not mask.any():
                    continue
                key = (colour, hollow)
                shown.add(key)
                self._scatter(key).setData(x=xs[mask], y=ys[mask])
        for key, scatter in self._scatters.items():
            if key not in shown and len(scatter.data):
                scatter.setData([], [])

    def _scatter(self, key: tuple[str, bool]) -> PassiveScatter:
        scatter = self._scatters.get(key)
        if scatter is None:
            colour, hollow = key
            pen, brush = style.point_styles(colour)[1 if hollow else 0]
            scatter = PassiveScatter(size=style.POINT_SIZE, pen=pen, brush=brush, pxMode=True)
            scatter.setZValue(10)
            self.getPlotItem().addItem(scatter)
            self._scatters[key] = scatter
        return scatter

    def drawn_points(self, hollow: bool | None = None) -> np.ndarray:
        """(k, 2) the positions drawn (only the hollow test points, or only the filled
        training points, if ``hollow`` is given), sorted — for tests and checks."""
        parts = [
            np.column_stack(s.getData())
            for (_, is_hollow), s in self._scatters.items()
            if hollow is None or is_hollow == hollow
        ]
        points = np.concatenate(parts) if parts else np.empty((0, 2))
        return points[np.lexsort(points.T[::-1])] if len(points) else points

    def _show_legend(self, mode: str, tests: bool, colour: str) -> None:
        """Explain the markers in a line above the plot (a legend inside it would cover
        points and catch the mouse): filled training points, hollow test points, y(x)."""
        if (mode, tests) == self._legend_key:
            return
        self._legend_key = (mode, tests)
        parts = []
        if mode == "curve":
            parts.append(f"<span style='color:{colour}'>●</span> training data t")
        if tests:
            parts.append(f"<span style='color:{colour}'>○</span> test data")
        self._legend_parts = parts
        self._output_part = (
            f"<span style='color:{style.CURVE_COLOUR}'>━</span> network y(x)"
            if mode == "curve"
            else None
        )
        self.legend_text = "&nbsp;&nbsp;&nbsp;".join(self._title_parts(None))
        self._show_title()

    def _title_parts(self, note: str | None) -> list[str]:
        """The legend's entries; with an output note, the note in place of y(x)."""
        output = note or self._output_part
        return self._legend_parts + ([output] if output else [])

    def _show_title(self) -> None:
        """The legend line above the plot (with the output note, if any)."""
        parts = self._title_parts(self.output_note)
        item = self.getPlotItem()
        if parts:
            points = QApplication.font().pointSizeF()  # larger in presenter mode
            size = (points if points > 0 else 9.0) * TITLE_SCALE
            item.setTitle("&nbsp;&nbsp;&nbsp;".join(parts), size=f"{size:.1f}pt", color="#333")
        else:
            item.setTitle(None)

    def _set_labels(self, bottom: str, left: str) -> None:
        if self._labels != (bottom, left):
            self._labels = (bottom, left)
            item = self.getPlotItem()
            item.setLabel("bottom", bottom)
            item.setLabel("left", left)

    def show_selection(self, rows: list[int]) -> None:
        """Ring the points of these rows."""
        self._selected = rows
        self._show_selection()

    def _show_selection(self) -> None:
        rows = [r for r in self._selected if r < len(self._xs)]
        if rows:
            self.selection.setData(x=drawable(self._xs[rows]), y=drawable(self._ys[rows]))
        else:
            self.selection.setData([], [])

    def set_ranges(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        self.view_box.setRange(xRange=x_range, yRange=y_range, padding=0.02)

    # --- the network's output -----------------------------------------------------------------

    def show_curve(self, result: CurveResult) -> None:
        """y(x) of the network's first output (non-finite values leave gaps)."""
        self.curve.setData(drawable(result.x), drawable(result.outputs[:, 0]), connect="finite")
        self.curve.show()

    def show_grid(self, result: GridResult) -> None:
        """The decision regions: y of a single output in [0, 1], else the arg-max class. An
        output that is flat up to rounding is drawn as one colour (its mean), not as noise."""
        outputs = result.outputs
        if outputs.shape[2] == 1:
            image, levels, lut = outputs[:, :, 0], (0.0, 1.0), style.binary_lut()
            if result.flat:
                image = np.full(image.shape, finite_mean(image))
        else:
            count = outputs.shape[2]
            if result.flat:
                means = [finite_mean(outputs[:, :, k]) for k in range(count)]
                image = np.full(outputs.shape[:2], float(np.argmax(means)))
            else:
                image = np.argmax(outputs, axis=2).astype(np.float64)
            levels, lut = (0.0, float(count - 1)), style.classes_lut(count)
        if self._grid_levels != levels:
            self._grid_levels = levels
            self.regions.setLookupTable(lut, update=False)
        self.regions.setImage(image, levels=levels, autoLevels=False)
        xs, ys = result.xs, result.ys
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        self.regions.setRect(
            QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        )
        self.regions.show()

    def clear_output(self) -> None:
        self.curve.hide()
        self.regions.hide()

    def set_output_note(self, note: str | None) -> None:
        """Say above the plot why the network's output is not drawn (None: no note)."""
        if note != self.output_note:
            self.output_note = note
            self._show_title()

    # --- mouse (called by the view box) -------------------------------------------------------

    def hit(self, point: QPointF) -> int | None:
        """The row whose drawn point lies within HIT_PIXELS of ``point`` (data coordinates);
        points left out of a sample cannot be hit (they are not drawn)."""
        xs, ys = self._drawn_xy()
        if not len(xs) or self.mode == "none":
            return None
        width, height = self.view_box.viewPixelSize()
        if not (width > 0 and height > 0):
            return None
        with np.errstate(over="ignore", invalid="ignore"):  # points at ±1e308
            dx = (xs - point.x()) / width
            dy = (ys - point.y()) / height
            distances = dx * dx + dy * dy
        if not np.isfinite(distances).any():
            return None
        k = int(np.nanargmin(np.where(np.isfinite(distances), distances, np.inf)))
        if not distances[k] <= HIT_PIXELS**2:
            return None
        return k if self._drawn is None else int(self._drawn[k])

    def handle_click(self, ev: MouseClickEvent, point: QPointF) -> bool:
        """Add, select or remove; False leaves the click to the view box (its menu)."""
        if self.mode == "none":
            return False
        row = self.hit(point)
        modifiers = ev.modifiers()
        button = ev.button()
        if button == Qt.MouseButton.RightButton:
            if row is None:
                return False
            self.remove_requested.emit(row)
            return True
        if button != Qt.MouseButton.LeftButton:
            return False
        if row is not None:
            self.select_requested.emit([row], bool(modifiers & Qt.KeyboardModifier.ControlModifier))
        else:
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            self.add_requested.emit(point.x(), point.y(), shift)
        return True

    def to_widget(self, x: float, y: float) -> QPointF:
        """Where data point (x, y) is in the viewport's pixel coordinates (for tests)."""
        return self.mapFromScene(self.view_box.mapViewToScene(QPointF(x, y)))
