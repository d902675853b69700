"""Saving and copying worked examples and exercise sheets as a lecturer does: the two files of
a sheet are written both or neither (never new questions beside old solutions), and Copy as ▸
Markdown and LaTeX put their text on the clipboard."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction, QGuiApplication

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.exercise import make_exercises
from mlpgui.ui import names
from mlpgui.ui.exercise.sheet import write_sheet
from mlpgui.ui.selection import Selection

from .conftest import step_and_wait


def exercises(seed: int):
    rng = np.random.default_rng(seed)
    trainer = Trainer(MLP((2, 3, 1), ("tanh", "sigmoid"), seed=seed),
                      Dataset(rng.normal(size=(4, 2)), rng.uniform(size=(4, 1))), 0.5)  # fmt: skip
    trainer.step()
    return make_exercises(trainer.preview(), count=3, seed=seed)


def test_a_sheet_whose_solutions_cannot_be_written_writes_no_questions_either(tmp_path):
    # "-solutions" makes the second name too long for the file system; the first one fits.
    questions = tmp_path / ("x" * 232 + ".md")
    other, problem = write_sheet(exercises(1), questions)
    assert problem is not None and str(other) in problem
    assert problem.endswith("; neither file was changed.") and problem.count(".") <= 3
    assert list(tmp_path.iterdir()) == []  # no questions without their solutions


def test_a_sheet_whose_solutions_name_is_a_folder_keeps_the_old_questions(tmp_path):
    questions = tmp_path / "sheet.tex"
    first, problem = write_sheet(exercises(3), questions)
    assert problem is None and first.read_text().startswith("\\documentclass")
    before = questions.read_text()
    first.unlink()
    first.mkdir()  # a folder where the solutions go
    other, problem = write_sheet(exercises(4), questions)
    assert problem is not None and str(other) in problem and "neither file was changed" in problem
    assert questions.read_text() == before and other.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet-solutions.tex", "sheet.tex"]


def test_copy_as_markdown_and_latex_put_their_text_on_the_clipboard(qtbot, mazur_window):
    """Plain text: a QMimeData of our own left on the clipboard crashed the process when the
    application ended (see WorkedExamples.copy_as)."""
    window = mazur_window
    step_and_wait(qtbot, window)
    window.store.select(Selection("w", 1, 0, 0))
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    assert QGuiApplication.clipboard().text().startswith("# Weight w5 = w₁₁⁽²⁾ — update 1")
    window.findChild(QAction, names.COPY_AS_LATEX_ACTION).trigger()
    assert QGuiApplication.clipboard().text().startswith("% A worked example from mlpgui")
