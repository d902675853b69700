"""While an exercise is open, what shows the network at the current θ — from which the values
asked for could be read — is hidden: the Output and Hidden-units plots are covered with a note,
and the status bar's L(θ after update k) shows "?". Ending the exercise shows them again.
GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStatusBar

from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.status import TrainingStatus

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

NOTE = "Hidden during the exercise: this plot shows the network at the current weights."


def hide_answers(host: FeatureHost, hidden: bool) -> None:
    """Cover (``hidden``) or uncover the plots and the status bar's loss."""
    plots = host.feature(PlotsFeature)
    if plots is not None:
        plots.cover_current_network(NOTE if hidden else None)
    bar = host.window.findChild(QStatusBar)
    status = None if bar is None else bar.findChild(TrainingStatus)
    if status is not None:
        status.hide_loss(hidden)
