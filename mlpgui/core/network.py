"""The multi-layer perceptron: layer sizes, activations and parameters θ = (W^(l), b^(l))."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, get_activation
from .errors import NetworkError
from .kernel import Kernel, Workspace
from .layout import ParameterLayout
from .limits import MAX_LAYERS, MAX_UNITS_PER_LAYER, network_problem

__all__ = ["MAX_UNITS_PER_LAYER", "MLP", "ForwardPass"]


@dataclass(frozen=True)
class ForwardPass:
    """The forward pass of a batch of N samples (read-only arrays).

    Attributes:
        drives: d^(l) for l = 1..L; ``drives[l-1]`` has shape (N, n_l).
        activations: a^(l) for l = 0..L; ``activations[0]`` is the input x (N, n_0) and
            ``activations[L]`` the output y (N, n_L).
    """

    drives: tuple[np.ndarray, ...]
    activations: tuple[np.ndarray, ...]

    @property
    def outputs(self) -> np.ndarray:
        """y = a^(L), shape (N, n_L)."""
        return self.activations[-1]


class MLP:
    """A multi-layer perceptron with layer sizes (n_0, n_1, …, n_L).

    ``weights[l-1]`` is W^(l), shape (n_l, n_{l-1}); its entry [i, j] is w_ij, the weight from
    unit j of layer l−1 to unit i of layer l. ``biases[l-1]`` is b^(l), shape (n_l,).
    Python indices are 0-based: ``weights[0][1, 0]`` is the lecture's w_21^(1).

    Both are read-only views into one flat vector θ (``parameters``); change parameters with
    ``set_weight``, ``set_bias``, ``set_parameters`` or ``initialize``, which also bump
    ``version`` so that cached computations know θ changed.

    Default initialisation (depends only on ``seed``): biases 0; weights drawn uniformly from
    [−r, r] with r = √(6 / (n_{l−1} + n_l)) (Glorot/Xavier) for sigmoid, tanh, linear and step
    layers, and r = √(6 / n_{l−1}) (He) for ReLU layers. ``seed=None`` draws a fresh seed,
    kept in ``seed`` so the same network can be re-created.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: Sequence[str],
        seed: int | None = None,
    ) -> None:
        sizes = _check_layer_sizes(layer_sizes)
        self._functions = _check_activations(activations, len(sizes) - 1)
        self._names = tuple(f.name for f in self._functions)
        self.layout = ParameterLayout(sizes)
        self._theta = np.zeros(self.layout.size)
        self._weights, self._biases = self.layout.split(self._theta)
        self._read_only_theta = self._theta.view()
        self._read_only_theta.flags.writeable = False
        self._public_weights, self._public_biases = self.layout.split(self._read_only_theta)
        self.kernel = Kernel(self.layout, self._functions, self._theta)
        self.version = 0
        self.seed = 0
        self.initialize(seed)

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def from_parameters(
        cls,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike],
        activations: Sequence[str],
    ) -> MLP:
        """A network with the given W^(l) (n_l, n_{l-1}) and b^(l) (n_l,), l = 1..L."""
        matrices = [np.asarray(w, dtype=np.float64) for w in weights]
        if not matrices or any(w.ndim != 2 for w in matrices):
            raise NetworkError("Weights must be a non-empty list of 2-D arrays, one per layer.")
        sizes = [matrices[0].shape[1]] + [w.shape[0] for w in matrices]
        net = cls(sizes, activations, seed=0)
        net.set_parameters(matrices, biases)
        return net

    def initialize(self, seed: int | None = None) -> None:
        """Re-draw all parameters from ``seed`` (see the class docstring for the scheme)."""
        if seed is None:
            seed = secrets.randbits(32)
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
            raise NetworkError(f"The seed must be a non-negative whole number, not {seed!r}.")
        self.seed = int(seed)
        rng = np.random.default_rng(self.seed)
        sizes = self.layout.layer_sizes
        for k, (w, b) in enumerate(zip(self._weights, self._biases, strict=True)):
            fan_in, fan_out = sizes[k], sizes[k + 1]
            if self._functions[k].name == "relu":
                r = np.sqrt(6.0 / fan_in)
            else:
                r = np.sqrt(6.0 / (fan_in + fan_out))
            w[...] = rng.uniform(-r, r, size=w.shape)
            b[...] = 0.0
        self.version += 1

    def copy(self) -> MLP:
        """An independent network with the same architecture, parameters and seed."""
        net = MLP.from_parameters(self.weights, self.biases, self.activation_names)
        net.seed = self.seed
        return net

    # --- description --------------------------------------------------------------------------

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """(n_0, n_1, …, n_L)."""
        return self.layout.layer_sizes

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (hidden layers + output layer)."""
        return self.layout.n_layers

    @property
    def activation_names(self) -> tuple[str, ...]:
        """Names of f_1 … f_L."""
        return self._names

    @property
    def activation_functions(self) -> tuple[Activation, ...]:
        return self._functions

    @property
    def parameter_count(self) -> int:
        return self.layout.size

    @property
    def weights(self) -> tuple[np.ndarray, ...]:
        """W^(1) … W^(L) as read-only views, shapes (n_l, n_{l-1})."""
        return self._public_weights

    @property
    def biases(self) -> tuple[np.ndarray, ...]:
        """b^(1) … b^(L) as read-only views, shapes (n_l,)."""
        return self._public_biases

    @property
    def parameters(self) -> np.ndarray:
        """θ as a read-only flat (P,) view (layout: see layout.py)."""
        return self._read_only_theta

    def __repr__(self) -> str:
        arch = "-".join(map(str, self.layer_sizes))
        return f"MLP({arch}, {list(self.activation_names)}, seed={self.seed})"

    # --- editing ------------------------------------------------------------------------------

    def set_weight(self, layer: int, i: int, j: int, value: float) -> None:
        """Set ``weights[layer][i, j]`` (0-based indices) to a finite value."""
        self._check_index(layer, i, j)
        self._weights[layer][i, j] = _finite(value, "weight")
        self.version += 1

    def set_bias(self, layer: int, i: int, value: float) -> None:
        """Set ``biases[layer][i]`` (0-based indices) to a finite value."""
        self._check_index(layer, i, 0)
        self._biases[layer][i] = _finite(value, "bias")
        self.version += 1

    def set_parameters(self, weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]) -> None:
        """Replace every W^(l) and b^(l); shapes must match the architecture."""
        if len(weights) != self.n_layers or len(biases) != self.n_layers:
            raise NetworkError(
                f"Expected {self.n_layers} weight matrices and {self.n_layers} bias vectors, "
                f"got {len(weights)} and {len(biases)}."
            )
        new_w = [np.asarray(w, dtype=np.float64) for w in weights]
        new_b = [np.asarray(b, dtype=np.float64).reshape(-1) for b in biases]
        for k, (w, b, old_w, old_b) in enumerate(
            zip(new_w, new_b, self._weights, self._biases, strict=True)
        ):
            if w.shape != old_w.shape or b.shape != old_b.shape:
                raise NetworkError(
                    f"Layer {k + 1} needs W of shape {old_w.shape} and b of shape "
                    f"{old_b.shape}, got {w.shape} and {b.shape}."
                )
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise NetworkError(f"Layer {k + 1} has a NaN or infinite parameter.")
        for w, b, old_w, old_b in zip(new_w, new_b, self._weights, self._biases, strict=True):
            old_w[...] = w
            old_b[...] = b
        self.version += 1

    def set_flat_parameters(self, theta: np.ndarray) -> None:
        """Replace θ from a flat (P,) vector in this network's layout."""
        theta = np.asarray(theta, dtype=np.float64)
        if theta.shape != self._theta.shape:
            raise NetworkError(f"Expected {self._theta.size} parameters, got shape {theta.shape}.")
        if not np.all(np.isfinite(theta)):
            raise NetworkError("The parameters contain a NaN or infinite value.")
        self._theta[...] = theta
        self.version += 1

    # --- computing ----------------------------------------------------------------------------

    def forward(self, x: np.ndarray) -> ForwardPass:
        """The forward pass for inputs x of shape (N, n_0) (a 1-D x is one sample per row
        when n_0 = 1, else one sample)."""
        x = self._as_inputs(x)
        ws = Workspace(self.kernel.plan(len(x)))
        ws.inputs_aug[:-1] = x.T
        with np.errstate(over="ignore"):
            self.kernel.forward(ws)
        return ForwardPass(
            tuple(_rows(d) for d in ws.drives), tuple(_rows(a) for a in ws.activations)
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The outputs y = a^(L) for inputs x (N, n_0); shape (N, n_L)."""
        return self.forward(x).outputs

    # --- internals ----------------------------------------------------------------------------

    def _as_inputs(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        n0 = self.layer_sizes[0]
        if x.ndim == 1:
            x = x.reshape(-1, 1) if n0 == 1 else x.reshape(1, -1)
        if x.ndim != 2 or x.shape[1] != n0:
            raise NetworkError(f"The network expects inputs of shape (N, {n0}), got {x.shape}.")
        return x

    def _check_index(self, layer: int, i: int, j: int) -> None:
        if not 0 <= layer < self.n_layers:
            raise NetworkError(f"Layer index {layer} is outside 0..{self.n_layers - 1}.")
        rows, cols = self._weights[layer].shape
        if not (0 <= i < rows and 0 <= j < cols):
            raise NetworkError(
                f"Index ({i}, {j}) is outside W^({layer + 1}) of shape {(rows, cols)}."
            )


def _rows(by_unit: np.ndarray) -> np.ndarray:
    """A read-only (N, units) view of a kernel array (units, N)."""
    rows = by_unit.T
    rows.flags.writeable = False
    return rows


def _finite(value: float, what: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise NetworkError(f"A {what} must be a number, not {value!r}.") from None
    if not np.isfinite(v):
        raise NetworkError(f"A {what} must be finite, not {v}.")
    return v


def _check_layer_sizes(layer_sizes: Sequence[int]) -> tuple[int, ...]:
    """(n_0, …, n_L) as ints, within mlpgui/core/limits.py — checked before any allocation."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise NetworkError(f"Layer sizes must be a list of whole numbers, got {layer_sizes!r}.")
    if len(layer_sizes) > MAX_LAYERS + 1:
        raise NetworkError(
            f"A network may have at most {MAX_LAYERS} weight layers; this one has "
            f"{len(layer_sizes) - 1:,}."
        )
    if not all(_is_whole(n) for n in layer_sizes):
        shown = list(layer_sizes)
        raise NetworkError(f"Layer sizes must be whole numbers, got {_show(shown)}.")
    sizes = tuple(int(n) for n in layer_sizes)
    if len(sizes) < 2:
        raise NetworkError("A network needs at least an input and an output layer.")
    if any(n < 1 for n in sizes):
        raise NetworkError(f"Every layer needs at least one unit, got {_show(list(sizes))}.")
    problem = network_problem(sizes)
    if problem is not None:
        raise NetworkError(problem)
    return sizes


def _is_whole(n: object) -> bool:
    """An int (or an integral float) — never a bool, a string or NaN."""
    if isinstance(n, bool):
        return False
    if isinstance(n, (int, np.integer)):
        return True
    return isinstance(n, (float, np.floating)) and bool(np.isfinite(n)) and float(n).is_integer()


def _show(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_activations(activations: Sequence[str], n_layers: int) -> tuple[Activation, ...]:
    if isinstance(activations, str):
        activations = [activations] * n_layers
    names = list(activations)
    if len(names) != n_layers:
        raise NetworkError(
            f"Expected {n_layers} activation names (one per non-input layer), got {len(names)}."
        )
    return tuple(get_activation(name) for name in names)
