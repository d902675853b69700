"""Reference implementations that the core benchmark compares ``Trainer`` against.

``MinimalLoop`` is what a competent person writes by hand for one fixed network: separate W and
b arrays, every buffer preallocated, in-place NumPy operations, no records, no checks. It is the
yardstick for the engine's overhead. ``torch_loop`` is the same training in PyTorch eager mode.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _sigmoid(d: np.ndarray, out: np.ndarray) -> None:
    np.negative(d, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    np.reciprocal(out, out=out)


class MinimalLoop:
    """Plain gradient descent on the MSE loss for a fixed MLP (hidden activations + linear output).

    ``batch`` None is full batch; otherwise mini-batches of that size in a shuffled order.
    """

    def __init__(
        self,
        weights: Sequence[np.ndarray],
        biases: Sequence[np.ndarray],
        hidden: str,
        x: np.ndarray,
        t: np.ndarray,
        learning_rate: float,
        batch: int | None = None,
        seed: int = 0,
    ) -> None:
        self.W = [np.array(w, dtype=np.float64) for w in weights]
        self.b = [np.array(b, dtype=np.float64) for b in biases]
        self.hidden = hidden
        self.x, self.t = np.ascontiguousarray(x), np.ascontiguousarray(t)
        self.lr = learning_rate
        self.batch = batch
        self.rng = np.random.default_rng(seed)
        n = len(x) if batch is None else batch
        self.n = n
        self.xb = np.empty((n, x.shape[1]))
        self.tb = np.empty((n, t.shape[1]))
        self.d = [np.empty((n, w.shape[0])) for w in self.W]
        self.a = [np.empty((n, w.shape[0])) for w in self.W[:-1]]
        self.delta = [np.empty((n, w.shape[0])) for w in self.W]
        self.tmp = [np.empty((n, w.shape[0])) for w in self.W]
        self.dW = [np.empty_like(w) for w in self.W]
        self.db = [np.empty_like(b) for b in self.b]
        self.order = self.rng.permutation(len(x))
        self.pos = 0

    def run(self, steps: int) -> None:
        W, b, d, a, delta, tmp, dW, db = (
            self.W,
            self.b,
            self.d,
            self.a,
            self.delta,
            self.tmp,
            self.dW,
            self.db,
        )
        L = len(W)
        scale = self.lr / self.n
        hidden = self.hidden
        for _ in range(steps):
            if self.batch is None:
                xb, tb = self.x, self.t
            else:
                if self.pos + self.batch > len(self.x):
                    self.order = self.rng.permutation(len(self.x))
                    self.pos = 0
                idx = self.order[self.pos : self.pos + self.batch]
                self.pos += self.batch
                np.take(self.x, idx, axis=0, out=self.xb)
                np.take(self.t, idx, axis=0, out=self.tb)
                xb, tb = self.xb, self.tb
            # forward
            prev = xb
            for k in range(L):
                np.dot(prev, W[k].T, out=d[k])
                d[k] += b[k]
                if k < L - 1:
                    if hidden == "sigmoid":
                        _sigmoid(d[k], a[k])
                    elif hidden == "tanh":
                        np.tanh(d[k], out=a[k])
                    else:
                        np.maximum(d[k], 0.0, out=a[k])
                    prev = a[k]
            # backward (linear output, MSE): δ^(L) = y − t
            np.subtract(d[L - 1], tb, out=delta[L - 1])
            for k in range(L - 1, -1, -1):
                prev = xb if k == 0 else a[k - 1]
                np.dot(delta[k].T, prev, out=dW[k])
                np.sum(delta[k], axis=0, out=db[k])
                if k > 0:
                    np.dot(delta[k], W[k], out=delta[k - 1])
                    ak = a[k - 1]
                    if hidden == "sigmoid":
                        np.subtract(1.0, ak, out=tmp[k - 1])
                        tmp[k - 1] *= ak
                        delta[k - 1] *= tmp[k - 1]
                    elif hidden == "tanh":
                        np.multiply(ak, ak, out=tmp[k - 1])
                        np.subtract(1.0, tmp[k - 1], out=tmp[k - 1])
                        delta[k - 1] *= tmp[k - 1]
                    else:
                        np.greater(d[k - 1], 0.0, out=tmp[k - 1])
                        delta[k - 1] *= tmp[k - 1]
            # update
            for k in range(L):
                dW[k] *= scale
                W[k] -= dW[k]
                db[k] *= scale
                b[k] -= db[k]


def torch_loop(weights, biases, hidden, x, t, learning_rate, batch, seed):  # pragma: no cover
    """Return a ``run(steps)`` callable doing the same training with PyTorch eager, 1 thread."""
    import torch

    torch.set_num_threads(1)
    W = [torch.tensor(np.asarray(w), dtype=torch.float64, requires_grad=True) for w in weights]
    b = [torch.tensor(np.asarray(v), dtype=torch.float64, requires_grad=True) for v in biases]
    xt = torch.tensor(x, dtype=torch.float64)
    tt = torch.tensor(t, dtype=torch.float64)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[hidden]
    gen = torch.Generator().manual_seed(seed)
    params = W + b
    state = {"order": torch.randperm(len(x), generator=gen), "pos": 0}

    def run(steps: int) -> None:
        for _ in range(steps):
            if batch is None:
                xb, tb = xt, tt
            else:
                if state["pos"] + batch > len(x):
                    state["order"] = torch.randperm(len(x), generator=gen)
                    state["pos"] = 0
                idx = state["order"][state["pos"] : state["pos"] + batch]
                state["pos"] += batch
                xb, tb = xt[idx], tt[idx]
            h = xb
            for k in range(len(W)):
                h = h @ W[k].T + b[k]
                if k < len(W) - 1:
                    h = act(h)
            loss = 0.5 * ((h - tb) ** 2).sum() / len(xb)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p -= learning_rate * g

    return run
