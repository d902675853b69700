"""Input features (an addition to the lecture): derived columns x_i², x_i x_j, sin x_i that the
network's input layer sees, while the data keep their raw columns."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import (
    MLP,
    Dataset,
    NetworkError,
    Trainer,
    TrainingError,
    gradient_check,
    load_preset,
)
from mlpgui.core.features import (
    Feature,
    all_features,
    apply_features,
    check_features,
    feature_names,
    input_labels,
    product,
    sine,
    square,
)
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup
from tests.core.naive import naive_features


def test_the_derived_columns_follow_the_raw_ones_in_the_canonical_order():
    chosen = check_features([sine(0), product(1, 0), square(1)], 2)
    assert chosen == (square(1), product(0, 1), sine(0))
    x = np.array([[0.5, -2.0], [3.0, 0.25]])
    out = apply_features(x, chosen)
    assert out.shape == (2, 5)
    assert np.array_equal(out, naive_features(x, [(f.kind, f.inputs) for f in chosen]))
    assert np.array_equal(out[:, :2], x)
    assert all_features(2) == (square(0), square(1), product(0, 1), sine(0), sine(1))


def test_without_features_the_inputs_are_the_data_themselves():
    x = np.arange(6.0).reshape(3, 2)
    assert apply_features(x, ()) is x


def test_names_for_the_diagram_and_the_table():
    chosen = all_features(2)
    assert input_labels(2, chosen) == ("x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂")
    assert input_labels(1, (square(0), sine(0))) == ("x", "x²", "sin x")
    assert feature_names(("a", "b"), (product(0, 1), square(0))) == ("a", "b", "a·b", "a²")
    assert [f.code() for f in chosen[2:]] == ["x1*x2", "sin(x1)", "sin(x2)"]


@pytest.mark.parametrize(
    "features,message",
    [
        ([Feature("cube", (0,))], "Unknown input feature"),
        ([square(2)], "column the data do not have"),
        ([Feature("product", (1, 1))], "two different columns"),
        ([Feature("product", (0,))], "needs 2 input column numbers"),
        ([square(0), square(0)], "chosen twice"),
        (["x1^2"], "not an input feature"),
        ("x1^2", "must be a list"),
    ],
)
def test_bad_features_are_refused_with_one_sentence(features, message):
    with pytest.raises(NetworkError, match=message):
        check_features(features, 2)


def test_the_trainer_feeds_the_derived_columns_to_the_input_layer():
    data = load_preset("circles", n_points=30)
    chosen = (square(0), square(1))
    net = MLP([4, 3, 1], ["tanh", "sigmoid"], seed=0)
    trainer = Trainer(net, data, 0.5, loss="cross_entropy", batch=5, features=chosen)
    r = trainer.step()
    assert r.input_features == chosen and r.layer_sizes[0] == 4
    assert np.array_equal(r.activations[0], apply_features(data.inputs[r.batch_indices], chosen))
    assert trainer.dataset is data  # the raw data, untouched
    with pytest.raises(TrainingError, match="2 raw inputs and 2 derived"):
        trainer.dataset = Dataset(np.zeros((3, 4)), np.zeros((3, 1)))


def test_the_network_evaluated_on_raw_inputs_through_the_features_gives_the_trainers_loss():
    """What the output plot does on a grid of raw inputs: map them, then forward."""
    data = load_preset("circles", n_points=40)
    setup = TrainingSetup((2, 4, 1), ("tanh", "sigmoid"), loss="cross_entropy")
    setup = setup.replace(input_features=all_features(2))
    run = TrainingRun(setup, data)
    run.run(20)
    outputs = run.net.predict(apply_features(data.inputs, setup.input_features))
    y, t = outputs[:, 0], data.targets[:, 0]
    cross_entropy = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
    assert np.isclose(cross_entropy, run.trainer.evaluate(), rtol=1e-12)


def test_circles_need_no_hidden_layer_with_the_squares_as_features():
    """Playground's lesson: x₁², x₂² make two circles linearly separable."""
    data = load_preset("circles", n_points=200, noise=0.05)

    def accuracy(features):
        setup = TrainingSetup((2, 1), ("sigmoid",), loss="cross_entropy", learning_rate=1.0)
        run = TrainingRun(setup.replace(input_features=features), data)
        run.run(1500)
        y = run.net.predict(apply_features(data.inputs, features))[:, 0]
        return float(np.mean((y > 0.5) == (data.targets[:, 0] > 0.5)))

    assert accuracy((square(0), square(1))) > 0.97
    assert accuracy(()) < 0.75


def test_new_features_resize_the_input_layer_as_a_new_architecture():
    setup, data = TrainingSetup.for_preset("mazur")
    assert setup.initial_parameters is not None and setup.parameter_names
    featured = setup.replace(input_features=(product(0, 1),))
    assert featured.layer_sizes == (3, 2, 2) and featured.raw_input_dim == 2
    assert featured.initial_parameters is None and featured.parameter_names == ()
    back = featured.replace(input_features=())
    assert back.layer_sizes == (2, 2, 2) and back.raw_input_dim == 2
    run = TrainingRun(featured, data)  # the raw data fit
    assert run.step().activations[0].shape == (1, 3)
    with pytest.raises(NetworkError, match="no room"):
        TrainingSetup((1, 1), ("linear",), input_features=(square(0),))


def test_the_gradient_check_derives_the_features_from_the_raw_data():
    data = load_preset("moons", n_points=12)
    chosen = (square(0), product(0, 1), sine(1))
    net = MLP([5, 3, 1], ["tanh", "sigmoid"], seed=1)
    report = gradient_check(net, data, "cross_entropy", features=chosen, l2_rate=0.1)
    assert report.passed(1e-7), str(report)
    trainer = Trainer(net, data, 0.1, loss="cross_entropy", features=chosen, l2_rate=0.1)
    assert np.array_equal(report.analytic, trainer.preview().gradient)
