"""Plot data with the additions to the lecture: input features map the RAW inputs of curves,
grids and data points before the forward pass (a 2-raw-input network with features is still
drawn as a map), and the loss surface is the loss actually minimised, L_data + L_reg."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.features import all_features, apply_features, product, square
from mlpgui.core.plot_data import OutputCurve, OutputGrid, Predictions
from mlpgui.core.plot_data_hidden import HiddenResponses
from mlpgui.core.plot_data_surface import LossSurface
from mlpgui.core.setup import TrainingSetup


def featured_trainer(raw: int, features, seed: int = 3, **settings) -> Trainer:
    """A trainer of a (raw + k)-4-1 network on random data with ``raw`` columns."""
    rng = np.random.default_rng(seed)
    net = MLP([raw + len(features), 4, 1], ["tanh", "sigmoid"], seed=seed)
    data = Dataset(rng.uniform(-1, 1, (12, raw)), rng.uniform(0, 1, (12, 1)))
    trainer = Trainer(net, data, 0.3, features=features, seed=seed, **settings)
    trainer.run(5)
    return trainer


def test_a_grid_of_two_raw_inputs_goes_through_the_features():
    trainer = featured_trainer(2, all_features(2))  # n_0 = 7: still a map over (x₁, x₂)
    net = trainer.net
    result = OutputGrid(-1, 1, -2, 2, resolution=9, contour_level=0.5).compute(net, trainer)
    assert result is not None and result.outputs.shape == (9, 9, 1)
    r, c = 6, 2
    point = np.array([[result.xs[c], result.ys[r]]])
    expected = net.forward(apply_features(point, trainer.features)).outputs[0, 0]
    assert result.outputs[r, c, 0] == pytest.approx(expected, rel=1e-14)  # BLAS: batch sizes
    # The raw point alone does not fit the 7-input network: the features are needed.
    assert OutputGrid(-1, 1, -1, 1).compute(net) is None


def test_a_curve_of_one_raw_input_goes_through_the_features():
    trainer = featured_trainer(1, (square(0),))
    result = OutputCurve(-2.0, 2.0, 21).compute(trainer.net, trainer)
    assert result is not None and len(result.x) == 21
    inputs = apply_features(result.x[:, None], trainer.features)
    assert np.array_equal(inputs[:, 1], result.x**2)
    assert np.array_equal(result.outputs, trainer.net.forward(inputs).outputs)
    assert OutputGrid(0, 1, 0, 1).compute(trainer.net, trainer) is None


def test_predictions_of_raw_data_are_what_the_trainer_computes():
    trainer = featured_trainer(2, (product(0, 1),))
    test = Dataset(np.array([[0.5, -0.5], [1.0, 2.0]]), np.array([[0.0], [1.0]]))
    result = Predictions(test).compute(trainer.net, trainer)
    assert result is not None and result.test_outputs is not None
    record = trainer.preview()  # full batch: the outputs of every training sample
    assert np.array_equal(result.outputs[record.batch_indices], record.outputs)
    x = apply_features(test.inputs, trainer.features)
    assert np.array_equal(result.test_outputs, trainer.net.forward(x).outputs)


def test_hidden_responses_cover_the_raw_inputs_through_the_features():
    trainer = featured_trainer(2, (square(0), square(1)))
    result = HiddenResponses(-1, 1, -1, 1, resolution=5).compute(trainer.net, trainer)
    assert result is not None and result.ys is not None
    assert result.layers[0].shape == (5, 5, 4)
    r, c = 3, 1
    point = apply_features(np.array([[result.xs[c], result.ys[r]]]), trainer.features)
    expected = trainer.net.forward(point).activations[1][0]
    assert np.allclose(result.layers[0][r, c], expected, rtol=1e-14, atol=0)


@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.05), (0.02, 0.0), (0.01, 0.03)])
def test_the_loss_surface_is_the_regularised_loss_the_update_minimises(l1, l2):
    trainer = featured_trainer(2, (), l1_rate=l1, l2_rate=l2)
    net = trainer.net
    p, q = 1, 9  # a weight of layer 1 and one of layer 2
    result = LossSurface(p, q, resolution=7).compute(net, trainer)
    assert result.regularised
    middle = len(result.xs) // 2
    assert result.current_loss == result.losses[middle, middle] == trainer.evaluate()
    assert result.current_loss > trainer.evaluate(regularised=False)
    record = trainer.preview()  # full batch: the total gradient over all samples
    assert np.array_equal(result.negative_gradient, -record.gradient[[p, q]])
    r, c = 1, 5
    theta = net.parameters.copy()
    theta[p], theta[q] = result.xs[c], result.ys[r]
    other = MLP(net.layer_sizes, net.activation_names, seed=0)
    other.set_flat_parameters(theta)
    again = Trainer(other, trainer.dataset, 0.1, l1_rate=l1, l2_rate=l2)
    assert result.losses[r, c] == again.evaluate()


def test_the_loss_surface_with_input_features_is_the_trainers_loss():
    setup, data = TrainingSetup.for_preset("xor")
    setup = setup.replace(input_features=(product(0, 1),), l2_rate=0.01)
    trainer = setup.trainer(setup.network(), data)
    trainer.run(20)
    result = LossSurface(0, 2, resolution=5).compute(trainer.net, trainer)
    assert result.current_loss == trainer.evaluate()
    assert np.array_equal(result.negative_gradient, -trainer.preview().gradient[[0, 2]])


def test_without_additions_the_surface_is_unregularised():
    trainer = featured_trainer(2, ())
    result = LossSurface(0, 1, resolution=5).compute(trainer.net, trainer)
    assert not result.regularised
    assert result.current_loss == trainer.evaluate(regularised=False)
