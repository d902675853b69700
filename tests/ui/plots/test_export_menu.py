"""File ▸ Export holds the image exports first, then the animation, the worked example and
the exercise sheet (H15, item 3)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from mlpgui.ui import names


def test_file_export_lists_the_images_first_then_the_other_exports(window):
    file_menu = window.menus["file"]
    export = window.findChild(QMenu, names.EXPORT_MENU)
    assert export.menuAction() in file_menu.actions()
    assert export.title() == "&Export"
    entries = [a.objectName() for a in export.actions() if not a.isSeparator()]
    images = [
        names.EXPORT_LOSS_ACTION, names.EXPORT_OUTPUT_ACTION, names.EXPORT_HIDDEN_UNITS_ACTION,
        names.EXPORT_TRAJECTORIES_ACTION, names.EXPORT_LOSS_SURFACE_ACTION,
        names.EXPORT_WINDOW_ACTION,
    ]  # fmt: skip
    assert entries[: len(images)] == images
    others = entries[len(images) :]
    assert others[-2:] == [names.EXPORT_WORKED_ACTION, names.EXPORT_SHEET_ACTION]
