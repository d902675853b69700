"""One quantity of an update that a student computes: what it is, its value in the record,
the size of the terms it is made of, and what the UI hides while it is asked.

Indices follow ``mlpgui.ui.selection.Selection`` and ``core.explain``:

    kind                  layer                        i, j                  sample
    "drive"               l = 1..L (the lecture's)     unit i                batch position
    "activation"          l = 1..L                     unit i                batch position
    "output_delta"        l = L                        unit i                batch position
    "hidden_delta"        l = 1..L−1                   unit i                batch position
    "weight_gradient"     k = 0..L−1 (of W^(k+1))      w_ij (j ≥ 0)          None
    "weight_new"          k                            w_ij                  None
    "bias_gradient"       k                            b_i (j = −1)          None
    "bias_new"            k                            b_i (j = −1)          None

All indices are 0-based (shown 1-based). Keys of hidden quantities (``hidden_keys``) are
tuples the diagram and the inspector can test:

    ("d", l, i, n), ("a", l, i, n), ("fprime", l, i, n),           unit i of layer l at
    ("delta", l, i, n)                                               batch position n
    ("w_grad", k, i, j), ("w_update", k, i, j), ("w_new", k, i, j)   ∂L/∂w, Δw, w_new
    ("b_grad", k, i), ("b_update", k, i), ("b_new", k, i)            ∂L/∂b, Δb, b_new
    ("loss",), ("loss_after",)                                       L at θ before / after

("a", L, i) also stands for the output y_i. The rule: while q is asked, the UI hides q and
every value of the update computed from q, directly or through others — its downstream
closure in the update's computation graph (exercise_depends: d → a, f'(d) → the next
layer's d … → y → the loss and the output δ → the hidden δ → ∂L/∂w → Δw → w_new → L(θ
after)); ``computed_from`` gives it per sample. The values q is computed from (its inputs,
upstream) stay visible. A w_new or b_new also hides Δw (w_new = w_old + Δw would give it
away); the terms of a hidden sum are hidden where they are shown (ui/network/hiding.py).

The per-sample keys carry the batch position n (``key_of``): another sample's value of the
same unit is not computed from the asked one and stays visible, while a batch mean is hidden
when any of its samples is (ui/network/hiding.py). The gradients and the loss combine every
sample, so they are hidden whichever sample is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .exercise_answers import ExerciseError
from .exercise_depends import Closure, Node, closure
from .explain import MEAN, combination
from .losses import get_loss
from .record import UpdateRecord
from .worked_common import PER_SAMPLE_KINDS, QUANTITY_KINDS
from .worked_page import Sym
from .worked_symbols import a_sym, b_sym, d_sym, delta_sym, grad, w_sym

MAX_HAND_TERMS = 32
"""Most terms a sum in an exercise may have (the inputs of a drive, the next layer's units of
a hidden δ, the samples of a gradient): beyond that it is not an exercise by hand."""

Key = tuple[str | int, ...]
"""A shown quantity: its name then its 0-based indices, e.g. ("w_grad", 0, 1, 0)."""


@dataclass(frozen=True)
class Quantity:
    """One quantity of an update (see the module docstring for the indices)."""

    kind: str
    layer: int
    i: int
    j: int = -1
    sample: int | None = None

    @property
    def per_sample(self) -> bool:
        return self.kind in PER_SAMPLE_KINDS

    @property
    def is_weight(self) -> bool:
        return self.kind.startswith("weight")

    def symbol(self) -> Sym:
        """d_i^(l), a_i^(l), δ_i^(l), or the parameter w_ij^(k+1) / b_i^(k+1)."""
        l, i = self.layer, self.i  # noqa: E741
        if self.kind == "drive":
            return d_sym(l, i)
        if self.kind == "activation":
            return a_sym(l, i)
        if self.per_sample:
            return delta_sym(l, i)
        return w_sym(l, i, self.j) if self.is_weight else b_sym(l, i)

    def label(self) -> str:
        """The quantity in the app's notation: "d₁⁽¹⁾", "∂L/∂w₂₁⁽¹⁾", "w₂₁⁽¹⁾ after"."""
        symbol = self.symbol()
        if self.kind.endswith("gradient"):
            return grad(symbol).md()
        if self.kind.endswith("new"):
            return f"{symbol.md()} after the update"
        return symbol.md()

    def unit(self) -> tuple[int, int]:
        """(l, i) of the unit this quantity belongs to (a parameter: the unit it feeds)."""
        return (self.layer, self.i) if self.per_sample else (self.layer + 1, self.i)


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def validate(record: UpdateRecord, q: Quantity) -> Quantity:
    """``q`` with plain-int indices if it exists in ``record`` and can be computed by hand,
    else ExerciseError naming the problem."""
    if q.kind not in QUANTITY_KINDS:
        raise ExerciseError(
            f"Unknown exercise kind {q.kind!r}; choose one of {', '.join(QUANTITY_KINDS)}."
        )
    for name in ("layer", "i", "j"):
        if not _is_int(getattr(q, name)):
            raise ExerciseError(f"The {name} of an exercise must be a whole number.")
    sizes, last = record.layer_sizes, record.n_layers
    layer, i, j = int(q.layer), int(q.i), int(q.j)
    if q.per_sample:
        sample = q.sample
        if not _is_int(sample) or not 0 <= sample < record.batch_size:  # type: ignore[operator]
            raise ExerciseError(
                f"A {_words(q.kind)} belongs to one sample of the batch of "
                f"{record.batch_size:,}; choose a sample from 1 to {record.batch_size:,}."
            )
        low, high = {"output_delta": (last, last), "hidden_delta": (1, last - 1)}.get(
            q.kind, (1, last)
        )
        if not low <= layer <= high:
            raise ExerciseError(f"Layer {layer} has no {_words(q.kind)}.")
        if not 0 <= i < sizes[layer]:
            raise ExerciseError(f"Layer {layer} has {sizes[layer]} units, not a unit {i + 1}.")
        fan = {"drive": sizes[layer - 1], "hidden_delta": sizes[min(layer + 1, last)]}
        _check_hand(fan.get(q.kind, 1), "terms")
        return Quantity(q.kind, layer, i, -1, int(sample))  # type: ignore[arg-type]
    if q.sample is not None:
        raise ExerciseError(f"A {_words(q.kind)} is not per sample; leave the sample out.")
    if not 0 <= layer < last or not 0 <= i < sizes[layer + 1]:
        raise ExerciseError(f"There is no unit {i + 1} in layer {layer + 1} to have a parameter.")
    if q.is_weight and not 0 <= j < sizes[layer]:
        raise ExerciseError(f"Layer {layer} has {sizes[layer]} units, so no weight from unit "
                            f"{j + 1}.")  # fmt: skip
    if not q.is_weight:
        j = -1
    if q.kind.endswith("gradient"):
        _check_hand(record.batch_size, "samples")
    if q.kind == "bias_new" and not record.train_biases:
        raise ExerciseError("Biases are not trained in this update, so b_new is just b_old.")
    return Quantity(q.kind, layer, i, j, None)


def _check_hand(count: int, noun: str) -> None:
    if count > MAX_HAND_TERMS:
        raise ExerciseError(
            f"A sum over {count:,} {noun} is too long to compute by hand; exercises allow at "
            f"most {MAX_HAND_TERMS}."
        )


def _words(kind: str) -> str:
    return kind.replace("_", " ")


def check_finite(record: UpdateRecord) -> None:
    """ExerciseError if the update has NaN or infinite values (a diverging preview)."""
    arrays = (record.parameters_after, record.gradient, *record.drives, *record.deltas)
    if not all(np.all(np.isfinite(a)) for a in arrays) or not np.isfinite(record.loss_before):
        raise ExerciseError(
            "This update has NaN or infinite values, so it cannot be an exercise; lower the "
            "learning rate or reset the network."
        )


def true_value(record: UpdateRecord, q: Quantity) -> float:
    """The quantity's value as the record holds it."""
    l, i, j, s = q.layer, q.i, q.j, q.sample  # noqa: E741
    if q.kind == "drive":
        return float(record.drives[l - 1][s, i])
    if q.kind == "activation":
        return float(record.activations[l][s, i])
    if q.per_sample:
        return float(record.deltas[l - 1][s, i])
    if q.kind == "weight_gradient":
        return float(record.weight_gradients[l][i, j])
    if q.kind == "weight_new":
        return float(record.weights_after[l][i, j])
    if q.kind == "bias_gradient":
        return float(record.bias_gradients[l][i])
    return float(record.biases_after[l][i])


@dataclass(frozen=True)
class UnitSample:
    """Unit i of layer l (1..L) for one sample, read from a record without copying the batch.

    weights, inputs: (n_{l−1},) w_ij^(l) at θ_old and a_j^(l−1); bias: b_i^(l); drive,
    value, derivative, delta: d_i, a_i, f'(d_i), δ_i; form: "squared", "cross_entropy" (an
    output unit) or "hidden"; target: t_i (outputs only); next_deltas, next_weights:
    (n_{l+1},) δ_k^(l+1) and w_ki^(l+1) (hidden units only).
    """

    activation: str
    form: str
    weights: np.ndarray
    inputs: np.ndarray
    bias: float
    drive: float
    value: float
    derivative: float
    delta: float
    target: float | None
    next_deltas: np.ndarray | None
    next_weights: np.ndarray | None


def unit_sample(record: UpdateRecord, l: int, i: int, s: int) -> UnitSample:  # noqa: E741
    name = record.activation_names[l - 1]
    drive = float(record.drives[l - 1][s, i])
    derivative = float(get_activation(name).derivative(np.array([drive]))[0])
    target = next_deltas = next_weights = None
    if l == record.n_layers:
        form = "cross_entropy" if get_loss(record.loss_name).requires_sigmoid_output else "squared"
        target = float(record.targets[s, i])
    else:
        form = "hidden"
        next_deltas, next_weights = record.deltas[l][s], record.weights_before[l][:, i]
    return UnitSample(
        activation=name, form=form, weights=record.weights_before[l - 1][i],
        inputs=record.activations[l - 1][s], bias=float(record.biases_before[l - 1][i]),
        drive=drive, value=float(record.activations[l][s, i]), derivative=derivative,
        delta=float(record.deltas[l - 1][s, i]), target=target, next_deltas=next_deltas,
        next_weights=next_weights,
    )  # fmt: skip


def scale(record: UpdateRecord, q: Quantity) -> float:
    """The magnitude of the terms ``q`` is computed from (≥ |value| for sums), which the
    relative tolerance is measured against (see exercise_answers)."""
    l, i, j, s = q.layer, q.i, q.j, q.sample  # noqa: E741
    if q.per_sample:
        assert s is not None
        u = unit_sample(record, l, i, s)
        if q.kind == "drive":
            return float(np.sum(np.abs(u.weights * u.inputs)) + abs(u.bias))
        if q.kind == "activation":
            return max(abs(u.value), abs(u.derivative * u.drive))
        if u.form == "cross_entropy":
            return abs(u.value) + abs(u.target or 0.0)
        if u.form == "squared":
            return (abs(u.target or 0.0) + abs(u.value)) * abs(u.derivative)
        assert u.next_deltas is not None and u.next_weights is not None
        return float(np.sum(np.abs(u.next_deltas * u.next_weights))) * abs(u.derivative)
    if q.kind.endswith("gradient"):
        deltas = record.deltas[l][:, i]
        inputs = record.activations[l][:, j] if q.is_weight else 1.0
        total = float(np.sum(np.abs(deltas * inputs)))
        total = total / record.batch_size if combination(record) == MEAN else total
        if q.is_weight:  # + |λ₂ w| + |λ₁ sign w| (0 without regularisation)
            w = abs(float(record.weights_before[l][i, j]))
            total += record.l2_rate * w + record.l1_rate * (w > 0)
        return total
    if q.is_weight:
        old, update = record.weights_before[l][i, j], record.weight_updates[l][i, j]
    else:
        old, update = record.biases_before[l][i], record.bias_updates[l][i]
    if record.velocity_before is None:
        return abs(float(old)) + abs(float(update))
    layout = record.layout  # momentum: w_old + μ v_old − γ ∂L/∂w
    index = layout.index_of_weight(l, i, j) if q.is_weight else layout.index_of_bias(l, i)
    momentum_term = record.momentum * float(record.velocity_before[index])
    step = record.learning_rate * float(record.gradient[index])
    return abs(float(old)) + abs(momentum_term) + abs(step)


def asked(q: Quantity) -> Node:
    """(key, sample) of the value ``q`` asks for (a node of exercise_depends)."""
    if q.per_sample:
        base = {"drive": "d", "activation": "a"}.get(q.kind, "delta")
        return ((base, q.layer, q.i), q.sample)
    prefix = "w" if q.is_weight else "b"
    index = (q.layer, q.i, q.j) if q.is_weight else (q.layer, q.i)
    suffix = "grad" if q.kind.endswith("gradient") else "new"
    return ((f"{prefix}_{suffix}", *index), None)


def computed_from(record: UpdateRecord, q: Quantity, *, past_gradients: bool = True) -> set[Node]:
    """The value ``q`` asks for and every value of the update computed from it, per sample
    (see the module docstring); a new value also its Δ. ``past_gradients`` False: without
    what the gradients lead to (exercise_depends.downstream)."""
    return computed_closure(record, q, past_gradients=past_gradients).nodes()


def computed_closure(record: UpdateRecord, q: Quantity, *, past_gradients: bool = True) -> Closure:
    """``computed_from`` as an exercise_depends.Closure (quick to ask whether a value is in
    it, without listing every value)."""
    roots = [asked(q)]
    if q.kind.endswith("new"):
        (name, *index), _ = roots[0]
        roots.append(((str(name).replace("_new", "_update"), *index), None))
    return closure(record, roots, past_gradients=past_gradients)


def key_of(node: Node) -> Key:
    """The hidden key of a value: its key, with the batch position appended if per sample."""
    key, sample = node
    return key if sample is None else (*key, sample)


def hidden_keys(record: UpdateRecord, q: Quantity) -> set[Key]:
    """What the UI hides while ``q`` is asked: the keys of ``computed_from`` (see the module
    docstring)."""
    return {key_of(node) for node in computed_from(record, q)}


def lecture_order(q: Quantity) -> tuple[int, ...]:
    """Sort key: the forward pass by layer, the output δ, hidden δ from the top down, the
    gradients, the new values — the order in which an update computes them."""
    phase = {"drive": 0, "activation": 0, "output_delta": 1, "hidden_delta": 2}
    phase |= {"weight_gradient": 3, "bias_gradient": 3, "weight_new": 4, "bias_new": 4}
    layer = -q.layer if q.kind == "hidden_delta" else q.layer
    within = 0 if q.kind in ("drive", "weight_gradient", "weight_new") else 1
    return (phase[q.kind], layer, q.i, within, q.j, q.sample if q.sample is not None else -1)
