"""Named example datasets, each with a suggested network setup.

Every preset is deterministic given (n_points, noise, seed): randomness comes only from
``np.random.default_rng(seed)``, and a seed of None means the preset's ``default_seed``. The
random draws do not depend on ``noise`` (noise only scales them), so moving a noise slider keeps
the same points.

Classification presets have 2-D inputs roughly within [−1.5, 1.5]² (the blobs' tails reach a
little further), one target column t ∈ {0, 1}, balanced classes (for an odd N, class 0 has one
row more) and shuffled rows.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mlpgui.core.dataset import Dataset
from mlpgui.core.errors import DatasetError
from mlpgui.core.layout import ParameterLayout

from .preset_generators import (
    TRUTH_TARGETS,
    Arrays,
    blobs,
    circles,
    gate,
    lecture,
    mazur,
    moons,
    sine,
    spiral,
)

MAX_PRESET_POINTS = 100_000
MAX_PRESET_SEED = 2**31 - 1
"""Largest seed ``new_seed`` draws (what a 32-bit spin box holds; ``load_preset`` takes any
seed ≥ 0)."""

# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestedSetup:
    """A network and training setup that learns a preset.

    Attributes:
        hidden_layers: sizes of the hidden layers, e.g. (2, 2); () is a single-layer perceptron.
        activations: one name per non-input layer (len(hidden_layers) + 1), from "sigmoid",
            "tanh", "relu", "linear", "step".
        loss: "mse", "sse" or "cross_entropy".
        learning_rate: γ.
        batch: "full", "online" or a mini-batch size.
        train_biases: False keeps the biases at their initial values.
        weights: fixed initial W^(l) per layer, each (n_l, n_{l-1}) as nested tuples, or None.
        seed: the network's seed (initial weights and sample order) — chosen so that the
            suggested network succeeds from its default start (XOR has well-known local
            minima that some initialisations fall into).
        biases: fixed initial b^(l) per layer, each (n_l,), or None.
        parameter_names: names of some parameters as (index into the flat θ of
            ParameterLayout, name) pairs — e.g. Mazur's w1 … w8, b1, b2.
    """

    hidden_layers: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    learning_rate: float
    batch: str | int
    train_biases: bool = True
    weights: tuple[tuple[tuple[float, ...], ...], ...] | None = None
    biases: tuple[tuple[float, ...], ...] | None = None
    seed: int = 0
    parameter_names: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class PresetInfo:
    """What a preset is, for menus, tooltips and docs, plus its defaults."""

    name: str
    title: str
    description: str
    task: str  # "regression" or "classification"
    input_dim: int
    output_dim: int
    default_points: int
    default_noise: float
    default_seed: int
    setup: SuggestedSetup


def _mazur_names() -> tuple[tuple[int, str], ...]:
    """Mazur's names: w1 = w₁₁⁽¹⁾, w2 = w₁₂⁽¹⁾, w3 = w₂₁⁽¹⁾, w4 = w₂₂⁽¹⁾, w5 = w₁₁⁽²⁾ … w8 = w₂₂⁽²⁾;
    b1 is the bias of both hidden units, b2 of both outputs (one bias per layer in his post)."""
    layout = ParameterLayout((2, 2, 2))
    names = []
    for layer in (0, 1):
        for i in (0, 1):
            for j in (0, 1):
                number = 4 * layer + 2 * i + j + 1
                names.append((layout.index_of_weight(layer, i, j), f"w{number}"))
            names.append((layout.index_of_bias(layer, i), f"b{layer + 1}"))
    return tuple(sorted(names))


# --------------------------------------------------------------------------- the table


def _classifier(
    hidden: tuple[int, ...], lr: float = 0.5, batch: str | int = "full"
) -> SuggestedSetup:
    return SuggestedSetup(
        hidden, ("tanh",) * len(hidden) + ("sigmoid",), "cross_entropy", lr, batch
    )


_GATE_SETUP = SuggestedSetup((), ("sigmoid",), "mse", 2.0, "full")

_PRESETS: dict[str, tuple[PresetInfo, Callable[[int, float, np.random.Generator], Arrays]]] = {
    info.name: (info, generator)
    for info, generator in [
        (
            PresetInfo(
                "lecture", "Lecture curve (1-D regression)",
                "The lecture's regression task: a bump t = 0.15 + 0.7·exp(−(x − 0.5)²/4) "
                "sampled at random x in [−5, 5], with Gaussian noise.",
                "regression", 1, 1, 50, 0.05, 0,
                SuggestedSetup((2, 2), ("sigmoid", "sigmoid", "linear"), "mse", 0.5, "full"),
            ),
            lecture,
        ),
        (
            PresetInfo(
                "sine", "Sine wave (1-D regression)",
                "t = sin(x) sampled at random x in [−π, π], with Gaussian noise.",
                "regression", 1, 1, 60, 0.05, 0,
                SuggestedSetup((8,), ("tanh", "linear"), "mse", 0.1, "full"),
            ),
            sine,
        ),
        (
            PresetInfo(
                "xor", "XOR",
                "The XOR truth table, which no single-layer perceptron can learn; more than 4 "
                "points repeat the table, and noise jitters the inputs.",
                "classification", 2, 1, 4, 0.0, 0,
                SuggestedSetup((2,), ("sigmoid", "sigmoid"), "mse", 2.0, "full", seed=1),
            ),
            gate("xor"),
        ),
        (
            PresetInfo(
                "and", "AND",
                "The AND truth table, which is linearly separable; more than 4 points repeat "
                "the table, and noise jitters the inputs.",
                "classification", 2, 1, 4, 0.0, 0, _GATE_SETUP,
            ),
            gate("and"),
        ),
        (
            PresetInfo(
                "or", "OR",
                "The OR truth table, which is linearly separable; more than 4 points repeat "
                "the table, and noise jitters the inputs.",
                "classification", 2, 1, 4, 0.0, 0, _GATE_SETUP,
            ),
            gate("or"),
        ),
        (
            PresetInfo(
                "circles", "Two circles",
                "Points on two concentric circles of radius 0.5 (class 1) and 1.0 (class 0); "
                "noise blurs the radius.",
                "classification", 2, 1, 200, 0.08, 0, _classifier((8,)),
            ),
            circles,
        ),
        (
            PresetInfo(
                "moons", "Two moons",
                "Two interleaving half-moons, as scikit-learn's make_moons; noise is Gaussian "
                "jitter of both coordinates.",
                "classification", 2, 1, 200, 0.1, 0, _classifier((8, 8)),
            ),
            moons,
        ),
        (
            PresetInfo(
                "spiral", "Two spirals",
                "Two interleaved spiral arms, a hard task that needs two hidden layers; noise "
                "is Gaussian jitter of both coordinates.",
                "classification", 2, 1, 200, 0.05, 0, _classifier((16, 16), 0.3, 32),
            ),
            spiral,
        ),
        (
            PresetInfo(
                "blobs", "Two blobs",
                "Two Gaussian clouds centred at (−1, −1) and (1, 1) with standard deviation "
                "0.5 plus the noise; nearly linearly separable.",
                "classification", 2, 1, 200, 0.0, 0, _classifier((4,)),
            ),
            blobs,
        ),
        (
            PresetInfo(
                "mazur", "Mazur's step-by-step example",
                "The single sample of Matt Mazur's \"A Step by Step Backpropagation Example\", "
                "with his initial weights, so every number can be checked against his post.",
                "regression", 2, 2, 1, 0.0, 0,
                SuggestedSetup(
                    (2,), ("sigmoid", "sigmoid"), "sse", 0.5, "full", train_biases=False,
                    weights=(((0.15, 0.20), (0.25, 0.30)), ((0.40, 0.45), (0.50, 0.55))),
                    biases=((0.35, 0.35), (0.60, 0.60)),
                    parameter_names=_mazur_names(),
                ),
            ),
            mazur,
        ),
    ]
}  # fmt: skip

PRESETS: tuple[str, ...] = tuple(_PRESETS)
"""Preset names, in menu order."""


def preset_info(name: str) -> PresetInfo:
    """The description and defaults of preset ``name``."""
    entry = _PRESETS.get(name) if isinstance(name, str) else None
    if entry is None:
        raise DatasetError(f"Unknown preset {name!r}; the presets are {', '.join(PRESETS)}.")
    return entry[0]


def preset_point_range(name: str) -> tuple[int, int]:
    """(fewest, most) points preset ``name`` can generate."""
    info = preset_info(name)
    low = {"classification": 2, "regression": 1}[info.task]
    if name in TRUTH_TARGETS:
        low = 4
    return low, 1 if name == "mazur" else MAX_PRESET_POINTS


def load_preset(
    name: str, n_points: int | None = None, noise: float | None = None, seed: int | None = None
) -> Dataset:
    """The dataset of preset ``name``; None arguments take the preset's defaults.

    Raises:
        DatasetError: unknown name, or n_points / noise / seed not allowed for the preset.
    """
    info = preset_info(name)
    generate = _PRESETS[name][1]
    n = info.default_points if n_points is None else n_points
    sigma = info.default_noise if noise is None else noise
    seed = info.default_seed if seed is None else seed

    if not _is_integer(n):
        raise DatasetError(f"The number of points must be a whole number, not {n!r}.")
    low, high = preset_point_range(name)
    if not low <= n <= high:
        allowed = f"exactly {low}" if low == high else f"from {low} to {high:,}"
        raise DatasetError(f"The {name} preset needs {allowed} points, not {n}.")
    if not _is_real(sigma) or not sigma >= 0.0 or not np.isfinite(sigma):
        raise DatasetError(f"The noise must be a number ≥ 0, not {sigma!r}.")
    if name == "mazur" and sigma != 0.0:
        raise DatasetError(f"The mazur preset has no noise (it must be 0), not {sigma!r}.")
    if not _is_integer(seed) or seed < 0:
        raise DatasetError(f"The seed must be a whole number ≥ 0, not {seed!r}.")

    inputs, targets = generate(int(n), float(sigma), np.random.default_rng(int(seed)))
    return Dataset(inputs, targets, name=name)


def new_seed(previous: int | None = None, rng: np.random.Generator | None = None) -> int:
    """A fresh data seed in [0, MAX_PRESET_SEED], different from ``previous`` — for
    "Regenerate": ``load_preset(name, n_points, noise, new_seed(seed))`` draws new points.
    ``rng`` makes the draw reproducible (tests); by default it comes from the OS."""
    while True:
        if rng is None:
            seed = secrets.randbelow(MAX_PRESET_SEED + 1)
        else:
            seed = int(rng.integers(0, MAX_PRESET_SEED, endpoint=True))
        if seed != previous:
            return seed


def regenerate(
    name: str, n_points: int | None = None, noise: float | None = None, seed: int | None = None
) -> tuple[int, Dataset]:
    """(new seed, dataset): preset ``name`` drawn again with a new seed (different from
    ``seed``), the same number of points and noise. DatasetError as ``load_preset``."""
    fresh = new_seed(seed)
    return fresh, load_preset(name, n_points=n_points, noise=noise, seed=fresh)


def _is_integer(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
