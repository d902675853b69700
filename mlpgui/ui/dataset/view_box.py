"""The Dataset plot's graphics items: a scatter that leaves clicks to the view box, and the
view box whose clicks and drags edit points through its DatasetPlot. GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent, MouseDragEvent
from PySide6.QtCore import Qt

from mlpgui.ui.plots.fast_scatter import FastScatter

from .guard import guarded

if TYPE_CHECKING:
    from .plot import DatasetPlot


class PassiveScatter(FastScatter):
    """A scatter that leaves every click to the view box (which knows about editing)."""

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        ev.ignore()


class DrawingViewBox(pg.ViewBox):
    """A ViewBox whose left clicks and drags edit points (through its ``plot``); dragging
    empty space still pans, the wheel zooms, a right-click on empty space opens the menu."""

    def __init__(self) -> None:
        super().__init__(enableMenu=True)
        self.plot: DatasetPlot | None = None
        self._dragged: int | None = None

    def report_error(self, text: str) -> None:
        if self.plot is not None:
            self.plot.report_error(text)

    @guarded()
    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        if self.plot is not None and self.plot.handle_click(ev, self.mapToView(ev.pos())):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    @guarded()
    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        plot = self.plot
        if plot is None or ev.button() != Qt.MouseButton.LeftButton or axis is not None:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._dragged = plot.hit(self.mapToView(ev.buttonDownPos()))
            if self._dragged is not None:
                plot.drag_started.emit(self._dragged)
        if self._dragged is None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        point = self.mapToView(ev.pos())
        if ev.isFinish():
            row, self._dragged = self._dragged, None
            plot.drag_finished.emit(row, point.x(), point.y())
        else:
            plot.drag_moved.emit(self._dragged, point.x(), point.y())
