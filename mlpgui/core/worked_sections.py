"""The sections worked examples are made of: each appends the lecture's formula with the
record's numbers filled in to a PageBuilder. Pages (worked_example) and exercise answers
(exercise) combine them.

Every numeric step is an arithmetic expression of numbers shown on the page (products,
sums, σ(…), tanh(…), relu(…)), so a reader can recompute each result from the shown numbers
to the shown digits. Values come from ``mlpgui.core.explain``; results that the record holds
(∂L/∂w, Δw, w_new, δ, d, a) are the recorded ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import worked_additions as additions
from .explain import MEAN, ParameterExplanation, UnitExplanation
from .losses import loss_title
from .record import UpdateRecord
from .worked_page import (
    DELTA_OP,
    DOT,
    EQ,
    GAMMA,
    LP,
    MINUS,
    NEG,
    PLUS,
    RP,
    TIMES,
    Expr,
    M,
    Name,
    Num,
    PageBuilder,
    ProsePart,
    Sym,
    Token,
    expr,
)
from .worked_symbols import (
    B_SYM,
    DIVIDE,
    SP,
    SUM_J,
    SUM_K,
    SUM_N,
    a_sym,
    b_sym,
    call,
    d_sym,
    delta_sym,
    f_of,
    f_prime,
    grad,
    named_function,
    old_new,
    t_sym,
    w_sym,
    y_sym,
)

INLINE_TERMS = 4
"""Sums of at most this many terms are written out in one line; longer ones get a table."""


@dataclass(frozen=True)
class WorkedContext:
    """A record and how to show it: significant ``digits``, at most ``max_terms`` entries per
    list or table, user ``names`` of parameters {index into θ: name}."""

    record: UpdateRecord
    digits: int
    max_terms: int
    names: Mapping[int, str]

    def name(self, index: int) -> str | None:
        return self.names.get(index)


def more(count: int, listed: int, noun: str, nouns: str) -> str | None:
    """ "… and 3 more samples (not listed)", or None when all are listed."""
    rest = count - listed
    if rest <= 0:
        return None
    return f"… and {rest:,} more {noun if rest == 1 else nouns} (not listed)"


def over_all(count: int, noun: str = "sample") -> str:
    return f"the one {noun}" if count == 1 else f"all {count:,} {noun}s"


def sum_words(count: int, shown: int, noun: str, where: str = "") -> str:
    """ "Σ over all 50 samples of the batch:" — with "(the 32 listed + the 18 not listed)"
    when a table lists only the first ``shown`` terms (the sum then shows both parts)."""
    words = f"Σ over {over_all(count, noun)}{where}"
    if shown < count:
        words += f" (the {shown:,} listed + the {count - shown:,} not listed)"
    return words + ":"


def split_sum(
    b: PageBuilder,
    lhs: Token | Expr,
    terms: np.ndarray,
    shown: int,
    total: float,
    *formula: Token | Expr,
) -> None:
    """lhs (= formula) = total; when a table lists only the first ``shown`` of ``terms``
    (1-D), lhs = (Σ of the listed) + (Σ of the rest) = total, so that the reader can check
    the listed part and sees the rest as one number."""
    if shown >= len(terms):
        b.eq(lhs, *formula, Num(total))
        return
    listed, rest = float(np.sum(terms[:shown])), float(np.sum(terms[shown:]))
    b.eq(lhs, *formula, (Num(listed), PLUS, Num(rest, factor=True)), Num(total))


def called(ctx: WorkedContext, symbol: Sym, index: int) -> Expr:
    """ "w5 = w₁₁⁽²⁾" when the user named the parameter, else just the symbol."""
    name = ctx.name(index)
    return (symbol,) if name is None else (Name(name), EQ, symbol)


def sample_words(record: UpdateRecord, sample: int) -> str:
    """ "sample n = 2 of the batch (dataset row 5)"."""
    row = int(record.batch_indices[sample]) + 1
    if record.batch_size == 1:
        return f"the batch's one sample (dataset row {row:,})"
    return f"sample n = {sample + 1} of the batch (dataset row {row:,})"


# --- weights and biases -----------------------------------------------------------------------


def parameter_symbol(e: ParameterExplanation) -> Sym:
    return w_sym(e.layer, e.i, e.j) if e.kind == "w" else b_sym(e.layer, e.i)


def old_value(b: PageBuilder, ctx: WorkedContext, e: ParameterExplanation, index: int) -> None:
    """w_old = w5 = w₁₁⁽²⁾ = value."""
    symbol = parameter_symbol(e)
    b.eq(old_new(e.kind, "old"), called(ctx, symbol, index), Num(e.value_before))


def gradient(b: PageBuilder, ctx: WorkedContext, e: ParameterExplanation) -> None:
    """∂L/∂w = δ_i a_j per sample, combined over the batch (mean or sum); with
    regularisation that is ∂L_data/∂w, and ∂L/∂w adds λ₂ w + λ₁ sign w."""
    symbol = parameter_symbol(e)
    _data_gradient(b, ctx, additions.data_part(e), additions.gradient_token(e, symbol))
    additions.regularised_gradient(b, e, symbol)


def _data_gradient(b: PageBuilder, ctx: WorkedContext, e: ParameterExplanation, g: M) -> None:
    """``g`` = δ_i a_j per sample, combined over the batch (mean or sum) = ``e.gradient``."""
    l = e.layer + 1  # noqa: E741 - the lecture's layer index
    is_weight = e.kind == "w"
    count = e.batch_size
    if count == 1:
        if is_weight:
            formula = expr(delta_sym(l, e.i), DOT, a_sym(e.layer, e.j))
            values = (Num(e.deltas[0]), TIMES, Num(e.inputs[0], factor=True))
            b.eq(g, formula, values, Num(e.gradient))
        else:
            b.eq(g, delta_sym(l, e.i), Num(e.gradient))
        if e.combine == MEAN:
            b.note(f"loss {loss_title(ctx.record.loss_name)} averages over the batch; with one "
                   "sample the mean is the sample's own term")  # fmt: skip
        return
    per: Expr = (delta_sym(l, e.i, "n"),)
    if is_weight:
        per = expr(per, SP, a_sym(e.layer, e.j, "n"))
    shown = min(count, ctx.max_terms)
    header: list[ProsePart] = ["n", "row"]
    header += [a_sym(e.layer, e.j)] if is_weight else []
    header += [delta_sym(l, e.i), expr(delta_sym(l, e.i), SP, a_sym(e.layer, e.j))]
    if not is_weight:
        header[-1] = "term"
    rows: list[list[ProsePart]] = []
    for n in range(shown):
        cells: list[ProsePart] = [str(n + 1), f"{int(e.sample_rows[n]) + 1:,}"]
        cells += [Num(e.inputs[n])] if is_weight else []
        rows.append([*cells, Num(e.deltas[n]), Num(e.terms[n])])
    b.para("One term per sample of the batch:")
    b.table(header, rows)
    rest = more(count, shown, "sample", "samples")
    if rest:
        b.note(rest)
    b.para(sum_words(count, shown, "sample", " of the batch"))
    loss = loss_title(ctx.record.loss_name)
    if e.combine == MEAN:
        split_sum(b, expr(SUM_N, per), e.terms, shown, e.term_sum)
        b.eq(g, expr(LP, SUM_N, per, RP, DIVIDE, B_SYM),
             (Num(e.term_sum), DIVIDE, M(str(count), str(count))), Num(e.gradient))  # fmt: skip
        b.note(f"loss {loss} averages over the batch: the mean of the terms")
    else:
        split_sum(b, g, e.terms, shown, e.gradient, expr(SUM_N, per))
        b.note(f"loss {loss} sums over the batch (no ", (M("1/B", "1/B"),), ")")


def update(b: PageBuilder, ctx: WorkedContext, e: ParameterExplanation) -> None:
    """Δw = −γ ∂L/∂w (with momentum: v_new = μ v_old − γ ∂L/∂w, Δw = v_new) and
    w_new = w_old + Δw."""
    symbol = parameter_symbol(e)
    step = (DELTA_OP, symbol)
    new, old = old_new(e.kind, "new"), old_new(e.kind, "old")
    if not e.trained:
        b.eq(step, Num(0.0))
        b.note("biases are kept fixed (Train biases is off); their gradient is still computed")
        b.eq(new, old, Num(e.value_after))
        return
    if e.momentum:
        additions.momentum_update(b, e, symbol)
    else:
        b.eq(
            step,
            expr(NEG, GAMMA, DOT, grad(symbol)),
            (NEG, Num(e.learning_rate), TIMES, Num(e.gradient, factor=True)),
            Num(e.update),
        )
    b.eq(new, expr(old, PLUS, step),
         (Num(e.value_before), PLUS, Num(e.update, factor=True)), Num(e.value_after))  # fmt: skip


# --- units ------------------------------------------------------------------------------------


def drive(b: PageBuilder, ctx: WorkedContext, u: UnitExplanation, s: int) -> None:
    """d_i = Σ_j w_ij a_j + b_i with its terms, for batch position ``s``."""
    l, i = u.layer, u.i  # noqa: E741
    d = d_sym(l, i)
    formula = expr(SUM_J, w_sym(l - 1, i, "j"), SP, a_sym(l - 1, "j"), PLUS, b_sym(l - 1, i))
    weights, bias, drives, terms = u.in_weights, u.bias, u.drives, u.drive_terms
    assert weights is not None and bias is not None and drives is not None and terms is not None
    inputs = ctx.record.activations[l - 1][s]
    count = len(weights)
    if count <= INLINE_TERMS:
        values: list[Token] = []
        for j in range(count):
            if j:
                values.append(PLUS)
            values += [Num(weights[j], factor=j > 0), TIMES, Num(inputs[j], factor=True)]
        values += [PLUS, Num(bias, factor=True)]
        b.eq(d, formula, tuple(values), Num(drives[s]), long=True)
        return
    b.eq(d, formula)
    shown = min(count, ctx.max_terms)
    header: list[ProsePart] = ["j", w_sym(l - 1, i, "j"), a_sym(l - 1, "j"), "product"]
    rows: list[list[ProsePart]] = [
        [str(j + 1), Num(weights[j]), Num(inputs[j]), Num(terms[s, j])] for j in range(shown)
    ]
    b.table(header, rows)
    rest = more(count, shown, "term", "terms")
    if rest:
        b.note(rest)
    total = float(np.sum(terms[s]))
    b.para(sum_words(count, shown, "term")[:-1] + ", plus the bias:")
    split_sum(b, expr(SUM_J, w_sym(l - 1, i, "j"), SP, a_sym(l - 1, "j")), terms[s], shown, total)
    b.eq(d, formula, (Num(total), PLUS, Num(bias, factor=True)), Num(drives[s]), long=True)


def activation(b: PageBuilder, ctx: WorkedContext, u: UnitExplanation, s: int) -> None:
    """a_i = f(d_i)."""
    l, i = u.layer, u.i  # noqa: E741
    a, d = a_sym(l, i), d_sym(l, i)
    f = named_function(u.activation or "linear")
    assert u.drives is not None
    value = Num(u.drives[s])
    applied = call(f, value) if f is not None else (value,)
    b.eq(a, call(f_of(l), d), applied, Num(u.activations[s]))


def derivative(b: PageBuilder, ctx: WorkedContext, u: UnitExplanation, s: int) -> None:
    """f'(d_i) from a_i (σ: a(1 − a), tanh: 1 − a²) or by cases (relu, linear)."""
    l, i = u.layer, u.i  # noqa: E741
    a = a_sym(l, i)
    lhs = call(f_prime(l), d_sym(l, i))
    assert u.derivatives is not None
    value = u.derivatives[s]
    act = u.activations[s]
    name = u.activation
    if name == "sigmoid":
        b.eq(
            lhs,
            expr(a, LP, M("1", "1"), MINUS, a, RP),
            (Num(act), TIMES, LP, M("1", "1"), MINUS, Num(act, factor=True), RP),
            Num(value),
        )
    elif name == "tanh":
        one, square = M("1", "1"), M("²", "^2")
        b.eq(lhs, expr(one, MINUS, LP, a, RP, square),
             (one, MINUS, Num(act, factor=True), square), Num(value))  # fmt: skip
    elif name == "relu":
        b.eq(lhs, Num(value))
        d = d_sym(l, i)
        b.note(expr(call(M("relu'", r"\operatorname{relu}'"), d), EQ, M("1", "1")), " for ",
               expr(d, M(" > ", " > "), M("0", "0")), ", else 0")  # fmt: skip
    else:
        b.eq(lhs, Num(value))
        if name == "linear":
            b.note("a linear unit has ", expr(lhs, EQ, M("1", "1")))


def delta(b: PageBuilder, ctx: WorkedContext, u: UnitExplanation, s: int) -> None:
    """δ_i: −(t_i − y_i) f'(d_i), y_i − t_i (cross-entropy), or (Σ_k δ_k w_ki) f'(d_i)."""
    l, i = u.layer, u.i  # noqa: E741
    dl = delta_sym(l, i)
    fp = call(f_prime(l), d_sym(l, i))
    if u.form == "squared":
        t, y = t_sym(i), y_sym(i)
        formula = expr(NEG, LP, t, MINUS, y, RP, DOT, fp)
        assert u.targets is not None and u.outputs is not None and u.derivatives is not None
        assert u.deltas is not None
        values: Expr = (NEG, LP, Num(u.targets[s]), MINUS, Num(u.outputs[s], factor=True), RP,
                  TIMES, Num(u.derivatives[s], factor=True))  # fmt: skip
        b.eq(dl, formula, values, Num(u.deltas[s]))
    elif u.form == "cross_entropy":
        assert u.targets is not None and u.outputs is not None and u.deltas is not None
        t, y = t_sym(i), y_sym(i)
        values = (Num(u.outputs[s]), MINUS, Num(u.targets[s], factor=True))
        b.eq(dl, expr(y, MINUS, t), values, Num(u.deltas[s]))
        b.note("cross-entropy with a sigmoid output: ", (M("σ'", r"\sigma'"),),
               " cancels, so ", expr(dl, EQ, y, MINUS, t))  # fmt: skip
    elif u.form == "hidden":
        _hidden_delta(b, ctx, u, s)


def _hidden_delta(b: PageBuilder, ctx: WorkedContext, u: UnitExplanation, s: int) -> None:
    l, i = u.layer, u.i  # noqa: E741
    assert u.next_weights is not None and u.next_deltas is not None
    assert u.backprop_terms is not None and u.backprop_sums is not None
    assert u.derivatives is not None and u.deltas is not None
    dl = delta_sym(l, i)
    fp = call(f_prime(l), d_sym(l, i))
    dk, wki = delta_sym(l + 1, "k"), w_sym(l, "k", i)
    backprop = expr(SUM_K, dk, SP, wki)
    formula = expr(LP, backprop, RP, DOT, fp)
    count = len(u.next_weights)
    if count <= INLINE_TERMS:
        values: list[Token] = [LP]
        for k in range(count):
            if k:
                values.append(PLUS)
            values += [Num(u.next_deltas[s, k], factor=k > 0), TIMES,
                       Num(u.next_weights[k], factor=True)]  # fmt: skip
        values += [RP, TIMES, Num(u.derivatives[s], factor=True)]
        b.eq(dl, formula, tuple(values), Num(u.deltas[s]), long=True)
        return
    b.eq(dl, formula)
    shown = min(count, ctx.max_terms)
    rows: list[list[ProsePart]] = [
        [str(k + 1), Num(u.next_deltas[s, k]), Num(u.next_weights[k]),
         Num(u.backprop_terms[s, k])]
        for k in range(shown)
    ]  # fmt: skip
    b.table(["k", dk, wki, expr(dk, SP, wki)], rows)
    rest = more(count, shown, "term", "terms")
    if rest:
        b.note(rest)
    b.para(sum_words(count, shown, "term"))
    split_sum(b, backprop, u.backprop_terms[s], shown, u.backprop_sums[s])
    values2 = (Num(u.backprop_sums[s]), TIMES, Num(u.derivatives[s], factor=True))
    b.eq(dl, formula, values2, Num(u.deltas[s]), long=True)
