"""While an exercise is open, the Dataset editor's plot draws the data but not the network's
output: its y(x) curve (one input) or decision regions (two inputs) are the network at the
current θ, from which an asked output — and everything computed from it — could be read, as
from the covered Output plot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.dataset.output import VIEW_NAME
from mlpgui.ui.exercise.covering import OUTPUT_NOTE

from ..conftest import WAIT_MS
from .conftest import exercise_of, start_exercise


def title_of(editor: DatasetEditor) -> str:
    """The line above the plot ("" when there is none)."""
    label = editor.plot.getPlotItem().titleLabel
    return str(label.text) if label.isVisible() else ""


@pytest.mark.parametrize(
    ("preset", "item", "kinds"),
    [("lecture", "curve", ("drive", "activation")), ("mazur", "regions", ("activation",))],
)
def test_the_dataset_plot_draws_no_network_output_during_an_exercise(
    qtbot, make_window, preset, item, kinds
):
    window = make_window(*TrainingSetup.for_preset(preset))
    editor = window.feature(DatasetEditor)
    assert editor is not None
    window.findChild(QDockWidget, names.DATASET_DOCK).raise_()
    drawn = getattr(editor.plot, item)  # the y(x) curve, or the decision regions' image
    qtbot.waitUntil(lambda: editor.output.results > 0 and drawn.isVisible(), timeout=WAIT_MS)
    points = len(editor.plot.drawn_points())

    exercises = start_exercise(qtbot, window, seed=1, count=2, kinds=kinds)
    assert any(e.quantity.kind in ("drive", "activation") for e in exercises)
    assert not drawn.isVisible()
    assert OUTPUT_NOTE in title_of(editor) and "network y(x)" not in title_of(editor)
    assert len(editor.plot.drawn_points()) == points  # the data (inputs) stay

    arrived: list[object] = []  # the worker's next output (after a zoom) is not drawn either
    window.worker.plot_data_ready.connect(
        lambda message: arrived.append(message) if message.name == VIEW_NAME else None
    )
    editor.plot.view_box.scaleBy((0.8, 0.8))
    qtbot.waitUntil(lambda: len(arrived) > 0, timeout=WAIT_MS)
    assert not drawn.isVisible()

    end = exercise_of(window).panel.end_button
    qtbot.mouseClick(end, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(drawn.isVisible, timeout=WAIT_MS)
    assert OUTPUT_NOTE not in title_of(editor)
    assert ("network y(x)" in title_of(editor)) == (item == "curve")
