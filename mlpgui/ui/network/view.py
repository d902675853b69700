"""NetworkView: the QGraphicsView showing the diagram; turns clicks into selections.

Click a unit, an edge or an edge's value label to pick it (Esc picks nothing), double-click
an edge or a bias edge (or press F2 / Enter on a picked one) to type a new value, right-click
an edge for its context menu, hover for the full-precision value, Ctrl+wheel or
Ctrl+plus/minus to zoom, Ctrl+0 to fit the network into the view again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QToolTip, QWidget

from mlpgui.ui import names
from mlpgui.ui.selection import Selection

from .scene import NetworkScene

PICK_TOLERANCE_PX = 6.0
"""How far (in screen pixels) from a thin edge a click still picks it."""

READABLE_PX = 8.0
"""Unit numbers smaller than this on screen (in pixels) are hidden."""


class NetworkView(QGraphicsView):
    """Signals: ``picked(Selection | None)``, ``edit_requested(Selection, QPoint)`` (a
    position in viewport coordinates), ``context_requested(Selection, QPoint)`` (a global
    position; an edge, a bias edge or a unit that is not an input), ``focused()``,
    ``zoom_changed()``."""

    picked = Signal(object)
    edit_requested = Signal(object, QPoint)
    context_requested = Signal(object, QPoint)
    focused = Signal()
    zoom_changed = Signal()

    def __init__(
        self,
        scene: NetworkScene,
        tooltip: Callable[[Selection], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(scene, parent)
        self.setObjectName(names.NETWORK_VIEW)
        self._network = scene
        self._tooltip = tooltip
        self._auto_fit = True
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setMouseTracking(False)
        self.setToolTip("")
        self.setAccessibleName("Network diagram")
        self.viewport().installEventFilter(self)

    def set_antialiasing(self, on: bool) -> None:
        if bool(self.renderHints() & QPainter.RenderHint.Antialiasing) != on:
            self.setRenderHint(QPainter.RenderHint.Antialiasing, on)
            self.viewport().update()

    # --- zoom -----------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Screen pixels per scene unit."""
        return self.transform().m11()

    def fit(self) -> None:
        """Scale the whole network into the view (and keep doing so when it resizes)."""
        self._auto_fit = True
        rect = self._network.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit()

    def zoom_by(self, factor: float) -> None:
        new = self.zoom * factor
        if not 0.05 <= new <= 8.0:
            return
        self._auto_fit = False
        self.scale(factor, factor)
        self.zoom_changed.emit()

    def unit_labels_readable(self) -> bool:
        g = self._network.geometry
        return g is not None and g.unit_font_size * self.zoom >= READABLE_PX

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
        else:
            super().wheelEvent(event)

    # --- picking --------------------------------------------------------------------------------

    def selection_at(self, pos: QPoint) -> Selection | None:
        """The unit or edge at viewport position ``pos`` (None: empty space)."""
        if self._network.geometry is None:
            return None
        tolerance = PICK_TOLERANCE_PX / max(self.zoom, 1e-6)
        return self._network.selection_at(self.mapToScene(pos), tolerance)

    def position_of(self, selection: Selection) -> QPoint:
        """Viewport position that picks ``selection`` when clicked."""
        return self.mapFromScene(self._network.anchor(selection))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.picked.emit(self.selection_at(event.position().toPoint()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            selection = self.selection_at(pos)
            if selection is not None:
                self.picked.emit(selection)
                if selection.kind in ("w", "b"):
                    self.edit_requested.emit(selection, pos)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        selection = self.selection_at(event.pos())
        if selection is not None and (selection.kind in ("w", "b") or selection.layer > 0):
            self.picked.emit(selection)
            self.context_requested.emit(selection, event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape:
            self.picked.emit(None)
        elif key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            selection = self._network.selection
            if selection is not None and selection.kind in ("w", "b"):
                self.edit_requested.emit(selection, self.position_of(selection))
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif ctrl and key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tooltips of the viewport. (An event filter rather than a ``viewportEvent``
        override, so that painting does not run inside a Python call: Qt paints the plain
        items of the scene without the GIL, while the training thread keeps computing.)"""
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            selection = self.selection_at(event.pos())
            tip = None if selection is None else self._tooltip(selection)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return False
