"""An independent, deliberately plain implementation of the lecture's formulas.

Loops over samples and units exactly as the slides write them, with no shared code from
mlpgui.core, so that tests can compare the engine against it. Also the additions to the
lecture, written out the same way: derived input features, L1/L2 regularisation of the
weights and classical momentum.
"""

from __future__ import annotations

import math

import numpy as np


def f(name: str, d: float) -> float:
    if name == "sigmoid":
        return 1.0 / (1.0 + math.exp(-d)) if d > -700 else 0.0
    if name == "tanh":
        return math.tanh(d)
    if name == "relu":
        return max(0.0, d)
    if name == "linear":
        return d
    raise ValueError(name)


def f_prime(name: str, d: float) -> float:
    if name == "sigmoid":
        s = f("sigmoid", d)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - math.tanh(d) ** 2
    if name == "relu":
        return 1.0 if d > 0 else 0.0
    if name == "linear":
        return 1.0
    raise ValueError(name)


def naive_features(x, features):
    """Raw inputs x (B, r) with derived columns appended, one per (kind, inputs) pair:
    ("square", (i,)) → x_i², ("product", (i, j)) → x_i x_j, ("sin", (i,)) → sin x_i."""
    rows = []
    for sample in x:
        row = [float(v) for v in sample]
        for kind, inputs in features:
            if kind == "square":
                row.append(sample[inputs[0]] ** 2)
            elif kind == "product":
                row.append(sample[inputs[0]] * sample[inputs[1]])
            else:
                row.append(math.sin(sample[inputs[0]]))
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(x), -1)


def naive_update(
    weights,
    biases,
    activations,
    x,
    t,
    loss,
    learning_rate,
    train_biases=True,
    l1=0.0,
    l2=0.0,
    momentum=0.0,
    velocity_w=None,
    velocity_b=None,
    features=(),
):
    """One gradient-descent update on the batch (x (B, r) raw inputs, t (B, n_L)).

    Returns a dict with per-sample drives/activations/deltas (lists over layers of (B, n_l)),
    the loss (L_data + L_reg), the data loss, the gradients (with the regularisation terms),
    the new parameters and, with momentum, the new velocities.
    """
    weights = [np.array(w, dtype=float) for w in weights]
    biases = [np.array(b, dtype=float) for b in biases]
    x = naive_features(x, features) if features else x
    n_layers = len(weights)
    batch = len(x)
    drives = [np.zeros((batch, w.shape[0])) for w in weights]
    acts = [np.array(x, dtype=float)] + [np.zeros((batch, w.shape[0])) for w in weights]
    deltas = [np.zeros((batch, w.shape[0])) for w in weights]
    total = 0.0
    for n in range(batch):
        for l in range(n_layers):
            w, b = weights[l], biases[l]
            for i in range(w.shape[0]):
                d = b[i] + sum(w[i, j] * acts[l][n, j] for j in range(w.shape[1]))
                drives[l][n, i] = d
                acts[l + 1][n, i] = f(activations[l], d)
        y, tn = acts[-1][n], t[n]
        for k in range(len(y)):
            if loss == "cross_entropy":
                total += -(tn[k] * math.log(y[k]) + (1 - tn[k]) * math.log(1 - y[k]))
            else:
                total += 0.5 * (tn[k] - y[k]) ** 2
        last = n_layers - 1
        for i in range(len(y)):
            if loss == "cross_entropy":
                deltas[last][n, i] = y[i] - tn[i]
            else:
                deltas[last][n, i] = -(tn[i] - y[i]) * f_prime(
                    activations[last], drives[last][n, i]
                )
        for l in range(last - 1, -1, -1):
            w_next = weights[l + 1]
            for i in range(weights[l].shape[0]):
                s = sum(deltas[l + 1][n, k] * w_next[k, i] for k in range(w_next.shape[0]))
                deltas[l][n, i] = s * f_prime(activations[l], drives[l][n, i])
    scale = 1.0 / batch if loss in ("mse", "cross_entropy") else 1.0
    grad_w = [np.zeros_like(w) for w in weights]
    grad_b = [np.zeros_like(b) for b in biases]
    for l in range(n_layers):
        for i in range(weights[l].shape[0]):
            grad_b[l][i] = scale * sum(deltas[l][n, i] for n in range(batch))
            for j in range(weights[l].shape[1]):
                grad_w[l][i, j] = scale * sum(deltas[l][n, i] * acts[l][n, j] for n in range(batch))
    penalty = 0.0
    for l in range(n_layers):
        for i in range(weights[l].shape[0]):
            for j in range(weights[l].shape[1]):
                w = weights[l][i, j]
                penalty += 0.5 * l2 * w * w + l1 * abs(w)
                sign = 1.0 if w > 0 else (-1.0 if w < 0 else 0.0)
                grad_w[l][i, j] += l2 * w + l1 * sign
    out = {
        "drives": drives,
        "activations": acts,
        "deltas": deltas,
        "loss": total * scale + penalty,
        "data_loss": total * scale,
        "weight_gradients": grad_w,
        "bias_gradients": grad_b,
    }
    if momentum == 0.0:
        out["weights_after"] = [w - learning_rate * g for w, g in zip(weights, grad_w)]
        out["biases_after"] = [
            b - learning_rate * g if train_biases else b.copy() for b, g in zip(biases, grad_b)
        ]
        return out
    vw = [
        momentum * np.array(v, dtype=float) - learning_rate * g for v, g in zip(velocity_w, grad_w)
    ]
    vb = [
        momentum * np.array(v, dtype=float) - learning_rate * g if train_biases else 0 * g
        for v, g in zip(velocity_b, grad_b)
    ]
    out["weights_after"] = [w + v for w, v in zip(weights, vw)]
    out["biases_after"] = [b + v for b, v in zip(biases, vb)]
    out["velocity_w_after"], out["velocity_b_after"] = vw, vb
    return out
