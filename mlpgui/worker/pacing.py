"""Pacing a speed-limited run: how many updates a tick makes, and when the next tick comes.

Pure arithmetic on a clock reading (seconds, any monotonic clock): no Qt, no timers, so that
tests can drive it with made-up times. Update k of a schedule is due at ``start + k / rate``;
a tick makes the updates due by now, so the average rate is exact however late the timer
fires, and a late timer never makes a burst: a backlog beyond a small allowance is forgotten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SHOW_EVERY_UPDATE_RATE = 60.0
"""At or below this many updates per second, every tick makes exactly one update and the
window is sent every one of them (a class can follow each)."""

TICK_SECONDS = 0.01
"""Shortest pause between ticks above ``SHOW_EVERY_UPDATE_RATE`` (each tick then makes
about rate × 10 ms updates, rather than waking up for every single one)."""

MAX_LATE_SECONDS = 0.25
"""Above ``SHOW_EVERY_UPDATE_RATE``: updates overdue by longer than this (the engine cannot
keep up, or the thread was busy) are skipped rather than caught up in a burst."""


@dataclass
class RatePacer:
    """The schedule of one speed-limited stretch of a run.

    Attributes:
        rate: updates per second (> 0).
        start: clock time at which update 0 of this schedule is due.
        done: updates made on this schedule so far.
        last: clock time of the latest tick that made updates (None before the first).
    """

    rate: float
    start: float
    done: int = 0
    last: float | None = None

    @property
    def one_per_tick(self) -> bool:
        """True when every update gets its own tick (and is shown)."""
        return self.rate <= SHOW_EVERY_UPDATE_RATE

    @classmethod
    def starting(cls, rate: float, now: float) -> RatePacer:
        """A schedule whose first update is due at once (a run starts)."""
        return cls(rate, now)

    @classmethod
    def continuing(cls, rate: float, last_update: float) -> RatePacer:
        """A schedule for a new rate in the middle of a run: the next update is due one new
        period after the last one (sooner if that is already past)."""
        return cls(rate, last_update, done=1)

    def next_due(self) -> float:
        """Clock time at which the next update is due."""
        return self.start + self.done / self.rate

    def due(self, now: float) -> int:
        """The number of updates to make at clock time ``now``: 0 when the timer fired
        early, 1 per tick up to ``SHOW_EVERY_UPDATE_RATE``, else every update due by now.
        A backlog beyond the allowance is forgotten (the schedule moves on to ``now``)."""
        late = now - self.next_due()
        if late < 0:
            return 0
        allowance = 1 / self.rate if self.one_per_tick else MAX_LATE_SECONDS
        if late >= allowance:
            self.start += late  # forget the backlog: the overdue update is due now
            late = 0.0
        if self.one_per_tick:
            return 1
        return 1 + math.floor(late * self.rate)

    def made(self, n: int, now: float) -> None:
        """``n`` updates were made at clock time ``now``."""
        self.done += n
        self.last = now

    def delay(self, now: float) -> float:
        """Seconds from ``now`` until the next tick (0: at once, an update is overdue)."""
        wait = self.next_due() - now
        if wait <= 0:
            return 0.0
        return wait if self.one_per_tick else max(wait, TICK_SECONDS)

    def delay_ms(self, now: float) -> int:
        """``delay`` in whole milliseconds for a timer, rounded up (a timer that fired early
        would only find nothing due and wait again)."""
        return math.ceil(self.delay(now) * 1000 - 1e-9)
