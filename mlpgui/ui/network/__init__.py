"""The network feature: the diagram (the window's main view), the update inspector, phase
stepping, editing weights in the diagram and the architecture editor (see feature.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


def install(host: FeatureHost) -> None:
    """Add this feature's widgets, docks, actions and connections; register NetworkFeature."""
    from .feature import NetworkFeature

    host.register(NetworkFeature(host))
