"""Worked-example lines for the optional additions to the lecture (update_rule.py,
features.py), all absent when the additions are off:

    ∂L/∂w = ∂L_data/∂w + λ₂ w_old + λ₁ sign(w_old)     (a weight, with regularisation)
    L_reg = λ₂/2 Σ w² + λ₁ Σ |w|,  L = L_data + L_reg    (the loss, with regularisation)
    v_new = μ v_old − γ ∂L/∂w,  Δw = v_new               (with momentum)

Each line is a chain whose numeric steps recompute its result from the numbers shown (the
numbers come from ``mlpgui.core.explain``, computed as the trainer did).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .explain import LossExplanation, ParameterExplanation
from .features import input_labels
from .record import UpdateRecord
from .worked_page import (
    DOT,
    EQ,
    GAMMA,
    LP,
    MINUS,
    PLUS,
    RP,
    TIMES,
    Expr,
    M,
    Num,
    PageBuilder,
    ProsePart,
    Sym,
    Token,
    expr,
)
from .worked_symbols import DIVIDE, THETA, THETA_NEW, THETA_OLD, grad

LAMBDA_1 = M("λ₁", r"\lambda_1")
LAMBDA_2 = M("λ₂", r"\lambda_2")
MU = M("μ", r"\mu")
L_DATA = M("L_data", r"L_{\text{data}}")
L_REG = M("L_reg", r"L_{\text{reg}}")
SIGN = M("sign", r"\operatorname{sign}")
SUM_W_SQUARED = M("Σ w²", r"\sum w^2")
SUM_W_ABS = M("Σ |w|", r"\sum |w|")
SP_SIGN = M(" sign ", r" \operatorname{sign} ")
W_OLD = Sym("w", "old")
V_OLD, V_NEW = Sym("v", "old"), Sym("v", "new")


def data_grad(symbol: Sym) -> M:
    """∂L_data/∂w₁₁⁽²⁾."""
    return M(
        f"∂L_data/∂{symbol.md()}",
        rf"\frac{{\partial L_{{\text{{data}}}}}}{{\partial {symbol.tex()}}}",
    )


def data_part(e: ParameterExplanation) -> ParameterExplanation:
    """``e`` with its gradient replaced by ∂L_data/∂w when the parameter is regularised (the
    δ_i a_j terms combine to that part), else ``e`` itself."""
    return dataclasses.replace(e, gradient=e.data_gradient) if e.regularised else e


def gradient_token(e: ParameterExplanation, symbol: Sym) -> M:
    """∂L_data/∂w for a regularised weight's combined terms, else ∂L/∂w."""
    return data_grad(symbol) if e.regularised else grad(symbol)


def _sum(parts: Sequence[Token | Expr]) -> Expr:
    out: list[Token | Expr] = []
    for k, part in enumerate(parts):
        out += [PLUS, part] if k else [part]
    return expr(*out)


def regularised_gradient(b: PageBuilder, e: ParameterExplanation, symbol: Sym) -> None:
    """∂L/∂w = ∂L_data/∂w + λ₂ · w_old + λ₁ · sign(w_old) with its numbers (nothing for a
    parameter that is not regularised)."""
    if not e.regularised:
        return
    formula: list[Token | Expr] = [data_grad(symbol)]
    values: list[Token | Expr] = [Num(e.data_gradient)]
    terms: list[Token | Expr] = [Num(e.data_gradient)]
    if e.l2_rate:
        formula.append(expr(LAMBDA_2, DOT, W_OLD))
        values.append(expr(Num(e.l2_rate, factor=True), TIMES, Num(e.value_before, factor=True)))
        terms.append(Num(e.l2_term, factor=True))
    if e.l1_rate:
        formula.append(expr(LAMBDA_1, DOT, SIGN, LP, W_OLD, RP))
        sign = float(np.sign(e.value_before))
        values.append(expr(Num(e.l1_rate, factor=True), TIMES, Num(sign, factor=True)))
        terms.append(Num(e.l1_term, factor=True))
    b.eq(grad(symbol), _sum(formula), _sum(values), _sum(terms), Num(e.gradient), long=True)
    w = Sym("w")
    b.note(
        expr(M("L", "L"), EQ, L_DATA, PLUS, L_REG),
        " with ",
        expr(
            L_REG, EQ, LAMBDA_2, M("/2", "/2"), DOT, SUM_W_SQUARED, PLUS, LAMBDA_1, DOT, SUM_W_ABS
        ),
        " over the weights (not the biases): regularisation adds ",
        expr(LAMBDA_2, w, PLUS, LAMBDA_1, SP_SIGN, w),
        " to each weight's gradient",
    )


def momentum_update(b: PageBuilder, e: ParameterExplanation, symbol: Sym) -> None:
    """v_old, v_new = μ v_old − γ ∂L/∂w with its numbers, and Δw = v_new."""
    b.eq(V_OLD, Num(e.velocity_before))
    b.eq(
        V_NEW,
        expr(MU, DOT, V_OLD, MINUS, GAMMA, DOT, grad(symbol)),
        expr(Num(e.momentum), TIMES, Num(e.velocity_before, factor=True), MINUS,
             Num(e.learning_rate, factor=True), TIMES, Num(e.gradient, factor=True)),
        expr(Num(e.momentum_term), PLUS, Num(e.gradient_step, factor=True)),
        Num(e.velocity_after),
        long=True,
    )  # fmt: skip
    b.eq(expr(M("Δ", r"\Delta "), symbol), V_NEW, Num(e.update))
    b.note("momentum: each update keeps ", (MU,), " of the previous one (",
           (MU, EQ, Num(0.0)), " is the lecture's rule)")  # fmt: skip


def regularised_loss(b: PageBuilder, e: LossExplanation, lhs: Expr) -> None:
    """L_reg = λ₂/2 Σ w² + λ₁ Σ |w| and ``lhs`` = L_data + L_reg with their numbers
    (nothing when not regularised)."""
    if not e.regularised:
        return
    formula: list[Token | Expr] = []
    values: list[Token | Expr] = []
    terms: list[Token | Expr] = []
    if e.l2_rate:
        formula.append(expr(LAMBDA_2, M("/2", "/2"), DOT, SUM_W_SQUARED))
        values.append(expr(Num(e.l2_rate, factor=True), DIVIDE, M("2", "2"), TIMES,
                           Num(e.weight_square_sum, factor=True)))  # fmt: skip
        terms.append(Num(e.l2_term, factor=True))
    if e.l1_rate:
        formula.append(expr(LAMBDA_1, DOT, SUM_W_ABS))
        values.append(expr(Num(e.l1_rate, factor=True), TIMES, Num(e.weight_abs_sum, factor=True)))
        terms.append(Num(e.l1_term, factor=True))
    steps: list[Token | Expr] = [_sum(formula), _sum(values)]
    if len(terms) > 1:
        steps.append(_sum(terms))
    b.eq(L_REG, *steps, Num(e.regularisation), long=len(steps) > 2)
    total = expr(Num(e.data_value), PLUS, Num(e.regularisation, factor=True))
    b.eq(lhs, expr(L_DATA, PLUS, L_REG), total, Num(e.value))
    b.note("the sums run over the weights at ", (THETA_OLD,), " (biases are not regularised)")


def settings_prose(record: UpdateRecord) -> tuple[ProsePart, ...]:
    """ " · λ₂ = 0.01 · μ = 0.9" for the additions that are on (() when none is)."""
    out: list[ProsePart] = []
    for token, value in ((LAMBDA_2, record.l2_rate), (LAMBDA_1, record.l1_rate),
                         (MU, record.momentum)):  # fmt: skip
        if value:
            out += [" · ", (token, EQ, Num(value))]
    return tuple(out)


def input_words(record: UpdateRecord) -> str:
    """ " (x₁, x₂, x₁x₂: the raw inputs and the input features)" with features, else ""."""
    features = record.input_features
    if not features:
        return ""
    labels = input_labels(record.layer_sizes[0] - len(features), features)
    return f" ({', '.join(labels)}: the raw inputs, then the input features)"


def uses_momentum(record: UpdateRecord) -> bool:
    return record.velocity_before is not None


@dataclass(frozen=True)
class UpdateColumns:
    """The columns the whole update's parameter tables add: before ∂L/∂θ the data part and
    g_reg (regularisation), after it v_old (momentum). ``before(index)``/``after(index)``:
    the cells of parameter ``index`` (flat θ)."""

    extra_before: tuple[ProsePart, ...]
    extra_after: tuple[ProsePart, ...]
    before: Callable[[int], list[Num]]
    after: Callable[[int], list[Num]]


def update_columns(b: PageBuilder, record: UpdateRecord) -> UpdateColumns:
    """The extra columns of the additions that are on, each announced by a paragraph with its
    rule (none when they are off)."""
    before: tuple[ProsePart, ...] = ()
    after: tuple[ProsePart, ...] = ()
    reg, velocity = record.regularisation_gradient, record.velocity_before
    if reg is not None:
        g_reg = M("g_reg", r"g_{\text{reg}}")
        rule = _sum([expr(LAMBDA_2, THETA)] * bool(record.l2_rate)
                    + [expr(LAMBDA_1, SP_SIGN, THETA)] * bool(record.l1_rate))  # fmt: skip
        b.para("Regularisation: ", expr(grad(Sym("θ")), EQ, data_grad(Sym("θ")), PLUS, g_reg),
               " with ", expr(g_reg, EQ, rule), " for a weight and 0 for a bias.")  # fmt: skip
        before = ((data_grad(Sym("θ")),), (g_reg,))
    if velocity is not None:
        b.para("Update with momentum: ",
               expr(V_NEW, EQ, MU, DOT, V_OLD, MINUS, GAMMA, DOT, grad(Sym("θ"))), ", ",
               expr(M("Δ", r"\Delta "), THETA, EQ, V_NEW), ", ",
               expr(THETA_NEW, EQ, THETA_OLD, PLUS, M("Δ", r"\Delta "), THETA), ".")  # fmt: skip
        after = ((V_OLD,),)

    def cells_before(index: int) -> list[Num]:
        if reg is None:
            return []
        return [Num(record.data_gradient[index]), Num(reg[index])]

    def cells_after(index: int) -> list[Num]:
        return [] if velocity is None else [Num(velocity[index])]

    return UpdateColumns(before, after, cells_before, cells_after)
