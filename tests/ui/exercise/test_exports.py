"""The inspector's page as a worked example (Copy as ▸ Markdown / LaTeX, Export…, File ▸
Export ▸ Worked example…) and the exercise sheet (questions and solutions, two files): the
numbers written are the record's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from mlpgui.core.explain import explain_unit
from mlpgui.core.worked_page import format_number, latex_number
from mlpgui.ui import names
from mlpgui.ui.selection import Selection

from ..conftest import WAIT_MS, network_of
from ..network.conftest import step_and_wait
from .conftest import exercise_of, start_exercise

DIGITS = 6
"""The inspector's default digits."""


def save_as(monkeypatch, path: Path, chosen: str = "Markdown (*.md)") -> list[str]:
    """Answer the next file dialogs with ``path``; returns the titles asked."""
    titles: list[str] = []

    def dialog(parent, title, directory, filters):
        titles.append(title)
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return titles


def test_export_writes_the_picked_weight_with_the_records_numbers(
    qtbot, mazur_window, monkeypatch, tmp_path
):
    window = mazur_window
    step_and_wait(qtbot, window)
    record = window.latest_record()
    window.store.select(Selection("w", 1, 0, 0))  # Mazur's w5 = w₁₁⁽²⁾
    inspector = network_of(window).inspector
    save_as(monkeypatch, tmp_path / "w5.md")
    qtbot.mouseClick(inspector.export_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "w5.md").read_text(encoding="utf-8")
    assert text.startswith("# Weight w5 = w₁₁⁽²⁾ — update 1")
    for value in (record.weights_before[1][0, 0], record.weight_gradients[1][0, 0],
                  record.weight_updates[1][0, 0], record.weights_after[1][0, 0],
                  record.deltas[1][0, 0], record.activations[1][0, 0]):  # fmt: skip
        assert format_number(value, DIGITS) in text
    assert format_number(record.weights_after[1][0, 0], DIGITS) == "0.358916"  # Mazur's
    assert "Exported “Weight w5" in window.banner.text()

    inspector.digits_spin.setValue(9)  # the inspector's digits, and LaTeX: a whole document
    save_as(monkeypatch, tmp_path / "w5", "LaTeX document (*.tex)")
    window.findChild(QAction, names.EXPORT_WORKED_ACTION).trigger()
    latex = (tmp_path / "w5.tex").read_text(encoding="utf-8")
    assert latex.startswith("\\documentclass") and latex.rstrip().endswith("\\end{document}")
    assert latex_number(record.weights_after[1][0, 0], 9) in latex
    export_menu = window.findChild(QMenu, names.EXPORT_MENU)
    assert window.findChild(QAction, names.EXPORT_WORKED_ACTION) in export_menu.actions()


def test_copy_as_markdown_and_latex_follow_the_inspectors_page(qtbot, window):
    step_and_wait(qtbot, window)
    record = window.latest_record()
    network = network_of(window)
    network.stage.sample_spin.setValue(3)  # the Sample box: n = 3
    sample = network.stage.sample
    assert sample is not None
    window.store.select(Selection("unit", 2, 1))
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    markdown = QGuiApplication.clipboard().text()
    assert markdown.startswith("# Unit 2 of layer 2 (hidden")
    unit = explain_unit(record, 2, 1)
    for values in (unit.drives, unit.activations, unit.deltas):
        assert format_number(values[sample], DIGITS) in markdown
    window.store.select(None)  # nothing picked: the whole update
    window.findChild(QAction, names.COPY_AS_LATEX_ACTION).trigger()
    latex = QGuiApplication.clipboard().text()
    assert "\\documentclass" not in latex  # a fragment, to paste
    assert latex_number(record.loss_before, DIGITS) in latex
    assert latex_number(record.loss_after, DIGITS) in latex
    window.findChild(QAction, names.COPY_AS_TEXT_ACTION).trigger()
    assert QGuiApplication.clipboard().text() == network.inspector.plain_text()
    network.stage.sample_spin.setValue(0)  # the batch mean: a unit's page is for sample 1
    window.store.select(Selection("unit", 1, 0))
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    assert "for sample n = 1 (choose another in the Sample box)" in window.banner.text()
    first = explain_unit(record, 1, 0)
    assert format_number(first.drives[0], DIGITS) in QGuiApplication.clipboard().text()


def test_nothing_is_exported_while_an_exercise_hides_values(
    qtbot, mazur_window, monkeypatch, tmp_path
):
    window = mazur_window
    start_exercise(qtbot, window, seed=4, count=3)
    titles = save_as(monkeypatch, tmp_path / "leak.md")
    QGuiApplication.clipboard().setText("before")
    window.findChild(QAction, names.COPY_AS_MARKDOWN_ACTION).trigger()
    qtbot.mouseClick(network_of(window).inspector.export_button, Qt.MouseButton.LeftButton)
    assert titles == [] and not (tmp_path / "leak.md").exists()
    assert QGuiApplication.clipboard().text() == "before"
    assert "end the exercise first" in window.banner.text()


@pytest.mark.parametrize("suffix", [".md", ".tex"])
def test_the_exercise_sheet_has_questions_and_solutions_in_two_files(
    qtbot, mazur_window, monkeypatch, tmp_path, suffix
):
    window = mazur_window
    exercises = start_exercise(qtbot, window, seed=8, count=5)
    chosen = "Markdown (*.md)" if suffix == ".md" else "LaTeX document (*.tex)"
    save_as(monkeypatch, tmp_path / f"sheet{suffix}", chosen)
    window.findChild(QAction, names.EXPORT_SHEET_ACTION).trigger()
    questions = (tmp_path / f"sheet{suffix}").read_text(encoding="utf-8")
    solutions = (tmp_path / f"sheet-solutions{suffix}").read_text(encoding="utf-8")
    number = format_number if suffix == ".md" else latex_number
    for index, exercise in enumerate(exercises):
        assert number(exercise.value, exercises.digits) in solutions
        assert number(exercise.value, exercises.digits) not in questions
        for given in exercises.hint(index, all_open=True).given:  # a chained one reads "?"
            if given.hidden_by is None:
                assert number(given.value, exercises.digits) in questions
    if suffix == ".tex":
        assert questions.startswith("\\documentclass") and solutions.startswith("\\documentclass")
    assert f"sheet-solutions{suffix}" in window.banner.text()
    assert exercise_of(window).is_open  # exporting changes nothing
    assert [e.status for e in exercises] == ["open"] * 5


def test_without_an_exercise_the_sheet_says_how_to_make_one(qtbot, window, monkeypatch, tmp_path):
    titles = save_as(monkeypatch, tmp_path / "sheet.md")
    window.findChild(QAction, names.EXPORT_SHEET_ACTION).trigger()
    qtbot.waitUntil(lambda: "Training ▸ Exercise…" in window.banner.text(), timeout=WAIT_MS)
    assert titles == []


def test_the_sheet_asks_before_replacing_last_times_solutions(
    qtbot, mazur_window, monkeypatch, tmp_path
):
    """The file dialog asks only about the questions' file; the solutions beside it would have
    been replaced without a word."""
    window = mazur_window
    start_exercise(qtbot, window, seed=8, count=3)
    old = tmp_path / "sheet-solutions.md"
    old.write_text("last year's answer key", encoding="utf-8")
    save_as(monkeypatch, tmp_path / "sheet.md")
    asked: list[str] = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.findChild(QAction, names.EXPORT_SHEET_ACTION).trigger()
    assert len(asked) == 1 and "sheet-solutions.md already exists" in asked[0]
    assert old.read_text(encoding="utf-8") == "last year's answer key"
    assert not (tmp_path / "sheet.md").exists()
