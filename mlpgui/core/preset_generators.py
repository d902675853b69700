"""The generators behind the presets' data, and the lecture's curve.

Each generator takes (n_points, noise, rng) and returns (inputs (N, n_0), targets (N, n_L));
randomness comes only from ``rng``, and the draws do not depend on ``noise`` (noise only
scales them), so moving a noise slider keeps the same points.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# ---------------------------------------------------------------------------------------------
# The lecture's regression curve. Tune its constants here (and only here).
LECTURE_X_RANGE = (-5.0, 5.0)
LECTURE_OFFSET = 0.15
LECTURE_HEIGHT = 0.7
LECTURE_CENTRE = 0.5
LECTURE_WIDTH = 4.0  # the denominator of the exponent


def lecture_curve(x: np.ndarray) -> np.ndarray:
    """The noise-free lecture target t(x) = 0.15 + 0.7·exp(−(x − 0.5)²/4); any shape."""
    return LECTURE_OFFSET + LECTURE_HEIGHT * np.exp(-((x - LECTURE_CENTRE) ** 2) / LECTURE_WIDTH)


Arrays = tuple[np.ndarray, np.ndarray]


def lecture(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    x = np.sort(rng.uniform(*LECTURE_X_RANGE, size=n))
    t = lecture_curve(x) + noise * rng.standard_normal(n)
    return x[:, None], t[:, None]


def sine(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    x = np.sort(rng.uniform(-np.pi, np.pi, size=n))
    t = np.sin(x) + noise * rng.standard_normal(n)
    return x[:, None], t[:, None]


TRUTH_INPUTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
TRUTH_TARGETS = {
    "xor": np.array([0.0, 1.0, 1.0, 0.0]),
    "and": np.array([0.0, 0.0, 0.0, 1.0]),
    "or": np.array([0.0, 1.0, 1.0, 1.0]),
}


def gate(name: str) -> Callable[[int, float, np.random.Generator], Arrays]:
    def generate(n: int, noise: float, rng: np.random.Generator) -> Arrays:
        rows = np.arange(n) % 4
        x = TRUTH_INPUTS[rows]
        jitter = rng.standard_normal(x.shape)
        if noise > 0.0:
            x = x + noise * jitter
        return x, TRUTH_TARGETS[name][rows][:, None]

    return generate


def classes(n: int) -> np.ndarray:
    """(N,) labels: N − N//2 zeros, then N//2 ones."""
    return (np.arange(n) >= n - n // 2).astype(np.float64)


def shuffled(x: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> Arrays:
    order = rng.permutation(len(labels))
    return x[order], labels[order][:, None]


def circles(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    labels = classes(n)  # 1 = inner circle
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    radius = np.where(labels == 1.0, 0.5, 1.0) + noise * rng.standard_normal(n)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return shuffled(x, labels, rng)


def moons(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    """scikit-learn's make_moons (class 0 = upper moon), centred and scaled by 0.8."""
    labels = classes(n)
    n_upper, n_lower = n - n // 2, n // 2
    upper = np.linspace(0.0, np.pi, n_upper)
    lower = np.linspace(0.0, np.pi, n_lower)
    x = np.concatenate(
        [
            np.column_stack([np.cos(upper), np.sin(upper)]),
            np.column_stack([1.0 - np.cos(lower), 0.5 - np.sin(lower)]),
        ]
    )
    x = 0.8 * (x - [0.5, 0.25]) + noise * rng.standard_normal(x.shape)
    return shuffled(x, labels, rng)


def spiral(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    """Two arms, 1.5 turns each, radius 0.1 → 1.3; arm 1 is arm 0 turned by π."""
    labels = classes(n)
    position = np.concatenate([np.linspace(0.0, 1.0, n - n // 2), np.linspace(0.0, 1.0, n // 2)])
    radius = 0.1 + 1.2 * position
    angle = 3.0 * np.pi * position + np.pi * labels
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    x = x + noise * rng.standard_normal(x.shape)
    return shuffled(x, labels, rng)


def blobs(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    """Gaussian blobs at (−1, −1) (class 0) and (1, 1) (class 1), std 0.5 + noise."""
    labels = classes(n)
    centres = np.where(labels[:, None] == 1.0, 1.0, -1.0)
    x = centres + (0.5 + noise) * rng.standard_normal((n, 2))
    return shuffled(x, labels, rng)


def mazur(n: int, noise: float, rng: np.random.Generator) -> Arrays:
    return np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])
