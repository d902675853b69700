"""Helpers for exercise mode's tests: start an exercise through its dialog as a user does, and
collect every text the diagram, its tooltips and the inspector show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGraphicsSimpleTextItem,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from mlpgui.core.exercise import ExerciseSet
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.exercise.dialog import ExerciseDialog
from mlpgui.ui.exercise.feature import ExerciseFeature
from mlpgui.ui.selection import Selection

from ..conftest import WAIT_MS, network_of

OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)  # what the offscreen platform says when a menu or a tooltip pops up

MAZUR_KINDS = ("drive", "activation", "output_delta", "hidden_delta", "weight_gradient",
               "weight_new")  # fmt: skip
"""Mazur's preset keeps its biases fixed: no b after the update."""


@pytest.fixture(autouse=True)
def no_unexpected_question(monkeypatch):
    """A question nobody answers would wait forever: a test that expects one patches it."""

    def unexpected(parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected question: {text}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)


@pytest.fixture
def mazur_window(make_window):
    setup, data = TrainingSetup.for_preset("mazur")
    return make_window(setup, data)


def exercise_of(window) -> ExerciseFeature:
    feature = window.feature(ExerciseFeature)
    assert feature is not None
    return feature


def open_dialog(qtbot, window) -> ExerciseDialog:
    """Training ▸ Exercise… and wait for its dialog."""
    window.findChild(QAction, names.EXERCISE_ACTION).trigger()
    qtbot.waitUntil(lambda: exercise_of(window).dialog is not None, timeout=WAIT_MS)
    return exercise_of(window).dialog


def start_exercise(
    qtbot, window, seed: int = 7, count: int = 4, kinds: tuple[str, ...] = MAZUR_KINDS
) -> ExerciseSet:
    """Fill the dialog as a user does (seed typed, count, kinds ticked) and press Start."""
    dialog = open_dialog(qtbot, window)
    seed_edit = dialog.findChild(QLineEdit, names.EXERCISE_SEED_EDIT)
    seed_edit.selectAll()
    qtbot.keyClicks(seed_edit, str(seed))
    spin = dialog.findChild(QSpinBox, names.EXERCISE_COUNT_SPIN)
    spin.setValue(count)
    tick_kinds(dialog, kinds)
    return press_start(qtbot, window, dialog)


def tick_kinds(dialog: ExerciseDialog, kinds: tuple[str, ...]) -> None:
    listed = dialog.kinds_list
    for row in range(listed.count()):
        item = listed.item(row)
        on = item.data(Qt.ItemDataRole.UserRole) in kinds
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def press_start(qtbot, window, dialog: ExerciseDialog) -> ExerciseSet:
    feature = exercise_of(window)
    before = feature.exercises
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.is_open and feature.exercises is not before, timeout=WAIT_MS)
    return feature.exercises


def elements(window) -> list[Selection]:
    """Every unit, weight and bias of the window's network."""
    sizes = window.latest_snapshot().setup.layer_sizes
    found = [Selection("unit", layer, i) for layer, n in enumerate(sizes) for i in range(n)]
    for k in range(len(sizes) - 1):
        for i in range(sizes[k + 1]):
            found.append(Selection("b", k, i))
            found += [Selection("w", k, i, j) for j in range(sizes[k])]
    return found


def diagram_texts(window) -> str:
    scene = network_of(window).scene
    items = [i for i in scene.items() if isinstance(i, QGraphicsSimpleTextItem)]
    return "\n".join(i.text() for i in items if i.isVisible())


def tooltip_texts(window) -> str:
    showing = network_of(window).showing
    return "\n".join(showing.tooltip(s) or "" for s in elements(window))


def inspector_texts(qtbot, window) -> str:
    """The inspector's plain text (what Copy copies) for the whole update and every element."""
    network = network_of(window)
    network.dock.raise_()
    pages = []
    for selection in [None, *elements(window)]:
        window.store.select(selection)
        network.showing.render_inspector()
        pages.append(network.inspector.plain_text())
    window.store.select(None)
    return "\n".join(pages)
