"""Activations, their derivatives, and the losses' values."""

import numpy as np
import pytest

from mlpgui.core import ACTIVATIONS, LOSSES, MLP, Dataset, Trainer, TrainingError, get_loss

SMOOTH = ["sigmoid", "tanh", "relu", "linear"]


@pytest.mark.parametrize("name", SMOOTH)
def test_derivative_matches_a_central_difference(name):
    act = ACTIVATIONS[name]
    d = np.linspace(-4, 4, 81) + 0.013  # avoid relu's kink at exactly 0
    h = 1e-6
    numeric = (act(d + h) - act(d - h)) / (2 * h)
    assert np.allclose(act.derivative(d), numeric, rtol=1e-6, atol=1e-8)


def test_sigmoid_is_the_logistic_function_and_saturates_without_warnings():
    sig = ACTIVATIONS["sigmoid"]
    assert sig(np.array([0.0]))[0] == 0.5
    extreme = sig(np.array([-1000.0, 1000.0]))
    assert extreme[0] == 0.0 and extreme[1] == 1.0


def test_step_is_the_heaviside_function_forward():
    step = ACTIVATIONS["step"]
    assert list(step(np.array([-0.5, 0.0, 2.0]))) == [0.0, 1.0, 1.0]
    net = MLP([2, 1], ["step"], seed=0)
    net.set_parameters([np.array([[1.0, 1.0]])], [np.array([-1.5])])
    assert list(net.predict(np.array([[0, 0], [1, 0], [0, 1], [1, 1]])).ravel()) == [0, 0, 0, 1]


def test_training_through_a_step_activation_fails_with_the_lecture_reason():
    net = MLP([2, 2, 1], ["step", "sigmoid"], seed=0)
    trainer = Trainer(net, Dataset([[0, 0], [1, 1]], [0, 1]), 0.5)
    with pytest.raises(TrainingError, match=r"derivative 0.*sigmoid"):
        trainer.step()
    with pytest.raises(TrainingError, match="step"):
        trainer.run(3)


def test_loss_values_follow_their_definitions():
    y = np.array([[0.2, 0.7], [0.9, 0.1], [0.5, 0.5]])
    t = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    d = np.log(y / (1 - y))  # sigmoid drives that give y
    sse = 0.5 * np.sum((t - y) ** 2)
    assert get_loss("sse").value(y, t, d) == pytest.approx(sse, rel=1e-15)
    assert get_loss("mse").value(y, t, d) == pytest.approx(sse / 3, rel=1e-15)
    ce = -np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)) / 3
    assert get_loss("cross_entropy").value(y, t, d) == pytest.approx(ce, rel=1e-12)
    assert set(LOSSES) == {"mse", "sse", "cross_entropy"}


def test_cross_entropy_is_stable_for_saturated_outputs():
    d = np.array([[800.0], [-800.0]])
    y = ACTIVATIONS["sigmoid"](d)
    value = get_loss("cross_entropy").value(y, np.array([[0.0], [1.0]]), d)
    assert value == pytest.approx(800.0)


def test_cross_entropy_needs_a_sigmoid_output_layer():
    net = MLP([1, 2, 1], ["tanh", "linear"], seed=0)
    trainer = Trainer(net, Dataset([[0.0], [1.0]], [0, 1]), 0.1, loss="cross_entropy")
    with pytest.raises(TrainingError, match="sigmoid output"):
        trainer.step()


def test_unknown_names_list_the_choices():
    with pytest.raises(TrainingError, match="mse, sse, cross_entropy"):
        get_loss("hinge")
