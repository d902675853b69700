"""Edit ▸ Undo (and Redo) of a weight edit asks "End the exercise?" as the edit itself does:
undoing it changes the next update the exercise is about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from mlpgui.ui import names
from mlpgui.ui.selection import Selection

from ..conftest import WAIT_MS, network_of
from ..test_focus import give_focus
from ..test_text_files import record_questions
from .conftest import exercise_of, start_exercise


def test_undoing_a_weight_edit_asks_before_it_ends_the_exercise(qtbot, mazur_window, monkeypatch):
    window = mazur_window
    network = network_of(window)
    selection = Selection("w", 1, 0, 1)
    before = network.current_value(selection)
    network.edit_parameter(selection, 2.5)
    qtbot.waitUntil(lambda: network.current_value(selection) == 2.5, timeout=WAIT_MS)
    start_exercise(qtbot, window, seed=4, count=2)
    undo = window.findChild(QAction, names.UNDO_ACTION)
    assert undo.isEnabled()

    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    give_focus(qtbot, window, network.view)
    qtbot.keyClick(network.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    undo.trigger()
    assert len(asked) == 2 and asked[0].startswith("Undoing “")
    assert "ends the exercise" in asked[0]
    assert exercise_of(window).is_open  # "no": nothing happened
    qtbot.wait(100)
    assert network.current_value(selection) == 2.5 and network.undo_stack.index() == 1

    asked = record_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    undo.trigger()
    assert len(asked) == 1 and not exercise_of(window).is_open
    qtbot.waitUntil(lambda: network.current_value(selection) == before, timeout=WAIT_MS)

    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    window.findChild(QAction, names.REDO_ACTION).trigger()  # no exercise open: nothing to ask
    qtbot.waitUntil(lambda: network.current_value(selection) == 2.5, timeout=WAIT_MS)
    assert asked == []
