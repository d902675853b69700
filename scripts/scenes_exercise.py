"""Screenshot scene of exercise mode (issue #13): Matt Mazur's network with an exercise on its
first update — one question answered, one with its hint, one revealed — and the values still
asked for hidden in the diagram and the inspector."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from screenshot_tools import open_window, pause_for, save, settle

from mlpgui.core.worked_page import format_number
from mlpgui.ui import names
from mlpgui.ui.exercise.dialog import ExerciseRequest
from mlpgui.ui.exercise.feature import ExerciseFeature
from mlpgui.ui.selection import Selection

KINDS = ("drive", "activation", "output_delta", "hidden_delta", "weight_gradient", "weight_new")


def scene_exercise() -> Path:
    """Seed 1, six questions (d₂⁽²⁾, a₂⁽²⁾, δ₁⁽²⁾, ∂L/∂w₁₁⁽²⁾, ∂L/∂w₁₂⁽²⁾, w₁₁⁽²⁾ after): the
    first answered, the second's hint shown (its d₂⁽²⁾ filled in from that answer), a wrong
    answer to the fourth, the third revealed; the inspector shows the output o2's page (its
    activation still asked: "?")."""
    window = open_window("mazur")
    feature = window.feature(ExerciseFeature)
    assert feature is not None
    feature.start(ExerciseRequest(False, 1, 6, KINDS))
    settle(lambda: feature.is_open)
    exercises, panel = feature.exercises, feature.panel
    assert exercises is not None
    first = panel.question(1)
    first.answer.setText(format_number(exercises[0].value, 6))
    first.answer.returnPressed.emit()
    panel.question(4).answer.setText("0.5")
    panel.question(4).answer.returnPressed.emit()
    panel.question(2).hint_button.click()
    panel.question(3).reveal_button.click()
    window.store.select(Selection("unit", 2, 1))  # output y₂: its activation is asked
    inspector = window.findChild(QDockWidget, names.INSPECTOR_DOCK)
    window.resizeDocks([inspector, feature.dock], [300, 520], Qt.Orientation.Vertical)
    pause_for(0.3)
    return save(window, "exercise-mazur")


SCENES: dict[str, Callable[[], Path]] = {"exercise-mazur": scene_exercise}
