"""The dataset feature of the main window (see install)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's widgets, docks, actions and connections to ``window``."""
