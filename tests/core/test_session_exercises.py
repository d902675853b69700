"""An exercise set saved with the session: written only when there is one, read back with its
progress, refused with one sentence naming the field when damaged; no new format version."""

from __future__ import annotations

import json

import pytest

from mlpgui.core.exercise import ExerciseSet, make_exercises
from mlpgui.core.presets import load_preset
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import (
    PLAIN_VERSION,
    SessionError,
    load_session,
    save_session,
    session_from_json,
    session_to_json,
)
from mlpgui.core.setup import TrainingSetup


def _run(steps: int = 3) -> TrainingRun:
    setup = TrainingSetup.for_preset("lecture")[0]
    run = TrainingRun(setup, load_preset("lecture"))
    for _ in range(steps):
        run.step()
    return run


def test_a_session_keeps_its_exercise_set_with_the_progress(tmp_path):
    run = _run()
    exercises = make_exercises(run.trainer.preview(), count=4, seed=11)
    exercises[0].check(str(exercises[0].value))  # solved
    exercises[1].check("12345")  # one wrong attempt
    exercises[2].reveal()
    run.exercises = exercises.to_json()
    path = tmp_path / "with-exercises.mlpgui.json"
    save_session(run.to_session(), path)

    document = json.loads(path.read_text())
    assert document["version"] == PLAIN_VERSION  # no addition needs a new version
    reopened = TrainingRun.from_session(load_session(path))
    assert reopened.exercises == run.exercises
    restored = ExerciseSet.from_json(reopened.exercises, reopened.trainer.preview())
    assert [e.status for e in restored] == ["solved", "open", "revealed", "open"]
    assert [e.attempts for e in restored] == [1, 1, 0, 0]
    assert [e.value for e in restored] == [e.value for e in exercises]
    assert restored.seed == 11


def test_a_session_without_exercises_has_no_such_field():
    document = session_to_json(_run(1).to_session())
    assert "exercises" not in document
    assert session_from_json(document).exercises is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.update(step="3"), "step must be a whole number"),
        (lambda e: e["exercises"][0].update(kind="weight"), "unknown kind 'weight'"),
        (lambda e: e.update(exercises=[]), "list of 1 to 100 exercises"),
        (lambda e: e.update(format="other"), "format"),
    ],
)
def test_a_damaged_exercise_set_is_refused_naming_the_field(change, words):
    run = _run(1)
    run.exercises = make_exercises(run.trainer.preview(), count=2, seed=1).to_json()
    document = json.loads(json.dumps(session_to_json(run.to_session())))
    change(document["exercises"])
    with pytest.raises(SessionError) as error:
        session_from_json(document)
    message = str(error.value)
    assert message.startswith("The session's field “exercises” is not a valid exercise set")
    assert words in message
    assert message.count(".") <= 2 and "\n" not in message
