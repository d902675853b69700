"""Explanations of one update, term by term: the numbers the update inspector shows.

Everything here is computed from an ``UpdateRecord`` alone, with the lecture's formulas:

    ∂L/∂w_ij^(l) = δ_i^(l) a_j^(l−1)   per sample n, combined over the batch of B samples
                   (the mean for ``mse`` and ``cross_entropy``, the sum for ``sse``);
    ∂L/∂b_i^(l)  = δ_i^(l)              likewise (a_j replaced by 1);
    Δw = −γ ∂L/∂w,  w_new = w_old + Δw;
    δ_i^(N) = −(t_i − y_i) f'(d_i^(N))   (squared errors), or y_i − t_i (cross-entropy);
    δ_i^(l) = (Σ_k δ_k^(l+1) w_ki^(l+1)) f'(d_i^(l))   for a hidden layer l.

With the optional additions to the lecture (update_rule.py), for a WEIGHT (never a bias):
    L = L_data + L_reg,  L_reg = λ₂/2 Σ w² + λ₁ Σ |w|;
    ∂L/∂w = (δ_i a_j combined) + λ₂ w_old + λ₁ sign(w_old);
and with momentum, for every parameter:
    v_new = μ v_old − γ ∂L/∂w,  w_new = w_old + v_new  (Δw = v_new).
The explanations carry every number of these formulas, recorded or recomputed the way the
trainer computed it (the momentum and regularisation terms bit for bit).

Per-sample arrays are (B,) in the order of ``record.batch_indices``. The recorded values
(gradient, Δw, w_new, δ) are taken from the record; the terms that explain them are recomputed
here, so tests can show that they reproduce the record (to rounding: the kernel sums with BLAS).

Indices follow ``mlpgui.ui.selection.Selection``: a parameter's ``layer`` k is 0-based (it
belongs to W^(k+1), b^(k+1)); a unit's ``layer`` is the lecture's l (0 = inputs, L = outputs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .explain_additions import flat_index, parameter_additions, regularisation_terms
from .losses import get_loss
from .record import UpdateRecord

MEAN, SUM = "mean", "sum"


def _frozen(array: np.ndarray | float) -> np.ndarray:
    array = np.array(array, dtype=np.float64)  # always a copy
    array.flags.writeable = False
    return array


def combination(record: UpdateRecord) -> str:
    """How per-sample terms combine into the batch gradient: ``"mean"`` or ``"sum"``."""
    return MEAN if get_loss(record.loss_name).averaged else SUM


def pick(values: np.ndarray, sample: int | None) -> np.ndarray | float:
    """Row ``sample`` of per-sample values (B, …), or their mean over the batch (None)."""
    row: np.ndarray | float = values.mean(axis=0) if sample is None else values[sample]
    return row


@dataclass(frozen=True)
class ParameterExplanation:
    """How one weight w_ij^(k+1) (kind "w") or bias b_i^(k+1) (kind "b", j = −1) changed.

    Attributes:
        value_before, value_after: w_old and w_new (as recorded).
        inputs: (B,) a_j^(k) per sample — ones for a bias.
        deltas: (B,) δ_i^(k+1) per sample (without the 1/B of averaged losses).
        terms: (B,) δ_i a_j per sample.
        combine: "mean" (divide Σ terms by B) or "sum"; term_sum: Σ_n of the terms.
        combined: the terms combined here (equals ``data_gradient`` up to rounding).
        gradient: ∂L/∂w as recorded (the total: data_gradient + regularisation_gradient);
        update: Δw as recorded (−γ ∂L/∂w, or v_new with momentum; 0 if frozen).
        trained: False for a bias kept fixed ("Train biases" off).
        sample_rows: (B,) the dataset rows of the batch.
        data_gradient: ∂L_data/∂w as recorded (the combined δ_i a_j).
        l1_rate, l2_rate: λ₁, λ₂ (0.0: off); l2_term: λ₂ w_old and l1_term: λ₁ sign(w_old)
            (0.0 for a bias or when off); regularisation_gradient: their sum as recorded.
        momentum: μ (0.0: off); velocity_before: v_old; momentum_term: μ v_old;
        gradient_step: −γ ∂L/∂w; velocity_after: v_new = momentum_term + gradient_step as
            recorded (= update; 0 for a frozen bias). All 0.0 without momentum.
    """

    kind: str
    layer: int
    i: int
    j: int
    value_before: float
    value_after: float
    inputs: np.ndarray
    deltas: np.ndarray
    terms: np.ndarray
    combine: str
    term_sum: float
    combined: float
    gradient: float
    learning_rate: float
    update: float
    trained: bool
    sample_rows: np.ndarray
    data_gradient: float = 0.0
    l1_rate: float = 0.0
    l2_rate: float = 0.0
    l2_term: float = 0.0
    l1_term: float = 0.0
    regularisation_gradient: float = 0.0
    momentum: float = 0.0
    velocity_before: float = 0.0
    momentum_term: float = 0.0
    gradient_step: float = 0.0
    velocity_after: float = 0.0

    @property
    def batch_size(self) -> int:
        return len(self.terms)

    @property
    def regularised(self) -> bool:
        """True when ∂L/∂w has a regularisation term (a weight with λ₁ or λ₂ > 0)."""
        return self.kind == "w" and (self.l1_rate > 0.0 or self.l2_rate > 0.0)


def explain_parameter(
    record: UpdateRecord, kind: str, layer: int, i: int, j: int = -1
) -> ParameterExplanation:
    """The update of w_ij^(layer+1) (kind "w") or b_i^(layer+1) (kind "b") in ``record``."""
    if kind not in ("w", "b"):
        raise ValueError(f"kind must be 'w' or 'b', not {kind!r}")
    deltas = record.deltas[layer][:, i]
    if kind == "w":
        inputs = record.activations[layer][:, j]
        before = record.weights_before[layer][i, j]
        after = record.weights_after[layer][i, j]
        gradient = record.weight_gradients[layer][i, j]
        update = record.weight_updates[layer][i, j]
        trained = True
    else:
        j = -1
        inputs = np.ones(record.batch_size)
        before = record.biases_before[layer][i]
        after = record.biases_after[layer][i]
        gradient = record.bias_gradients[layer][i]
        update = record.bias_updates[layer][i]
        trained = record.train_biases
    terms = deltas * inputs
    combine = combination(record)
    total = float(np.sum(terms))
    combined = total / len(terms) if combine == MEAN else total
    index = flat_index(record, kind, layer, i, j)
    return ParameterExplanation(
        kind=kind,
        layer=layer,
        i=i,
        j=j,
        value_before=float(before),
        value_after=float(after),
        inputs=_frozen(inputs),
        deltas=_frozen(deltas),
        terms=_frozen(terms),
        combine=combine,
        term_sum=total,
        combined=combined,
        gradient=float(gradient),
        learning_rate=record.learning_rate,
        update=float(update),
        trained=trained,
        sample_rows=_frozen(record.batch_indices),
        data_gradient=float(record.data_gradient[index]),
        **parameter_additions(record, index, kind == "w"),
    )


@dataclass(frozen=True)
class UnitExplanation:
    """The forward and backward values of unit i of layer l (0 = inputs, L = outputs).

    ``form`` says how δ_i came about: "input" (no δ), "squared" (δ = −(t − y) f'(d)),
    "cross_entropy" (δ = y − t) or "hidden" (δ = (Σ_k δ_k w_ki) f'(d)).
    Per-sample arrays are (B,); the hidden-unit breakdown arrays are (B, n_{l+1}).

    Attributes:
        in_weights: (n_{l−1},) w_ij^(l) at θ_old, j = 1..n_{l−1}; bias: b_i^(l) at θ_old;
        drive_terms: (B, n_{l−1}) w_ij a_j^(l−1), whose sum plus b_i is d_i (None for inputs).
        drives, activations, derivatives: d_i, a_i = f(d_i), f'(d_i) (None for an input).
        deltas: δ_i as recorded (None for an input).
        targets, outputs, errors: t_i, y_i and the loss's factor −(t_i − y_i) (squared) or
            y_i − t_i (cross-entropy), for an output unit; None otherwise.
        next_weights: (n_{l+1},) w_ki^(l+1) at θ_old, k = 1..n_{l+1} (hidden units only).
        next_deltas: (B, n_{l+1}) δ_k^(l+1); backprop_terms: δ_k^(l+1) w_ki^(l+1);
        backprop_sums: (B,) Σ_k δ_k w_ki (hidden units only).
        recomputed_deltas: δ_i from the terms above (equals ``deltas`` up to rounding).
    """

    layer: int
    i: int
    n_layers: int
    form: str
    activation: str | None
    activations: np.ndarray
    drives: np.ndarray | None
    derivatives: np.ndarray | None
    deltas: np.ndarray | None
    recomputed_deltas: np.ndarray | None
    targets: np.ndarray | None
    outputs: np.ndarray | None
    errors: np.ndarray | None
    next_weights: np.ndarray | None
    next_deltas: np.ndarray | None
    backprop_terms: np.ndarray | None
    backprop_sums: np.ndarray | None
    sample_rows: np.ndarray
    in_weights: np.ndarray | None = None
    bias: float | None = None
    drive_terms: np.ndarray | None = None

    @property
    def batch_size(self) -> int:
        return len(self.activations)

    @property
    def is_output(self) -> bool:
        return self.layer == self.n_layers


def explain_unit(record: UpdateRecord, layer: int, i: int) -> UnitExplanation:
    """The values of unit ``i`` (0-based) of layer ``layer`` (0 = inputs) in ``record``."""
    n_layers = record.n_layers
    rows = _frozen(record.batch_indices)
    activations = _frozen(record.activations[layer][:, i])
    if layer == 0:
        return UnitExplanation(
            layer, i, n_layers, "input", None, activations, None, None, None, None,
            None, None, None, None, None, None, None, rows,
        )  # fmt: skip
    name = record.activation_names[layer - 1]
    in_weights = record.weights_before[layer - 1][i]
    drives = record.drives[layer - 1][:, i]
    derivatives = get_activation(name).derivative(drives)
    deltas = _frozen(record.deltas[layer - 1][:, i])
    if layer == n_layers:
        form, recomputed, parts = _output_delta(record, i, derivatives)
    else:
        form, recomputed, parts = _hidden_delta(record, layer, i, derivatives)
    return UnitExplanation(
        layer=layer,
        i=i,
        n_layers=n_layers,
        form=form,
        activation=name,
        activations=activations,
        drives=_frozen(drives),
        derivatives=_frozen(derivatives),
        deltas=deltas,
        recomputed_deltas=_frozen(recomputed),
        sample_rows=rows,
        in_weights=_frozen(in_weights),
        bias=float(record.biases_before[layer - 1][i]),
        drive_terms=_frozen(record.activations[layer - 1] * in_weights),
        **parts,
    )


def _output_delta(
    record: UpdateRecord, i: int, derivatives: np.ndarray
) -> tuple[str, np.ndarray, dict[str, np.ndarray | None]]:
    """δ_i^(N) per sample: −(t_i − y_i) f'(d_i) for squared errors, y_i − t_i for
    cross-entropy; with the form's name and the targets, outputs and errors behind it."""
    targets = record.targets[:, i]
    outputs = record.outputs[:, i]
    if get_loss(record.loss_name).requires_sigmoid_output:
        form, errors = "cross_entropy", outputs - targets
        recomputed = errors
    else:
        form, errors = "squared", -(targets - outputs)
        recomputed = errors * derivatives
    parts = {"targets": _frozen(targets), "outputs": _frozen(outputs), "errors": _frozen(errors)}
    return form, recomputed, {**_NO_HIDDEN_PARTS, **parts}


def _hidden_delta(
    record: UpdateRecord, layer: int, i: int, derivatives: np.ndarray
) -> tuple[str, np.ndarray, dict[str, np.ndarray | None]]:
    """δ_i^(l) per sample: (Σ_k δ_k^(l+1) w_ki^(l+1)) f'(d_i^(l)), with the terms and sums."""
    next_weights = record.weights_before[layer][:, i]
    next_deltas = record.deltas[layer]
    terms = next_deltas * next_weights
    sums = terms.sum(axis=1)
    parts = {
        "next_weights": _frozen(next_weights),
        "next_deltas": _frozen(next_deltas),
        "backprop_terms": _frozen(terms),
        "backprop_sums": _frozen(sums),
    }
    return "hidden", sums * derivatives, {**_NO_OUTPUT_PARTS, **parts}


_NO_OUTPUT_PARTS: dict[str, np.ndarray | None] = dict.fromkeys(("targets", "outputs", "errors"))
_NO_HIDDEN_PARTS: dict[str, np.ndarray | None] = dict.fromkeys(
    ("next_weights", "next_deltas", "backprop_terms", "backprop_sums")
)


@dataclass(frozen=True)
class LossExplanation:
    """L on the update's batch at θ_old, sample by sample.

    Attributes:
        per_sample: (B,) each sample's own loss L_n (Σ over output units of ½ (t − y)², or
            of −[t ln y + (1 − t) ln(1 − y)] for cross-entropy).
        total: Σ_n L_n; combine: "mean" (L = 1/B Σ_n L_n) or "sum"; combined: the per-sample
            losses combined here, equal up to rounding to ``data_value``.
        value: L as recorded (``loss_before``): L_data + L_reg, the loss the update minimised.
        targets, outputs: (B, n_L) t and y.
        data_value: L_data as recorded; regularisation: L_reg as recorded (0.0 when off).
        l1_rate, l2_rate: λ₁, λ₂; weight_square_sum: Σ w², weight_abs_sum: Σ |w| over the
            weights at θ_old (biases excluded); l2_term: λ₂/2 Σ w², l1_term: λ₁ Σ |w|
            (recomputed here; their sum equals ``regularisation`` up to rounding).
    """

    loss_name: str
    formula: str
    per_sample: np.ndarray
    total: float
    combine: str
    combined: float
    value: float
    targets: np.ndarray
    outputs: np.ndarray
    sample_rows: np.ndarray
    data_value: float = 0.0
    regularisation: float = 0.0
    l1_rate: float = 0.0
    l2_rate: float = 0.0
    weight_square_sum: float = 0.0
    weight_abs_sum: float = 0.0
    l2_term: float = 0.0
    l1_term: float = 0.0

    @property
    def regularised(self) -> bool:
        return self.l1_rate > 0.0 or self.l2_rate > 0.0


def explain_loss(record: UpdateRecord) -> LossExplanation:
    """The loss of ``record``'s batch before the update, with each sample's share."""
    loss = get_loss(record.loss_name)
    errors, targets = record.errors, record.targets
    if loss.requires_sigmoid_output:
        d = record.drives[-1]
        softplus = np.maximum(d, 0.0) + np.log1p(np.exp(-np.abs(d)))
        per_sample = (softplus - targets * d).sum(axis=1)
    else:
        per_sample = 0.5 * (errors * errors).sum(axis=1)
    combine = combination(record)
    total = float(np.sum(per_sample))
    return LossExplanation(
        loss_name=loss.name,
        formula=loss.formula,
        per_sample=_frozen(per_sample),
        total=total,
        combine=combine,
        combined=total / len(per_sample) if combine == MEAN else total,
        value=record.loss_before,
        targets=_frozen(targets),
        outputs=_frozen(record.outputs),
        sample_rows=_frozen(record.batch_indices),
        data_value=record.data_loss_before,
        **regularisation_terms(record),
    )


@dataclass(frozen=True)
class LayerValues:
    """Per-unit values of one sample of the batch, or their batch means, for the diagram.

    drives: d^(l), l = 1..L; activations: a^(l), l = 0..L; deltas: δ^(l), l = 1..L;
    targets: t (n_L,). Each entry is a read-only (n_l,).
    ``sample`` is the row in the batch (None: batch means).
    """

    sample: int | None
    drives: tuple[np.ndarray, ...]
    activations: tuple[np.ndarray, ...]
    deltas: tuple[np.ndarray, ...]
    targets: np.ndarray


def layer_values(record: UpdateRecord, sample: int | None) -> LayerValues:
    """d, a, δ per layer for row ``sample`` of the batch, or batch means (None)."""

    def rows(arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
        return tuple(_frozen(pick(a, sample)) for a in arrays)

    return LayerValues(
        sample=sample,
        drives=rows(record.drives),
        activations=rows(record.activations),
        deltas=rows(record.deltas),
        targets=_frozen(pick(record.targets, sample)),
    )
