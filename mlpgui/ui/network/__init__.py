"""The network feature: the diagram (the window's main view), the update inspector, phase
stepping, editing weights in the diagram and the architecture editor (see feature.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's widgets, docks, actions and connections to ``window``."""
    from .feature import NetworkFeature

    window.network = NetworkFeature(window)  # type: ignore[attr-defined]
