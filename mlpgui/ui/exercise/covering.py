"""While an exercise is open, what shows the network at the current θ — from which the values
asked for could be read — is hidden: the Output and Hidden-units plots are covered with a note,
the status bar's L(θ after update k) shows "?" and the Numbers (text) panel a note. Ending the
exercise shows them again. GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlpgui.ui.numbers_panel import NumbersPanel
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.status import TrainingStatus

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

NOTE = "Hidden during the exercise: this plot shows the network at the current weights."
NUMBERS_NOTE = "Hidden during the exercise: these are the numbers of the update it asks about."


def hide_answers(host: FeatureHost, hidden: bool) -> None:
    """Cover (``hidden``) or uncover the plots and the status bar's loss."""
    plots = host.feature(PlotsFeature)
    if plots is not None:
        plots.cover_current_network(NOTE if hidden else None)
    status = host.feature(TrainingStatus)
    if status is not None:
        status.hide_loss(hidden)
    numbers = host.feature(NumbersPanel)
    if numbers is not None:
        numbers.set_hidden(NUMBERS_NOTE if hidden else None)
