"""The diagram: built once per architecture, updated in place, readable at every size."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import QApplication, QComboBox, QToolTip

from mlpgui.core import ParameterLayout
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.network.geometry import Geometry
from mlpgui.ui.network.palette import LEVELS, codes
from mlpgui.ui.selection import Selection
from mlpgui.worker import Status

from ..conftest import WAIT_MS
from .conftest import step_and_wait


def test_records_update_the_items_in_place_without_rebuilding(qtbot, window, monkeypatch):
    builds = []
    original = window.network.scene.build
    monkeypatch.setattr(window.network.scene, "build", lambda *a: builds.append(a) or original(*a))
    step_and_wait(qtbot, window)
    first = window.network.scene._edge_codes.copy()
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps > 2000, timeout=WAIT_MS)
    window.controls.pause_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record().step == window.latest_state().steps)
    assert builds == []
    assert not np.array_equal(window.network.scene._edge_codes, first)
    assert len(window.network.record_costs) >= 2


def test_edge_colour_and_width_follow_the_chosen_quantity(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    record = window.latest_record()
    scene, combo = window.network.scene, window.findChild(QComboBox, names.EDGE_QUANTITY_COMBO)
    for quantity, values in [
        ("w", record.parameters_after),
        ("gradient", record.gradient),
        ("update", record.update),
    ]:
        combo.setCurrentIndex(combo.findData(quantity))
        scale = np.abs(values).max()
        assert np.array_equal(scene._edge_codes, codes(values, scale))
    layout = ParameterLayout(record.layer_sizes)
    w5 = Selection("w", 1, 0, 0).parameter_index(layout)
    combo.setCurrentIndex(combo.findData("gradient"))
    # ∂L/∂w5 = 0.0822 is the second largest gradient; Δb = 0 (biases frozen) is the thinnest
    assert scene._edge_codes[w5] // 2 > 0.5 * LEVELS
    bias = Selection("b", 1, 0).parameter_index(layout)
    combo.setCurrentIndex(combo.findData("update"))
    assert scene._edge_codes[bias] == 0


def test_codes_quantise_magnitude_and_keep_the_sign():
    values = np.array([0.0, 0.5, -0.5, 1.0, -2.0, np.nan, np.inf])
    c = codes(values, 1.0)
    assert c[0] == 0 and c[1] == 2 * (LEVELS // 2) and c[2] == c[1] + 1
    assert c[3] == 2 * LEVELS and c[4] == 2 * LEVELS + 1
    assert c[5] == 2 * LEVELS and c[6] == 2 * LEVELS


def test_value_labels_of_edges_do_not_overlap_in_the_lecture_networks():
    for sizes in [(2, 2, 2), (1, 2, 2, 1), (2, 2, 1), (2, 4, 1)]:
        g = Geometry(sizes)
        positions = g.label_positions()
        w, h = 5.2 * g.edge_label_size, 1.3 * g.edge_label_size
        points = list(positions.values())
        for a in range(len(points)):
            for b in range(a + 1, len(points)):
                (xa, ya), (xb, yb) = points[a], points[b]
                assert abs(xa - xb) >= w or abs(ya - yb) >= h, (sizes, a, b)


def test_a_dense_network_thins_out_and_says_so(qtbot, make_window):
    base, data = TrainingSetup.for_preset("spiral")
    activations = ("tanh",) * 4 + ("sigmoid",)
    setup = base.replace(layer_sizes=(2, 16, 16, 16, 16, 1), activations=activations)
    window = make_window(setup, data)
    network = window.network
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
    assert network.scene._selected_label.box.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_hovering_an_edge_shows_its_full_precision_value(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    view = window.network.view
    pos = view.position_of(Selection("w", 1, 0, 0))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert repr(float(window.latest_record().weights_after[1][0, 0])) in QToolTip.text()
    empty = QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), view.viewport().mapToGlobal(QPoint(2, 2)))
    QApplication.sendEvent(view.viewport(), empty)
