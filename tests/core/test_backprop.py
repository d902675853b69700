"""Backpropagation is the lecture's, to the last digit: finite differences, a naive
implementation of the slides' formulas, and Matt Mazur's published worked example."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlpgui.core import MLP, Dataset, Trainer, gradient_check, load_preset, preset_info

from .naive import naive_update

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
BATCHES = ["full", "online", 2, 3]


def _random_case(draw_sizes, hidden, loss, seed):
    rng = np.random.default_rng(seed)
    sizes = list(draw_sizes)
    n_layers = len(sizes) - 1
    output = "sigmoid" if loss == "cross_entropy" else rng.choice(["sigmoid", "tanh", "linear"])
    activations = [hidden[k % len(hidden)] for k in range(n_layers - 1)] + [str(output)]
    net = MLP(sizes, activations, seed=seed)
    net.set_parameters(
        [rng.normal(scale=0.8, size=w.shape) for w in net.weights],
        [rng.normal(scale=0.3, size=b.shape) for b in net.biases],
    )
    n = int(rng.integers(1, 7))
    x = rng.normal(size=(n, sizes[0]))
    t = rng.uniform(0.05, 0.95, size=(n, sizes[-1]))
    return net, Dataset(x, t)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.lists(st.sampled_from(HIDDEN), min_size=1, max_size=3),
    loss=st.sampled_from(["mse", "sse", "cross_entropy"]),
    batch=st.sampled_from(BATCHES),
    seed=st.integers(0, 2**16),
)
def test_record_gradient_equals_finite_differences(sizes, hidden, loss, batch, seed):
    net, data = _random_case(sizes, hidden, loss, seed)
    before = net.copy()
    record = Trainer(net, data, 0.1, loss=loss, batch=batch, seed=seed).step()
    report = gradient_check(before, data, loss, indices=record.batch_indices)
    assert np.array_equal(report.analytic, record.gradient)
    assume(not report.nonsmooth.all())
    assert report.max_relative_error <= 1e-6, str(report)


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_every_activation_and_loss_passes_the_gradient_check(hidden, loss):
    net, data = _random_case([3, 4, 3, 2], [hidden], loss, seed=11)
    report = gradient_check(net, data, loss)
    assert report.passed(1e-6), str(report)
    assert len(report.layers) == 3


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
def test_record_equals_a_naive_implementation_of_the_slides(loss, batch):
    net, data = _random_case([2, 3, 2, 2], ["tanh", "sigmoid"], loss, seed=5)
    w0, b0 = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    record = Trainer(net, data, 0.3, loss=loss, batch=batch, seed=1).step()
    rows = record.batch_indices
    expected = naive_update(
        w0, b0, net.activation_names, data.inputs[rows], data.targets[rows], loss, 0.3
    )

    def close(a, b):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)

    close(record.loss_before, expected["loss"])
    for k in range(3):
        close(record.drives[k], expected["drives"][k])
        close(record.deltas[k], expected["deltas"][k])
        close(record.weight_gradients[k], expected["weight_gradients"][k])
        close(record.bias_gradients[k], expected["bias_gradients"][k])
        close(record.weights_after[k], expected["weights_after"][k])
        close(record.biases_after[k], expected["biases_after"][k])
    for k in range(4):
        close(record.activations[k], expected["activations"][k])
    assert np.array_equal(record.targets, data.targets[rows])


def test_matt_mazur_worked_example_to_1e_8():
    info = preset_info("mazur")
    setup = info.setup
    net = MLP.from_parameters(setup.weights, setup.biases, setup.activations)
    trainer = Trainer(
        net,
        load_preset("mazur"),
        setup.learning_rate,
        loss=setup.loss,
        batch=setup.batch,
        train_biases=setup.train_biases,
    )
    record = trainer.step()
    assert record.loss_before == pytest.approx(0.298371109, abs=1e-8)
    # Published values after the first update (w1..w4 hidden, w5..w8 output).
    (w1, w2), (w3, w4) = record.weights_after[0]
    (w5, w6), (w7, w8) = record.weights_after[1]
    published = {
        "w1": (w1, 0.149780716), "w2": (w2, 0.19956143), "w3": (w3, 0.24975114),
        "w4": (w4, 0.29950229), "w5": (w5, 0.35891648), "w6": (w6, 0.408666186),
        "w7": (w7, 0.511301270), "w8": (w8, 0.561370121),
    }  # fmt: skip
    for name, (ours, theirs) in published.items():
        assert ours == pytest.approx(theirs, abs=1e-8), name
    # Intermediate values from the article.
    assert record.activations[1][0] == pytest.approx([0.593269992, 0.596884378], abs=1e-9)
    assert record.outputs[0] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    assert record.weight_gradients[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)
    assert record.weight_gradients[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)
    # Biases are not updated in the article.
    assert np.array_equal(record.biases_after[0], [0.35, 0.35])
    assert np.array_equal(record.bias_updates[1], [0.0, 0.0])
    assert np.all(record.bias_gradients[1] != 0)
