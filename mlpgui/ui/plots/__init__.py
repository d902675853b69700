"""The plots feature of the main window: output, hidden units, weight trajectories and the
loss surface, in docks beside the loss curve (see feature.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


def install(host: FeatureHost) -> None:
    """Add this feature's widgets, docks, actions and connections; register PlotsFeature."""
    from .feature import PlotsFeature

    host.register(PlotsFeature(host))
