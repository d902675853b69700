"""The readable lecture algorithm (core/backprop.py) and the fast kernel agree to 1e-14."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, backprop
from mlpgui.core.features import all_features

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
CASES = [
    (hidden, output, loss)
    for hidden, (output, loss) in itertools.product(
        HIDDEN,
        [("linear", "mse"), ("sigmoid", "mse"), ("tanh", "sse"), ("sigmoid", "cross_entropy")],
    )
]


def _close(a: np.ndarray, b: np.ndarray) -> float:
    """The largest difference relative to the largest magnitude (1e-300 for all-zero)."""
    scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)), 1e-300)
    return float(np.abs(a - b).max(initial=0.0)) / scale


@pytest.mark.parametrize(("hidden", "output", "loss"), CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_kernel_computes_what_the_lecture_writes(hidden, output, loss, seed):
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(1, 6, size=int(rng.integers(2, 5)))]
    activations = [hidden] * (len(sizes) - 2) + [output]
    batch = int(rng.integers(1, 9))
    x = rng.normal(size=(batch, sizes[0]))
    t = rng.uniform(0.05, 0.95, size=(batch, sizes[-1]))
    net = MLP(sizes, activations, seed=seed)
    train_biases = bool(seed % 2 == 0)
    trainer = Trainer(net, Dataset(x, t), 0.3, loss=loss, train_biases=train_biases)
    W = [np.array(w) for w in net.weights]
    b = [np.array(v) for v in net.biases]

    record = trainer.step()
    L, dW, db = backprop.gradients(W, b, activations, x, t, loss)
    W_new, b_new = backprop.update(W, b, dW, db, 0.3, train_biases)

    assert _close(np.array([record.loss_before]), np.array([L])) <= 1e-14
    for layer in range(len(W)):
        assert _close(record.weight_gradients[layer], dW[layer]) <= 1e-14
        assert _close(record.bias_gradients[layer], db[layer]) <= 1e-14
        assert _close(record.weights_after[layer], W_new[layer]) <= 1e-14
        assert _close(record.biases_after[layer], b_new[layer]) <= 1e-14


def test_mazurs_example_line_by_line():
    """Matt Mazur's published numbers, from the readable algorithm alone."""
    W = [np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.40, 0.45], [0.50, 0.55]])]
    b = [np.array([0.35, 0.35]), np.array([0.60, 0.60])]
    x, t = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])
    total_error, dW, db = backprop.gradients(W, b, ["sigmoid", "sigmoid"], x, t, "sse")
    W_new, _ = backprop.update(W, b, dW, db, 0.5, train_biases=False)
    assert total_error == pytest.approx(0.298371109, abs=1e-9)
    assert W_new[1][0, 0] == pytest.approx(0.35891648, abs=1e-8)  # w5
    assert W_new[0][0, 0] == pytest.approx(0.149780716, abs=1e-9)  # w1


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_additions_to_the_lecture_agree_with_their_readable_form(seed):
    """Input features, L1/L2 regularisation and momentum: kernel vs backprop.py to 1e-14."""
    rng = np.random.default_rng(seed)
    raw = int(rng.integers(1, 4))
    chosen = all_features(raw)[: int(rng.integers(1, 2 * raw + 2))]
    sizes = [raw + len(chosen), int(rng.integers(1, 5)), int(rng.integers(1, 4))]
    activations = ["tanh", "sigmoid"]
    batch = int(rng.integers(1, 7))
    x = rng.normal(size=(batch, raw))
    t = rng.uniform(0.05, 0.95, size=(batch, sizes[-1]))
    l1, l2, mu = [0.0, 0.03][seed % 2], [0.2, 0.0, 0.1, 0.05][seed], 0.8
    train_biases = seed != 1
    net = MLP(sizes, activations, seed=seed)
    trainer = Trainer(
        net, Dataset(x, t), 0.3, loss="sse", train_biases=train_biases,
        l1_rate=l1, l2_rate=l2, momentum=mu, features=chosen,
    )  # fmt: skip
    W = [np.array(w) for w in net.weights]
    b = [np.array(v) for v in net.biases]
    vW, vb = [np.zeros_like(w) for w in W], [np.zeros_like(v) for v in b]
    X = np.array([backprop.featurize(sample, list(chosen)) for sample in x])
    for _ in range(3):
        record = trainer.step()
        L, dW, db = backprop.regularised_gradients(W, b, activations, X, t, "sse", l1, l2)
        W, b, vW, vb = backprop.momentum_update(W, b, dW, db, 0.3, mu, vW, vb, train_biases)
        assert _close(record.activations[0], X) <= 1e-14
        assert _close(np.array([record.loss_before]), np.array([L])) <= 1e-14
        velocity_w, velocity_b = record.layout.split(record.velocity_after)
        for layer in range(len(W)):
            assert _close(record.weight_gradients[layer], dW[layer]) <= 1e-14
            assert _close(record.bias_gradients[layer], db[layer]) <= 1e-14
            assert _close(velocity_w[layer], vW[layer]) <= 1e-14
            assert _close(velocity_b[layer], vb[layer]) <= 1e-14
            assert _close(record.weights_after[layer], W[layer]) <= 1e-14
            assert _close(record.biases_after[layer], b[layer]) <= 1e-14
