"""View requests compute exactly what net.forward gives on their grids."""

import numpy as np
import pytest

from mlpgui.core import MLP
from mlpgui.core.plot_data import OutputCurve, OutputGrid


def test_output_curve_equals_forward_on_its_grid():
    net = MLP([1, 3, 2], ["tanh", "linear"], seed=1)
    result = OutputCurve(-2.0, 3.0, 41).compute(net)
    assert result.x[0] == -2.0 and result.x[-1] == 3.0 and len(result.x) == 41
    assert np.array_equal(result.outputs, net.forward(result.x[:, None]).outputs)
    assert OutputCurve(0, 1).compute(MLP([2, 1], ["linear"], seed=0)) is None


def test_output_grid_equals_forward_point_by_point():
    net = MLP([2, 4, 1], ["relu", "sigmoid"], seed=2)
    result = OutputGrid(-1, 1, -2, 2, resolution=7).compute(net)
    assert result.outputs.shape == (7, 7, 1)
    r, c = 5, 2
    point = np.array([[result.xs[c], result.ys[r]]])
    assert result.outputs[r, c, 0] == pytest.approx(net.forward(point).outputs[0, 0], rel=1e-15)
    assert not result.outputs.flags.writeable
    assert OutputGrid(0, 1, 0, 1).compute(MLP([1, 1], ["linear"], seed=0)) is None
