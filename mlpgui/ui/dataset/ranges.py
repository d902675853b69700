"""Plot ranges that follow the data in coarse steps (pure Python, no Qt).

While one dataset is edited the ranges only grow (when a point leaves them), so that drawing
never makes the view jump; other data (a preset, a file) get ranges fitted to them.
"""

from __future__ import annotations

import math

import numpy as np

Range = tuple[float, float]

DEFAULT_RANGE: Range = (-1.0, 1.0)
MARGIN = 0.08
"""The fraction of the data's span added on both sides."""


def _step(span: float) -> float:
    """A round step (1, 2 or 5 × 10^k) of about a tenth of ``span``."""
    raw = span / 10.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * power >= raw:
            return factor * power
    return 10.0 * power  # pragma: no cover


def nice_range(values: np.ndarray, minimum_span: float = 1.0) -> Range:
    """A range with round ends that holds ``values`` with a margin (DEFAULT_RANGE if empty)."""
    if values.size == 0:
        return DEFAULT_RANGE
    low, high = float(values.min()), float(values.max())
    span = max(high - low, minimum_span)
    centre = (low + high) / 2.0
    low, high = min(low, centre - span / 2), max(high, centre + span / 2)
    low, high = low - MARGIN * span, high + MARGIN * span
    step = _step(high - low)
    return round(math.floor(low / step) * step, 12), round(math.ceil(high / step) * step, 12)


def follow(current: Range | None, values: np.ndarray, minimum_span: float = 1.0) -> Range:
    """``current`` while every value lies inside it, else a nice range holding both ``current``
    and the values (ranges only grow while one dataset is edited; None: fit the values)."""
    if current is None:
        return nice_range(values, minimum_span)
    if not values.size:
        return current
    low, high = float(values.min()), float(values.max())
    if current[0] <= low and high <= current[1]:
        return current
    return nice_range(np.concatenate([values.ravel(), np.array(current)]), minimum_span)
