"""The inspector's page for a unit: d_i, a_i, f'(d_i) and δ_i of one update with the terms of
their sums, in the lecture's notation (from ``mlpgui.core.explain``; formatting only here).

During a phase walk-through, quantities not computed yet are shown as "not yet" with the
phase that will compute them.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from mlpgui.core import get_activation
from mlpgui.core.explain import UnitExplanation, explain_unit, pick
from mlpgui.ui.formatting import plural
from mlpgui.ui.selection import Selection

from . import additions_text as additions
from . import convention
from .explain_text import (
    MAX_ROWS,
    Context,
    _more,
    _more_terms,
    _row_label,
    _rows,
    as_computed,
    batch_words,
    not_yet,
    sample_words,
)
from .rich import Doc, Text, bold, join, muted, sym, text

T = TypeVar("T")

FUNCTION_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu", "linear": "", "step": "step"}


def describe_unit(ctx: Context, selection: Selection) -> Doc:
    """d_i, a_i, f'(d_i) and δ_i of a unit, with the terms of their sums."""
    u = ctx.hidden.mask_unit(explain_unit(ctx.record, selection.layer, selection.i))
    doc = Doc()
    if u.layer == 0:
        _input_unit(doc, ctx, u)
        return doc
    role = "output" if u.layer == ctx.record.n_layers else "hidden"
    doc.title(
        text(f"Unit {u.i + 1} of layer {u.layer} ({role}, f") + sym("", str(u.layer))
        + f" = {u.activation or ''})",
        text(f"{as_computed(ctx.record)} · {sample_words(ctx.record, ctx.sample)}"),
    )  # fmt: skip
    # The sample whose terms are written out (None: a table of every sample instead).
    s = 0 if ctx.record.batch_size == 1 else ctx.sample
    _forward(doc, ctx, u, s)
    _backward(doc, ctx, u, s)
    return doc


def _given(value: T | None) -> T:
    """``value`` of a unit past the inputs, where explain_unit always gives it."""
    if value is None:
        raise ValueError("a unit's explanation lacks values it always has past the inputs")
    return value


def _symbols(u: UnitExplanation) -> tuple[Text, Text, Text, Text]:
    """(d_i^(l), a_i^(l), f_l'(d_i^(l)), δ_i^(l)) of the unit ``u`` explains."""
    layer, i = u.layer, u.i
    d = sym("d", f"{i + 1}", layer)
    fp = text("f") + sym("", str(layer)) + "'(" + d + ")"
    return d, sym("a", f"{i + 1}", layer), fp, sym("δ", f"{i + 1}", layer)


def _input_unit(doc: Doc, ctx: Context, u: UnitExplanation) -> None:
    """An input's page: its value x_i = a_i^(0) for every sample."""
    record, i = ctx.record, u.i
    label = additions.input_label(record, i)
    doc.title(text(f"Input {label}") + " = " + sym("a", f"{i + 1}", 0),
              text(f"{as_computed(record)} · {batch_words(record)}"))  # fmt: skip
    symbol = sym("x", f"{i + 1}") if label == f"x{i + 1}" else text(label)
    _per_sample(doc, ctx, [(symbol, u.activations)])


def _forward(doc: Doc, ctx: Context, u: UnitExplanation, s: int | None) -> None:
    """The section "Forward pass": d_i, a_i = f(d_i) and f'(d_i) of sample ``s`` (None: a
    table of every sample)."""
    layer, n, know = u.layer, ctx.n, ctx.knowledge
    d, a, fp, delta = _symbols(u)
    drives, derivatives = _given(u.drives), _given(u.derivatives)
    doc.section("Forward pass")
    if not know.knows_activation(layer):
        doc.line(d + ", " + a + " = " + not_yet(f"forward, layer {layer}"))
    elif s is not None:
        _drive(doc, ctx, u, s, d)
        f = u.activation or ""
        fs = FUNCTION_SYMBOLS.get(f, f)
        applied = text(f"{fs}(") + n(drives[s]) + ")" if fs else n(drives[s])
        doc.line(a + " = f(" + d + ") = " + applied + " = " + bold(n(u.activations[s])))
        formula = get_activation(f).derivative_formula.split(" = ")[-1]
        doc.line(fp + " = " + muted(formula) + " = " + bold(n(derivatives[s])))
    else:
        columns = [(d, drives), (a, u.activations), (fp, derivatives)]
        if know.knows_delta(layer):
            columns.append((delta, _given(u.deltas)))
        _per_sample(doc, ctx, columns)


def _backward(doc: Doc, ctx: Context, u: UnitExplanation, s: int | None) -> None:
    """The section "Backpropagation": δ_i of an output or a hidden unit."""
    _, _, fp, delta = _symbols(u)
    doc.section("Backpropagation")
    if not ctx.knowledge.knows_delta(u.layer):
        doc.line(delta + " = " + not_yet(f"δ^({u.layer})"))
        return
    if u.form == "squared":
        _squared_delta(doc, ctx, u, s)
    elif u.form == "cross_entropy":
        _cross_entropy_delta(doc, ctx, u, s)
    else:
        _hidden_delta(doc, ctx, u, s, delta, fp)
    if s is None:
        doc.note("per-sample values in the table above; choose a sample to see every term")


def _squared_delta(doc: Doc, ctx: Context, u: UnitExplanation, s: int | None) -> None:
    """δ_i = −(t_i − y_i) · f'(d_i) of an output unit (with sample ``s``'s numbers)."""
    n, i = ctx.n, u.i
    _, _, fp, delta = _symbols(u)
    t, y = sym("t", f"{i + 1}"), sym("y", f"{i + 1}")
    formula = delta + " = −(" + t + " − " + y + ") · " + fp
    if s is None:
        doc.line(formula)
        return
    targets, outputs = _given(u.targets), _given(u.outputs)
    doc.line(
        formula + " = −(" + n(targets[s]) + " − " + n.factor(outputs[s]) + ") × "
        + n.factor(_given(u.derivatives)[s]) + " = " + bold(n(_given(u.deltas)[s]))
    )  # fmt: skip


def _cross_entropy_delta(doc: Doc, ctx: Context, u: UnitExplanation, s: int | None) -> None:
    """δ_i = y_i − t_i of a sigmoid output unit under cross-entropy."""
    n, i = ctx.n, u.i
    delta = _symbols(u)[3]
    t, y = sym("t", f"{i + 1}"), sym("y", f"{i + 1}")
    formula = delta + " = " + y + " − " + t
    if s is None:
        doc.line(formula)
    else:
        targets, outputs = _given(u.targets), _given(u.outputs)
        doc.line(formula + " = " + n(outputs[s]) + " − " + n.factor(targets[s])
                 + " = " + bold(n(_given(u.deltas)[s])))  # fmt: skip
    doc.note("cross-entropy with a sigmoid output: σ' cancels, so δ = y − t")


def _drive(doc: Doc, ctx: Context, u: UnitExplanation, s: int, d: Text) -> None:
    """d_i = Σ_j w_ij a_j + b_i with its terms."""
    n, layer, i = ctx.n, u.layer, u.i
    in_weights, drives, bias = _given(u.in_weights), _given(u.drives), _given(u.bias)
    count = len(in_weights)
    formula = d + " = Σ" + sym("", "j") + " " + sym("w", f"{i + 1}j", layer) + " "
    formula = formula + sym("a", "j", layer - 1) + " + " + sym("b", f"{i + 1}", layer)
    acts = ctx.hidden.mask_activations(ctx.record.activations[layer - 1], layer - 1)[s]
    if count <= 4:
        terms = [n.factor(w) + " × " + n.factor(x) for w, x in zip(in_weights, acts, strict=True)]
        doc.line(formula)
        doc.line(text("   = ") + join(terms, " + ") + " + " + n.factor(bias)
                 + " = " + bold(n(drives[s])))  # fmt: skip
        return
    doc.line(formula + " = " + bold(n(drives[s])))
    drive_terms = _given(u.drive_terms)
    rows = list(range(min(count, MAX_ROWS)))
    body = [[text(str(j + 1)), n(in_weights[j]), n(acts[j]), n(drive_terms[s, j])] for j in rows]
    header = [text("j"), sym("w", f"{i + 1}j", layer), sym("a", "j", layer - 1), text("product")]
    doc.table(header, body)
    _more_terms(doc, count, len(rows))
    doc.line(text("+ ") + sym("b", f"{i + 1}", layer) + " = " + n(bias))


def _hidden_delta(
    doc: Doc, ctx: Context, u: UnitExplanation, s: int | None, delta: Text, fp: Text
) -> None:
    """δ_i = (Σ_k δ_k w_ki) · f'(d_i) of a hidden unit, with the terms for sample ``s``."""
    n, layer, i = ctx.n, u.layer, u.i
    nxt = layer + 1
    dk, wki = sym("δ", "k", nxt), sym("w", f"k{i + 1}", nxt)
    doc.line(delta + " = (Σ" + sym("", "k") + " " + dk + " " + wki + ") · " + fp)
    if s is None:
        return
    next_weights, next_deltas = _given(u.next_weights), _given(u.next_deltas)
    terms, sums = _given(u.backprop_terms), _given(u.backprop_sums)
    count = len(next_weights)
    rows = list(range(min(count, MAX_ROWS)))
    body = [
        [text(str(k + 1)), n(next_deltas[s, k]), n(next_weights[k]), n(terms[s, k])] for k in rows
    ]
    doc.table([text("k"), dk, wki, dk + " " + wki], body)
    _more_terms(doc, count, len(rows))
    sum_ = f"Σ over all {plural(count, 'term')}: Σ" if count > 1 else "Σ over its one term: Σ"
    doc.line(text(sum_) + sym("", "k") + " " + dk + " " + wki + " = " + n(sums[s]))
    doc.line(delta + " = " + n(sums[s]) + " × " + n.factor(_given(u.derivatives)[s]) + " = "
             + bold(n(_given(u.deltas)[s])))  # fmt: skip


def _per_sample(doc: Doc, ctx: Context, columns: list[tuple[Text, np.ndarray]]) -> None:
    """A table with one row per sample (and the batch mean) of the given columns, each (B,)."""
    record, n = ctx.record, ctx.n
    count = record.batch_size
    if count == 1:
        for name, values in columns:
            doc.line(name + " = " + bold(n(values[0])))
        return
    rows = _rows(count, ctx.sample)
    body = [_row_label(record, s) + [n(v[s]) for _, v in columns] for s in rows]
    highlight = rows.index(ctx.sample) if ctx.sample in rows else None
    doc.table([text("n"), text("row")] + [c for c, _ in columns], body, highlight)
    _more(doc, count, len(rows))
    means = join([c + " = " + n(float(pick(v, None))) for c, v in columns], ", ")
    doc.line(text(f"{convention.batch_mean_words(count)}: ") + means)
