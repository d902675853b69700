"""The lecture's backpropagation, line by line: read this next to the slides.

One gradient-descent update of a multi-layer perceptron, written the way the lecture writes
it — sample by sample, layer by layer — with nothing done for speed. The engine (kernel.py,
trainer.py) computes the very same numbers with all samples at once on preallocated arrays;
the tests check that both agree to 1e-14.

Shapes: ``W[l-1]`` is W^(l), (n_l, n_{l-1}); its entry [i, j] is w_ij, from unit j of layer
l−1 to unit i of layer l. ``b[l-1]`` is b^(l), (n_l,). One sample x is (n_0,), its target t
(n_N,). Python counts from 0, so the lecture's layer l is index l−1 of W, b, f, d and δ.

The last section holds ADDITIONS TO THE LECTURE (as in TensorFlow Playground, all optional
and off by default): derived input features, L1/L2 regularisation of the weights and
classical momentum. The lecture's algorithm above does not change; the additions only
prepare its inputs (features), add a term to its loss and gradient (regularisation), or
replace its last line θ_new = θ_old − γ ∇L (momentum).
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, get_activation
from .features import Feature
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


# --- Additions to the lecture ------------------------------------------------------------------


def featurize(x: np.ndarray, features: list[Feature]) -> np.ndarray:
    """ADDITION. The network's input a^(0) for one raw sample x (r,): x itself, then one
    derived value per feature — x_i² (square), x_i x_j (product), sin x_i (sin)."""
    derived = []
    for feature in features:
        i = feature.inputs[0]
        if feature.kind == "square":
            derived.append(x[i] * x[i])
        elif feature.kind == "product":
            derived.append(x[i] * x[feature.inputs[1]])
        else:
            derived.append(np.sin(x[i]))
    return np.concatenate([x, np.array(derived, dtype=np.float64)])


def regularisation(W: Arrays, l1_rate: float, l2_rate: float) -> tuple[float, Arrays]:
    """ADDITION. L_reg = λ₂/2 Σ w² + λ₁ Σ |w| over every weight of every layer (the biases
    are not regularised), and its gradient ∂L_reg/∂W^(l) = λ₂ W^(l) + λ₁ sign(W^(l))."""
    L_reg = 0.0
    dW_reg = []
    for w in W:
        L_reg += l2_rate / 2 * float(np.sum(w * w)) + l1_rate * float(np.sum(np.abs(w)))
        dW_reg.append(l2_rate * w + l1_rate * np.sign(w))
    return L_reg, dW_reg


def regularised_gradients(
    W: Arrays,
    b: Arrays,
    activations: list[str],
    X: np.ndarray,
    T: np.ndarray,
    loss: str,
    l1_rate: float,
    l2_rate: float,
) -> tuple[float, Arrays, Arrays]:
    """ADDITION. L = L_data + L_reg and ∂L/∂w = δ_i a_j (combined) + λ₂ w + λ₁ sign(w);
    ∂L/∂b = δ_i unchanged."""
    L_data, dW, db = gradients(W, b, activations, X, T, loss)
    L_reg, dW_reg = regularisation(W, l1_rate, l2_rate)
    return L_data + L_reg, [g + r for g, r in zip(dW, dW_reg, strict=True)], db


def momentum_update(
    W: Arrays,
    b: Arrays,
    dW: Arrays,
    db: Arrays,
    learning_rate: float,
    momentum: float,
    vW: Arrays,
    vb: Arrays,
    train_biases: bool = True,
) -> tuple[Arrays, Arrays, Arrays, Arrays]:
    """ADDITION. Classical momentum instead of the lecture's last line:
        v_new = μ v_old − γ ∇L,   θ_new = θ_old + v_new
    (a frozen bias keeps its value and gets v = 0). Returns W_new, b_new, vW_new, vb_new."""
    vW_new = [momentum * v - learning_rate * g for v, g in zip(vW, dW, strict=True)]
    vb_new = [
        momentum * v - learning_rate * g if train_biases else np.zeros_like(v)
        for v, g in zip(vb, db, strict=True)
    ]
    W_new = [w + v for w, v in zip(W, vW_new, strict=True)]
    b_new = [c + v for c, v in zip(b, vb_new, strict=True)]
    return W_new, b_new, vW_new, vb_new
