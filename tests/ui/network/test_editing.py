"""Editing weights and biases in the diagram, with undo; the architecture editor."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from mlpgui.core import PRESETS
from mlpgui.ui import names
from mlpgui.ui.network.architecture import (
    ArchitectureDialog,
    activation_combo_name,
    units_spin_name,
)
from mlpgui.ui.network.editing import parse_value
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelChange

from ..conftest import WAIT_MS, network_of
from .conftest import click, step_and_wait


def edits_seen(window) -> int:
    return network_of(window).undo_stack.index()


def type_into_editor(qtbot, window, text: str) -> QLineEdit:
    editor = window.findChild(QLineEdit, names.PARAMETER_EDITOR)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_double_click_edit_changes_the_next_updates_weights_before(qtbot, window):
    step_and_wait(qtbot, window)
    selection = Selection("w", 1, 0, 1)  # w_12^(2)
    click(qtbot, window, selection, double=True)
    type_into_editor(qtbot, window, "2.5")
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.EDIT, timeout=WAIT_MS)
    assert network_of(window).current_value(selection) == 2.5
    step_and_wait(qtbot, window)
    assert window.latest_record().weights_before[1][0, 1] == 2.5


def test_a_bias_edit_can_be_undone_and_redone(qtbot, mazur_window):
    window = mazur_window
    selection = Selection("b", 1, 1)  # b_2^(2) = 0.60
    click(qtbot, window, selection, double=True)
    type_into_editor(qtbot, window, "-1,25")  # a decimal comma is fine
    qtbot.waitUntil(lambda: network_of(window).current_value(selection) == -1.25, timeout=WAIT_MS)
    undo = window.findChild(QAction, names.UNDO_ACTION)
    redo = window.findChild(QAction, names.REDO_ACTION)
    assert undo.isEnabled() and "b_2^(2)" in undo.text()
    undo.trigger()
    qtbot.waitUntil(lambda: network_of(window).current_value(selection) == 0.6, timeout=WAIT_MS)
    redo.trigger()
    qtbot.waitUntil(lambda: network_of(window).current_value(selection) == -1.25, timeout=WAIT_MS)
    step_and_wait(qtbot, window)
    assert window.latest_record().biases_before[1][1] == -1.25


def test_invalid_text_says_why_and_sends_nothing(qtbot, mazur_window):
    window = mazur_window
    click(qtbot, window, Selection("w", 0, 0, 0), double=True)
    editor = type_into_editor(qtbot, window, "abc")
    assert "is not a number" in window.banner.text()
    assert editor.isVisible()  # still open to fix the typo
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    qtbot.wait(50)
    assert window.latest_snapshot().reason is not ModelChange.EDIT and edits_seen(window) == 0


@pytest.mark.parametrize(
    ("text", "value"), [("0.25", 0.25), ("−0.4", -0.4), (" 2e-3 ", 0.002), ("1,5", 1.5)]
)
def test_values_are_parsed_leniently(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1e9"])
def test_bad_values_get_one_sentence(text):
    with pytest.raises(ValueError) as info:
        parse_value(text)
    assert str(info.value).endswith(".") and "\n" not in str(info.value)


def test_every_preset_renders_and_steps_without_errors(qtbot, window):
    for preset in PRESETS:
        generation = window.latest_snapshot().generation
        assert window.load_preset(preset, confirm=False)
        qtbot.waitUntil(
            lambda g=generation: window.latest_snapshot().generation > g, timeout=WAIT_MS
        )
        assert window.latest_snapshot().dataset.name == preset
        g = network_of(window).scene.geometry
        assert g.layer_sizes == window.latest_snapshot().setup.layer_sizes
        window.select(Selection("unit", 1, 0))
        step_and_wait(qtbot, window)
        assert network_of(window).inspector.plain_text().startswith("Unit 1 of layer 1")
        window.select(Selection("w", 0, 0, 0))
        assert "∂L/∂w_11^(1)" in network_of(window).inspector.plain_text()


def test_an_architecture_change_asks_first_and_rebuilds_the_diagram(qtbot, window, monkeypatch):
    step_and_wait(qtbot, window)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or next(answers))
    setup = window.latest_state().setup
    sizes, activations = (1, 3, 4, 2, 1), ("tanh", "relu", "sigmoid", "linear")
    new = setup.replace(layer_sizes=sizes, activations=activations)
    assert not network_of(window).apply_architecture(new)  # cancelled
    assert "the 1 update made so far will be discarded" in asked[0][2]
    assert window.latest_state().steps == 1
    assert network_of(window).apply_architecture(new)
    qtbot.waitUntil(
        lambda: network_of(window).scene.geometry.layer_sizes == (1, 3, 4, 2, 1),
        timeout=WAIT_MS,
    )
    assert window.latest_state().steps == 0 and window.latest_record() is None
    step_and_wait(qtbot, window)
    click(qtbot, window, Selection("unit", 2, 3))
    assert "δ_4^(2) = (Σ_k δ_k^(3) w_k4^(3))" in network_of(window).inspector.plain_text()


def test_the_architecture_dialog_edits_layers_and_activations(qtbot, window):
    setup = window.latest_state().setup
    dialog = ArchitectureDialog(setup, 1, 1)
    qtbot.addWidget(dialog)
    assert dialog.layer_sizes() == (1, 2, 2, 1)
    dialog.layers_spin.setValue(3)
    dialog.findChild(type(dialog.layers_spin), units_spin_name(3)).setValue(7)
    combo = dialog.findChild(type(dialog.output_combo), activation_combo_name(1))
    combo.setCurrentIndex(combo.findData("tanh"))
    result = dialog.result_setup()
    assert result.layer_sizes == (1, 2, 2, 7, 1)
    assert result.activations == ("tanh", "sigmoid", "sigmoid", "linear")
    assert result.learning_rate == setup.learning_rate and result.seed == setup.seed
    dialog.layers_spin.setValue(0)
    assert dialog.layer_sizes() == (1, 1)
    cross_entropy = ArchitectureDialog(setup.replace(loss="cross_entropy"), 1, 1)
    qtbot.addWidget(cross_entropy)
    ok = cross_entropy.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "sigmoid output" in cross_entropy.warning.text()
    out = cross_entropy.output_combo
    out.setCurrentIndex(out.findData("sigmoid"))
    assert ok.isEnabled()


def test_the_actions_are_in_the_toolbar_and_the_training_menu(window):
    toolbar_actions = window.controls.toolbar.actions()
    step = toolbar_actions.index(window.controls.step_action)
    assert toolbar_actions[step + 1].objectName() == names.STEP_PHASE_ACTION
    menu = [a.objectName() for a in window.menus["training"].actions()]
    assert names.STEP_PHASE_ACTION in menu and names.ARCHITECTURE_ACTION in menu
    assert np.all(np.isfinite(network_of(window).scene.sceneRect().getRect()))


def test_one_enter_makes_one_edit(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    selection = Selection("w", 1, 0, 0)
    click(qtbot, window, selection, double=True)
    editor = window.findChild(QLineEdit, names.PARAMETER_EDITOR)
    assert editor.isVisible() and QApplication.focusWidget() is editor
    editor.selectAll()
    qtbot.keyClicks(editor, "2.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert not editor.isVisible()  # committed, and not opened again by the diagram's Enter
    assert edits_seen(window) == 1
    qtbot.waitUntil(lambda: network_of(window).current_value(selection) == 2.5, timeout=WAIT_MS)
    view = network_of(window).view
    assert QApplication.focusWidget() is view  # the keyboard is back on the diagram
    # Enter on the picked edge opens the editor with the value now; Enter again changes nothing
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert editor.isVisible() and float(editor.text()) == 2.5
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert edits_seen(window) == 1
    assert "sets the value now, which the next update starts from" in editor.toolTip()
