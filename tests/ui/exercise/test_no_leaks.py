"""While an exercise is open, no number in the diagram, its tooltips or the inspector is a
value computed from an open question's answer (so none can be worked back to it), and Reveal
prints no such value either: it waits while its question needs another open one's answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mlpgui.core.exercise import Quantity
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.worked_page import format_number
from mlpgui.ui.selection import Selection

from ...core.test_exercise_leaks import changed_by, node_value
from ..conftest import network_of
from .conftest import (
    MAZUR_KINDS,
    OFFSCREEN_POPUP,
    diagram_texts,
    exercise_of,
    inspector_texts,
    open_dialog,
    press_start,
    start_exercise,
    tooltip_texts,
)
from .test_hiding import mentions


def everything(qtbot, window) -> str:
    return "\n".join([diagram_texts(window), tooltip_texts(window), inspector_texts(qtbot, window)])


def ask(qtbot, window, *picks: tuple[str, Selection, int | None]):
    """Ask for the values picked with "Ask for this value" and start the exercise."""
    feature = exercise_of(window)
    for kind, selection, sample in picks:
        feature.picks.add(kind, selection, sample)
    dialog = open_dialog(qtbot, window)
    dialog.picked_radio.setChecked(True)
    return press_start(qtbot, window, dialog)


def constant(record, node) -> bool:
    """f'(d) of a linear unit is 1 (relu's 0 or 1) whatever d is: it tells nothing."""
    (name, *index), _ = node
    return name == "fprime" and record.activation_names[index[0] - 1] in ("linear", "relu")


def leaked(qtbot, window, exercises) -> list[str]:
    """The values computed from an open answer (those a nudge of it changes, found without
    the app's own graph) that some text on screen writes (a value equal
    to one of its own question's given values — ∂L/∂b = δ of a single sample — and a constant
    excepted)."""
    texts = everything(qtbot, window)
    found = []
    for e in (e for e in exercises if e.status == "open"):
        givens = {format_number(g.value, 6) for g in e.hint().given}
        changed = changed_by(exercises.record, e.quantity)
        for node in changed:
            if constant(exercises.record, node):
                continue
            value = node_value(exercises.record, node)
            if format_number(value, 6) in givens or not mentions(texts, value):
                continue
            if alike(exercises.record, node, changed) and not mentions(texts, value, 6):
                continue  # another sample's shown value of the unit reads the same to 4 digits
            found.append(f"{node} = {value!r} (from {e.question()})")
    return found


def alike(record, node, changed) -> bool:
    """Does another sample's value of the node's unit, not computed from the answer, read as
    the node's value to 4 significant digits (neighbouring samples of smooth data do)?"""
    key, sample = node
    if sample is None:
        return False
    text = format_number(node_value(record, node), 4)
    others = ((key, n) for n in range(record.batch_size) if n != sample)
    return any(
        other not in changed and format_number(node_value(record, other), 4) == text
        for other in others
    )


@OFFSCREEN_POPUP
def test_the_next_layers_drive_no_longer_gives_a_hidden_activation_away(qtbot, mazur_window):
    """It read d₁⁽²⁾ = 0.4×0.59327 + 0.45×? + 0.6 = 1.10591, so a₂⁽¹⁾ = (1.10591 − 0.83731)
    / 0.45 without computing it."""
    window = mazur_window
    exercises = ask(qtbot, window, ("activation", Selection("unit", 1, 1), 0))
    assert [e.quantity for e in exercises] == [Quantity("activation", 1, 1, -1, 0)]
    record = exercises.record
    drive = format_number(float(record.drives[1][0, 0]), 6)
    assert drive == "1.10591"
    network = network_of(window)
    window.store.select(Selection("unit", 2, 0))
    network.showing.render_inspector()
    page = network.inspector.plain_text()
    assert drive not in page and "= ?" in page
    assert format_number(float(record.drives[0][0, 1]), 6) in page or "d₂⁽¹⁾" not in page
    assert leaked(qtbot, window, exercises) == []
    assert format_number(float(record.activations[1][0, 0]), 6) in everything(qtbot, window)


@OFFSCREEN_POPUP
@pytest.mark.parametrize("seed", range(6))
def test_no_value_computed_from_an_open_answer_is_on_screen_mazur(qtbot, mazur_window, seed):
    exercises = start_exercise(qtbot, mazur_window, seed=seed, count=4, kinds=MAZUR_KINDS)
    assert leaked(qtbot, mazur_window, exercises) == []


@OFFSCREEN_POPUP
@pytest.mark.parametrize("seed", range(3))
def test_no_value_computed_from_an_open_answer_is_on_screen_lecture(qtbot, make_window, seed):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    kinds = ("drive", "activation", "output_delta", "hidden_delta", "weight_new", "bias_new")
    exercises = start_exercise(qtbot, window, seed=seed, count=4, kinds=kinds)
    network = network_of(window)
    for e in exercises:  # the sample each question is about, as a student would pick it
        if e.quantity.sample is not None:
            network.stage.sample_spin.setValue(e.quantity.sample + 1)
            assert leaked(qtbot, window, exercises) == []


def test_reveal_waits_for_the_question_it_needs(qtbot, mazur_window):
    window = mazur_window
    exercises = ask(qtbot, window, ("output_delta", Selection("unit", 2, 1), 0),
                    ("weight_gradient", Selection("w", 1, 1, 0), None))  # fmt: skip
    delta, gradient = exercises[0].value, exercises[1].value
    panel = exercise_of(window).panel
    second = panel.question(2)
    qtbot.mouseClick(second.reveal_button, Qt.MouseButton.LeftButton)
    text = second.details.text()
    assert "Not yet" in text and "answer or reveal question 1 first" in text
    assert "? (hidden until question 1 is answered or revealed)" in text
    assert format_number(delta, 6) not in text and format_number(gradient, 6) not in text
    assert exercises[1].status == "open"

    field = panel.question(1).answer
    qtbot.keyClicks(field, format_number(delta, 6))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.mouseClick(second.reveal_button, Qt.MouseButton.LeftButton)
    assert format_number(gradient, 6) in second.details.text()
    assert exercises[1].status == "revealed"
