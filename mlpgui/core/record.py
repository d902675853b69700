"""UpdateRecord: everything one gradient-descent update computed, frozen.

Every array in a record is its own copy and read-only, so a record can cross threads and be
kept in a history without anything changing under it. Per-layer arrays are read-only views
into a few flat arrays (layouts: see layout.py and kernel.py), created on first access, which
keeps making a record cheap.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from typing import Any

import numpy as np

from .batches import BatchMode
from .features import Feature
from .kernel import Carved, WorkspacePlan
from .layout import ParameterLayout


@dataclass(frozen=True, eq=False)
class UpdateRecord:
    """One update θ_new = θ_old − γ ∇L_θ on a batch of B samples, all computed at θ_old.

    With the optional additions to the lecture (update_rule.py) the loss is
    L = L_data + L_reg with L_reg = λ₂/2 Σ w² + λ₁ Σ |w| over the weights (not the biases),
    ∂L/∂θ = ∂L_data/∂θ + g_reg, and with momentum Δθ = v_new = μ v_old − γ ∂L/∂θ.

    Fields:
        step: 1-based number of this update since the trainer started.
        epoch: 1-based epoch this update belongs to.
        batch_indices: (B,) dataset rows used, in the order of the rows below.
        learning_rate: γ.
        loss_name, batch_mode, train_biases: the settings in force for this update.
        layer_sizes: (n_0, …, n_L); activation_names: f_1 … f_L.
        loss_before: L on this batch at θ_old; loss_after: L on this batch at θ_new — the
            total L = L_data + L_reg the update minimised (equal to the data loss when not
            regularised).
        parameters_before, parameters_after: θ_old and θ_new, flat (P,).
        update: Δθ = −γ ∂L/∂θ, or v_new with momentum (0 for frozen biases), flat (P,).
        data_loss_before, data_loss_after: L_data on this batch at θ_old and θ_new.
        regularisation_before, regularisation_after: L_reg at θ_old and θ_new (0.0 when off);
            loss_before = data_loss_before + regularisation_before (exactly, as computed).
        l1_rate, l2_rate: λ₁, λ₂ (0.0: off); momentum: μ (0.0: off).
        regularisation_gradient: g_reg = λ₂ w + λ₁ sign(w) at θ_old (0 at biases), flat
            (P,); None when not regularised.
        velocity_before: v_old (P,) with momentum; None when momentum is off.
        input_features: the derived input columns after the raw ones (features.py); the
            network's inputs a^(0) include them.

    Properties (read-only views, one row per sample):
        gradient: ∂L/∂θ at θ_old, flat (P,) — the batch-combined δ_i a_j, plus g_reg when
            regularised (data_gradient + regularisation_gradient).
        data_gradient: ∂L_data/∂θ at θ_old, flat (P,) — the batch-combined δ_i a_j.
        velocity_after: v_new (= update) with momentum, else None.
        drives: d^(l), l = 1..L, each (B, n_l).
        activations: a^(l), l = 0..L, each (B, n_l); a^(0) are the batch's inputs.
        targets: t, (B, n_L); errors: y − t, (B, n_L).
        deltas: δ^(l), l = 1..L, each (B, n_l), per sample (without the 1/B of averaged losses).
        weights_before, biases_before, weights_after, biases_after, weight_gradients,
        bias_gradients, weight_updates, bias_updates: per-layer views of the flat vectors.

    The private fields hold the pass's arrays as the kernel computed them (samples as
    columns) and the whole dataset the batch was drawn from (shared, read-only); build records
    with ``Trainer``, not by hand.
    """

    step: int
    epoch: int
    batch_indices: np.ndarray
    learning_rate: float
    loss_name: str
    batch_mode: BatchMode
    train_biases: bool
    layer_sizes: tuple[int, ...]
    activation_names: tuple[str, ...]
    loss_before: float
    loss_after: float
    parameters_before: np.ndarray
    parameters_after: np.ndarray
    update: np.ndarray
    data_loss_before: float
    data_loss_after: float
    _plan: WorkspacePlan = field(repr=False)
    _storage: np.ndarray = field(repr=False)
    _dataset_inputs_aug: np.ndarray = field(repr=False)
    _dataset_targets: np.ndarray = field(repr=False)
    regularisation_before: float = 0.0
    regularisation_after: float = 0.0
    l1_rate: float = 0.0
    l2_rate: float = 0.0
    momentum: float = 0.0
    regularisation_gradient: np.ndarray | None = None
    velocity_before: np.ndarray | None = None
    input_features: tuple[Feature, ...] = ()

    # --- the pass -----------------------------------------------------------------------------

    @cached_property
    def _carved(self) -> Carved:
        return self._plan.carve(self._storage)

    @cached_property
    def gradient(self) -> np.ndarray:
        """∂L/∂θ at θ_old, flat (P,): the data gradient plus g_reg when regularised (the same
        addition the trainer made, so bit-identical to what the update used)."""
        data = self._carved.gradient
        if self.regularisation_gradient is None:
            return data
        return freeze(np.add(data, self.regularisation_gradient))

    @property
    def data_gradient(self) -> np.ndarray:
        """∂L_data/∂θ at θ_old, flat (P,): the batch-combined δ_i a_j."""
        return self._carved.gradient

    @property
    def regularised(self) -> bool:
        """True when the update had an L1 or L2 term."""
        return self.regularisation_gradient is not None

    @property
    def velocity_after(self) -> np.ndarray | None:
        """v_new = μ v_old − γ ∂L/∂θ (= ``update``) with momentum, else None."""
        return None if self.velocity_before is None else self.update

    @cached_property
    def drives(self) -> tuple[np.ndarray, ...]:
        """d^(l) for l = 1..L, each (B, n_l)."""
        return tuple(d.T for d in self._carved.drives)

    @cached_property
    def activations(self) -> tuple[np.ndarray, ...]:
        """a^(l) for l = 0..L, each (B, n_l)."""
        carved = self._carved
        hidden = tuple(a[:-1].T for a in carved.augmented[1:])
        return (self._batch_columns(self._dataset_inputs_aug[:-1]), *hidden, carved.outputs.T)

    @cached_property
    def deltas(self) -> tuple[np.ndarray, ...]:
        """δ^(l) for l = 1..L, each (B, n_l)."""
        return tuple(d.T for d in self._carved.deltas)

    @cached_property
    def targets(self) -> np.ndarray:
        """t, (B, n_L)."""
        return self._batch_columns(self._dataset_targets)

    def _batch_columns(self, by_unit: np.ndarray) -> np.ndarray:
        """The batch's samples of a dataset array (units, N), as a read-only (B, units)."""
        rows = np.take(by_unit, self.batch_indices, axis=1).T
        rows.flags.writeable = False
        return rows

    @property
    def errors(self) -> np.ndarray:
        """y − t, (B, n_L)."""
        return self._carved.errors.T

    @property
    def outputs(self) -> np.ndarray:
        """y = a^(L), (B, n_L)."""
        return self._carved.outputs.T

    @property
    def batch_size(self) -> int:
        return len(self.batch_indices)

    @property
    def n_layers(self) -> int:
        return len(self.layer_sizes) - 1

    # --- per-layer parameter views ------------------------------------------------------------

    @cached_property
    def layout(self) -> ParameterLayout:
        return ParameterLayout(self.layer_sizes)

    @cached_property
    def _before(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        return self.layout.split(self.parameters_before)

    @cached_property
    def _after(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        return self.layout.split(self.parameters_after)

    @cached_property
    def _gradients(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        return self.layout.split(self.gradient)

    @cached_property
    def _updates(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        return self.layout.split(self.update)

    @property
    def weights_before(self) -> tuple[np.ndarray, ...]:
        """W^(l) at θ_old, each (n_l, n_{l-1})."""
        return self._before[0]

    @property
    def biases_before(self) -> tuple[np.ndarray, ...]:
        """b^(l) at θ_old, each (n_l,)."""
        return self._before[1]

    @property
    def weights_after(self) -> tuple[np.ndarray, ...]:
        return self._after[0]

    @property
    def biases_after(self) -> tuple[np.ndarray, ...]:
        return self._after[1]

    @property
    def weight_gradients(self) -> tuple[np.ndarray, ...]:
        """∂L/∂W^(l), each (n_l, n_{l-1})."""
        return self._gradients[0]

    @property
    def bias_gradients(self) -> tuple[np.ndarray, ...]:
        """∂L/∂b^(l), each (n_l,)."""
        return self._gradients[1]

    @property
    def weight_updates(self) -> tuple[np.ndarray, ...]:
        """ΔW^(l) = −γ ∂L/∂W^(l) (with momentum: the new velocity of W^(l))."""
        return self._updates[0]

    @property
    def bias_updates(self) -> tuple[np.ndarray, ...]:
        """Δb^(l) = −γ ∂L/∂b^(l), or 0 when biases are frozen."""
        return self._updates[1]

    # --- comparison ---------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Bit-for-bit equality of every public value (so −0.0 ≠ 0.0 and NaN == NaN)."""
        if not isinstance(other, UpdateRecord):
            return NotImplemented
        return all(_identical(getattr(self, n), getattr(other, n)) for n in COMPARED)

    __hash__ = None  # type: ignore[assignment]


COMPARED = (
    "step", "epoch", "batch_indices", "learning_rate", "loss_name", "batch_mode",
    "train_biases", "layer_sizes", "activation_names", "loss_before", "loss_after",
    "parameters_before", "parameters_after", "gradient", "update", "drives", "activations",
    "targets", "deltas", "data_loss_before", "data_loss_after", "regularisation_before",
    "regularisation_after", "l1_rate", "l2_rate", "momentum", "regularisation_gradient",
    "velocity_before", "input_features",
)  # fmt: skip


def _identical(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    return a == b and type(a) is type(b)


_DEFAULTS = {f.name: f.default for f in fields(UpdateRecord) if f.default is not MISSING}
_NAMES = frozenset(f.name for f in fields(UpdateRecord))
_REQUIRED = _NAMES - _DEFAULTS.keys()


def new_record(values: dict[str, Any]) -> UpdateRecord:
    """``UpdateRecord(**values)``, fast, for ``Trainer.step``: a frozen dataclass's ``__init__``
    sets each of the record's 28 fields through ``object.__setattr__`` (about 8 µs, a sixth of
    a small network's whole update); this fills the new record's ``__dict__`` at once. The
    same names are required and allowed, and the record is as frozen as any other."""
    assert _REQUIRED <= values.keys() <= _NAMES, sorted(values.keys() ^ _NAMES)
    record = object.__new__(UpdateRecord)
    record.__dict__.update(_DEFAULTS)
    record.__dict__.update(values)
    return record


def freeze(array: np.ndarray) -> np.ndarray:
    """Mark ``array`` read-only and return it (the caller must hold the only reference)."""
    array.flags.writeable = False
    return array
