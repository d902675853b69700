"""TrainingSetup: everything that defines a training run, as plain data.

The GUI's worker, the command line and session files all build their network and trainer from
a ``TrainingSetup`` (plus a dataset), so that the same setup trains bit-identically everywhere.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from .batches import BatchMode, check_batch
from .errors import NetworkError, TrainingError
from .features import Feature, check_features
from .limits import (
    MAX_SEED,
    MAX_TRAINING_BYTES,
    architecture,
    format_bytes,
    parameter_count,
    training_bytes,
    training_problem,
)
from .losses import get_loss
from .network import MLP, _check_activations, _check_layer_sizes
from .presets import load_preset, preset_info
from .trainer import Trainer
from .update_rule import check_learning_rate, check_momentum, check_regularisation_rate

ParameterNames = tuple[tuple[int, str], ...]
"""(index into the flat θ of ParameterLayout, name) pairs, sorted by index."""

MAX_NAME_LENGTH = 24

REGULARISATION_COPIES = 25
MOMENTUM_COPIES = 16
"""θ-sized arrays the additions keep besides limits.PARAMETER_COPIES (counted, and measured
in tests/core/test_additions_memory.py): per trainer (the live one and two replaying the
history) 5 buffers of regularisation and 3 of momentum; per record (up to 5 alive at once)
the regularisation gradient and the total gradient, or v_old; the velocity of the training
state and of an era."""

if TYPE_CHECKING:
    from .dataset import Dataset


@dataclass(frozen=True)
class TrainingSetup:
    """Architecture, initialisation and training settings.

    Attributes:
        layer_sizes: (n_0, …, n_L).
        activations: f_1 … f_L by name.
        seed: seeds both the initial parameters (``MLP.initialize``) and the trainer's
            shuffling of online and mini-batch samples.
        learning_rate, loss, batch, train_biases: as for ``Trainer``.
        initial_parameters: a fixed initial θ (flat, in the layout of ``ParameterLayout``),
            used instead of the seed's draw — e.g. Mazur's published weights; None otherwise.
        parameter_names: user-given names of some parameters, as (index into the flat θ,
            name of 1–24 printable characters) pairs sorted by index, one name per index —
            e.g. Mazur's w1 … w8, b1, b2. Shown by the diagram and the inspector.
        l1_rate, l2_rate: λ₁, λ₂ of L1/L2 regularisation of the weights (0.0: off).
        momentum: μ of classical momentum, 0 ≤ μ < 1 (0.0: off).
        input_features: derived input columns (features.py), canonically ordered; the
            network's n_0 = ``layer_sizes[0]`` counts them, so the data have
            ``raw_input_dim`` = n_0 − len(input_features) columns. () : off.

    The additions to the lecture (λ₁, λ₂, μ, input features) are all off by default.

    Every size is checked against mlpgui/core/limits.py before anything is allocated.
    """

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    seed: int = 0
    learning_rate: float = 0.5
    loss: str = "mse"
    batch: BatchMode = "full"
    train_biases: bool = True
    initial_parameters: tuple[float, ...] | None = None
    parameter_names: ParameterNames = ()
    l1_rate: float = 0.0
    l2_rate: float = 0.0
    momentum: float = 0.0
    input_features: tuple[Feature, ...] = ()

    def __post_init__(self) -> None:
        sizes = _check_layer_sizes(self.layer_sizes)
        object.__setattr__(self, "layer_sizes", sizes)
        features = self.input_features
        count = len(features) if isinstance(features, (tuple, list)) else 0
        if count >= sizes[0]:
            raise NetworkError(
                f"An input layer of {sizes[0]} units has no room for {count} derived input "
                "features besides at least one raw input."
            )
        object.__setattr__(self, "input_features", check_features(features, sizes[0] - count))
        object.__setattr__(self, "l1_rate", check_regularisation_rate(self.l1_rate, "λ₁ (L1)"))
        object.__setattr__(self, "l2_rate", check_regularisation_rate(self.l2_rate, "λ₂ (L2)"))
        object.__setattr__(self, "momentum", check_momentum(self.momentum))
        functions = _check_activations(self.activations, len(sizes) - 1)
        object.__setattr__(self, "activations", tuple(f.name for f in functions))
        seed = self.seed
        if not _is_int(seed) or not 0 <= seed <= MAX_SEED:
            raise NetworkError(
                f"The seed must be a whole number from 0 to 2^64 − 1, not {_show(seed)}."
            )
        object.__setattr__(self, "seed", int(seed))
        if isinstance(self.learning_rate, bool):
            raise TrainingError("The learning rate must be a number, not True or False.")
        object.__setattr__(self, "learning_rate", check_learning_rate(self.learning_rate))
        get_loss(self.loss)
        object.__setattr__(self, "batch", check_batch(self.batch))
        object.__setattr__(self, "train_biases", bool(self.train_biases))
        count = parameter_count(sizes)
        if self.initial_parameters is not None:
            object.__setattr__(
                self, "initial_parameters", _initial_parameters(self.initial_parameters, sizes)
            )
        object.__setattr__(
            self, "parameter_names", check_parameter_names(self.parameter_names, count)
        )

    @classmethod
    def for_preset(
        cls,
        name: str,
        n_points: int | None = None,
        noise: float | None = None,
        seed: int | None = None,
    ) -> tuple[TrainingSetup, Dataset]:
        """The preset's suggested setup (with its network seed) and its dataset (``seed``
        seeds the data only)."""
        info = preset_info(name)
        s = info.setup
        sizes = (info.input_dim, *s.hidden_layers, info.output_dim)
        initial = None
        if s.weights is not None and s.biases is not None:
            net = MLP.from_parameters(s.weights, s.biases, s.activations)
            initial = tuple(net.parameters.tolist())
        setup = cls(
            layer_sizes=sizes,
            activations=s.activations,
            seed=s.seed,
            learning_rate=s.learning_rate,
            loss=s.loss,
            batch=s.batch,
            train_biases=s.train_biases,
            initial_parameters=initial,
            parameter_names=s.parameter_names,
        )
        return setup, load_preset(name, n_points=n_points, noise=noise, seed=seed)

    def replace(self, **changes: object) -> TrainingSetup:
        """A copy with some fields changed (validated). A new architecture or seed drops fixed
        initial parameters unless ``initial_parameters`` is given too; new layer sizes drop the
        parameter names unless ``parameter_names`` is given too. New ``input_features``
        without ``layer_sizes`` resize the input layer to the raw inputs plus the features (a
        new architecture)."""
        if "input_features" in changes and "layer_sizes" not in changes:
            new = changes["input_features"]
            count = len(new) if isinstance(new, (tuple, list)) else 0
            if count != len(self.input_features):
                changes["layer_sizes"] = (self.raw_input_dim + count, *self.layer_sizes[1:])
        architecture = ("layer_sizes", "activations", "seed", "input_features")
        if any(key in changes for key in architecture) and ("initial_parameters" not in changes):
            changes["initial_parameters"] = None
        if "layer_sizes" in changes and "parameter_names" not in changes:
            try:
                same = tuple(changes["layer_sizes"]) == self.layer_sizes  # type: ignore[arg-type]
            except TypeError:
                same = False  # not a sequence: the constructor says why
            if not same:
                changes["parameter_names"] = ()
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def parameter_count(self) -> int:
        """P, the number of weights and biases."""
        return parameter_count(self.layer_sizes)

    @property
    def raw_input_dim(self) -> int:
        """r, the input columns of the data (n_0 without the derived input features)."""
        return self.layer_sizes[0] - len(self.input_features)

    @property
    def uses_additions(self) -> bool:
        """True when any addition to the lecture is on (regularisation, momentum, features)."""
        return bool(self.l1_rate or self.l2_rate or self.momentum or self.input_features)

    def check_memory(self, rows: int) -> None:
        """Raise NetworkError if training on ``rows`` samples would need more memory than
        mlpgui allows (limits.MAX_TRAINING_BYTES); allocates nothing."""
        problem = training_problem(self.layer_sizes, rows)
        if problem is not None:
            raise NetworkError(problem)
        copies = REGULARISATION_COPIES * bool(self.l1_rate or self.l2_rate)
        copies += MOMENTUM_COPIES * bool(self.momentum)
        need = training_bytes(self.layer_sizes, rows) + 8 * copies * self.parameter_count
        if copies and need > MAX_TRAINING_BYTES:
            raise NetworkError(
                f"Training a {architecture(self.layer_sizes)} network on {rows:,} samples with "
                f"regularisation or momentum would need about {format_bytes(need)} of memory; "
                f"mlpgui allows {format_bytes(MAX_TRAINING_BYTES)} (use fewer units, fewer "
                "layers or fewer samples, or switch them off)."
            )

    def network(self) -> MLP:
        """A new network with this setup's initial parameters."""
        net = MLP(self.layer_sizes, self.activations, seed=self.seed)
        if self.initial_parameters is not None:
            net.set_flat_parameters(np.array(self.initial_parameters))
        return net

    def trainer(self, net: MLP, dataset: Dataset) -> Trainer:
        """A trainer for ``net`` on ``dataset`` with this setup's settings (NetworkError if
        the dataset is too large for the memory limit)."""
        self.check_memory(len(dataset))
        return Trainer(
            net,
            dataset,
            self.learning_rate,
            loss=self.loss,
            batch=self.batch,
            train_biases=self.train_biases,
            seed=self.seed,
            l1_rate=self.l1_rate,
            l2_rate=self.l2_rate,
            momentum=self.momentum,
            features=self.input_features,
        )


def check_parameter_names(names: object, count: int) -> ParameterNames:
    """Validated (index, name) pairs for a network of ``count`` parameters, sorted by index.

    Raises:
        NetworkError: naming the first bad pair.
    """
    if isinstance(names, (str, bytes, dict)) or not hasattr(names, "__iter__"):
        raise NetworkError("Parameter names must be a list of (index, name) pairs.")
    pairs: list[tuple[int, str]] = []
    for pair in names:
        if isinstance(pair, (str, bytes, dict)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise NetworkError(
                f"A parameter name must be an (index, name) pair, not {_show(pair)}."
            )
        index, name = pair
        if not _is_int(index) or not 0 <= index < count:
            raise NetworkError(
                f"A parameter name's index must be a whole number from 0 to {count - 1}, "
                f"not {_show(index)}."
            )
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME_LENGTH:
            raise NetworkError(
                f"A parameter's name must be text of 1 to {MAX_NAME_LENGTH} characters, "
                f"not {_show(name)}."
            )
        if not name.isprintable():
            raise NetworkError(f"The parameter name {_show(name)} contains a control character.")
        pairs.append((int(index), name))
    pairs.sort(key=lambda p: p[0])
    for (a, _), (b, name) in pairwise(pairs):
        if a == b:
            raise NetworkError(f"Parameter {b} is named twice (the second name is {name!r}).")
    return tuple(pairs)


def _initial_parameters(values: object, sizes: tuple[int, ...]) -> tuple[float, ...]:
    expected = parameter_count(sizes)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise NetworkError("The initial parameters must be a list of numbers.")
    if len(values) != expected:
        raise NetworkError(
            f"The initial parameters have {len(values):,} values, but a "
            f"{'-'.join(map(str, sizes))} network has {expected:,}."
        )
    if any(isinstance(v, bool) for v in values):  # type: ignore[attr-defined]
        raise NetworkError("The initial parameters must be numbers, not True or False.")
    try:
        theta = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise NetworkError("The initial parameters must be a list of numbers.") from None
    if theta.shape != (expected,):
        raise NetworkError("The initial parameters must be a flat list of numbers.")
    if not np.all(np.isfinite(theta)):
        raise NetworkError("The initial parameters contain a NaN or infinite value.")
    return tuple(theta.tolist())


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _show(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
