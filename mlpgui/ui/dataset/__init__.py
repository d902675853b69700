"""The dataset editor of the main window (see install)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from mlpgui.ui import names

from .editor import DatasetEditor

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

__all__ = ["DatasetEditor", "install"]


def install(host: FeatureHost) -> None:
    """Add the dataset editor in a dock on the left, and its file actions to the File menu;
    register the DatasetEditor."""
    editor = DatasetEditor(host)
    dock = host.add_dock(
        "Dataset", names.DATASET_DOCK, editor, Qt.DockWidgetArea.LeftDockWidgetArea
    )
    dock.visibilityChanged.connect(editor.output.set_enabled)
    editor.title_changed.connect(dock.setWindowTitle)
    editor.actions_.add_to_menu(host.menus["file"], host.window)
    host.register(editor)
