"""Text documents the user saves — worked examples and exercise sheets: where (a file dialog
offering Markdown and LaTeX) and the writing (atomic: a failed write leaves no half-written
file and keeps an existing one). GUI thread."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from mlpgui.core.atomic import atomic_file

FORMATS = {".md": "Markdown", ".tex": "LaTeX document"}
"""The suffixes offered, and their names in the file dialog."""

_last_directory: Path | None = None


def ask_text_path(parent: QWidget, title: str, stem: str) -> Path | None:
    """Ask where to save (None: cancelled). Without a suffix typed, the chosen filter's is
    added; any other suffix is kept only if it is .md or .tex (else .md is added)."""
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
    return path


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
