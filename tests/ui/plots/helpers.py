"""Shared helpers for the plot tests: finding the plots, stepping, waiting."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from mlpgui.ui import names
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.worker import Status, StepMany

from ..conftest import WAIT_MS


def feature(window) -> PlotsFeature:
    found = window.findChild(PlotsFeature, names.PLOTS_FEATURE)
    assert found is not None
    return found


def show_dock(qtbot, window, name: str) -> QDockWidget:
    """Bring a (tabbed) dock to the front and wait until it is on screen."""
    dock = window.findChild(QDockWidget, name)
    assert dock is not None, name
    dock.show()
    dock.raise_()
    qtbot.waitUntil(dock.isVisible, timeout=WAIT_MS)
    return dock


def step(qtbot, window, n: int = 1) -> list:
    """Make ``n`` single steps; return their records (in order)."""
    messages = []
    window.worker.record_ready.connect(messages.append)
    target = window.latest_state().steps + n
    for _ in range(n):
        window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == target, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: window.latest_record() is not None and window.latest_record().step == target,
        timeout=WAIT_MS,
    )
    window.worker.record_ready.disconnect(messages.append)
    return [m.record for m in messages]


def step_many(qtbot, window, n: int) -> None:
    target = window.latest_state().steps + n
    window.worker.send(StepMany(n))
    qtbot.waitUntil(lambda: window.latest_state().steps == target, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)


def load(qtbot, window, preset: str, **changes) -> None:
    """Switch to ``preset`` (optionally with setup changes) and wait for its snapshot."""
    from mlpgui.core.setup import TrainingSetup

    setup, dataset = TrainingSetup.for_preset(preset)
    if changes:
        setup = setup.replace(**changes)
    before = window.latest_snapshot().generation
    window.load_setup(setup, dataset)
    qtbot.waitUntil(lambda: window.latest_snapshot().generation > before, timeout=WAIT_MS)


__all__ = ["WAIT_MS", "feature", "load", "names", "show_dock", "step", "step_many"]
