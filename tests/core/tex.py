"""Whether the exported LaTeX can be compiled here: pdflatex is optional on a developer's
machine (the structure of every page is checked either way), but CI installs it and sets
MLPGUI_REQUIRE_PDFLATEX=1, so that there a missing pdflatex fails instead of passing quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def pdflatex_available() -> bool:
    if shutil.which("pdflatex") is not None:
        return True
    if os.environ.get("MLPGUI_REQUIRE_PDFLATEX") == "1":
        pytest.fail("pdflatex is required here (MLPGUI_REQUIRE_PDFLATEX=1) but not installed.")
    return False


def compiled_log(tex: str, directory: Path, name: str) -> str:
    """Compile ``tex`` as ``name``.tex in ``directory`` with pdflatex (which must succeed) and
    return its log (to look for "Overfull \\hbox")."""
    (directory / f"{name}.tex").write_text(tex)
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=directory, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    return (directory / f"{name}.log").read_text(errors="replace")
