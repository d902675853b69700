"""Hidden-unit responses are the forward pass's activations on their grid."""

import numpy as np

from mlpgui.core import MLP
from mlpgui.core.plot_data_hidden import HiddenResponses, activation_range


def test_one_input_responses_are_every_layers_activations():
    net = MLP([1, 3, 2, 1], ["tanh", "relu", "linear"], seed=3)
    result = HiddenResponses(-2.0, 4.0, points=31).compute(net)
    assert result.ys is None and len(result.xs) == 31
    forward = net.forward(result.xs[:, None])
    assert len(result.layers) == 3
    for layer, expected in zip(result.layers, forward.activations[1:]):
        assert np.array_equal(layer, expected)
    assert result.ranges[0] == (-1.0, 1.0)
    top = np.abs(result.layers[1]).max()
    assert result.ranges[1] == (-top, top)
    assert result.activations == ("tanh", "relu", "linear")


def test_two_input_responses_are_grids_indexed_row_y_column_x():
    net = MLP([2, 4, 1], ["sigmoid", "sigmoid"], seed=1)
    result = HiddenResponses(-1, 1, -3, 3, resolution=9).compute(net)
    assert result.layers[0].shape == (9, 9, 4) and result.layers[1].shape == (9, 9, 1)
    r, c = 7, 2
    point = np.array([[result.xs[c], result.ys[r]]])
    assert np.allclose(result.layers[0][r, c], net.forward(point).activations[1][0], rtol=1e-15)
    assert result.ranges == ((0.0, 1.0), (0.0, 1.0))
    assert not result.layers[0].flags.writeable


def test_more_than_two_inputs_give_none():
    assert HiddenResponses(0, 1).compute(MLP([3, 2, 1], ["tanh", "linear"], seed=0)) is None


def test_ranges_of_unbounded_activations_are_symmetric_and_never_empty():
    assert activation_range("relu", np.zeros(5)) == (-1e-12, 1e-12)
    assert activation_range("linear", np.array([-3.0, 2.0, np.nan])) == (-3.0, 3.0)
    assert activation_range("sigmoid", np.array([5.0])) == (0.0, 1.0)
