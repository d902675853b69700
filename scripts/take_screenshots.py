"""Render the README's screenshots of the real window.

Run under a (virtual) X server, as scripts/screenshots.sh does:
    xvfb-run -a -s "-screen 0 1400x950x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/take_screenshots.py [SCENE ...]

Each scene builds a window, drives it through the worker like a user would (actions,
intents), waits for the worker to answer, and saves ``docs/screenshots/<scene>.png``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from mlpgui.app import MainWindow, application
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import Status

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1360, 900)


def settle(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Run the event loop until ``predicate()`` holds."""
    loop = QEventLoop()
    end = time.perf_counter() + timeout
    poll = QTimer()
    poll.timeout.connect(lambda: (predicate() or time.perf_counter() > end) and loop.quit())
    poll.start(20)
    if not predicate():
        loop.exec()
    poll.stop()
    if not predicate():
        raise TimeoutError("the window did not reach the expected state")


def pause_for(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def open_window(preset: str) -> MainWindow:
    setup, dataset = TrainingSetup.for_preset(preset)
    window = MainWindow(setup, dataset)
    window.resize(*SIZE)
    window.show()
    settle(lambda: window.latest_state() is not None)
    return window


def steps(window: MainWindow, n: int) -> None:
    target = window.latest_state().steps + n
    window.worker.step_many_requested.emit(n)
    settle(lambda: window.latest_state().steps == target)
    settle(lambda: window.latest_state().status is Status.PAUSED)
    settle(lambda: window.latest_record() is not None and window.latest_record().step == target)


def save(window: MainWindow, name: str) -> Path:
    pause_for(0.4)  # let the last repaints land
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    window.close()
    return path


def scene_main_window() -> Path:
    """The lecture's 1-2-2-1 network on the lecture's data after 2,000 updates."""
    window = open_window("lecture")
    steps(window, 2000)
    return save(window, "main-window")


SCENES: dict[str, Callable[[], Path]] = {"main-window": scene_main_window}


def main(argv: list[str]) -> int:
    application()
    OUT.mkdir(parents=True, exist_ok=True)
    for name in argv or list(SCENES):
        print(SCENES[name]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
