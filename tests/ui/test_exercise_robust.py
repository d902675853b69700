"""Exercise mode at its largest (issue #13): a 2-64-64-1 network trained on batches of 32,
100 questions asked through the dialog, answered in part, saved mid-exercise and reopened."""

from __future__ import annotations

import numpy as np

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup

from .conftest import WAIT_MS
from .exercise.conftest import (  # noqa: F401  (the fixture is used by name)
    OFFSCREEN_POPUP,
    exercise_of,
    no_unexpected_question,
    start_exercise,
)
from .exercise.test_exercise_mode import answer

KINDS = ("drive", "activation", "output_delta", "hidden_delta", "weight_gradient",
         "weight_new", "bias_gradient", "bias_new")  # fmt: skip


def big_window(make_window):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(64, 2))
    setup = TrainingSetup((2, 64, 64, 1), ("tanh", "tanh", "linear"), seed=1, batch=32)
    return make_window(setup, Dataset(x, np.sin(x[:, :1]) * x[:, 1:]))


@OFFSCREEN_POPUP
def test_a_hundred_questions_on_a_64_unit_network_saved_and_reopened(
    qtbot, make_window, tmp_path, capfd
):
    window = big_window(make_window)
    exercises = start_exercise(qtbot, window, seed=11, count=100, kinds=KINDS)
    assert len(exercises) == 100
    for n in (1, 2, 3):
        answer(qtbot, window, n, repr(exercises[n - 1].value))
    answer(qtbot, window, 4, "12345")
    path = tmp_path / "big.mlpgui.json"
    assert window.files.save_and_wait(str(path))
    other = make_window()
    other.files.open_file(str(path))
    feature = exercise_of(other)
    qtbot.waitUntil(lambda: feature.is_open, timeout=WAIT_MS)
    restored = feature.exercises
    assert [e.quantity for e in restored] == [e.quantity for e in exercises]
    assert [e.status for e in restored][:5] == ["solved", "solved", "solved", "open", "open"]
    err = capfd.readouterr().err
    assert "Traceback" not in err, err[-3000:]
