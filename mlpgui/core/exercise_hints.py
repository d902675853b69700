"""What a quantity depends on: the formula and the given values a student needs to compute it
(the hint of an exercise, and the "given" part of an exercise sheet's question).

    drive d_i^(l)        w_ij^(l) and a_j^(l−1) for every j, b_i^(l)
    activation a_i^(l)   d_i^(l) (and which f)
    output δ_i^(L)       t_i, y_i, d_i^(L), f'(d_i^(L)) — or y_i, t_i for cross-entropy
    hidden δ_i^(l)       δ_k^(l+1) and w_ki^(l+1) for every k, d_i^(l), f'(d_i^(l))
    ∂L/∂w_ij^(l)         δ_i^(l) and a_j^(l−1) of every sample n, B
                         (with regularisation also w_old and λ₂ and/or λ₁)
    ∂L/∂b_i^(l)          δ_i^(l) of every sample n, B
    w_new, b_new         w_old (b_old), γ, ∂L/∂w (∂L/∂b) (with momentum also μ and v_old)

Per-sample givens carry the batch position in ``sample``; keys use the vocabulary of
exercise_quantity, plus ("w", k, i, j) and ("b", k, i) for parameters at θ_old, ("t", i) for a
target, ("learning_rate",) and ("batch_size",), and for the additions to the lecture
("l2_rate",), ("l1_rate",), ("momentum",) and ("w_velocity", k, i, j), ("b_velocity", k, i).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from .exercise_depends import Node
from .exercise_quantity import Key, Quantity, key_of, unit_sample
from .explain import MEAN, combination
from .record import UpdateRecord
from .worked_additions import LAMBDA_1, LAMBDA_2, MU, SIGN, V_OLD, W_OLD
from .worked_latex import prose_latex
from .worked_markdown import prose_markdown
from .worked_page import DOT, EQ, GAMMA, LP, MINUS, NEG, PLUS, RP, Expr, M, Name, Num, Sym, expr
from .worked_symbols import (
    B_SYM,
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


@dataclass(frozen=True)
class Given:
    """One input value: ``symbol`` (a worked-page token; ``text``/``latex`` render it),
    ``value``, the batch position ``sample`` for per-sample values (else None), and ``key``.
    ``hidden_by``: the number (1-based) of another open question that hides this value (its
    answer, or what gives it away); its ``value`` is then NaN (see ``Hint.hiding``)."""

    key: Key
    symbol: Sym | Name | M
    value: float
    sample: int | None = None
    hidden_by: int | None = None

    def shown(self, digits: int) -> str:
        """ "0.25", or "? (hidden until question 3 is answered or revealed)"."""
        if self.hidden_by is not None:
            return f"? (hidden until question {self.hidden_by} is answered or revealed)"
        return Num(self.value).md(digits)

    @property
    def text(self) -> str:
        """ "w₁₂⁽¹⁾" or "a₂⁽⁰⁾ (n = 3)"."""
        tail = "" if self.sample is None else f" (n = {self.sample + 1})"
        return self.symbol.md() + tail

    @property
    def latex(self) -> str:
        tail = "" if self.sample is None else f" \\quad (n = {self.sample + 1})"
        return self.symbol.tex() + tail


@dataclass(frozen=True)
class Hint:
    """The formula of a quantity and the values it needs (in the order the formula uses)."""

    formula: Expr
    given: tuple[Given, ...]

    def formula_text(self) -> str:
        return prose_markdown((self.formula,), 0)

    def formula_latex(self) -> str:
        return prose_latex((self.formula,), 0)

    def markdown(self, digits: int = 6) -> str:
        """The formula, then one list item "symbol = value" per given value."""
        lines = [f"Formula: {prose_markdown((self.formula,), digits)}", ""]
        lines += [f"- {g.text} = {g.shown(digits)}" for g in self.given]
        return "\n".join(lines) + "\n"

    def hiding(self, hidden: Sequence[tuple[int, Node, Collection[Key]]]) -> Hint:
        """This hint with every given value another open question hides shown as "?" and
        why: a hint never shows what the diagram and the inspector hide. ``hidden``: (1-based
        number, the value it asks for, the keys it hides) per open question; a value names the
        question asking for it, else the first that hides it."""
        given = []
        for g in self.given:
            node = (g.key, g.sample)
            asking = (n for n, value, _ in hidden if value == node)
            hiding = (n for n, _, keys in hidden if key_of(node) in keys)
            by = next(asking, next(hiding, None))
            given.append(g if by is None else replace(g, value=math.nan, hidden_by=by))
        return Hint(self.formula, tuple(given))


def hint_for(record: UpdateRecord, q: Quantity) -> Hint:
    """The hint of a validated quantity."""
    if q.per_sample:
        return _unit_hint(record, q)
    return _parameter_hint(record, q)


def _unit_hint(record: UpdateRecord, q: Quantity) -> Hint:
    l, i, s = q.layer, q.i, q.sample  # noqa: E741
    assert s is not None
    u = unit_sample(record, l, i, s)
    if q.kind == "drive":
        given = [Given(("w", l - 1, i, j), w_sym(l - 1, i, j), float(w))
                 for j, w in enumerate(u.weights)]  # fmt: skip
        given += [Given(("a", l - 1, j), a_sym(l - 1, j), float(a), s)
                  for j, a in enumerate(u.inputs)]  # fmt: skip
        given.append(Given(("b", l - 1, i), b_sym(l - 1, i), u.bias))
        formula = expr(d_sym(l, i), EQ, SUM_J, w_sym(l - 1, i, "j"), SP, a_sym(l - 1, "j"),
                       PLUS, b_sym(l - 1, i))  # fmt: skip
        return Hint(formula, tuple(given))
    d = Given(("d", l, i), d_sym(l, i), u.drive, s)
    fp_symbol = M(f"{f_prime(l).md()}({d_sym(l, i).md()})",
                  rf"{f_prime(l).tex()}\left({d_sym(l, i).tex()}\right)")  # fmt: skip
    fp = Given(("fprime", l, i), fp_symbol, u.derivative, s)
    if q.kind == "activation":
        f = named_function(u.activation)
        applied = call(f, d_sym(l, i)) if f is not None else (d_sym(l, i),)
        formula = expr(a_sym(l, i), EQ, call(f_of(l), d_sym(l, i)), EQ, applied)
        return Hint(formula, (d,))
    delta = delta_sym(l, i)
    if q.kind == "output_delta":
        assert u.target is not None
        t = Given(("t", i), t_sym(i), u.target, s)
        y = Given(("a", l, i), y_sym(i), u.value, s)
        if u.form == "cross_entropy":
            return Hint(expr(delta, EQ, y_sym(i), MINUS, t_sym(i)), (y, t))
        formula = expr(delta, EQ, NEG, LP, t_sym(i), MINUS, y_sym(i), RP, DOT,
                       call(f_prime(l), d_sym(l, i)))  # fmt: skip
        return Hint(formula, (t, y, d, fp))
    assert u.next_deltas is not None and u.next_weights is not None
    given = [Given(("delta", l + 1, k), delta_sym(l + 1, k), float(v), s)
             for k, v in enumerate(u.next_deltas)]  # fmt: skip
    given += [Given(("w", l, k, i), w_sym(l, k, i), float(w))
              for k, w in enumerate(u.next_weights)]  # fmt: skip
    formula = expr(delta, EQ, LP, SUM_K, delta_sym(l + 1, "k"), SP, w_sym(l, "k", i), RP, DOT,
                   call(f_prime(l), d_sym(l, i)))  # fmt: skip
    return Hint(formula, (*given, d, fp))


def _parameter_hint(record: UpdateRecord, q: Quantity) -> Hint:
    k, i, j = q.layer, q.i, q.j
    symbol = q.symbol()
    if q.kind.endswith("new"):
        kind = "w" if q.is_weight else "b"
        index = (k, i, j) if q.is_weight else (k, i)
        if q.is_weight:
            old, gradient = record.weights_before[k][i, j], record.weight_gradients[k][i, j]
        else:
            old, gradient = record.biases_before[k][i], record.bias_gradients[k][i]
        formula = expr(old_new(kind, "new"), EQ, old_new(kind, "old"), MINUS, GAMMA, DOT,
                       grad(symbol))  # fmt: skip
        old_symbol = M(f"{kind}_old = {symbol.md()}", rf"{kind}_{{\text{{old}}}} = {symbol.tex()}")
        known: tuple[Given, ...] = (
            Given((kind, *index), old_symbol, float(old)),
            Given(("learning_rate",), GAMMA, record.learning_rate),
            Given((f"{kind}_grad", *index), grad(symbol), float(gradient)),
        )
        velocity = record.velocity_before
        if velocity is not None:  # momentum: w_new = w_old + μ v_old − γ ∂L/∂w
            at = record.layout
            position = at.index_of_weight(k, i, j) if q.is_weight else at.index_of_bias(k, i)
            formula = expr(old_new(kind, "new"), EQ, old_new(kind, "old"), PLUS, MU, DOT, V_OLD,
                           MINUS, GAMMA, DOT, grad(symbol))  # fmt: skip
            known += (
                Given(("momentum",), MU, record.momentum),
                Given((f"{kind}_velocity", *index), V_OLD, float(velocity[position])),
            )
        return Hint(formula, known)
    deltas = record.deltas[k][:, i]
    count = record.batch_size
    per: Expr = (delta_sym(k + 1, i, "n"),)
    given = [Given(("delta", k + 1, i), delta_sym(k + 1, i), float(deltas[n]), n)
             for n in range(count)]  # fmt: skip
    if q.is_weight:
        per = expr(per, SP, a_sym(k, j, "n"))
        inputs = record.activations[k][:, j]
        given += [Given(("a", k, j), a_sym(k, j), float(inputs[n]), n) for n in range(count)]
    given.append(Given(("batch_size",), B_SYM, float(count)))
    mean = combination(record) == MEAN
    rhs = expr(M("1/B ", r"\frac{1}{B}"), SUM_N, per) if mean else expr(SUM_N, per)
    if q.is_weight and (record.l2_rate or record.l1_rate):  # + λ₂ w_old + λ₁ sign(w_old)
        given.append(Given(("w", k, i, j), W_OLD, float(record.weights_before[k][i, j])))
        if record.l2_rate:
            rhs = expr(rhs, PLUS, LAMBDA_2, DOT, W_OLD)
            given.append(Given(("l2_rate",), LAMBDA_2, record.l2_rate))
        if record.l1_rate:
            rhs = expr(rhs, PLUS, LAMBDA_1, DOT, SIGN, LP, W_OLD, RP)
            given.append(Given(("l1_rate",), LAMBDA_1, record.l1_rate))
    return Hint(expr(grad(symbol), EQ, rhs), tuple(given))
