"""While an exercise is open, what shows the network at the current θ — from which the values
asked for could be read — is hidden: the Output and Hidden-units plots are covered with a note,
so is the Loss surface (its caption writes L at the current θ, the loss an asked output gives
away, and the arrow −∇L writes two gradients ∂L/∂w of the update asked about), the status
bar's L(θ after update k) shows "?", so does the Runs dock's last loss of the run shown (and of
a kept copy at the same loss: runs_panel.py), the Numbers (text) panel a note, and the Dataset
editor's plot draws its data but not the network's output y(x) or decision regions (a note says
so). Ending the exercise shows them again. GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.network.hiding import NOTHING, Hidden
from mlpgui.ui.network.showing import Showing
from mlpgui.ui.numbers_panel import NumbersPanel
from mlpgui.ui.plots.cover import PlotCover
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.runs import RunsFeature
from mlpgui.ui.status import TrainingStatus

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

NOTE = "Hidden during the exercise: this plot shows the network at the current weights."
SURFACE_NOTE = (
    "Hidden during the exercise: the loss surface shows the loss and its gradient at the "
    "current weights."
)
NUMBERS_NOTE = "Hidden during the exercise: these are the numbers of the update it asks about."
OUTPUT_NOTE = "network output hidden during the exercise"


def hide_answers(host: FeatureHost, hidden: bool) -> None:
    """Cover (``hidden``) or uncover the plots (the Dataset editor's output too), the status
    bar's and the Runs dock's loss."""
    plots = host.feature(PlotsFeature)
    if plots is not None:
        plots.cover_current_network(NOTE if hidden else None)
        _cover_surface(plots, SURFACE_NOTE if hidden else None)
    status = host.feature(TrainingStatus)
    if status is not None:
        status.hide_loss(hidden)
    runs = host.feature(RunsFeature)
    if runs is not None:
        runs.panel.hide_loss(hidden)
    numbers = host.feature(NumbersPanel)
    if numbers is not None:
        numbers.set_hidden(NUMBERS_NOTE if hidden else None)
    editor = host.feature(DatasetEditor)
    if editor is not None:
        editor.output.hide_output(OUTPUT_NOTE if hidden else None)


def _cover_surface(plots: PlotsFeature, note: str | None) -> None:
    """The Loss surface's cover (made the first time), and its image export off while on."""
    cover = plots.surface.findChild(PlotCover, names.LOSS_SURFACE_COVER)
    if cover is None:
        cover = PlotCover(plots.surface, names.LOSS_SURFACE_COVER)
    cover.cover(note)
    export = plots.export_actions.get(names.EXPORT_LOSS_SURFACE_ACTION)
    if export is not None:
        export.setEnabled(note is None)


REOPENING = Hidden([("loss_after",)])
"""What the diagram and the inspector hide while an opened session's exercise is made again."""


def withhold_while_reopening(
    host: FeatureHost, showing: Showing, on: bool, exercise_open: bool
) -> None:
    """While an opened session's exercise is made again (``on``), cover what shows θ now
    (unless an exercise is open and covers it already) and hide the latest update's L(θ
    after) — the next update's loss on a full batch — as the open exercise will."""
    if not exercise_open:
        hide_answers(host, on)
    showing.withhold(REOPENING if on else NOTHING)
