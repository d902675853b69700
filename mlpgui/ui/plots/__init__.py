"""The plots feature of the main window: output, hidden units, weight trajectories and the
loss surface, in docks beside the loss curve (see feature.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's widgets, docks, actions and connections to ``window``."""
    from .feature import PlotsFeature

    PlotsFeature(window)
