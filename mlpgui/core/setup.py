"""TrainingSetup: everything that defines a training run, as plain data.

The GUI's worker, the command line and session files all build their network and trainer from
a ``TrainingSetup`` (plus a dataset), so that the same setup trains bit-identically everywhere.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .batches import BatchMode, check_batch
from .errors import NetworkError
from .losses import get_loss
from .network import MLP, _check_activations, _check_layer_sizes
from .presets import load_preset, preset_info
from .trainer import Trainer, _check_learning_rate

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
    """

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    seed: int = 0
    learning_rate: float = 0.5
    loss: str = "mse"
    batch: BatchMode = "full"
    train_biases: bool = True
    initial_parameters: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        sizes = _check_layer_sizes(self.layer_sizes)
        object.__setattr__(self, "layer_sizes", sizes)
        functions = _check_activations(self.activations, len(sizes) - 1)
        object.__setattr__(self, "activations", tuple(f.name for f in functions))
        if not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise NetworkError(f"The seed must be a non-negative whole number, not {self.seed!r}.")
        object.__setattr__(self, "seed", int(self.seed))
        object.__setattr__(self, "learning_rate", _check_learning_rate(self.learning_rate))
        get_loss(self.loss)
        object.__setattr__(self, "batch", check_batch(self.batch))
        object.__setattr__(self, "train_biases", bool(self.train_biases))
        if self.initial_parameters is not None:
            theta = tuple(float(v) for v in self.initial_parameters)
            expected = MLP(sizes, self.activations, seed=0).parameter_count
            if len(theta) != expected:
                raise NetworkError(
                    f"The initial parameters have {len(theta)} values, but a "
                    f"{'-'.join(map(str, sizes))} network has {expected}."
                )
            if not all(np.isfinite(theta)):
                raise NetworkError("The initial parameters contain a NaN or infinite value.")
            object.__setattr__(self, "initial_parameters", theta)

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
        )
        return setup, load_preset(name, n_points=n_points, noise=noise, seed=seed)

    def replace(self, **changes: object) -> TrainingSetup:
        """A copy with some fields changed (validated). A new architecture or seed drops fixed
        initial parameters unless ``initial_parameters`` is given too."""
        if ("layer_sizes" in changes or "activations" in changes or "seed" in changes) and (
            "initial_parameters" not in changes
        ):
            changes["initial_parameters"] = None
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def network(self) -> MLP:
        """A new network with this setup's initial parameters."""
        net = MLP(self.layer_sizes, self.activations, seed=self.seed)
        if self.initial_parameters is not None:
            net.set_flat_parameters(np.array(self.initial_parameters))
        return net

    def trainer(self, net: MLP, dataset: Dataset) -> Trainer:
        """A trainer for ``net`` on ``dataset`` with this setup's settings."""
        return Trainer(
            net,
            dataset,
            self.learning_rate,
            loss=self.loss,
            batch=self.batch,
            train_biases=self.train_biases,
            seed=self.seed,
        )
