"""The range helpers of the plots and of the dataset editor, over extreme floats.

Every range must be finite, have low < high and a finite span, hold the (clamped) data, and
come without a NumPy warning (pytest turns RuntimeWarning into an error) — for empty,
constant, single-point, tiny, huge (±1e308: the span overflows) and mixed data.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpgui.ui.dataset import ranges as editor_ranges
from mlpgui.ui.plots import ranges as plot_ranges

EXTREMES = [
    [],
    [1e20],
    [1e16, 0.0],
    [5e15, 5e15],
    [-1e308, 1e308],
    [1.7976931348623157e308],
    [-1.7976931348623157e308, 0.0],
    [5e-324],
    [1e-300, 2e-300],
    [0.0, 0.0, 0.0],
    [-1e308, 1e-308, 3.0],
    [math.nan, 1.0],
    [math.inf, -math.inf, 2.0],
    [math.nan],
]

floats = st.floats(allow_nan=True, allow_infinity=True)
arrays = st.lists(floats, max_size=8).map(lambda v: np.array(v, dtype=np.float64))
finite_floats = st.floats(allow_nan=False, allow_infinity=False)


def check(result: tuple[float, float], values: np.ndarray, limit: float) -> None:
    low, high = result
    assert isinstance(low, float) and isinstance(high, float)
    assert math.isfinite(low) and math.isfinite(high)
    assert low < high
    assert math.isfinite(high - low)
    shown = values[np.isfinite(values)]
    shown = np.clip(shown, -limit, limit)
    if shown.size:
        assert low <= shown.min() and shown.max() <= high


def no_warnings(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


@pytest.mark.parametrize("values", EXTREMES, ids=str)
def test_every_range_helper_survives_the_reported_extremes(values):
    v = np.array(values, dtype=np.float64)
    check(no_warnings(editor_ranges.nice_range, v), v, editor_ranges.LIMIT)
    check(no_warnings(editor_ranges.follow, (-1.0, 1.0), v), v, editor_ranges.LIMIT)
    check(no_warnings(editor_ranges.follow, None, v), v, editor_ranges.LIMIT)
    check(no_warnings(plot_ranges.padded_range, v), v, plot_ranges.LIMIT)
    check(no_warnings(plot_ranges.padded_range, v, 0.0), v, plot_ranges.LIMIT)


def test_huge_data_get_a_finite_range_that_stops_at_the_limit():
    low, high = editor_ranges.nice_range(np.array([-1e308, 1e308]))
    assert -2 * editor_ranges.LIMIT <= low <= -editor_ranges.LIMIT  # round ends, near it
    assert editor_ranges.LIMIT <= high <= 2 * editor_ranges.LIMIT
    low, high = plot_ranges.padded_range(np.array([-1e308, 1e308]))
    assert (low, high) == (-plot_ranges.LIMIT, plot_ranges.LIMIT)


def test_a_constant_column_far_from_zero_gets_a_span_floats_can_show():
    # At 5e15 neighbouring floats are 1 apart: a range of ±0.5 would have no room for ticks.
    low, high = editor_ranges.nice_range(np.array([5e15, 5e15]))
    assert high - low >= 1e-6 * 5e15
    assert low < 5e15 < high
    low, high = plot_ranges.padded_range(np.array([5e15, 5e15]))
    assert (low, high) == (4.5e15, 5.5e15)


def test_the_ordinary_cases_keep_their_round_ends():
    assert editor_ranges.nice_range(np.array([-5.0, 5.0])) == (-6.0, 6.0)
    assert plot_ranges.padded_range(np.array([0.0, 10.0])) == (-1.0, 11.0)
    assert plot_ranges.follow_range((0.0, 10.0), 2.0, 12.0) == (1.0, 13.0)


@settings(max_examples=400, deadline=None)
@given(arrays, st.floats(min_value=0.0, max_value=1e6))
def test_nice_range_is_always_a_finite_round_range(values, minimum_span):
    check(no_warnings(editor_ranges.nice_range, values, minimum_span), values,
          editor_ranges.LIMIT)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(arrays, finite_floats, finite_floats)
def test_follow_keeps_the_view_or_grows_it_to_hold_the_data(values, a, b):
    current = (min(a, b), max(a, b))
    if not current[0] < current[1] or not math.isfinite(current[1] - current[0]):
        current = (-1.0, 1.0)
    result = no_warnings(editor_ranges.follow, current, values)
    check(result, values, editor_ranges.LIMIT)
    shown = np.clip(values[np.isfinite(values)], -editor_ranges.LIMIT, editor_ranges.LIMIT)
    if not shown.size or (current[0] <= shown.min() and shown.max() <= current[1]):
        assert result == current


@settings(max_examples=400, deadline=None)
@given(arrays, st.floats(min_value=0.0, max_value=10.0))
def test_padded_range_is_always_finite(values, pad):
    check(no_warnings(plot_ranges.padded_range, values, pad), values, plot_ranges.LIMIT)


@settings(max_examples=400, deadline=None)
@given(floats, floats, st.none() | st.tuples(finite_floats, finite_floats))
def test_follow_range_is_always_finite(low, high, old):
    if old is not None:
        old = (min(old), max(old))
        if not old[0] < old[1]:
            old = None
    result = no_warnings(plot_ranges.follow_range, old, low, high)
    if result == old:
        return
    check(result, np.array([low, high]), plot_ranges.LIMIT)


@settings(max_examples=200, deadline=None)
@given(floats)
def test_nice_ceiling_is_finite_and_at_least_the_value(value):
    result = no_warnings(plot_ranges.nice_ceiling, value)
    assert math.isfinite(result) and result >= 10.0
    if math.isfinite(value):
        assert result >= min(value, plot_ranges.LIMIT)
