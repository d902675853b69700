"""The lecture's backpropagation, line by line: read this next to the slides.

One gradient-descent update of a multi-layer perceptron, written the way the lecture writes
it — sample by sample, layer by layer — with nothing done for speed. The engine (kernel.py,
trainer.py) computes the very same numbers with all samples at once on preallocated arrays;
the tests check that both agree to 1e-14.

Shapes: ``W[l-1]`` is W^(l), (n_l, n_{l-1}); its entry [i, j] is w_ij, from unit j of layer
l−1 to unit i of layer l. ``b[l-1]`` is b^(l), (n_l,). One sample x is (n_0,), its target t
(n_N,). Python counts from 0, so the lecture's layer l is index l−1 of W, b, f, d and δ.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, get_activation
from .losses import get_loss

Arrays = list[np.ndarray]
"""One array per layer: W^(1..N), b^(1..N), d^(1..N), a^(0..N), δ^(1..N) or their gradients."""


def forward(W: Arrays, b: Arrays, f: list[Activation], x: np.ndarray) -> tuple[Arrays, Arrays]:
    """Drives d^(1..N) and activations a^(0..N) of one sample."""
    a = [x]  # a^(0) = x
    d: Arrays = []
    for l in range(len(W)):
        d.append(W[l] @ a[l] + b[l])  # d^(l) = W^(l) a^(l−1) + b^(l)
        a.append(f[l](d[l]))  # a^(l) = f_l(d^(l))
    return d, a


def deltas(
    W: Arrays, f: list[Activation], d: Arrays, a: Arrays, t: np.ndarray, loss: str
) -> Arrays:
    """δ^(1..N) of one sample, from the output back."""
    N = len(W)
    delta = [np.empty(0)] * N
    y = a[N]
    if loss == "cross_entropy":  # with a sigmoid output σ' cancels: δ^(N) = y − t
        delta[N - 1] = y - t
    else:  # δ^(N) = −(t − y) ⊙ f'(d^(N))
        delta[N - 1] = -(t - y) * f[N - 1].derivative(d[N - 1])
    for l in range(N - 2, -1, -1):  # δ^(l) = (W^(l+1)ᵀ δ^(l+1)) ⊙ f'(d^(l))
        delta[l] = (W[l + 1].T @ delta[l + 1]) * f[l].derivative(d[l])
    return delta


def gradients(
    W: Arrays, b: Arrays, activations: list[str], X: np.ndarray, T: np.ndarray, loss: str
) -> tuple[float, Arrays, Arrays]:
    """L and ∂L/∂W^(l), ∂L/∂b^(l) over a batch X (B, n_0), T (B, n_N), all at θ_old."""
    f = [get_activation(name) for name in activations]
    dW = [np.zeros_like(w) for w in W]
    db = [np.zeros_like(v) for v in b]
    Y: Arrays = []
    D: Arrays = []
    for x, t in zip(X, T, strict=True):
        d, a = forward(W, b, f, x)
        delta = deltas(W, f, d, a, t, loss)
        for l in range(len(W)):
            dW[l] += np.outer(delta[l], a[l])  # ∂L_n/∂w_ij = δ_i a_j
            db[l] += delta[l]  # ∂L_n/∂b_i = δ_i
        Y.append(a[-1])
        D.append(d[-1])
    L = get_loss(loss).value(np.array(Y), T, np.array(D))
    if get_loss(loss).averaged:  # MSE: L = 1/B Σ_n L_n, so ∂L/∂θ averages too
        dW = [g / len(X) for g in dW]
        db = [g / len(X) for g in db]
    return L, dW, db


def update(
    W: Arrays, b: Arrays, dW: Arrays, db: Arrays, learning_rate: float, train_biases: bool = True
) -> tuple[Arrays, Arrays]:
    """θ_new = θ_old − γ ∇L (frozen biases keep their values)."""
    W_new = [w - learning_rate * g for w, g in zip(W, dW, strict=True)]
    b_new = [v - learning_rate * g if train_biases else v for v, g in zip(b, db, strict=True)]
    return W_new, b_new
