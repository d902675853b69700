"""Bounded histories keep what matters: exact values while small, the envelope when thinned,
step 0 and the newest row always."""

import numpy as np
import pytest

from mlpgui.ui.plots.series import GrowingSeries, RowHistory


def test_growing_series_keeps_every_point_until_full():
    s = GrowingSeries(capacity=4, max_points=64)
    s.extend(np.arange(10.0), np.arange(10.0) ** 2)
    assert list(s.x) == list(range(10)) and s.thinned == 0
    s.truncate(4.0)
    assert list(s.x) == [0, 1, 2, 3, 4]


def test_thinning_keeps_the_envelope_and_stays_bounded():
    rng = np.random.default_rng(0)
    x = np.arange(1.0, 100_001.0)
    y = rng.random(len(x))
    y[12_345] = 5.0  # a spike
    y[77_777] = -3.0  # a dip
    s = GrowingSeries(max_points=1000)
    for k in range(0, len(x), 999):
        s.extend(x[k : k + 999], y[k : k + 999])
    assert len(s) <= 1000 and s.capacity <= 1000
    assert s.y.max() == 5.0 and s.y.min() == -3.0
    assert s.x[-1] == 100_000 and np.all(np.diff(s.x) > 0)


def test_growing_series_needs_room():
    with pytest.raises(ValueError):
        GrowingSeries(max_points=4)


def test_row_history_keeps_all_rows_while_small_and_the_newest_always():
    h = RowHistory(2, max_rows=8)
    h.append(0, np.array([0.0, 0.0]))
    h.extend(1, np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]))
    assert list(h.steps) == [0, 1, 2, 3]
    h.extend(4, np.arange(40.0).reshape(20, 2))  # steps 4..23: thinned
    assert len(h) <= 8 + 1 and h.stride > 1
    assert h.steps[0] == 0 and h.steps[-1] == 23
    assert np.array_equal(h.values[-1], [38.0, 39.0])
    assert all(s % h.stride == 0 for s in h.steps[:-1])
    h.truncate(8)
    assert h.steps[-1] <= 8


def test_row_history_thins_a_huge_batch_at_once():
    h = RowHistory(1, max_rows=100)
    h.extend(1, np.arange(100_000.0)[:, None])
    assert len(h) <= 101 and h.steps[-1] == 100_000
