"""File ▸ Export ▸ Exercise sheet…: an exercise set's questions and its solutions, as two
Markdown files or two LaTeX documents (``mlpgui.core.worked_sheet``), written atomically and
both or neither. GUI thread."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mlpgui.core.atomic import atomic_file, real_target
from mlpgui.core.exercise import ExerciseSet
from mlpgui.core.worked_sheet import exercise_sheet
from mlpgui.ui.text_files import ask_text_path, is_latex, write_text


def solutions_path(questions: Path) -> Path:
    """Where the solutions go: "sheet.md" → "sheet-solutions.md"."""
    return questions.with_name(f"{questions.stem}-solutions{questions.suffix}")


def write_sheet(exercises: ExerciseSet, path: Path) -> tuple[Path, str | None]:
    """Write the questions to ``path`` and the solutions beside it, both or neither (new
    questions beside last time's solutions would be a wrong answer key); (solutions' path,
    None or one sentence saying what could not be written)."""
    questions, solutions = exercise_sheet(exercises)
    latex = is_latex(path)
    other = solutions_path(path)
    texts = [page.latex(standalone=True) if latex else page.markdown()
             for page in (questions, solutions)]  # fmt: skip
    try:
        if os.path.isdir(real_target(other)):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(other))
        # The solutions' complete temporary file first; it replaces the old solutions only
        # after the questions were written.
        with atomic_file(other, "w", encoding="utf-8") as file:
            file.write(texts[1])
            problem = write_text(path, texts[0])
            if problem is not None:
                raise _NotWritten(problem)
    except _NotWritten as failed:
        return other, f"{str(failed).removesuffix('.')}; neither file was changed."
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return other, f"Cannot write {os.fspath(other)}: {reason}; neither file was changed."
    return other, None


class _NotWritten(Exception):
    """The questions could not be written (its one sentence), so the solutions are not."""


def export_sheet(parent: QWidget, exercises: ExerciseSet, say: Callable[[str, str], None]) -> None:
    """Ask where, write both files, and say what happened (``say(kind, sentence)``)."""
    stem = f"exercises-update-{exercises.step}"
    path = ask_text_path(
        parent,
        "Export exercise sheet (questions; solutions beside)",
        stem,
        lambda questions: [solutions_path(questions)],
    )
    if path is None:
        return
    other, problem = write_sheet(exercises, path)
    if problem is not None:
        say("error", problem)
    else:
        say("info", f"Exported the questions to {path} and the solutions to {other}.")
