"""The diagram's legend says nothing false about values an exercise hides: with every edge
hidden its ends read "?" (not "all |w| < 1e−12: drawn as 0", as it did), and with some hidden
its zero note and tooltip speak of the values shown."""

from __future__ import annotations

import re

from mlpgui.core.setup import TrainingSetup

from ..conftest import network_of
from ..network.conftest import choose
from .conftest import MAZUR_KINDS, exercise_of, start_exercise


def test_the_legend_of_hidden_edges_reads_hidden_not_zero(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    start_exercise(qtbot, window, seed=5, count=4, kinds=("drive",))  # d₁⁽¹⁾: all w after
    stage = network_of(window).stage
    legend = stage.legend
    choose(stage.edge_combo, "w_after")
    assert legend.end_texts() == ("?", "?")
    assert "< 1e−12" not in legend.caption() and "hidden (?)" in legend.caption()
    assert "hidden (?)" in legend.toolTip()

    exercise_of(window).end("ended by hand")  # the weights' scale once the exercise ends
    assert legend.end_texts()[1].startswith("+") and "hidden" not in legend.caption()


def test_the_zero_note_speaks_of_the_values_shown(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("mazur"))  # its biases are not trained
    exercises = start_exercise(qtbot, window, seed=1, count=4, kinds=MAZUR_KINDS)
    assert ("w_update", 0, 0, 0) in exercises.hidden_quantities()
    stage = network_of(window).stage
    choose(stage.edge_combo, "update")  # every Δw hidden, the biases' Δb = 0 shown
    legend = stage.legend
    assert re.match(r"all shown \|Δw\| < \d+e−\d+: drawn as 0 · ", legend.caption())
    assert "the scale is of the others" in legend.toolTip()
