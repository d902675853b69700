"""Helpers for screenshot scenes: drive the real window like a user and save PNGs.

A scene module is a ``scripts/scenes_*.py`` file with a ``SCENES`` dict {name: function};
each function builds a window, drives it, and returns the saved path (see save()).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from mlpgui.app import MainWindow, fresh_settings
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.network.feature import NetworkFeature
from mlpgui.worker import Status, StepMany

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


def open_window(preset: str, setup: TrainingSetup | None = None, **changes: object) -> MainWindow:
    """A shown window on ``preset`` (its suggested setup, or ``setup``, with ``changes``) in
    the default layout (fresh settings, not the user's)."""
    default_setup, dataset = TrainingSetup.for_preset(preset)
    setup = setup or default_setup
    if changes:
        setup = setup.replace(**changes)
    window = MainWindow(setup, dataset, settings=fresh_settings())
    window.confirm_close = False
    window.resize(*SIZE)
    window.show()
    settle(lambda: window.latest_state() is not None)
    return window


def steps(window: MainWindow, n: int) -> None:
    target = window.latest_state().steps + n
    window.worker.send(StepMany(n))
    settle(lambda: window.latest_state().steps == target)
    settle(lambda: window.latest_state().status is Status.PAUSED)
    settle(lambda: window.latest_record() is not None and window.latest_record().step == target)


def network(window: MainWindow) -> NetworkFeature:
    """The window's network feature (diagram, inspector, Step phase)."""
    feature = window.feature(NetworkFeature)
    assert feature is not None
    return feature


def save(window: MainWindow, name: str, widget: QWidget | None = None) -> Path:
    """Save ``widget`` (default: the whole window) as docs/screenshots/<name>.png, then close
    the window."""
    pause_for(0.4)  # let the last repaints land
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    (widget or window).grab().save(str(path))
    window.close()
    return path
