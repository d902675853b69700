"""Screenshot scenes of the application window (issue #3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from screenshot_tools import open_window, save, steps


def scene_main_window() -> Path:
    """The lecture's 1-2-2-1 network on the lecture's data after 2,000 updates."""
    window = open_window("lecture")
    steps(window, 2000)
    return save(window, "main-window")


SCENES: dict[str, Callable[[], Path]] = {"main-window": scene_main_window}
