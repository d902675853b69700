"""Whether the exported LaTeX can be compiled here: pdflatex is optional on a developer's
machine (the structure of every page is checked either way), but CI installs it and sets
MLPGUI_REQUIRE_PDFLATEX=1, so that there a missing pdflatex fails instead of passing quietly."""

from __future__ import annotations

import os
import shutil

import pytest


def pdflatex_available() -> bool:
    if shutil.which("pdflatex") is not None:
        return True
    if os.environ.get("MLPGUI_REQUIRE_PDFLATEX") == "1":
        pytest.fail("pdflatex is required here (MLPGUI_REQUIRE_PDFLATEX=1) but not installed.")
    return False
