"""Display ranges for data (where a plot should look), with padding and safe defaults.

Every range returned is finite with low < high and a finite span, for any input: empty,
constant, one value, tiny (1e-300), huge (±1e308, whose span high − low overflows to inf) or
mixed. Values beyond ±LIMIT cannot be shown (the range stops there). Spans are computed from
halves (high/2 − low/2) so that nothing overflows, and no NumPy warning is raised.
"""

from __future__ import annotations

import math

import numpy as np

from mlpgui.ui.formatting import plural

LIMIT = 1e300
"""The largest |coordinate| a range reaches."""
RELATIVE_SPAN = 1e-9
"""Below this fraction of their magnitude, values count as one value (a constant column)."""
TINY = 1e-290
"""The smallest half-span of any range."""
DRAW_LIMIT = 1e303
"""Coordinates handed to pyqtgraph are clipped to ±DRAW_LIMIT: beyond every range (±LIMIT, so
such points stay out of view) yet far enough from the float maximum that pyqtgraph's bounds
arithmetic (max − min, plus padding) cannot overflow."""


def drawable(values: np.ndarray) -> np.ndarray:
    """``values`` as float64 with every coordinate clipped to ±DRAW_LIMIT (NaN stays NaN; a
    copy only when something had to be clipped)."""
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        beyond = np.abs(v) > DRAW_LIMIT
    if not beyond.any():
        return v
    return np.clip(v, -DRAW_LIMIT, DRAW_LIMIT)


def beyond_limit(*columns: np.ndarray) -> int:
    """How many rows have a coordinate beyond ±LIMIT in any of ``columns`` (equal lengths):
    such points lie outside every range, so plots cannot show them."""
    if not columns or not len(columns[0]):
        return 0
    with np.errstate(invalid="ignore"):
        beyond = np.zeros(len(columns[0]), dtype=bool)
        for column in columns:
            beyond |= np.abs(np.asarray(column, dtype=np.float64)) > LIMIT
    return int(np.count_nonzero(beyond))


def points_note(drawn: int, total: int, beyond: int = 0, sample_hint: str = "") -> str:
    """The line under a plot of ``total`` points of which ``drawn`` are drawn (a sample) and
    ``beyond`` lie beyond ±LIMIT; "" when all are drawn and visible."""
    parts = []
    if drawn < total:
        parts.append(f"Showing {drawn:,} of {total:,} points (an even sample{sample_hint})")
    if beyond:
        verb = "lies" if beyond == 1 else "lie"
        parts.append(f"{plural(beyond, 'point')} {verb} beyond ±1e300 and cannot be drawn")
    return "; ".join(parts)


def finite_mean(values: np.ndarray, default: float = 0.5) -> float:
    """The mean of the finite ``values`` (``default`` if none), without overflow (the mean
    of the values divided by their count, summed)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    finite = v[np.isfinite(v)]
    return float(np.sum(finite / finite.size)) if finite.size else default


def _clamp(value: float) -> float:
    return min(max(value, -LIMIT), LIMIT)


def _extent(values: np.ndarray) -> tuple[float, float] | None:
    """(min, max) of the finite values, clamped to ±LIMIT; None if there is none."""
    v = np.asarray(values, dtype=np.float64).ravel()
    finite = np.isfinite(v)
    if not finite.all():
        v = v[finite]
    if not v.size:
        return None
    return _clamp(float(v.min())), _clamp(float(v.max()))


def _around(centre: float, half: float, low: float, high: float) -> tuple[float, float]:
    """centre ± half (but holding [low, high] despite rounding), clamped to ±LIMIT, with a
    span that floats can represent."""
    half = max(half, TINY, RELATIVE_SPAN * abs(centre))
    return _clamp(min(centre - half, low)), _clamp(max(centre + half, high))


def padded_range(
    values: np.ndarray, pad: float = 0.1, default: tuple[float, float] = (-1.0, 1.0)
) -> tuple[float, float]:
    """(low, high) covering the finite ``values`` with ``pad`` × their span added on each
    side; a single value (or values equal to ~1e-9 of their size) gets ±0.5 (or ±10% of its
    magnitude if larger); no finite value gives ``default``."""
    extent = _extent(values)
    if extent is None:
        return default
    low, high = extent
    half = high / 2 - low / 2
    centre = low / 2 + high / 2
    magnitude = max(abs(low), abs(high))
    if half <= max(1e-12, RELATIVE_SPAN * magnitude) / 2:
        return _around(centre, max(0.5, 0.1 * magnitude), low, high)
    return _around(centre, half * (1.0 + 2.0 * pad), low, high)


def is_binary(targets: np.ndarray) -> bool:
    """True when every target is 0 or 1 (a two-class classification task)."""
    t = np.asarray(targets)
    return bool(t.size) and bool(np.all((t == 0) | (t == 1)))


NICE_FACTORS = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k that is ≥ value (and ≥ 10): an axis
    that grows in such jumps is re-laid out rarely yet never more than a third empty.
    NaN counts as 10; values beyond LIMIT give LIMIT."""
    value = float(value)
    if not value < LIMIT:
        return LIMIT if value == value else 10.0
    value = max(value, 10.0)
    power = 10.0 ** math.floor(math.log10(value))
    for factor in NICE_FACTORS:
        if factor * power >= value:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover


def follow_range(old: tuple[float, float] | None, low: float, high: float) -> tuple[float, float]:
    """A value range that follows data in [low, high] in coarse jumps (so that the axis is
    not re-laid out every frame): ``old`` is kept while it holds the data and the data fill
    at least a third of it; otherwise the data's range with 10% padding. Non-finite ends are
    ignored (both non-finite: ``old``, or (−1, 1))."""
    ends = [v for v in (float(low), float(high)) if math.isfinite(v)]
    if not ends:
        return old if old is not None else (-1.0, 1.0)
    low, high = _clamp(min(ends)), _clamp(max(ends))
    if old is not None:
        inside = old[0] <= low and high <= old[1]
        if inside and (high / 2 - low / 2) >= (old[1] / 2 - old[0] / 2) / 3:
            return old
    half = max(high / 2 - low / 2, 0.5e-12, 0.5e-9 * max(abs(low), abs(high)))
    return _around(low / 2 + high / 2, 1.2 * half, low, high)
