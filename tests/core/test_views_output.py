"""Decision boundaries, contour lines and predictions computed for the output plot."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, load_preset
from mlpgui.core.views import OutputGrid, Predictions
from mlpgui.core.views_contours import contour_segments


def segments(points):
    return points.reshape(-1, 2, 2)


def test_contour_of_a_plane_is_the_straight_line_where_it_crosses_the_level():
    xs = np.linspace(-1, 1, 21)
    ys = np.linspace(-2, 2, 11)
    gx, gy = np.meshgrid(xs, ys)
    values = gx + 0.25 * gy  # crosses 0.1 on x = 0.1 − y/4
    points = contour_segments(values, 0.1, xs, ys)
    assert len(points) > 0
    assert np.allclose(points[:, 0], 0.1 - points[:, 1] / 4)
    # The line is continuous from the bottom to the top of the grid.
    ends = segments(points)
    assert ends[:, :, 1].min() == ys[0] and ends[:, :, 1].max() == ys[-1]


def test_contour_of_a_circle_is_closed_and_on_the_circle():
    xs = ys = np.linspace(-1, 1, 81)
    gx, gy = np.meshgrid(xs, ys)
    values = gx**2 + gy**2
    points = contour_segments(values, 0.21, xs, ys)  # no grid point lies on the circle
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.allclose(radius, np.sqrt(0.21), atol=2e-3)
    # Closed: every end point is shared by exactly two segments.
    _, counts = np.unique(np.round(points, 12), axis=0, return_counts=True)
    assert np.all(counts == 2)


def test_contours_skip_nan_cells_and_handle_saddles():
    xs = ys = np.array([0.0, 1.0])
    saddle = np.array([[1.0, 0.0], [0.0, 1.0]])
    points = contour_segments(saddle, 0.5, xs, ys)
    assert points.shape == (4, 2)  # two segments, none crossing the cell's centre
    assert contour_segments(np.array([[np.nan, 0.0], [1.0, 1.0]]), 0.5, xs, ys).shape == (0, 2)
    assert contour_segments(np.ones((3, 3)), 0.5, xs, np.array([0.0, 1.0])).shape == (0, 2)


def test_output_grid_with_a_contour_level_returns_the_decision_boundary():
    net = MLP([2, 3, 1], ["tanh", "sigmoid"], seed=4)
    result = OutputGrid(-2, 2, -2, 2, resolution=41, contour_level=0.5).compute(net)
    assert result.boundary is not None and len(result.boundary) > 0
    outputs = net.forward(result.boundary).outputs[:, 0]
    assert np.allclose(outputs, 0.5, atol=0.02)
    assert OutputGrid(-2, 2, -2, 2, resolution=5).compute(net).boundary is None


def test_predictions_are_the_forward_pass_on_the_training_and_test_sets():
    net = MLP([2, 2, 1], ["sigmoid", "sigmoid"], seed=0)
    data = load_preset("xor")
    test = Dataset([[0.5, 0.5]], [[1.0]])
    trainer = Trainer(net, data, 1.0)
    result = Predictions(test).compute(net, trainer)
    assert np.array_equal(result.outputs, net.forward(data.inputs).outputs)
    assert np.array_equal(result.targets, data.targets)
    assert np.array_equal(result.test_outputs, net.forward(test.inputs).outputs)
    assert Predictions().compute(net, trainer).test_outputs is None
    wrong = Dataset([[0.5, 0.5, 1.0]], [[1.0]])
    assert Predictions(wrong).compute(net, trainer).test_outputs is None


def test_predictions_on_an_empty_dataset_are_empty():
    net = MLP([2, 2, 1], ["sigmoid", "sigmoid"], seed=0)
    trainer = Trainer(net, load_preset("xor"), 1.0)
    trainer.dataset = Dataset(np.empty((0, 2)), np.empty((0, 1)))
    result = Predictions().compute(net, trainer)
    assert result.outputs.shape == (0, 1)


@pytest.mark.parametrize("level", [0.1, 0.5, 0.9])
def test_decision_boundary_points_interpolate_between_grid_values(level):
    xs = np.linspace(0, 1, 5)
    ys = np.linspace(0, 1, 4)
    values = np.tile(xs, (4, 1))  # f(x, y) = x
    points = contour_segments(values, level, xs, ys)
    assert np.allclose(points[:, 0], level)
