"""The main window's default dock layout, and what it remembers between starts (QSettings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from mlpgui.worker import UNLIMITED, SetMaxRate

from . import names

if TYPE_CHECKING:
    from .main_window import MainWindow

Sizes = list[tuple[list[QDockWidget], list[int], Qt.Orientation]]


def arrange_default_layout(window: MainWindow) -> Sizes:
    """The diagram in the middle gets the room: the inspector, the dataset editor and the
    numbers share a full-height column on the right (tabs), the plots sit below. Returns the
    dock sizes to apply once the window is shown."""
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    column = [docks[n] for n in (names.INSPECTOR_DOCK, names.DATASET_DOCK) if n in docks]
    if column:
        first = column[0]
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first)
        for dock in column[1:]:
            window.tabifyDockWidget(first, dock)
        record = docks.get(names.RECORD_DOCK)
        if record is not None and record is not first:
            window.tabifyDockWidget(first, record)
        first.raise_()
    bottom = [docks[n] for n in (names.LOSS_DOCK, names.OUTPUT_DOCK) if n in docks]
    return [
        (column[:1], [440], Qt.Orientation.Horizontal),
        (bottom, [250] * len(bottom), Qt.Orientation.Vertical),
    ]


def apply_sizes(window: MainWindow, sizes: Sizes) -> None:
    for docks, lengths, orientation in sizes:
        if docks:
            window.resizeDocks(docks, lengths, orientation)


def restore_settings(window: MainWindow, settings: QSettings) -> bool:
    """Restore the window's geometry, dock layout and preferences; True if a saved dock
    layout was restored."""
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    if geometry is not None:
        window.restoreGeometry(geometry)
    restored = state is not None and window.restoreState(state)
    rate = settings.value("training/maxRate")
    if rate is not None and float(rate) != UNLIMITED:
        window.worker.send(SetMaxRate(float(rate)))
    if settings.value("view/logScale") in (True, "true"):
        window.main_menus.log_scale_action.setChecked(True)
    return bool(restored)


def save_settings(window: MainWindow, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    state = window.latest_state()
    if state is not None:
        settings.setValue("training/maxRate", state.max_rate)
    settings.setValue("view/logScale", window.main_menus.log_scale_action.isChecked())
    settings.sync()
