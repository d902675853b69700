"""Preparing an exercise changes the session (the set is saved with it): the worker answers
SetExerciseSet with ModelChanged(EXERCISES), the window counts it as unsaved, and closing asks
to save. An opened session's own exercise, made again in the window, is no change (H15, 5)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from mlpgui.ui.network.phases import WalkState
from mlpgui.worker import ModelChange

from ..conftest import WAIT_MS, network_of
from ..test_runs import answered
from .conftest import exercise_of, start_exercise


def test_preparing_an_exercise_marks_the_session_changed_and_closing_asks(
    qtbot, mazur_window, tmp_path, monkeypatch
):
    window = mazur_window
    path = tmp_path / "prepared.mlpgui.json"
    assert window.files.save_and_wait(str(path))
    assert not window.files.dirty
    start_exercise(qtbot, window, seed=4, count=2)
    qtbot.waitUntil(
        lambda: window.latest_snapshot().reason is ModelChange.EXERCISES, timeout=WAIT_MS
    )
    assert window.files.dirty and window.windowTitle().endswith(" *")
    assert window.latest_snapshot().exercises is not None

    asked: list[str] = []

    def cancel(parent, title, text, *args):
        asked.append(title)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    window.confirm_close = True  # as outside the tests
    window.close()
    assert asked == ["Save changes?"] and window.isVisible()  # cancelled: the window stays
    assert exercise_of(window).is_open
    window.confirm_close = False

    assert window.files.save_and_wait(str(path))
    assert not window.files.dirty
    qtbot.mouseClick(exercise_of(window).panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.files.dirty, timeout=WAIT_MS)  # the saved set is gone
    assert window.latest_snapshot().exercises is None


def test_an_opened_sessions_exercise_is_no_change(qtbot, mazur_window, make_window, tmp_path):
    window = mazur_window
    start_exercise(qtbot, window, seed=8, count=3)
    path = tmp_path / "class.mlpgui.json"
    assert window.files.save_and_wait(str(path))
    other = make_window()
    other.files.open_file(str(path))
    qtbot.waitUntil(lambda: exercise_of(other).is_open, timeout=WAIT_MS)
    answered(qtbot, other)  # the set the window made again has reached the worker
    assert not other.files.dirty


def test_step_phase_after_ending_the_exercise_walks_through(qtbot, mazur_window, monkeypatch):
    window = mazur_window
    start_exercise(qtbot, window, seed=2, count=2)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes
    )  # "End the exercise?" — yes
    network = network_of(window)
    network.step_phase_action.trigger()
    assert not exercise_of(window).is_open
    qtbot.waitUntil(lambda: network.walk.state is WalkState.WALKING, timeout=WAIT_MS)
    answered(qtbot, window)  # the worker's answer to the ended set has arrived too
    assert network.walk.state is WalkState.WALKING
