"""Plot ranges that follow the data in coarse steps (pure Python, no Qt).

While one dataset is edited the ranges only grow (when a point leaves them), so that drawing
never makes the view jump; other data (a preset, a file) get ranges fitted to them.

Every range returned is finite, has low < high and a finite span high − low, whatever the
values: empty, constant, a single point, tiny (1e-300) or huge (±1e308, whose span overflows).
Values beyond ±LIMIT are not shown (the view stops near there), and a constant column gets a span of
at least RELATIVE_SPAN of its magnitude (at 5e15 floats are 1 apart: ±0.5 would not be a range).
"""

from __future__ import annotations

import math

import numpy as np

Range = tuple[float, float]

DEFAULT_RANGE: Range = (-1.0, 1.0)
MARGIN = 0.08
"""The fraction of the data's span added on both sides."""
LIMIT = 1e300
"""The largest |coordinate| a range reaches (plots cannot show values beyond it)."""
RELATIVE_SPAN = 1e-6
"""The smallest span of a range, relative to the magnitude of its ends."""
TINY = 1e-290
"""The smallest half-span of a range at all (keeps log10 and divisions away from 0)."""


def _step(span: float) -> float:
    """A round step (1, 2 or 5 × 10^k) of about a tenth of ``span`` (finite, > 0)."""
    raw = span / 10.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * power >= raw:
            return factor * power
    return 10.0 * power  # pragma: no cover


def _finite_extent(values: np.ndarray) -> Range | None:
    """(min, max) of the finite values, clamped to ±LIMIT; None if there is none."""
    v = np.asarray(values, dtype=np.float64).ravel()
    finite = np.isfinite(v)
    if not finite.all():
        v = v[finite]
    if not v.size:
        return None
    low, high = float(v.min()), float(v.max())
    return min(max(low, -LIMIT), LIMIT), min(max(high, -LIMIT), LIMIT)


def nice_range(values: np.ndarray, minimum_span: float = 1.0) -> Range:
    """A range with round ends that holds ``values`` with a margin (DEFAULT_RANGE if none is
    finite). Halves are used throughout so that no intermediate overflows."""
    extent = _finite_extent(values)
    if extent is None:
        return DEFAULT_RANGE
    data_low, data_high = low, high = extent
    centre = low / 2 + high / 2
    magnitude = max(abs(low), abs(high))
    half = max(high / 2 - low / 2, minimum_span / 2, RELATIVE_SPAN * magnitude, TINY)
    half *= 1.0 + 2.0 * MARGIN
    low, high = centre - half, centre + half
    step = _step(2.0 * half)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if abs(step) > 1e-12:  # round away float noise such as 0.30000000000000004
        low, high = round(low, 12), round(high, 12)
    return float(min(low, data_low)), float(max(high, data_high))


def follow(current: Range | None, values: np.ndarray, minimum_span: float = 1.0) -> Range:
    """``current`` while every value lies inside it, else a nice range holding both ``current``
    and the values (ranges only grow while one dataset is edited; None: fit the values)."""
    if current is None or not all(math.isfinite(c) for c in current):
        return nice_range(values, minimum_span)
    extent = _finite_extent(values)
    if extent is None:
        return current
    low, high = extent
    if current[0] <= low and high <= current[1]:
        return current
    both = np.array([low, high, *current], dtype=np.float64)
    return nice_range(both, minimum_span)
