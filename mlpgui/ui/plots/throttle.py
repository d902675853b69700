"""Throttle: run a redraw at most once per interval, always ending with the newest data."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from mlpgui.ui.display_budget import display_scale


class Throttle(QObject):
    """Calls ``action`` when asked, but at most once every ``interval`` seconds (stretched by
    the display budget while training runs): a request inside the interval is deferred to its
    end (requests meanwhile merge into that one)."""

    def __init__(self, interval: float, action: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.interval = interval
        self._action = action
        self._last = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def request(self, now: bool = False) -> None:
        """Run the action (now, if ``now`` or the interval has passed; else later)."""
        wait = self._last + self.interval * display_scale() - time.perf_counter()
        if now or wait <= 0:
            self._fire()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _fire(self) -> None:
        self._timer.stop()
        self._last = time.perf_counter()
        self._action()
