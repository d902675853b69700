"""Presenter mode (larger text, thicker lines, strong colours) and parameter names."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMenu

from mlpgui.core import ParameterLayout
from mlpgui.ui import names
from mlpgui.ui.network.palette import PRESENTER
from mlpgui.ui.selection import Selection

from .conftest import network_of, step_and_wait

W5 = Selection("w", 1, 0, 0)

OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)  # what the offscreen platform says when a menu pops up


def scene_font_sizes(network) -> dict[str, float]:
    """Pixel sizes of every kind of text in the diagram."""
    scene = network.scene
    text = scene.text
    edge = next(iter(text.edge_labels.values()))
    return {
        "unit numbers": scene.units.texts[1][0].font().pixelSize(),
        "δ labels": scene.units.subs[1][0].text.font().pixelSize(),
        "edge labels": edge.text.font().pixelSize(),
        "targets": text.side[0].font().pixelSize(),
        "loss": text.loss.font().pixelSize(),
        "inputs": text.inputs[0].font().pixelSize(),
        "layer captions": scene.captions[-1].font().pixelSize(),
        "W captions": scene.captions[0].font().pixelSize(),
    }


def widget_font_sizes(network) -> dict[str, float]:
    stage = network.stage
    return {
        "state line": stage.state_label.font().pointSizeF(),
        "legend": stage.legend.font().pointSizeF(),
        "edges box": stage.edge_combo.font().pointSizeF(),
        "sample box": stage.sample_spin.font().pointSizeF(),
        "note": stage.note.font().pointSizeF(),
        "inspector digits": network.inspector.digits_spin.font().pointSizeF(),
    }


def test_presenter_mode_enlarges_every_text_and_restores_it(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    network = network_of(window)
    scene_before, widgets_before = scene_font_sizes(network), widget_font_sizes(network)
    pen_before = network.scene.pens.max_width
    style_before = network.inspector.browser.document().defaultStyleSheet()
    network.set_presenter(True)
    for name, size in scene_font_sizes(network).items():
        assert size >= 1.6 * scene_before[name], name
    for name, size in widget_font_sizes(network).items():
        assert size >= 1.6 * widgets_before[name] - 1e-9, name
    assert "font-size: 16.0pt" in network.inspector.browser.document().defaultStyleSheet()
    assert network.scene.pens.max_width >= 1.6 * pen_before  # thicker edges
    assert network.scene.theme is PRESENTER
    assert network.scene.units.texts[0][0].brush().color().name() == "#000000"  # black text
    assert network.stage.state_label.text().startswith("Update 1 as computed")
    assert network.scene.text.loss.text()  # the content is redrawn at once
    network.set_presenter(False)
    assert scene_font_sizes(network) == scene_before
    assert widget_font_sizes(network) == widgets_before
    assert network.scene.pens.max_width == pen_before
    assert network.inspector.browser.document().defaultStyleSheet() == style_before


class NamedSetup:
    """A setup that carries parameter names (as TrainingSetup.parameter_names does)."""

    def __init__(self, setup, parameter_names) -> None:
        self._setup, self.parameter_names = setup, parameter_names

    def __getattr__(self, name):
        return getattr(self._setup, name)


def give_names(window, pairs) -> None:
    """The worker reports a setup with these parameter names."""
    snapshot = window.latest_snapshot()
    named = dataclasses.replace(snapshot, setup=NamedSetup(snapshot.setup, tuple(pairs)))
    network_of(window)._on_model(named)


def test_named_parameters_are_shown_by_name(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    layout = ParameterLayout(window.latest_record().layer_sizes)
    w5 = W5.parameter_index(layout)
    give_names(window, [(w5, "w5")])
    network = network_of(window)
    label = network.scene.text.edge_labels[(1, 0, 0)]
    assert label.text.text() == "w5 = 0.4"
    window.select(W5)
    assert network.inspector.plain_text().startswith("Weight w5 = w_11^(2)")
    assert "w5 = w_11^(2)" in network.showing.tooltip(W5)
    # with values off the edges, the picked edge's own label says its name too
    network.stage.edge_values_check.setChecked(False)
    assert network.scene.text.selected.text.text() == "w5 = 0.4"
    combo = window.findChild(QComboBox, names.EDGE_QUANTITY_COMBO)
    combo.setCurrentIndex(combo.findData("gradient"))
    assert network.scene.text.selected.text.text() == "∂L/∂w5 = 0.08217"


@OFFSCREEN_POPUP
def test_name_this_weight_sends_the_whole_names_tuple(qtbot, mazur_window, monkeypatch):
    window = mazur_window
    network = network_of(window)
    layout = ParameterLayout(window.latest_snapshot().setup.layer_sizes)
    w5, w6 = W5.parameter_index(layout), Selection("w", 1, 0, 1).parameter_index(layout)
    give_names(window, [(w6, "w6")])
    answers = iter([("  w5 ", True), ("", True), ("x" * 99, True), ("w5", False)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    sent = []
    network.names_requested.connect(sent.append)

    def name_w5_from_the_context_menu() -> None:
        menu = open_context_menu(network.view, network.view.position_of(W5))
        qtbot.waitUntil(lambda: menu is not None and menu.isVisible())
        action = next(a for a in menu.actions() if a.objectName() == names.NAME_PARAMETER_ACTION)
        assert action.text() == "Name this weight…"
        action.trigger()
        menu.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    name_w5_from_the_context_menu()
    assert window.selection() == W5  # right-clicking picks the edge
    assert sent == [((w5, "w5"), (w6, "w6"))]  # stripped, sorted, with the other names
    give_names(window, sent[-1])
    name_w5_from_the_context_menu()  # an empty name removes it
    assert sent[-1] == ((w6, "w6"),)
    name_w5_from_the_context_menu()  # too long: one sentence, nothing sent
    assert len(sent) == 2 and "at most" in window.banner.text()
    name_w5_from_the_context_menu()  # cancelled
    assert len(sent) == 2


def open_context_menu(view, selection_pos: QPoint) -> QMenu | None:
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, selection_pos, view.viewport().mapToGlobal(selection_pos)
    )
    QApplication.sendEvent(view.viewport(), event)
    return view.findChild(QMenu, names.NETWORK_CONTEXT_MENU)


@OFFSCREEN_POPUP
def test_a_bias_is_named_as_a_bias_and_units_have_no_name(qtbot, mazur_window):
    view = network_of(mazur_window).view
    menu = open_context_menu(view, view.position_of(Selection("b", 1, 1)))
    assert menu is not None
    action = next(a for a in menu.actions() if a.objectName() == names.NAME_PARAMETER_ACTION)
    assert action.text() == "Name this bias…"
    menu.close()  # deletes itself
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for where in [QPoint(2, 2), view.position_of(Selection("unit", 0, 0))]:
        assert open_context_menu(view, where) is None  # empty space, an input
    menu = open_context_menu(view, view.position_of(Selection("unit", 1, 0)))
    assert menu is not None  # a unit's only menu: "Ask for this value" (exercise mode)
    assert len(menu.actions()) == 1 and menu.findChild(QMenu, names.ASK_VALUE_MENU) is not None
    menu.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
