"""Where the Exercise dock goes: below the inspector when it first appears, and between the
inspector and the (covered) Output plot in presenter mode. GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from mlpgui.ui import names

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


def place_dock(host: FeatureHost, dock: QDockWidget) -> None:
    """Show the Exercise dock where it belongs now: for presenter mode when it is on."""
    action = host.window.findChild(QAction, names.PRESENTER_ACTION)
    if action is not None and action.isChecked():
        show_in_presenter_mode(host, dock)
    else:
        show_dock(host, dock)


def show_in_presenter_mode(host: FeatureHost, dock: QDockWidget) -> None:
    """Presenter mode shows only the inspector and the output plot: put the Exercise dock
    between them (presenter mode restores the layout when it ends), with the room the output
    plot would take — covered during an exercise, it keeps only its least height."""
    window = host.window
    inspector, plot = host.dock(names.INSPECTOR_DOCK), host.dock(names.OUTPUT_DOCK)
    if inspector is None or not inspector.isVisible():
        show_dock(host, dock)
        return
    window.splitDockWidget(inspector, dock, Qt.Orientation.Vertical)
    dock.show()
    height = max(400, window.height())
    docks = [inspector, dock] + ([plot] if plot is not None and plot.isVisible() else [])
    sizes = [height * 2 // 5, height * 3 // 5, 1][: len(docks)]
    window.resizeDocks(docks, sizes, Qt.Orientation.Vertical)


def show_dock(host: FeatureHost, dock: QDockWidget) -> None:
    """Show the Exercise dock and bring it to the front: the first time below the right
    column's tabs (the inspector's), with a third of the window's height."""
    window = host.window
    if not dock.isVisible():
        inspector = host.dock(names.INSPECTOR_DOCK)
        if not dock.isFloating():
            window.addDockWidget(
                Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Vertical
            )
        dock.show()
        if inspector is not None and inspector.isVisible() and not dock.isFloating():
            third = max(200, window.height() // 3)
            window.resizeDocks([inspector, dock], [2 * third, third], Qt.Orientation.Vertical)
    dock.raise_()
