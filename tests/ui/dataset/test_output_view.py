"""The network's output over the data: a curve for one input, decision regions for two."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QDockWidget

from mlpgui.core.plot_data import OutputCurve, OutputGrid
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.worker import Status

from ..conftest import WAIT_MS


def test_one_input_shows_the_networks_curve_across_the_visible_range(qtbot, open_editor):
    window, editor = open_editor()
    assert isinstance(editor.output.request, OutputCurve)

    def follows_the_view() -> bool:
        (x0, x1), _ = editor.plot.view_box.viewRange()
        return (editor.output.request.x_min, editor.output.request.x_max) == (x0, x1)

    qtbot.waitUntil(follows_the_view, timeout=WAIT_MS)  # (after the layout settled)
    x, y = editor.plot.curve.getData()
    expected = window.latest_snapshot().network().forward(x[:, None]).outputs[:, 0]
    assert np.allclose(y, expected, rtol=0, atol=1e-12)
    # After an update the curve shows the new network.
    results = editor.output.results
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: editor.output.results > results, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)
    net = window.latest_snapshot().network()
    net.set_flat_parameters(window.latest_record().parameters_after)
    qtbot.waitUntil(
        lambda: np.allclose(
            editor.plot.curve.getData()[1],
            net.forward(editor.plot.curve.getData()[0][:, None]).outputs[:, 0],
        ),
        timeout=WAIT_MS,
    )


def test_two_inputs_show_decision_regions_over_the_visible_area(qtbot, open_editor):
    _, editor = open_editor(*TrainingSetup.for_preset("xor"))
    assert isinstance(editor.output.request, OutputGrid)

    def follows_the_view() -> bool:
        (x0, x1), (y0, y1) = editor.plot.view_box.viewRange()
        r = editor.output.request
        return (r.x_min, r.x_max, r.y_min, r.y_max) == (x0, x1, y0, y1)

    qtbot.waitUntil(follows_the_view, timeout=WAIT_MS)
    regions = editor.plot.regions
    assert regions.isVisible() and regions.image.shape == (100, 100)
    assert tuple(regions.levels) == (0.0, 1.0)  # fixed levels: no autoscaling per frame
    assert not editor.plot.curve.isVisible()


def test_a_point_outside_the_view_widens_it_and_moves_the_request(qtbot, open_editor):
    _, editor = open_editor()
    before = editor.output.request
    editor.ops.add_point(9.0, 0.5)
    qtbot.waitUntil(lambda: editor.output.request != before, timeout=WAIT_MS)
    assert editor.output.request.x_max > 9.0
    (x0, x1), _ = editor.plot.view_box.viewRange()
    assert x0 < -5 and x1 > 9  # the old data stay in view too
    # Editing inside the view keeps it (no jumps while drawing).
    view = editor.plot.view_box.viewRange()
    editor.ops.add_point(0.0, 0.2)
    qtbot.wait(100)
    assert editor.plot.view_box.viewRange() == view


def test_other_data_get_a_fitted_view_and_the_other_kind_of_output(qtbot, open_editor, answers):
    _, editor = open_editor()
    editor.ops.load_preset("circles", 100, 0.05, 0)
    qtbot.waitUntil(lambda: isinstance(editor.output.request, OutputGrid), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: editor.plot.regions.isVisible(), timeout=WAIT_MS)
    (x0, x1), (y0, y1) = editor.plot.view_box.viewRange()
    # The circles (radius ≈ 1) fill the tighter axis; equal scales widen the other one.
    assert -2.5 < max(x0, y0) < -1 and 1 < min(x1, y1) < 2.5
    assert (
        abs((x1 - x0) / (y1 - y0) - editor.plot.view_box.width() / editor.plot.view_box.height())
        < 0.05
    )
    editor.stack.undo()
    qtbot.waitUntil(lambda: isinstance(editor.output.request, OutputCurve), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: editor.plot.curve.isVisible(), timeout=WAIT_MS)
    assert not editor.plot.regions.isVisible()


def test_a_hidden_editor_asks_the_worker_for_nothing(qtbot, open_editor):
    window, editor = open_editor()
    dock = window.findChild(QDockWidget, names.DATASET_DOCK)
    dock.hide()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=WAIT_MS)
    results = editor.output.results
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)
    qtbot.wait(100)
    assert editor.output.results == results
    dock.show()
    dock.raise_()  # back in front of its tab group
    qtbot.waitUntil(lambda: editor.output.results > results, timeout=WAIT_MS)


def test_while_training_runs_the_output_is_refreshed_a_few_times_a_second(qtbot, open_editor):
    window, editor = open_editor()
    assert editor.output.request.live is False  # the view paces itself (output.LIVE_HZ)
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    results = editor.output.results
    qtbot.wait(1000)
    window.controls.pause_action.trigger()
    # A few times a second — fewer when the window is busy (DisplayBudget), never per update.
    assert 1 <= editor.output.results - results <= 12
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    paused = editor.output.results
    qtbot.wait(300)
    assert editor.output.results - paused <= 1  # (the result of the pause itself)
