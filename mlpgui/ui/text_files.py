"""Text documents the user saves — worked examples and exercise sheets: where (a file dialog
offering Markdown and LaTeX) and the writing (atomic: a failed write leaves no half-written
file and keeps an existing one). GUI thread."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mlpgui.core.atomic import atomic_file

FORMATS = {".md": "Markdown", ".tex": "LaTeX document"}
"""The suffixes offered, and their names in the file dialog."""

_last_directory: Path | None = None


def ask_text_path(
    parent: QWidget,
    title: str,
    stem: str,
    companions: Callable[[Path], Sequence[Path]] | None = None,
) -> Path | None:
    """Ask where to save (None: cancelled). Without a suffix typed, the chosen filter's is
    added; any other suffix is kept only if it is .md or .tex (else .md is added).

    The file dialog asks before replacing the name typed; any other existing file this export
    would replace — the name with its suffix added, or a ``companions(path)`` file written
    beside it (an exercise sheet's solutions) — is asked about here."""
    filters = [f"{name} (*{suffix})" for suffix, name in FORMATS.items()]
    folder = _last_directory or Path.home()
    name, chosen = QFileDialog.getSaveFileName(
        parent, title, str(folder / f"{stem}.md"), ";;".join(filters)
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in FORMATS:
        suffixes = list(FORMATS)
        suffix = suffixes[filters.index(chosen)] if chosen in filters else suffixes[0]
        path = path.with_name(path.name + suffix)
    targets = [path, *(companions(path) if companions is not None else ())]
    unasked = [t for t in targets if t != Path(name) and t.exists()]
    if unasked and not _replace_confirmed(parent, unasked):
        return None
    return path


def _replace_confirmed(parent: QWidget, paths: list[Path]) -> bool:
    """Ask once whether ``paths`` (existing files) may be replaced."""
    listed = ", ".join(p.name for p in paths)
    answer = QMessageBox.question(
        parent,
        "Replace the file?" if len(paths) == 1 else "Replace the files?",
        f"{listed} already {'exists' if len(paths) == 1 else 'exist'} in {paths[0].parent}. "
        "Replace?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def is_latex(path: Path) -> bool:
    return path.suffix.lower() == ".tex"


def write_text(path: Path, text: str) -> str | None:
    """Write ``text`` (UTF-8) to ``path`` atomically; None if it worked, else one sentence."""
    global _last_directory
    try:
        with atomic_file(path, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return f"Cannot write {os.fspath(path)}: {reason}."
    _last_directory = path.parent
    return None


def file_stem(title: str) -> str:
    """A file name from a page's title: "Weight w₁₁⁽²⁾ — update 3" → "weight-w112-update-3"."""
    plain = title.translate(_PLAIN).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(words)[:60] or "worked-example"


_PLAIN = str.maketrans(
    "₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾ᵢⱼₖₗₙδ∂",
    "01234567890123456789  ijklnd ",
)
