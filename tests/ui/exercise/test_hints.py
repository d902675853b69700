"""A hint never shows what the diagram and the inspector hide: in a teacher's chain of
questions (δ, then ∂L/∂w = δ a_j, then w_new) a value still asked shows as "?" in the others'
hints, and appears there as soon as its question is answered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mlpgui.core.exercise import Quantity
from mlpgui.core.worked_page import format_number
from mlpgui.ui.selection import Selection

from .conftest import exercise_of, open_dialog, press_start


def test_a_hint_shows_a_value_asked_elsewhere_only_once_it_is_answered(qtbot, mazur_window):
    window = mazur_window
    feature = exercise_of(window)
    feature.picks.add("output_delta", Selection("unit", 2, 1), 0)  # Ask for this value
    feature.picks.add("weight_gradient", Selection("w", 1, 1, 0), None)
    feature.picks.add("weight_new", Selection("w", 1, 1, 0), None)
    dialog = open_dialog(qtbot, window)
    dialog.picked_radio.setChecked(True)
    exercises = press_start(qtbot, window, dialog)
    assert [e.quantity for e in exercises] == [
        Quantity("output_delta", 2, 1, -1, 0), Quantity("weight_gradient", 1, 1, 0),
        Quantity("weight_new", 1, 1, 0),
    ]  # fmt: skip
    delta, gradient = exercises[0].value, exercises[1].value
    panel = feature.panel
    for n in (2, 3):
        qtbot.mouseClick(panel.question(n).hint_button, Qt.MouseButton.LeftButton)
    second, third = panel.question(2).details, panel.question(3).details
    assert "δ₂⁽²⁾ (n = 1) = ? (hidden until question 1 is answered or revealed)" in second.text()
    assert format_number(delta, 6) not in second.text()
    assert "∂L/∂w₂₁⁽²⁾ = ? (hidden until question 2 is answered or revealed)" in third.text()
    assert format_number(gradient, 6) not in third.text()

    field = panel.question(1).answer
    qtbot.keyClicks(field, format_number(delta, 6))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert exercises[0].status == "solved"
    assert f"δ₂⁽²⁾ (n = 1) = {format_number(delta, 6)}" in second.text()  # shown now
    assert "hidden until question 2" in third.text()  # still asked

    qtbot.mouseClick(panel.question(2).reveal_button, Qt.MouseButton.LeftButton)
    assert f"∂L/∂w₂₁⁽²⁾ = {format_number(gradient, 6)}" in third.text()
    assert "?" not in third.text()
