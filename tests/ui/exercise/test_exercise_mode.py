"""Exercise mode driven as a user: answers typed and checked with Enter, Hint, Reveal, the
score, Apply the update, the seed, "Ask for this value", asking before training actions,
ending when the update changes, and the exercise saved with the session."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QMessageBox, QRadioButton

from mlpgui.core.exercise import Quantity
from mlpgui.core.worked_page import format_number
from mlpgui.ui import names
from mlpgui.ui.selection import Selection
from mlpgui.worker.intents import SetExerciseSet

from ..conftest import WAIT_MS, network_of
from .conftest import (
    OFFSCREEN_POPUP,
    exercise_of,
    open_dialog,
    press_start,
    start_exercise,
)


def answer(qtbot, window, number: int, text: str) -> str:
    """Type ``text`` into question ``number``'s field, press Enter; the verdict's sentence."""
    widget = exercise_of(window).panel.question(number)
    widget.answer.clear()
    qtbot.keyClicks(widget.answer, text)
    qtbot.keyClick(widget.answer, Qt.Key.Key_Return)
    return widget.verdict.text()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_answers_are_checked_and_scored_and_apply_makes_the_update(qtbot, mazur_window):
    window = mazur_window
    feature = exercise_of(window)
    exercises = start_exercise(qtbot, window, seed=5, count=3)
    panel = feature.panel
    assert "seed 5" in panel.summary.text() and "update 1" in panel.summary.text()
    first = exercises[0]
    wrong = answer(qtbot, window, 1, format_number(first.value * 1.5 + 1, 6))
    assert wrong.startswith("Not quite") and first.status == "open"
    assert "of the true value is accepted); try again or ask for a hint." in wrong
    assert panel.score.text() == "Score: 0 of 3 correct · 0 revealed · 1 attempt"
    unreadable = answer(qtbot, window, 1, "0,5.2")
    assert "decimal point or a decimal comma" in unreadable
    assert "1 attempt" in panel.score.text()  # not counted
    right = answer(qtbot, window, 1, format_number(first.value, 6).replace(".", ","))
    assert right.startswith("Correct") and first.status == "solved"
    assert "solved" in panel.question(1).status.text()
    assert panel.score.text() == "Score: 1 of 3 correct · 0 revealed · 2 attempts"

    click(qtbot, panel.question(2).hint_button)
    hint = panel.question(2).details.text()
    assert hint.startswith("**Hint.** Formula:")
    assert exercises[1].status == "open" and not panel.apply_button.isEnabled()
    click(qtbot, panel.question(2).reveal_button)
    worked = panel.question(2).details.text()
    assert format_number(exercises[1].value, 6) in worked  # the worked answer
    assert exercises[1].status == "revealed" and not panel.apply_button.isEnabled()
    click(qtbot, panel.question(3).reveal_button)
    assert panel.score.text() == "Score: 1 of 3 correct · 2 revealed · 2 attempts"
    assert panel.apply_button.isEnabled()

    click(qtbot, panel.apply_button)
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)
    record = window.latest_record()
    assert record.step == exercises.step == 1
    np.testing.assert_array_equal(record.parameters_after, exercises.record.parameters_after)
    assert not feature.is_open and "ended" in panel.summary.text()
    assert "Score: 1 of 3 correct" in panel.score.text()  # kept
    assert not panel.question(1).answer.isEnabled()


def test_the_same_seed_gives_the_same_exercises(qtbot, mazur_window, make_window):
    window = mazur_window
    feature = exercise_of(window)
    first = start_exercise(qtbot, window, seed=11, count=5)
    asked = [e.quantity for e in first]
    click(qtbot, feature.panel.end_button)
    assert not feature.is_open
    again = start_exercise(qtbot, window, seed=11, count=5)
    assert [e.quantity for e in again] == asked
    click(qtbot, feature.panel.end_button)
    other = start_exercise(qtbot, window, seed=12, count=5)
    assert [e.quantity for e in other] != asked  # (for these two seeds)
    click(qtbot, feature.panel.end_button)
    dialog = open_dialog(qtbot, window)  # the dialog offers the last seed again
    assert dialog.seed_edit.text() == "12"
    dialog.reject()


@OFFSCREEN_POPUP
def test_ask_for_this_value_in_the_diagram_picks_the_questions(qtbot, mazur_window):
    window = mazur_window
    network = network_of(window)
    view = network.view

    def ask(selection: Selection, kind: str) -> None:
        pos = view.position_of(selection)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos)
        )
        QApplication.sendEvent(view.viewport(), event)
        menu = view.findChild(QMenu, names.ASK_VALUE_MENU)
        action = next(
            a for a in menu.actions() if a.objectName() == names.ask_value_action_name(kind)
        )
        action.trigger()
        view.findChild(QMenu, names.NETWORK_CONTEXT_MENU).close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    ask(Selection("unit", 1, 0), "hidden_delta")
    ask(Selection("w", 1, 0, 1), "weight_gradient")
    ask(Selection("w", 1, 0, 1), "weight_gradient")  # once only
    feature = exercise_of(window)
    assert feature.picks.quantities == [
        Quantity("hidden_delta", 1, 0, -1, 0), Quantity("weight_gradient", 1, 0, 1)
    ]  # fmt: skip
    assert "δ₁⁽¹⁾ (n = 1), ∂L/∂w₁₂⁽²⁾" in feature.panel.picked.text()
    dialog = open_dialog(qtbot, window)
    picked = dialog.findChild(QRadioButton, names.EXERCISE_PICKED_RADIO)
    assert picked.isEnabled()
    picked.setChecked(True)
    exercises = press_start(qtbot, window, dialog)
    assert [e.quantity for e in exercises] == feature.picks.quantities
    assert exercises.seed is None and "picked by hand" in feature.panel.summary.text()


def test_training_actions_ask_before_ending_the_exercise(qtbot, mazur_window, monkeypatch):
    window = mazur_window
    feature = exercise_of(window)
    exercises = start_exercise(qtbot, window, seed=2, count=2)
    network = network_of(window)
    answers: list[QMessageBox.StandardButton] = []
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    answers.append(QMessageBox.StandardButton.No)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    network.view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is network.view, timeout=WAIT_MS)
    qtbot.keyClick(network.view, Qt.Key.Key_Right)  # Step's shortcut
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    assert asked[0].startswith("Step ends the exercise on update 1")
    assert feature.is_open and window.latest_state().steps == 0
    run_button = window.controls.toolbar.widgetForAction(window.controls.run_action)
    answers.append(QMessageBox.StandardButton.No)
    click(qtbot, run_button)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=WAIT_MS)
    assert feature.is_open and not window.latest_state().running
    answers.append(QMessageBox.StandardButton.No)
    network.step_phase_action.trigger()
    assert len(asked) == 3 and feature.is_open
    answers.append(QMessageBox.StandardButton.No)
    network._open_editor(Selection("w", 1, 0, 0), QPoint(10, 10))  # double-click, F2, Enter
    assert len(asked) == 4 and not network.editor.isVisible()

    answers.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(network.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)
    assert not feature.is_open and "Score: 0 of 2" in feature.panel.score.text()
    assert window.latest_record().step == exercises.step
    assert network.showing.exercise is None


def test_changing_the_next_update_otherwise_ends_the_exercise(qtbot, mazur_window):
    window = mazur_window
    feature = exercise_of(window)
    start_exercise(qtbot, window, seed=1, count=2)
    spin = window.controls.learning_rate_spin
    spin.setValue(0.25)
    qtbot.waitUntil(lambda: not feature.is_open, timeout=WAIT_MS)
    assert "a training setting changed" in window.banner.text()
    assert "a training setting changed" in feature.panel.summary.text()
    start_exercise(qtbot, window, seed=1, count=2)
    network_of(window).edit_parameter(Selection("w", 0, 0, 0), 0.3)
    qtbot.waitUntil(lambda: not feature.is_open, timeout=WAIT_MS)
    assert network_of(window).current_value(Selection("w", 0, 0, 0)) == 0.3
    assert "a weight was edited" in window.banner.text()


def test_a_saved_session_opens_with_its_exercise(qtbot, mazur_window, make_window, tmp_path):
    window = mazur_window
    exercises = start_exercise(qtbot, window, seed=9, count=4)
    answer(qtbot, window, 1, repr(exercises[0].value))
    click(qtbot, exercise_of(window).panel.question(2).reveal_button)
    answer(qtbot, window, 3, "123")
    path = tmp_path / "class.mlpgui.json"
    assert window.files.save_and_wait(str(path))

    other = make_window()  # the lecture network: the session replaces it
    other.files.open_file(str(path))
    feature = exercise_of(other)
    qtbot.waitUntil(lambda: feature.is_open, timeout=WAIT_MS)
    restored = feature.exercises
    assert [e.quantity for e in restored] == [e.quantity for e in exercises]
    assert [e.status for e in restored] == ["solved", "revealed", "open", "open"]
    assert [e.attempts for e in restored] == [1, 0, 1, 0]
    assert restored.seed == 9 and restored.step == 1
    assert network_of(other).showing.hidden.keys == exercises.hidden_quantities()
    assert feature.panel.score.text() == "Score: 1 of 4 correct · 1 revealed · 2 attempts"


def test_a_question_shows_what_it_is_about_in_the_diagram(qtbot, window):
    exercises = start_exercise(qtbot, window, seed=4, count=3, kinds=("drive", "activation"))
    network = network_of(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    for n, exercise in enumerate(exercises, start=1):
        field = exercise_of(window).panel.question(n).answer
        field.setFocus(Qt.FocusReason.TabFocusReason)
        q = exercise.quantity
        qtbot.waitUntil(lambda q=q: window.selection() == Selection("unit", q.layer, q.i))
        assert network.stage.sample == q.sample  # the sample the question is about
        assert "?" in network.inspector.plain_text()  # its formula, the answer hidden


def test_a_session_whose_exercise_no_longer_fits_opens_without_it(
    qtbot, mazur_window, make_window, tmp_path
):
    window = mazur_window
    start_exercise(qtbot, window, seed=6, count=2)
    path = tmp_path / "edited.mlpgui.json"
    assert window.files.save_and_wait(str(path))
    document = json.loads(path.read_text())
    document["exercises"]["exercises"][0]["check"] = "0" * 16  # the file was edited by hand
    path.write_text(json.dumps(document))
    other = make_window()
    other.files.open_file(str(path))
    qtbot.waitUntil(lambda: "cannot be opened" in other.banner.text(), timeout=WAIT_MS)
    assert "no longer matches the network" in other.banner.text()
    assert other.latest_snapshot().setup.layer_sizes == (2, 2, 2)  # the run itself opened
    assert other.latest_snapshot().exercises is None  # without the exercise
    assert not exercise_of(other).is_open

    document["exercises"]["exercises"][0]["kind"] = "weight"  # damaged: the file is refused
    path.write_text(json.dumps(document))
    window.files.open_file(str(path))
    qtbot.waitUntil(lambda: "“exercises”" in window.banner.text(), timeout=WAIT_MS)
    assert exercise_of(window).is_open  # the current run and its exercise stay as they were


def test_presenter_mode_keeps_the_exercise_in_view(qtbot, mazur_window):
    window = mazur_window
    feature = exercise_of(window)
    start_exercise(qtbot, window, seed=2, count=2)
    window.presenter.set_enabled(True)
    assert feature.dock.isVisible() and network_of(window).dock.isVisible()
    assert not window.loss_dock.isVisible()  # presenter mode's own choice stays
    window.presenter.set_enabled(False)
    assert feature.dock.isVisible()


def test_an_exercise_started_in_presenter_mode_sits_below_the_inspector_with_room(
    qtbot, mazur_window
):
    """Presenter mode first, then the exercise: the dock goes between the inspector and the
    covered Output plot, which keeps only its least height."""
    window = mazur_window
    window.resize(1280, 720)
    window.presenter.set_enabled(True)
    feature = exercise_of(window)
    start_exercise(qtbot, window, seed=2, count=2)
    inspector = network_of(window).dock
    qtbot.waitUntil(lambda: feature.dock.isVisible(), timeout=WAIT_MS)
    below = feature.dock.geometry()
    assert not window.tabifiedDockWidgets(feature.dock)  # its own place, not a tab
    assert below.top() >= inspector.geometry().bottom()
    output = window.findChild(QDockWidget, names.OUTPUT_DOCK)
    if output is not None and output.isVisible():
        assert feature.dock.height() > 2 * output.height()
    window.presenter.set_enabled(False)


def test_the_worker_refuses_a_damaged_exercise_set(qtbot, window):
    window.worker.send(SetExerciseSet({"format": "mlpgui-exercises", "version": 1, "step": 0}))
    qtbot.waitUntil(lambda: "step must be from 1" in window.banner.text(), timeout=WAIT_MS)
