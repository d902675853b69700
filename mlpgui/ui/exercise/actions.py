"""Exercise mode's menu entries: Training ▸ Exercise…, and File ▸ Export ▸ Worked example…
(the network feature's action) and Exercise sheet…. GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from mlpgui.ui import names

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost
    from mlpgui.ui.network.feature import NetworkFeature


def build_actions(
    host: FeatureHost,
    network: NetworkFeature,
    new_exercise: Callable[[], None],
    export_sheet: Callable[[], None],
) -> tuple[QAction, QAction]:
    """(Training ▸ Exercise…, File ▸ Export ▸ Exercise sheet…), in their menus."""
    window = host.window
    exercise = QAction("&Exercise…", window)
    exercise.setObjectName(names.EXERCISE_ACTION)
    tip = "Ask for quantities of the next update; they are hidden until answered"
    exercise.setToolTip(tip)
    exercise.setStatusTip(tip)
    exercise.triggered.connect(new_exercise)
    sheet = QAction("E&xercise sheet…", window)
    sheet.setObjectName(names.EXPORT_SHEET_ACTION)
    sheet.setStatusTip(
        "Save the exercise's questions and its solutions as two files (Markdown or LaTeX)"
    )
    sheet.triggered.connect(export_sheet)
    training = host.menus.get("training")
    if training is not None:
        training.addSeparator()
        training.addAction(exercise)
    menu = window.findChild(QMenu, names.EXPORT_MENU) or host.menus.get("file")
    if menu is not None:
        menu.addSeparator()
        menu.addActions([network.worked.action, sheet])
    window.addActions([exercise, sheet])
    return exercise, sheet
