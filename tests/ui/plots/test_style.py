"""Colour maps: fixed tables, class colours at the ends, values mapped through fixed levels."""

import numpy as np

from mlpgui.ui.plots import style
from mlpgui.ui.plots.ranges import follow_range, is_binary, nice_ceiling, padded_range


def test_the_diverging_map_runs_from_class_0_through_white_to_class_1():
    assert [c.name() for c in style.diverging_colors(np.array([0.0, 1.0]), 0, 1)] == [
        style.CLASS_0,
        style.CLASS_1,
    ]
    middle = style.DIVERGING_LUT[len(style.DIVERGING_LUT) // 2]
    assert np.all(middle >= 240)
    # Lightened tables stay lighter everywhere.
    assert np.all(style.BACKGROUND_LUT.astype(int) >= style.DIVERGING_LUT.astype(int) - 1)


def test_colorize_maps_through_fixed_levels_and_clamps():
    values = np.array([[-1.0, 0.0], [0.5, 1.0], [2.0, np.nan]])
    pixels = style.colorize(values, 0.0, 1.0, style.SURFACE_LUT)
    assert pixels.shape == (3, 2, 4) and pixels.dtype == np.uint8
    lut = style.SURFACE_LUT
    assert np.array_equal(pixels[0, 0, :3], lut[0]) and np.array_equal(pixels[0, 1, :3], lut[0])
    assert np.array_equal(pixels[1, 1, :3], lut[-1]) and np.array_equal(pixels[2, 0, :3], lut[-1])
    assert np.array_equal(pixels[2, 1, :3], lut[0])  # NaN: the low end
    assert np.all(pixels[..., 3] == 255)


def test_display_ranges():
    assert padded_range(np.array([0.0, 10.0])) == (-1.0, 11.0)
    assert padded_range(np.array([3.0, 3.0])) == (2.5, 3.5)
    assert padded_range(np.empty(0)) == (-1.0, 1.0)
    assert is_binary(np.array([0.0, 1.0, 1.0])) and not is_binary(np.array([0.0, 0.5]))
    assert not is_binary(np.empty(0))
    assert [nice_ceiling(v) for v in (3, 11, 2600, 7000)] == [10, 15, 3000, 8000]
    assert follow_range((0.0, 10.0), 2.0, 8.0) == (0.0, 10.0)  # kept: inside, fills 60 %
    assert follow_range((0.0, 10.0), 2.0, 3.0) == (1.9, 3.1)  # too small a part: zoom in
    assert follow_range((0.0, 10.0), 2.0, 12.0) == (1.0, 13.0)  # left the range: grow
