"""The numbers of the optional additions to the lecture in explanations (see explain.py and
update_rule.py): the regularisation terms of a weight's gradient and of the loss, and the
momentum formula v_new = μ v_old − γ ∂L/∂w. Each is computed with the very operations the
trainer used, so that they reproduce the recorded values bit for bit (the loss sums, which
the trainer forms with a dot product, to rounding).
"""

from __future__ import annotations

import numpy as np

from .record import UpdateRecord


def flat_index(record: UpdateRecord, kind: str, layer: int, i: int, j: int) -> int:
    """The position in θ of w_ij^(layer+1) (kind "w") or b_i^(layer+1) (kind "b")."""
    if kind == "w":
        return record.layout.index_of_weight(layer, i, j)
    return record.layout.index_of_bias(layer, i)


def parameter_additions(record: UpdateRecord, index: int, weight: bool) -> dict[str, float]:
    """The regularisation and momentum numbers of parameter ``index`` (flat θ position),
    computed with the trainer's operations (update_rule.py), so they match bit for bit."""
    out: dict[str, float] = {"l1_rate": record.l1_rate, "l2_rate": record.l2_rate}
    w = record.parameters_before[index]
    if record.regularisation_gradient is not None:
        out["regularisation_gradient"] = float(record.regularisation_gradient[index])
        if weight:
            out["l2_term"] = float(w * record.l2_rate) if record.l2_rate else 0.0
            out["l1_term"] = float(np.sign(w) * record.l1_rate) if record.l1_rate else 0.0
    if record.velocity_before is not None:
        v_old = record.velocity_before[index]
        out["momentum"] = record.momentum
        out["velocity_before"] = float(v_old)
        out["momentum_term"] = float(v_old * record.momentum)
        out["gradient_step"] = float(record.gradient[index] * -record.learning_rate)
        out["velocity_after"] = float(record.update[index])
    return out


def regularisation_terms(record: UpdateRecord) -> dict[str, float]:
    """L_reg and its parts at θ_old for LossExplanation (empty when not regularised)."""
    if record.regularisation_gradient is None:
        return {}
    weights = np.concatenate([w.ravel() for w in record.weights_before])
    squares = float(np.dot(weights, weights))
    absolute = float(np.abs(weights).sum())
    return {
        "regularisation": record.regularisation_before,
        "l1_rate": record.l1_rate,
        "l2_rate": record.l2_rate,
        "weight_square_sum": squares,
        "weight_abs_sum": absolute,
        "l2_term": 0.5 * record.l2_rate * squares,
        "l1_term": record.l1_rate * absolute,
    }
