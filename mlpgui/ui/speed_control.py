"""SpeedControl: the toolbar's speed limit, a logarithmic slider from 1 update/s to unlimited.

The slider has ``STEPS_PER_DECADE`` positions per factor of ten from ``MIN_RATE`` to
``MAX_RATE`` updates per second, rounded to two significant digits (so 1, 2, 5, 10, 50 …
are all on it), and one more position at the right end: unlimited. The label beside it says
the rate in words. Moving the slider asks for the new rate at once, then at most every
``SEND_INTERVAL_MS`` while it keeps moving (dragging must not flood the training thread),
and once more with the final value.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from mlpgui.worker import UNLIMITED

from . import names
from .formatting import format_number

MIN_RATE = 1.0
MAX_RATE = 100_000.0
STEPS_PER_DECADE = 20
LIMITED_POSITIONS = round(math.log10(MAX_RATE / MIN_RATE) * STEPS_PER_DECADE)
UNLIMITED_POSITION = LIMITED_POSITIONS + 1
"""The slider's right end (positions 0 … LIMITED_POSITIONS are MIN_RATE … MAX_RATE)."""

SEND_INTERVAL_MS = 100
"""While the slider moves, a new rate is sent at most this often."""

IN_FLIGHT_SECONDS = 2.0
"""A rate asked for that the worker has not reported back after this long is forgotten."""

TOOLTIP = (
    "Speed limit while running: 1 to 100,000 updates per second on a logarithmic scale, or "
    "unlimited at the right end. Up to 60 updates/s every update is shown. Keys: ↑/↓ a "
    "little, Page Up/Down a factor of about 3, Home/End slowest/unlimited."
)


def rate_at(position: int) -> float:
    """The rate (updates/s, ``UNLIMITED`` = 0) at slider ``position``: 10^(position/20)
    rounded to two significant digits; the last position is unlimited."""
    if position >= UNLIMITED_POSITION:
        return UNLIMITED
    exact = MIN_RATE * 10 ** (max(0, position) / STEPS_PER_DECADE)
    return float(f"{exact:.2g}")


def position_of(rate: float) -> int:
    """The slider position that shows ``rate`` (the nearest one; rates outside the range
    sit at its ends)."""
    if rate == UNLIMITED or not math.isfinite(rate):
        return UNLIMITED_POSITION
    if rate <= MIN_RATE:
        return 0
    position = round(math.log10(rate / MIN_RATE) * STEPS_PER_DECADE)
    return min(LIMITED_POSITIONS, position)


def rate_text(rate: float) -> str:
    """ "unlimited", "1 update/s", "1.6 updates/s", "12 updates/s", "100,000 updates/s"."""
    if rate == UNLIMITED:
        return "unlimited"
    if rate == 1:
        return "1 update/s"
    number = f"{rate:,.0f}" if rate >= 1000 else format_number(rate, 4)
    return f"{number} updates/s"


class SpeedControl(QWidget):
    """The slider and its label (objectName ``names.SPEED_COMBO``: the speed control).

    Signals:
        rate_requested(float): the user chose a rate (updates/s, 0 = unlimited).
    """

    rate_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.SPEED_COMBO)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(names.SPEED_SLIDER)
        self.slider.setRange(0, UNLIMITED_POSITION)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(STEPS_PER_DECADE // 2)
        self.slider.setValue(UNLIMITED_POSITION)
        self.slider.setTracking(True)
        self.slider.setFixedWidth(140)
        self.label = QLabel(rate_text(UNLIMITED))
        self.label.setObjectName(names.SPEED_LABEL)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("100,000 updates/s"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.slider)
        layout.addWidget(self.label)
        for widget in (self, self.slider, self.label):
            widget.setToolTip(TOOLTIP)

        self._rate = UNLIMITED  # the rate shown
        self._sent = UNLIMITED  # the last rate asked for
        self._in_flight: list[tuple[float, float]] = []  # (rate, time) asked, not yet reported
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(SEND_INTERVAL_MS)
        self._cooldown.timeout.connect(self._send_pending)
        self.slider.valueChanged.connect(self._on_moved)
        self.slider.sliderReleased.connect(self._send_pending)

    def rate(self) -> float:
        """The rate shown (updates/s, ``UNLIMITED`` = 0)."""
        return self._rate

    def request_rate(self, rate: float) -> None:
        """Choose ``rate`` as the user would (the nearest slider position)."""
        self.slider.setValue(position_of(rate))

    @Slot(float)
    def show_rate(self, rate: float) -> None:
        """Show the worker's rate (emits nothing). A report of a rate this control asked
        for earlier (the worker lags behind a moving slider) is not shown over a newer one."""
        now = time.monotonic()
        self._in_flight = [(r, t) for r, t in self._in_flight if now - t < IN_FLIGHT_SECONDS]
        asked = [r for r, _ in self._in_flight]
        if rate in asked:  # the answer to one of ours: older ones are answered too
            del self._in_flight[: asked.index(rate) + 1]
            return
        if self.slider.isSliderDown() or self._in_flight or rate == self._rate:
            return
        self._rate = self._sent = rate
        with QSignalBlocker(self.slider):
            self.slider.setValue(position_of(rate))
        self.label.setText(rate_text(rate))

    def _on_moved(self, position: int) -> None:
        self._rate = rate_at(position)
        self.label.setText(rate_text(self._rate))
        if not self._cooldown.isActive():
            self._send_pending()  # at once; more moves wait for the cooldown's end

    def _send_pending(self) -> None:
        """Ask for the shown rate if it is not the last one asked for."""
        if self._rate == self._sent:
            return
        self._sent = self._rate
        self._in_flight.append((self._rate, time.monotonic()))
        self._cooldown.start()
        self.rate_requested.emit(self._rate)
