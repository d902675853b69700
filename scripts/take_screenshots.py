"""Render the README's screenshots of the real window.

Run under a (virtual) X server, as scripts/screenshots.sh does:
    xvfb-run -a -s "-screen 0 1400x950x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/take_screenshots.py [SCENE ...]

Scenes come from every ``scripts/scenes_*.py`` module (its ``SCENES`` dict); each one builds
a window, drives it through the worker like a user would, waits for the worker to answer, and
saves ``docs/screenshots/<scene>.png``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def all_scenes() -> dict[str, Callable[[], Path]]:
    scenes: dict[str, Callable[[], Path]] = {}
    for path in sorted(HERE.glob("scenes_*.py")):
        scenes.update(importlib.import_module(path.stem).SCENES)
    return scenes


def main(argv: list[str]) -> int:
    from mlpgui.app import application

    application()
    scenes = all_scenes()
    unknown = [name for name in argv if name not in scenes]
    if unknown:
        print(f"unknown scene(s) {unknown}; known: {sorted(scenes)}", file=sys.stderr)
        return 2
    for name in argv or list(scenes):
        print(scenes[name]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
