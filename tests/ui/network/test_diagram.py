"""The diagram: built once per architecture, updated in place, readable at every size."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QAction, QHelpEvent, QPainter
from PySide6.QtWidgets import QApplication, QComboBox, QToolTip

from mlpgui.core import ParameterLayout
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.network.palette import LEVELS, codes, largest_finite, scale_for
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelChange, Status

from ..conftest import WAIT_MS, network_of
from .conftest import choose, step_and_wait


def test_records_update_the_items_in_place_without_rebuilding(qtbot, window, monkeypatch):
    builds = []
    original = network_of(window).scene.build
    monkeypatch.setattr(
        network_of(window).scene, "build", lambda *a: builds.append(a) or original(*a)
    )
    step_and_wait(qtbot, window)
    first = network_of(window).scene._edge_codes.copy()
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps > 2000, timeout=WAIT_MS)
    window.controls.pause_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record().step == window.latest_state().steps)
    assert builds == []
    assert not np.array_equal(network_of(window).scene._edge_codes, first)
    assert len(network_of(window).record_costs) >= 2


def test_edge_colour_and_width_follow_the_chosen_quantity(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    record = window.latest_record()
    scene, combo = (
        network_of(window).scene,
        window.findChild(QComboBox, names.EDGE_QUANTITY_COMBO),
    )
    assert combo.currentData() == "w_before"  # the default: the weights the update started from
    weights = largest_finite(record.parameters_before)  # ∂L/∂w and Δw are measured by it
    for quantity, values, context in [
        ("w_before", record.parameters_before, 0.0),
        ("gradient", record.gradient, weights),
        ("update", record.update, weights),
        ("w_after", record.parameters_after, 0.0),
    ]:
        choose(combo, quantity)
        assert np.array_equal(scene._edge_codes, codes(values, scale_for(values, context)))
    layout = ParameterLayout(record.layer_sizes)
    w5 = Selection("w", 1, 0, 0).parameter_index(layout)
    choose(combo, "gradient")
    # ∂L/∂w5 = 0.0822 is the second largest gradient; Δb = 0 (biases frozen) is the thinnest
    assert scene._edge_codes[w5] // 2 > 0.5 * LEVELS
    bias = Selection("b", 1, 0).parameter_index(layout)
    choose(combo, "update")
    assert scene._edge_codes[bias] == 0


def test_codes_quantise_magnitude_and_keep_the_sign():
    values = np.array([0.0, 0.5, -0.5, 1.0, -2.0, np.nan, np.inf])
    c = codes(values, 1.0)
    assert c[0] == 0 and c[1] == 2 * (LEVELS // 2) and c[2] == c[1] + 1
    assert c[3] == 2 * LEVELS and c[4] == 2 * LEVELS + 1
    assert c[5] == 2 * LEVELS and c[6] == 2 * LEVELS


def test_a_dense_network_thins_out_and_says_so(qtbot, make_window):
    base, data = TrainingSetup.for_preset("spiral")
    activations = ("tanh",) * 4 + ("sigmoid",)
    setup = base.replace(layer_sizes=(2, 16, 16, 16, 16, 1), activations=activations)
    window = make_window(setup, data)
    network = network_of(window)
    assert network.scene.dense and not network.scene.has_edge_labels
    assert not network.stage.edge_values_check.isEnabled()
    step_and_wait(qtbot, window)
    assert "edges: values on hover" in network.stage.note.full_text()
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    assert not network.view.renderHints() & QPainter.RenderHint.Antialiasing
    window.controls.pause_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    assert network.view.renderHints() & QPainter.RenderHint.Antialiasing
    window.select(Selection("w", 2, 3, 5))
    label = network.scene.text.selected
    assert label.box.isVisible() and label.text.text().startswith("w₄₆⁽³⁾ = ")


def test_running_a_small_network_leaves_its_antialiasing_alone(qtbot, window, monkeypatch):
    network = network_of(window)
    assert not network.scene.dense
    changes = []
    monkeypatch.setattr(network.view, "setRenderHint", lambda *args: changes.append(args))
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    window.controls.pause_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.store.running, timeout=WAIT_MS)
    assert changes == []  # antialiased all along: nothing to switch, nothing to repaint
    assert network.view.renderHints() & QPainter.RenderHint.Antialiasing


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_hovering_an_edge_shows_its_full_precision_value(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    view = network_of(window).view
    pos = view.position_of(Selection("w", 1, 0, 0))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    record = window.latest_record()
    tip = QToolTip.text()
    assert f"before update 1: {float(record.weights_before[1][0, 0])!r}" in tip
    assert f"after update 1: {float(record.weights_after[1][0, 0])!r}" in tip
    empty = QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), view.viewport().mapToGlobal(QPoint(2, 2)))
    QApplication.sendEvent(view.viewport(), empty)


def edge_label(window, key: tuple[int, int, int]) -> str:
    """The value written on an edge (without the parameter's name, "w5 = ", if it has one)."""
    label = network_of(window).scene.text.edge_labels[key]
    assert label.box.isVisible()
    return label.text.text().split(" = ")[-1]


def unit_text(window, layer: int, i: int) -> str:
    return network_of(window).scene.units.texts[layer][i].text()


def test_the_diagram_shows_one_update_as_computed_and_says_so(qtbot, mazur_window):
    window = mazur_window
    network = network_of(window)
    state = network.stage.state_label
    assert state.text() == "Weights now (no update yet)"
    assert edge_label(window, (1, 0, 0)) == "0.4"  # Mazur's w5 before any update
    step_and_wait(qtbot, window)
    record = window.latest_record()
    # w5 as the update used it, and o1 = 0.7514 computed with it — not w5 after the update
    assert edge_label(window, (1, 0, 0)) == "0.4"
    assert unit_text(window, 2, 0) == "0.7514"
    assert record.weights_after[1][0, 0] == pytest.approx(0.35891648, abs=1e-8)
    assert state.text().startswith("Update 1 as computed · edges: w before update 1 · ")
    assert " · units: forward pass at θ before update 1" in state.text()
    loss = network.scene.text.loss.text()
    assert "L(θ before update 1) = 0.298371" in loss
    assert "L(θ after update 1) = 0.291028" in loss
    choose(network.stage.edge_combo, "w_after")
    assert edge_label(window, (1, 0, 0)) == "0.359"
    assert "edges: w after update 1" in state.text()
    assert unit_text(window, 2, 0) == "0.7514"  # still the forward pass at θ before
    choose(network.stage.edge_combo, "update")
    assert edge_label(window, (1, 0, 0)) == "-0.0411"
    assert "edges: Δw of update 1" in state.text()
    assert "Δw of update 1" in network.stage.legend.caption()


def test_an_edit_changes_the_value_now_and_the_diagram_says_so(qtbot, mazur_window):
    window = mazur_window
    network = network_of(window)
    step_and_wait(qtbot, window)
    network.edit_parameter(Selection("w", 1, 0, 0), 2.5)
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.EDIT, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "edited since" in network.stage.state_label.text(), timeout=WAIT_MS)
    assert re.search(
        r"edited since: (w₁₁⁽²⁾|w5) = 2\.5 now \(the next update starts from it\)",
        network.stage.state_label.text(),
    )
    assert edge_label(window, (1, 0, 0)) == "0.4"  # the update shown is unchanged
    tip = network.showing.tooltip(Selection("w", 1, 0, 0))
    assert "now (edited since): 2.5" in tip
    step_and_wait(qtbot, window)
    assert edge_label(window, (1, 0, 0)) == "2.5"  # update 2 started from it
    assert "edited" not in network.stage.state_label.text()


def test_a_past_update_is_marked_as_such(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window, 3)
    back = window.findChild(QAction, names.HISTORY_BACK_ACTION)
    back.trigger()
    qtbot.waitUntil(lambda: window.displayed_record().step == 2, timeout=WAIT_MS)
    back.trigger()
    state = network_of(window).stage.state_label
    qtbot.waitUntil(lambda: state.text().startswith("Update 1 as computed"), timeout=WAIT_MS)
    assert "a past update (latest: 3)" in state.text()
