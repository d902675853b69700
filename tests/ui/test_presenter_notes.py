"""Presenter mode (F5) reaches two notes a class reads: the Runs dock's "kept runs live in
memory only" (a style sheet kept it at 9 pt beside 14.4 pt) and the Dataset editor's line
above its plot, which an exercise replaces with "network output hidden …" (a fixed 8 pt)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.presenter import FONT_SCALE

from .conftest import WAIT_MS
from .exercise.conftest import start_exercise
from .exercise.test_presenter_fonts import grows_in_presenter_mode
from .test_runs import button, open_runs_dock, train, wait_runs


def test_the_kept_runs_note_grows_in_presenter_mode(qtbot, window):
    train(qtbot, window, 5)
    open_runs_dock(qtbot, window)
    qtbot.mouseClick(button(window, names.KEEP_RUN_BUTTON), Qt.MouseButton.LeftButton)
    wait_runs(qtbot, window, 2)
    note = window.findChild(QLabel, names.RUNS_NOT_SAVED_NOTE)
    qtbot.waitUntil(note.isVisible, timeout=WAIT_MS)
    grows_in_presenter_mode(qtbot, window, note)


def _title_points(editor: DatasetEditor) -> float:
    return float(str(editor.plot.getPlotItem().titleLabel.opts["size"]).removesuffix("pt"))


def test_the_dataset_plots_exercise_note_is_large_in_presenter_mode(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    editor = window.feature(DatasetEditor)
    assert editor is not None
    normal = _title_points(editor)
    window.presenter.set_enabled(True)
    try:
        start_exercise(qtbot, window, seed=1, count=2, kinds=("drive",))
        qtbot.waitUntil(lambda: editor.plot.output_note is not None, timeout=WAIT_MS)
        assert editor.plot.output_note in str(editor.plot.getPlotItem().titleLabel.text)
        assert _title_points(editor) >= normal * FONT_SCALE * 0.9
    finally:
        window.presenter.set_enabled(False)
