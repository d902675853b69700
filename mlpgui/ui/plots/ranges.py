"""Display ranges for data (where a plot should look), with padding and safe defaults."""

from __future__ import annotations

import numpy as np


def padded_range(
    values: np.ndarray, pad: float = 0.1, default: tuple[float, float] = (-1.0, 1.0)
) -> tuple[float, float]:
    """(low, high) covering the finite ``values`` with ``pad`` × their span added on each
    side; a single value gets ±0.5 (or ±10% of its magnitude if larger); no value gives
    ``default``."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if not v.size:
        return default
    low, high = float(v.min()), float(v.max())
    span = high - low
    if span <= 1e-12 * max(1.0, abs(high)):
        half = max(0.5, 0.1 * abs(high))
        return low - half, high + half
    return low - pad * span, high + pad * span


def is_binary(targets: np.ndarray) -> bool:
    """True when every target is 0 or 1 (a two-class classification task)."""
    t = np.asarray(targets)
    return bool(t.size) and bool(np.all((t == 0) | (t == 1)))


NICE_FACTORS = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k that is ≥ value (and ≥ 10): an axis
    that grows in such jumps is re-laid out rarely yet never more than a third empty."""
    value = max(float(value), 10.0)
    power = 10.0 ** np.floor(np.log10(value))
    for factor in NICE_FACTORS:
        if factor * power >= value:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover


def follow_range(old: tuple[float, float] | None, low: float, high: float) -> tuple[float, float]:
    """A value range that follows data in [low, high] in coarse jumps (so that the axis is
    not re-laid out every frame): ``old`` is kept while it holds the data and the data fill
    at least a third of it; otherwise the data's range with 10% padding."""
    if old is not None:
        inside = old[0] <= low and high <= old[1]
        if inside and (high - low) >= (old[1] - old[0]) / 3:
            return old
    span = max(high - low, 1e-12, 1e-9 * max(abs(low), abs(high)))
    return low - 0.1 * span, high + 0.1 * span
