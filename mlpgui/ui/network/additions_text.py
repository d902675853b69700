"""The inspector's lines for the optional additions to the lecture (formatting only; the
numbers come from ``mlpgui.core.explain``): with L1/L2 regularisation a weight's gradient
∂L/∂w = ∂L_data/∂w + λ₂ w + λ₁ sign w and the loss L = L_data + L_reg, with momentum
v_new = μ v_old − γ ∂L/∂w and w_new = w_old + v_new — each with its numbers, so that every
shown number can be recomputed from the others shown. With the additions off nothing here
adds a line, and the pages are as without them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from mlpgui.core import UpdateRecord
from mlpgui.core.explain import LossExplanation, ParameterExplanation
from mlpgui.core.features import input_labels as feature_labels

from .rich import Doc, Numbers, Text, bold, join, muted, sym, text

L_DATA = sym("L", "data")
L_REG = sym("L", "reg")


def input_label(record: UpdateRecord, j: int) -> str:
    """The lecture-style name of input unit j (0-based): "x₁", or with input features
    "x₁²", "x₁x₂", "sin x₁" … for the derived units."""
    features = record.input_features
    raw = record.layer_sizes[0] - len(features)
    if not features:
        return f"x{j + 1}"
    return feature_labels(raw, features)[j]


def data_part(e: ParameterExplanation) -> ParameterExplanation:
    """``e`` with its gradient replaced by the data part ∂L_data/∂w when it is regularised
    (the δ_i a_j terms combine to that part), else ``e`` itself."""
    return dataclasses.replace(e, gradient=e.data_gradient) if e.regularised else e


def gradient_symbol(e: ParameterExplanation, name: Text) -> Text:
    """ "∂L_data/∂w" for a regularised weight's combined terms, else "∂L/∂w"."""
    return (text("∂") + L_DATA if e.regularised else text("∂L")) + "/∂" + name


def regularised_gradient(doc: Doc, n: Numbers, e: ParameterExplanation, name: Text) -> None:
    """∂L/∂w = ∂L_data/∂w + λ₂ w_old + λ₁ sign(w_old) with its numbers (nothing when the
    weight is not regularised)."""
    if not e.regularised:
        return
    w_old = sym("w", "old")
    formula = [text("∂") + L_DATA + "/∂" + name]
    values = [n(e.data_gradient)]
    terms = [n(e.data_gradient)]
    if e.l2_rate:
        formula.append(text("λ₂ · ") + w_old)
        values.append(n(e.l2_rate) + " × " + n.factor(e.value_before))
        terms.append(n.factor(e.l2_term))
    if e.l1_rate:
        formula.append(text("λ₁ · sign(") + w_old + ")")
        values.append(n(e.l1_rate) + " × " + n.factor(float(np.sign(e.value_before))))
        terms.append(n.factor(e.l1_term))
    doc.line(
        text("∂L/∂") + name + " = " + join(formula, " + ") + " = " + join(values, " + ")
        + " = " + join(terms, " + ") + " = " + bold(n(e.gradient))
    )  # fmt: skip
    doc.note(
        "L = L_data + L_reg with L_reg = λ₂/2 Σ w² + λ₁ Σ |w| over the weights (not the "
        "biases): regularisation adds λ₂ w + λ₁ sign(w) to each weight's gradient"
    )


def momentum_update(doc: Doc, n: Numbers, e: ParameterExplanation, name: Text) -> bool:
    """v_new = μ v_old − γ ∂L/∂w with its numbers and Δw = v_new (True), or nothing when
    momentum is off or the parameter is frozen (False)."""
    if not e.momentum or not e.trained:
        return False
    v_old, v_new = sym("v", "old"), sym("v", "new")
    doc.line(v_old + " = " + n(e.velocity_before) + muted("   (this parameter's velocity)"))
    doc.line(
        v_new + " = μ · " + v_old + " − γ · ∂L/∂" + name + " = " + n(e.momentum) + " × "
        + n.factor(e.velocity_before) + " − " + n.factor(e.learning_rate) + " × "
        + n.factor(e.gradient) + " = " + n(e.momentum_term) + " + "
        + n.factor(e.gradient_step) + " = " + bold(n(e.velocity_after))
    )  # fmt: skip
    doc.line(text("Δ") + name + " = " + v_new + " = " + bold(n(e.update)))
    doc.note(
        "momentum: each update keeps μ of the previous one (μ = 0 is the lecture's Δw = −γ ∂L/∂w)"
    )
    return True


def regularised_loss(doc: Doc, n: Numbers, e: LossExplanation, before: str) -> None:
    """L_reg = λ₂/2 Σ w² + λ₁ Σ |w| and L = L_data + L_reg with their numbers (nothing when
    not regularised). ``before`` is "L(θ before update k)"."""
    if not e.regularised:
        return
    formula, values, terms = [], [], []
    if e.l2_rate:
        formula.append(text("λ₂/2 · Σ w²"))
        values.append(n(e.l2_rate) + " / 2 × " + n.factor(e.weight_square_sum))
        terms.append(n.factor(e.l2_term))
    if e.l1_rate:
        formula.append(text("λ₁ · Σ |w|"))
        values.append(n(e.l1_rate) + " × " + n.factor(e.weight_abs_sum))
        terms.append(n.factor(e.l1_term))
    reg = L_REG + " = " + join(formula, " + ") + " = " + join(values, " + ")
    if len(terms) > 1:
        reg = reg + " = " + join(terms, " + ")
    doc.line(reg + " = " + n(e.regularisation))
    doc.line(
        text(before) + " = " + L_DATA + " + " + L_REG + " = " + n(e.data_value) + " + "
        + n.factor(e.regularisation) + " = " + bold(n(e.value))
    )  # fmt: skip
    doc.note("the sums run over the weights at θ_old (biases are not regularised)")


def inputs_words(record: UpdateRecord) -> str:
    """ " = x = " before a^(0)'s values, or with input features " = (x₁, x₂, x₁x₂) = "."""
    if not record.input_features:
        return " = x = "
    count = record.layer_sizes[0]
    return " = (" + ", ".join(input_label(record, j) for j in range(count)) + ") = "


def gradient_words(record: UpdateRecord) -> str:
    """ ", plus λ₂ w + λ₁ sign w at the weights" when regularised ("" otherwise)."""
    if record.regularisation_gradient is None:
        return ""
    terms = [t for t, on in (("λ₂ w", record.l2_rate), ("λ₁ sign w", record.l1_rate)) if on]
    return ", plus " + " + ".join(terms) + " at the weights"


def settings_words(record: UpdateRecord, n: Numbers) -> Text:
    """ " · λ₂ = 0.01 · μ = 0.9" for the additions that are on ("" when none is)."""
    parts = []
    if record.l2_rate:
        parts.append(text(" · λ₂ = ") + n(record.l2_rate))
    if record.l1_rate:
        parts.append(text(" · λ₁ = ") + n(record.l1_rate))
    if record.momentum:
        parts.append(text(" · μ = ") + n(record.momentum))
    return join(parts)
