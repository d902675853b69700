"""While an exercise is open, every action that changes the next update asks "End the
exercise?" first, however it is triggered — a shortcut, a button, a menu, or ``trigger()`` from
code such as the animation recorder (one mechanism: TrainingControls.add_confirmation)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from mlpgui.ui.training_controls import TrainingControls

from ..conftest import WAIT_MS, network_of
from ..test_runs import answered
from .conftest import exercise_of, start_exercise


def test_every_action_asks_first_even_when_triggered_from_code(qtbot, mazur_window, monkeypatch):
    window = mazur_window
    feature = exercise_of(window)
    start_exercise(qtbot, window, seed=3, count=2)
    generation = window.store.generation
    asked: list[str] = []

    def no(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    controls, network = window.controls, network_of(window)
    for action in (
        controls.step_action, controls.step_many_action, controls.run_action,
        controls.run_pause_action, controls.reset_action, controls.new_seed_action,
        network.step_phase_action, network.architecture_action,
    ):  # fmt: skip
        action.trigger()
    whats = [text.split(" ends the exercise")[0] for text in asked]
    assert whats == [
        "Step", "Step N updates", "Run", "Run", "Reset", "Reset with a new seed",
        "Step phase", "Changing the architecture",
    ]  # fmt: skip
    answered(qtbot, window)  # every intent sent so far was handled: none was
    state = window.latest_state()
    assert (state.steps, state.running, window.store.generation) == (0, False, generation)
    assert feature.is_open and not controls.intended_running

    def yes(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == 1, timeout=WAIT_MS)
    assert not feature.is_open and len(asked) == 9


def test_pausing_never_asks_and_a_failing_confirmation_counts_as_no(qtbot, capsys):
    parent = QWidget()
    qtbot.addWidget(parent)
    controls = TrainingControls(parent)
    sent: list[str] = []
    controls.run_requested.connect(lambda: sent.append("run"))
    controls.pause_requested.connect(lambda: sent.append("pause"))
    controls.step_requested.connect(lambda: sent.append("step"))
    asked: list[str] = []
    controls.add_confirmation(lambda what: asked.append(what) or True)
    controls.run_pause_action.trigger()
    controls.run_pause_action.trigger()  # now it pauses
    assert (sent, asked) == (["run", "pause"], ["Run"])

    def broken(what: str) -> bool:
        raise RuntimeError("a bug in a confirmation")

    controls.add_confirmation(broken)
    controls.step_action.trigger()
    assert sent == ["run", "pause"]  # nothing sent
    assert "a bug in a confirmation" in capsys.readouterr().err
