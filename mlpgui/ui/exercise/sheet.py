"""File ▸ Export ▸ Exercise sheet…: an exercise set's questions and its solutions, as two
Markdown files or two LaTeX documents (``mlpgui.core.worked_sheet``), each written atomically.
GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mlpgui.core.exercise import ExerciseSet
from mlpgui.core.worked_sheet import exercise_sheet
from mlpgui.ui.text_files import ask_text_path, is_latex, write_text


def solutions_path(questions: Path) -> Path:
    """Where the solutions go: "sheet.md" → "sheet-solutions.md"."""
    return questions.with_name(f"{questions.stem}-solutions{questions.suffix}")


def write_sheet(exercises: ExerciseSet, path: Path) -> tuple[Path, str | None]:
    """Write the questions to ``path`` and the solutions beside it; (solutions' path, None
    or one sentence saying what could not be written)."""
    questions, solutions = exercise_sheet(exercises)
    latex = is_latex(path)
    other = solutions_path(path)
    for target, page in ((path, questions), (other, solutions)):
        text = page.latex(standalone=True) if latex else page.markdown()
        problem = write_text(target, text)
        if problem is not None:
            return other, problem
    return other, None


def export_sheet(parent: QWidget, exercises: ExerciseSet, say: Callable[[str, str], None]) -> None:
    """Ask where, write both files, and say what happened (``say(kind, sentence)``)."""
    stem = f"exercises-update-{exercises.step}"
    path = ask_text_path(parent, "Export exercise sheet (questions; solutions beside)", stem)
    if path is None:
        return
    other, problem = write_sheet(exercises, path)
    if problem is not None:
        say("error", problem)
    else:
        say("info", f"Exported the questions to {path} and the solutions to {other}.")
