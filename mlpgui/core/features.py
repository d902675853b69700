"""Input features: derived input columns x_i², x_i x_j and sin(x_i) (as TensorFlow Playground).

The dataset always holds the RAW inputs (r columns, as the dataset editor shows them). A
network trained with features has n_0 = r + k input units: the r raw columns first, in their
order, then the k derived columns in the canonical order of ``Feature`` (squares, products,
sines; each by input index). The trainer applies the features to every batch it trains on, so
records, the diagram and the inspector see the derived columns as ordinary input units a^(0);
anything that evaluates the network on raw inputs (a grid for the output plot) maps them with
``apply_features`` first.

Feature indices are 0-based raw input columns. Off by default: no features means the network
sees the raw inputs and every number is as without this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .errors import NetworkError

KINDS = ("square", "product", "sin")
"""Feature kinds, in their canonical order."""

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Feature:
    """One derived input column.

    Attributes:
        kind: ``"square"`` (x_i²), ``"product"`` (x_i x_j, i < j) or ``"sin"`` (sin x_i).
        inputs: the 0-based raw input columns: (i,) for square and sin, (i, j) with i < j for a
            product.
    """

    kind: str
    inputs: tuple[int, ...]

    @property
    def sort_key(self) -> tuple[int, tuple[int, ...]]:
        return KINDS.index(self.kind), self.inputs

    def label(self, input_names: Sequence[str] | None = None) -> str:
        """Its name for the diagram: "x₁²", "x₁x₂", "sin x₁" (1-based subscripts), or built from
        the raw columns' names when given ("x²", "a·b", "sin x")."""
        if input_names is None:
            names = [f"x{str(i + 1).translate(_SUBSCRIPTS)}" for i in self.inputs]
            joiner = ""
        else:
            names = [input_names[i] for i in self.inputs]
            joiner = "·"
        if self.kind == "square":
            return f"{names[0]}²"
        if self.kind == "product":
            return joiner.join(names)
        return f"sin {names[0]}"

    def code(self) -> str:
        """A plain-text name: "x1^2", "x1*x2", "sin(x1)" (1-based)."""
        numbers = [f"x{i + 1}" for i in self.inputs]
        if self.kind == "square":
            return f"{numbers[0]}^2"
        if self.kind == "product":
            return "*".join(numbers)
        return f"sin({numbers[0]})"


Features = tuple[Feature, ...]


def square(i: int) -> Feature:
    """x_i² (0-based i)."""
    return Feature("square", (i,))


def product(i: int, j: int) -> Feature:
    """x_i x_j (0-based, i ≠ j; stored with the smaller index first)."""
    return Feature("product", (min(i, j), max(i, j)))


def sine(i: int) -> Feature:
    """sin x_i (0-based i)."""
    return Feature("sin", (i,))


def all_features(raw_dim: int) -> Features:
    """Every feature of ``raw_dim`` raw inputs, canonically ordered: the squares, the products
    of each pair, the sines (for 2 inputs: x₁², x₂², x₁x₂, sin x₁, sin x₂)."""
    squares = [square(i) for i in range(raw_dim)]
    products = [product(i, j) for i in range(raw_dim) for j in range(i + 1, raw_dim)]
    return (*squares, *products, *(sine(i) for i in range(raw_dim)))


def check_features(features: object, raw_dim: int) -> Features:
    """``features`` validated for ``raw_dim`` raw inputs and sorted into the canonical order
    (a feature chosen twice is refused).

    Raises:
        NetworkError: one sentence naming the first bad feature.
    """
    if isinstance(features, (str, bytes, dict)) or not isinstance(features, Iterable):
        raise NetworkError("Input features must be a list of features.")
    checked: list[Feature] = []
    for feature in features:
        if not isinstance(feature, Feature):
            raise NetworkError(f"{_show(feature)} is not an input feature.")
        checked.append(_check_one(feature, raw_dim))
    checked.sort(key=lambda f: f.sort_key)
    for a, b in pairwise(checked):
        if a == b:
            raise NetworkError(f"The input feature {a.label()} is chosen twice.")
    return tuple(checked)


def _check_one(feature: Feature, raw_dim: int) -> Feature:
    kind, inputs = feature.kind, feature.inputs
    if kind not in KINDS:
        raise NetworkError(f"Unknown input feature {kind!r}; choose one of {', '.join(KINDS)}.")
    needed = 2 if kind == "product" else 1
    if (
        not isinstance(inputs, tuple)
        or len(inputs) != needed
        or not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in inputs)
    ):
        raise NetworkError(
            f"A {kind} feature needs {needed} input column number{'s' * (needed > 1)}, "
            f"not {_show(inputs)}."
        )
    if any(not 0 <= i < raw_dim for i in inputs):
        raise NetworkError(
            f"The input feature {_show(feature.code())} uses a column the data do not have "
            f"(there {'is' if raw_dim == 1 else 'are'} {raw_dim} raw input"
            f"{'s' * (raw_dim != 1)})."
        )
    if kind == "product" and not inputs[0] < inputs[1]:
        raise NetworkError(
            "A product feature multiplies two different columns, the smaller index first, "
            f"not {_show(inputs)}."
        )
    return Feature(kind, tuple(int(i) for i in inputs))


def apply_features(inputs: np.ndarray, features: Sequence[Feature]) -> np.ndarray:
    """The network's inputs for raw ``inputs`` (N, r): a new (N, r + k) float64 array, the raw
    columns followed by one column per feature. With no features, ``inputs`` itself (as a
    float64 array), untouched — so that features off changes nothing."""
    x = np.asarray(inputs, dtype=np.float64)
    if not features:
        return x
    out = np.empty((x.shape[0], x.shape[1] + len(features)))
    out[:, : x.shape[1]] = x
    with np.errstate(over="ignore", invalid="ignore"):  # huge inputs stay the data's business
        for k, feature in enumerate(features):
            column = out[:, x.shape[1] + k]
            first = x[:, feature.inputs[0]]
            if feature.kind == "square":
                np.multiply(first, first, out=column)
            elif feature.kind == "product":
                np.multiply(first, x[:, feature.inputs[1]], out=column)
            else:
                np.sin(first, out=column)
    return out


def feature_names(raw_names: Sequence[str], features: Sequence[Feature]) -> tuple[str, ...]:
    """Names of the n_0 input units: the raw columns' names, then each feature's label built
    from them (e.g. ("x1", "x2", "x1²", "x1·x2"))."""
    return (*raw_names, *(f.label(raw_names) for f in features))


def input_labels(raw_dim: int, features: Sequence[Feature]) -> tuple[str, ...]:
    """Lecture-style labels of the n_0 input units: "x₁", "x₂", then "x₁²", "x₁x₂", "sin x₁"…
    (a single raw input is "x", as the diagram writes it)."""
    if raw_dim == 1:
        raw: tuple[str, ...] = ("x",)
        derived = tuple(f.label(raw) for f in features)
        return raw + tuple(d.replace("·", "") for d in derived)
    raw = tuple(f"x{str(i + 1).translate(_SUBSCRIPTS)}" for i in range(raw_dim))
    return (*raw, *(f.label() for f in features))


def raw_input_dim(input_units: int, features: Sequence[Feature]) -> int:
    """r, the raw input columns of a network with ``input_units`` = n_0 and these features."""
    return input_units - len(features)


def _show(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
