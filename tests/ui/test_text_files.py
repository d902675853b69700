"""Where worked examples and exercise sheets are saved: a file the export would replace without
the file dialog having asked (its suffix added after the dialog, or a sheet's solutions beside
the questions) is asked about once; No writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mlpgui.ui.text_files import ask_text_path


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def answer_dialog(monkeypatch, name: str, chosen: str = "Markdown (*.md)") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (name, chosen))


def record_questions(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_suffix_added_after_the_dialog_does_not_replace_a_file_unasked(
    parent, tmp_path, monkeypatch
):
    (tmp_path / "w5.md").write_text("my notes")
    answer_dialog(monkeypatch, str(tmp_path / "w5"))  # the dialog confirmed "w5", not "w5.md"
    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    assert ask_text_path(parent, "Export", "w5") is None
    assert len(asked) == 1 and "w5.md already exists" in asked[0]
    asked = record_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    assert ask_text_path(parent, "Export", "w5") == tmp_path / "w5.md"


def test_the_name_the_dialog_confirmed_is_not_asked_about_twice(parent, tmp_path, monkeypatch):
    (tmp_path / "w5.tex").write_text("old")
    answer_dialog(monkeypatch, str(tmp_path / "w5.tex"), "LaTeX document (*.tex)")
    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    assert ask_text_path(parent, "Export", "w5") == tmp_path / "w5.tex"
    assert asked == []


def test_companion_files_that_exist_are_asked_about(parent, tmp_path, monkeypatch):
    (tmp_path / "sheet-solutions.md").write_text("last year's answers")
    answer_dialog(monkeypatch, str(tmp_path / "sheet.md"))

    def solutions(path):
        return [path.with_name(path.stem + "-solutions" + path.suffix)]

    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    assert ask_text_path(parent, "Export", "sheet", solutions) is None
    assert len(asked) == 1 and "sheet-solutions.md already exists" in asked[0]
    (tmp_path / "sheet-solutions.md").unlink()
    asked = record_questions(monkeypatch, QMessageBox.StandardButton.No)
    assert ask_text_path(parent, "Export", "sheet", solutions) == tmp_path / "sheet.md"
    assert asked == []
