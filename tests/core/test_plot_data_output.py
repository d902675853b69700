"""Decision boundaries, contour lines and predictions computed for the output plot."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, load_preset
from mlpgui.core.plot_data import OutputCurve, OutputGrid, Predictions, is_flat, sample_rows
from mlpgui.core.plot_data_contours import contour_segments


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


def constant_network(scale: float = 1e-16) -> MLP:
    """A 2-1 sigmoid unit whose output is 0.5 up to rounding: y = σ(±scale · x)."""
    net = MLP([2, 1], ["sigmoid"], seed=0)
    net.set_flat_parameters(np.array([scale, -scale, 0.0]))  # w_11, w_12, b_1
    return net


def test_a_flat_output_has_no_boundary_although_rounding_crosses_the_level():
    net = constant_network()
    result = OutputGrid(-2, 2, -2, 2, resolution=41, contour_level=0.5).compute(net)
    outputs = result.outputs[:, :, 0]
    # The output is not exactly constant: rounding puts it on both sides of 0.5 …
    assert outputs.min() < 0.5 < outputs.max() and outputs.max() - outputs.min() < 1e-15
    assert len(contour_segments(outputs, 0.5, result.xs, result.ys)) > 0
    # … but that noise is no decision boundary.
    assert result.flat
    assert result.boundary is not None and result.boundary.shape == (0, 2)


def test_a_single_layer_perceptron_on_xor_ends_flat_and_a_real_boundary_is_kept():
    data = load_preset("xor")
    net = MLP([2, 1], ["sigmoid"], seed=1)
    Trainer(net, data, 2.0).run(3000)
    grid = OutputGrid(-0.5, 1.5, -0.5, 1.5, resolution=41, contour_level=0.5)
    result = grid.compute(net)
    assert np.allclose(result.outputs, 0.5, atol=1e-6)
    assert result.flat and len(result.boundary) == 0
    learned = MLP([2, 3, 1], ["tanh", "sigmoid"], seed=4)
    result = grid.compute(learned)
    assert not result.flat and len(result.boundary) > 0


@pytest.mark.parametrize(
    "values, flat",
    [
        ([0.5, 0.5 + 1e-16, 0.5 - 1e-16], True),
        ([0.0, 1e-13], True),  # below the absolute floor
        ([1e6, 1e6 + 1e-4], True),  # 1e-10 of the magnitude
        ([0.5, 0.5 + 1e-6], False),
        ([0.0, 1e-11], False),
        ([np.nan, 0.2, np.inf], True),  # the finite values are one value
        ([], True),
        ([-1e308, 1e308], False),  # no overflow
    ],
)
def test_is_flat_compares_the_range_with_the_magnitude(values, flat):
    assert is_flat(np.array(values, dtype=np.float64)) is flat


def test_huge_view_ranges_give_pictures_not_errors():
    net = MLP([2, 3, 1], ["tanh", "sigmoid"], seed=4)
    net.set_flat_parameters(np.array(net.parameters) * 1e300)
    result = OutputGrid(-1e300, 1e300, -1e300, 1e300, resolution=5, contour_level=0.5).compute(net)
    assert result.outputs.shape == (5, 5, 1)
    curve = MLP([1, 2, 1], ["sigmoid", "linear"], seed=0)
    curve.set_flat_parameters(np.array(curve.parameters) * 1e300)
    assert OutputCurve(-1e308, 1e308, 7).compute(curve).outputs.shape == (7, 1)


def test_sample_rows_is_deterministic_sorted_and_stable_when_rows_are_appended():
    assert sample_rows(100, 100) is None
    rows = sample_rows(100_000, 1_000)
    assert rows is not None and len(rows) == 1_000 and len(np.unique(rows)) == 1_000
    assert np.all(np.diff(rows) > 0) and rows[-1] < 100_000
    assert np.array_equal(rows, sample_rows(100_000, 1_000))
    grown = sample_rows(100_001, 1_000)
    assert len(np.setdiff1d(rows, grown)) <= 1
    # Spread over the whole range, not a block.
    assert rows[0] < 1_000 and rows[-1] > 99_000


def test_predictions_with_a_limit_use_a_sample_and_count_every_row():
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(5_000, 2)), rng.normal(size=(5_000, 1)))
    test = Dataset(rng.normal(size=(300, 2)), rng.normal(size=(300, 1)))
    net = MLP([2, 4, 1], ["tanh", "linear"], seed=0)
    result = Predictions(test, limit=1_000).compute(net, Trainer(net, data, 0.1))
    rows = sample_rows(5_000, 1_000)
    assert result.total == 5_000 and result.test_total == 300
    assert np.array_equal(result.targets, data.targets[rows])
    assert np.array_equal(result.outputs, net.forward(data.inputs[rows]).outputs)
    assert len(result.test_outputs) == 300


def test_contours_of_huge_values_raise_no_overflow():
    xs = ys = np.array([0.0, 1.0])
    saddle = np.array([[1.5e308, -1.5e308], [-1.5e308, 1.5e308]])
    assert contour_segments(saddle, 0.0, xs, ys).shape == (4, 2)
    infinite = np.array([[np.inf, -np.inf], [1.0, 1.0]])
    assert np.isfinite(contour_segments(infinite, 0.5, xs, ys)).all()
