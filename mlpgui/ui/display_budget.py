"""DisplayBudget: keep the GUI thread's share of the CPU small while training runs.

The GUI thread and the training thread share Python's GIL, so every millisecond the window
spends drawing in Python is a millisecond training waits. While training runs, the budget
measures the GUI thread's CPU time and stretches every redraw interval (``scale`` ≥ 1) until the
GUI uses about ``TARGET`` of the wall-clock time; explicit steps are always shown at once.
"""

from __future__ import annotations

import time
import weakref

from PySide6.QtCore import QObject, QTimer, Signal

TARGET = 0.10
"""The GUI thread's share of wall-clock time to aim for while training runs."""

MAX_SCALE = 8.0
SAMPLE_MS = 400


class DisplayBudget(QObject):
    """A controller for ``scale``, the factor every view multiplies its redraw interval by.

    ``scale_changed`` tells the window, which asks the worker to send its messages less often
    too (the cheapest frame is the one never sent).
    """

    scale_changed = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = 1.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._sample)
        self._cpu = self._wall = 0.0

    def running(self, on: bool) -> None:
        """Training started (measure and adapt) or stopped (explicit steps are drawn at once
        anyway: views bypass their throttles when training is not running)."""
        if on and not self._timer.isActive():
            self._cpu, self._wall = time.thread_time(), time.perf_counter()
            self._timer.start(SAMPLE_MS)
        elif not on and self._timer.isActive():
            self._timer.stop()  # keep the scale learnt: the next run starts from it

    def _sample(self) -> None:
        cpu, wall = time.thread_time(), time.perf_counter()
        busy = (cpu - self._cpu) / max(wall - self._wall, 1e-6)
        self._cpu, self._wall = cpu, wall
        wanted = self.scale * busy / TARGET
        # Move halfway (geometrically) towards the wanted scale: steady, no oscillation.
        scale = min(MAX_SCALE, max(1.0, (self.scale * max(wanted, 1e-3)) ** 0.5))
        if abs(scale - self.scale) > 0.05 * self.scale:
            self.scale = scale
            self.scale_changed.emit(scale)


_CURRENT: list[weakref.ReferenceType[DisplayBudget]] = []


def install_budget(budget: DisplayBudget) -> None:
    """Make ``budget`` (owned by the newest main window) the one views consult."""
    _CURRENT[:] = [weakref.ref(budget)]


def display_scale() -> float:
    """How much longer than their own interval views should wait between redraws now."""
    budget = _CURRENT[0]() if _CURRENT else None
    return 1.0 if budget is None else budget.scale
