"""Kept runs are not saved with the session: the window says so where it matters — in the
Runs dock while runs are kept, and in the sentence after saving (issue #13)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names

from .conftest import WAIT_MS
from .test_runs import keep_at_half_and_train_at_two, open_runs_dock, runs_of, train


def test_saving_with_kept_runs_says_the_kept_runs_are_not_in_the_file(qtbot, make_window, tmp_path):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    keep_at_half_and_train_at_two(qtbot, window)
    qtbot.waitUntil(lambda: runs_of(window).runs[-1].label == "γ = 2", timeout=WAIT_MS)
    path = str(tmp_path / "compare.mlpgui.json")
    assert window.files.save_and_wait(path)
    qtbot.waitUntil(lambda: "kept" in window.banner.text(), timeout=WAIT_MS)
    assert window.banner.text() == (
        f"Saved {path} with the run shown, “γ = 2”; the kept run is not in the file (to save "
        "one, show it and save it as another session)."
    )


def test_saving_without_kept_runs_says_only_saved(qtbot, make_window, tmp_path):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 3)
    path = str(tmp_path / "one.mlpgui.json")
    assert window.files.save_and_wait(path)
    qtbot.waitUntil(lambda: window.banner.text() == f"Saved {path}.", timeout=WAIT_MS)


def test_the_runs_dock_says_kept_runs_are_not_saved_while_runs_are_kept(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    open_runs_dock(qtbot, window)
    note = window.findChild(QLabel, names.RUNS_NOT_SAVED_NOTE)
    assert note is not None and not note.isVisible()
    keep_at_half_and_train_at_two(qtbot, window)  # the hint goes, the list comes
    assert not runs_of(window).panel.hint.isVisible()
    assert note.isVisible()
    assert "saving writes the run shown" in note.text()
