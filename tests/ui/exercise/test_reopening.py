"""A session saved during an exercise opens with its values hidden from the first moment: while
its exercise is made again, nothing shows the latest update's L(θ after) — on a full batch the
loss of the next update, which the exercise hides — nor anything else at the current θ."""

from __future__ import annotations

import json

from PySide6.QtGui import QAction, QGuiApplication

from mlpgui.core.worked_page import format_number
from mlpgui.ui import names
from mlpgui.ui.exercise.covering import REOPENING
from mlpgui.ui.network.hiding import NOTHING
from mlpgui.ui.numbers_panel import NumbersPanel
from mlpgui.ui.status import TrainingStatus

from ..conftest import WAIT_MS, network_of
from ..network.conftest import step_and_wait
from .conftest import diagram_texts, exercise_of, start_exercise


def shown_texts(window) -> str:
    """The diagram, the inspector, the Numbers panel and the status bar's loss."""
    numbers = window.feature(NumbersPanel)
    status = window.feature(TrainingStatus)
    assert numbers is not None and status is not None
    network = network_of(window)
    network.showing.render_inspector()
    parts = [diagram_texts(window), network.inspector.plain_text(), status.loss_label.text()]
    return "\n".join([*parts, numbers.toPlainText()])


def test_an_opened_sessions_exercise_hides_the_loss_before_it_is_back(
    qtbot, mazur_window, make_window, tmp_path
):
    window = mazur_window
    step_and_wait(qtbot, window, 2)
    exercises = start_exercise(qtbot, window, seed=1, count=4)  # d₂⁽²⁾ first: the loss hides
    assert ("loss",) in exercises.hidden_quantities()
    loss = format_number(exercises.record.loss_before, 6)
    assert loss == format_number(window.latest_record().loss_after, 6)  # one sample: the same
    path = tmp_path / "class.mlpgui.json"
    assert window.files.save_and_wait(str(path))

    other = make_window()
    seen: list[str] = []  # what the window showed at every step of opening the session

    def look(*_: object) -> None:
        seen.append(shown_texts(other))

    for signal in (other.store.model_changed, other.store.record_changed,
                   other.store.state_changed):  # fmt: skip
        signal.connect(look)
    other.files.open_file(str(path))
    feature = exercise_of(other)
    qtbot.waitUntil(lambda: feature.is_open, timeout=WAIT_MS)
    look()
    assert len(seen) > 2 and any("update 2" in text for text in seen)
    assert [text for text in seen if loss in text] == []

    feature.end("ended by hand")  # the loss shows again once the exercise ends
    assert loss in shown_texts(other)


def test_a_session_whose_exercise_cannot_be_made_shows_everything_again(
    qtbot, mazur_window, make_window, tmp_path
):
    window = mazur_window
    step_and_wait(qtbot, window, 1)
    start_exercise(qtbot, window, seed=1, count=2)
    path = tmp_path / "edited.mlpgui.json"
    assert window.files.save_and_wait(str(path))
    document = json.loads(path.read_text())
    document["exercises"]["exercises"][0]["check"] = "0" * 16  # edited by hand: no longer fits
    path.write_text(json.dumps(document))

    other = make_window()
    other.files.open_file(str(path))
    qtbot.waitUntil(lambda: "cannot be opened" in other.banner.text(), timeout=WAIT_MS)
    assert not exercise_of(other).is_open
    assert not network_of(other).showing.hidden  # nothing withheld any longer
    loss = format_number(other.latest_record().loss_after, 6)
    qtbot.waitUntil(lambda: loss in shown_texts(other), timeout=WAIT_MS)
    assert "?" not in other.feature(TrainingStatus).loss_label.text()


def test_nothing_is_exported_while_an_opened_sessions_exercise_is_made(qtbot, mazur_window):
    """Between opening the session and its exercise coming back, the latest update's page
    would print its L(θ after): Copy as Markdown refuses then too."""
    window = mazur_window
    step_and_wait(qtbot, window, 1)
    network_of(window).showing.withhold(REOPENING)  # as ExerciseFeature does meanwhile
    QGuiApplication.clipboard().setText("before")
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    assert QGuiApplication.clipboard().text() == "before"
    assert "end the exercise first" in window.banner.text()
    network_of(window).showing.withhold(NOTHING)
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    assert format_number(window.latest_record().loss_after, 6) in QGuiApplication.clipboard().text()
