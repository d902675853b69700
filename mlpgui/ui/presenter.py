"""Presenter mode (View ▸ Presenter mode, F5): the window made for a projector.

Every font grows by ``FONT_SCALE`` (the application font, the plots' axes and labels, and the
diagram and inspector through ``NetworkFeature.set_presenter``), plot lines get thicker, the
palette turns high-contrast (black text on white), and the docks shrink to the diagram, the
inspector and one plot. Leaving presenter mode restores exactly what was there before; the
window's remembered layout is never the presenter one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget

from . import names

if TYPE_CHECKING:
    from .host import FeatureHost

FONT_SCALE = 1.6
"""How much larger every font is in presenter mode (at a 1280×720 projector, more would push
the toolbar's controls into its overflow menu)."""

LINE_SCALE = 2.0
"""How much thicker the plots' lines are."""

SHOWN_DOCKS = (names.INSPECTOR_DOCK, names.OUTPUT_DOCK)
"""The docks left open in presenter mode (besides the diagram, the window's centre)."""


class PresenterMode(QObject):
    """Owns the Presenter mode action and undoes everything it changed when switched off."""

    toggled = Signal(bool)

    def __init__(self, host: FeatureHost) -> None:
        window = host.window
        super().__init__(window)
        self._host = host
        self._window = window
        self._saved_state: QByteArray | None = None
        self._saved_font: QFont | None = None
        self._saved_palette: QPalette | None = None
        self._saved_items: list[tuple[Any, str, Any]] = []
        self.action = QAction("Presenter mode", window)
        self.action.setObjectName(names.PRESENTER_ACTION)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F5"))
        tip = (
            "For a projector: larger fonts, thicker lines, high contrast, and only the diagram, "
            "the inspector and the output plot (F5 again to leave)"
        )
        self.action.setToolTip(tip + " (F5)")
        self.action.setStatusTip(tip)
        self.action.toggled.connect(self._on_toggled)
        host.store.model_changed.connect(self._on_model)

    @property
    def enabled(self) -> bool:
        return self._saved_state is not None

    def set_enabled(self, on: bool) -> None:
        """Switch presenter mode on or off (the action follows)."""
        self.action.setChecked(on)

    @Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        try:
            if on and not self.enabled:
                self._enter()
            elif not on and self.enabled:
                self._leave()
        except Exception as exc:  # nothing may escape a Qt slot
            self._host.show_message("error", f"Presenter mode failed: {exc}")
            return
        self.toggled.emit(on)

    def _enter(self) -> None:
        window, app = self._window, QApplication.instance()
        assert isinstance(app, QApplication)
        self._saved_state = window.saveState()
        self._saved_font, self._saved_palette = app.font(), app.palette()
        font = QFont(self._saved_font)
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        app.setFont(font)
        app.setPalette(_high_contrast(self._saved_palette))
        self._arrange_docks()
        self._set_network_presenter(True)
        self._scale_plots()

    def _arrange_docks(self) -> None:
        """The diagram gets the whole height on the left; the inspector and the plot share
        the right-hand column (a projector's 720 px are too few to stack diagram and plot)."""
        window = self._window
        docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
        for dock in docks.values():
            dock.setVisible(dock.objectName() in SHOWN_DOCKS)
        inspector, plot = docks.get(names.INSPECTOR_DOCK), docks.get(names.OUTPUT_DOCK)
        if inspector is None or plot is None:
            return
        right = Qt.DockWidgetArea.RightDockWidgetArea
        window.addDockWidget(right, inspector)
        window.splitDockWidget(inspector, plot, Qt.Orientation.Vertical)
        inspector.show()
        plot.show()
        height = max(400, window.height())
        window.resizeDocks(
            [inspector, plot], [height * 11 // 20, height * 9 // 20], Qt.Orientation.Vertical
        )
        window.resizeDocks([inspector], [window.width() * 2 // 5], Qt.Orientation.Horizontal)

    def _leave(self) -> None:
        window, app = self._window, QApplication.instance()
        assert isinstance(app, QApplication)
        for item, what, value in reversed(self._saved_items):
            _restore(item, what, value)
        self._saved_items = []
        self._set_network_presenter(False)
        if self._saved_font is not None:
            app.setFont(self._saved_font)
        if self._saved_palette is not None:
            app.setPalette(self._saved_palette)
        state, self._saved_state = self._saved_state, None
        if state is not None:
            window.restoreState(state)

    def _set_network_presenter(self, on: bool) -> None:
        """The diagram and the inspector scale their own texts (when that feature is in)."""
        from .network.feature import NetworkFeature

        network = self._host.feature(NetworkFeature)
        if network is not None:
            network.set_presenter(on)

    @Slot(object)
    def _on_model(self, _snapshot: object) -> None:
        if self.enabled:  # plots may have made new items (a new architecture)
            self._scale_plots()

    def _scale_plots(self) -> None:
        """Larger axis fonts and labels, thicker curves, in every plot (each item once)."""
        done = {id(item) for item, _what, _value in self._saved_items}
        for view in self._window.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if id(item) in done:
                    continue
                if isinstance(item, pg.AxisItem):
                    self._remember(item, "axis", _axis_style(item))
                    font = QFont(item.style.get("tickFont") or QApplication.font())
                    font.setPointSizeF(QApplication.font().pointSizeF())
                    item.setStyle(tickFont=font)
                    item.label.setFont(font)
                    item.setPen(pg.mkPen("k", width=max(1.0, item.pen().widthF()) * LINE_SCALE))
                    item.setTextPen(pg.mkPen("k"))
                elif isinstance(item, pg.PlotDataItem):
                    pen = item.opts.get("pen")
                    if pen is not None:
                        self._remember(item, "pen", pen)
                        scaled = pg.mkPen(pen)
                        scaled.setWidthF(max(1.0, scaled.widthF()) * LINE_SCALE)
                        item.setPen(scaled)
                elif isinstance(item, pg.LabelItem):  # legends, titles
                    self._remember(item, "label", dict(item.opts))
                    size = QApplication.font().pointSizeF()
                    item.setText(item.text, size=f"{size:.1f}pt", color="#000000")
                elif isinstance(item, pg.TextItem):
                    self._remember(item, "text", item.textItem.font())
                    font = QFont(item.textItem.font())
                    font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
                    item.setFont(font)
                done.add(id(item))

    def _remember(self, item: Any, what: str, value: Any) -> None:
        self._saved_items.append((item, what, value))


def _axis_style(axis: pg.AxisItem) -> tuple[QFont | None, QFont, Any, Any]:
    return (axis.style.get("tickFont"), QFont(axis.label.font()), axis.pen(), axis.textPen())


def _restore(item: Any, what: str, value: Any) -> None:
    try:
        if what == "axis":
            tick_font, label_font, pen, text_pen = value
            item.setStyle(tickFont=tick_font)
            item.label.setFont(label_font)
            item.setPen(pen)
            item.setTextPen(text_pen)
        elif what == "pen":
            item.setPen(value)
        elif what == "text":
            item.setFont(value)
        elif what == "label":
            item.opts = value
            item.setText(item.text)
    except RuntimeError:
        pass  # the item was deleted meanwhile (a plot rebuilt itself)


DISABLED_TEXT = "#8c8c8c"
"""Presenter mode's text of disabled controls: readable, and clearly not black."""


def _high_contrast(base: QPalette) -> QPalette:
    """Black text on white, a strong blue for selections, grey for what is disabled."""
    palette = QPalette(base)
    black, white = QColor("#000000"), QColor("#ffffff")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        palette.setColor(role, black)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window, QPalette.ColorRole.Button):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#0033cc"))
    palette.setColor(QPalette.ColorRole.HighlightedText, white)
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe0"))
    # Greyed out stays greyed out: Pause while paused, Latest at the latest update.
    disabled = QColor(DISABLED_TEXT)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette
