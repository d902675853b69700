"""MLP: shapes, initialisation, parameter editing and the forward pass."""

import numpy as np
import pytest

from mlpgui.core import MLP, NetworkError

from .naive import f


def test_lecture_network_has_13_parameters_with_lecture_shapes():
    net = MLP([1, 2, 2, 1], ["sigmoid", "sigmoid", "linear"], seed=0)
    assert net.layer_sizes == (1, 2, 2, 1)
    assert net.parameter_count == 13
    assert [w.shape for w in net.weights] == [(2, 1), (2, 2), (1, 2)]
    assert [b.shape for b in net.biases] == [(2,), (2,), (1,)]
    assert net.activation_names == ("sigmoid", "sigmoid", "linear")


def test_initialisation_depends_only_on_the_seed_and_is_documented_glorot_or_he():
    a = MLP([3, 5, 2], ["tanh", "sigmoid"], seed=7)
    b = MLP([3, 5, 2], ["tanh", "sigmoid"], seed=7)
    c = MLP([3, 5, 2], ["tanh", "sigmoid"], seed=8)
    assert np.array_equal(a.parameters, b.parameters)
    assert not np.array_equal(a.parameters, c.parameters)
    assert all(np.all(bias == 0) for bias in a.biases)
    assert np.all(np.abs(a.weights[0]) <= np.sqrt(6 / (3 + 5)))
    relu = MLP([4, 50, 1], ["relu", "linear"], seed=1)
    limit = np.sqrt(6 / 4)
    assert np.all(np.abs(relu.weights[0]) <= limit)
    assert np.abs(relu.weights[0]).max() > np.sqrt(6 / (4 + 50))  # He, not Glorot


def test_seed_none_draws_a_seed_that_recreates_the_same_network():
    net = MLP([2, 3, 1], ["tanh", "linear"])
    again = MLP([2, 3, 1], ["tanh", "linear"], seed=net.seed)
    assert np.array_equal(net.parameters, again.parameters)


def test_parameters_are_read_only_views_changed_through_the_api():
    net = MLP([2, 2, 1], ["sigmoid", "linear"], seed=0)
    with pytest.raises(ValueError):
        net.weights[0][0, 0] = 1.0
    version = net.version
    net.set_weight(0, 1, 0, 0.25)
    net.set_bias(1, 0, -0.5)
    assert net.weights[0][1, 0] == 0.25 and net.biases[1][0] == -0.5
    assert net.version > version
    with pytest.raises(NetworkError, match="finite"):
        net.set_weight(0, 0, 0, float("nan"))
    with pytest.raises(NetworkError, match="outside"):
        net.set_weight(0, 2, 0, 1.0)


def test_from_parameters_and_copy_round_trip():
    w = [np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([[0.5, 0.6]])]
    b = [np.array([0.01, 0.02]), np.array([0.03])]
    net = MLP.from_parameters(w, b, ["tanh", "linear"])
    assert net.layer_sizes == (2, 2, 1)
    assert np.array_equal(net.weights[1], w[1]) and np.array_equal(net.biases[0], b[0])
    twin = net.copy()
    twin.set_weight(0, 0, 0, 9.0)
    assert net.weights[0][0, 0] == 0.1


def test_forward_follows_the_lecture_formula_per_unit():
    rng = np.random.default_rng(3)
    net = MLP([3, 4, 2], ["tanh", "sigmoid"], seed=2)
    net.set_parameters(
        [rng.normal(size=(4, 3)), rng.normal(size=(2, 4))], [rng.normal(size=4), rng.normal(size=2)]
    )
    x = rng.normal(size=(5, 3))
    out = net.forward(x)
    assert [d.shape for d in out.drives] == [(5, 4), (5, 2)]
    assert [a.shape for a in out.activations] == [(5, 3), (5, 4), (5, 2)]
    assert np.array_equal(out.activations[0], x)
    for n in range(5):
        for i in range(4):
            d = net.biases[0][i] + sum(net.weights[0][i, j] * x[n, j] for j in range(3))
            assert out.drives[0][n, i] == pytest.approx(d, rel=1e-14, abs=1e-15)
            assert out.activations[1][n, i] == pytest.approx(f("tanh", d), rel=1e-14)
    assert not out.outputs.flags.writeable
    assert np.array_equal(net.predict(x), out.outputs)


def test_invalid_architectures_are_refused_with_a_sentence():
    with pytest.raises(NetworkError, match="at least one unit"):
        MLP([2, 0, 1], ["tanh", "linear"])
    with pytest.raises(NetworkError, match="activation"):
        MLP([2, 3, 1], ["tanh"])
    with pytest.raises(NetworkError, match="Unknown activation 'softsign'"):
        MLP([2, 1], ["softsign"])
    with pytest.raises(NetworkError, match="input and an output"):
        MLP([2], [])
    net = MLP([2, 1], ["linear"], seed=0)
    with pytest.raises(NetworkError, match=r"shape \(N, 2\)"):
        net.forward(np.zeros((3, 3)))
    with pytest.raises(NetworkError, match="Layer 1 needs W"):
        net.set_parameters([np.zeros((2, 2))], [np.zeros(1)])
