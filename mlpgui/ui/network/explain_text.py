"""The inspector's pages for a weight, a bias or a unit: the lecture's formulas with the
numbers of one update filled in (from ``mlpgui.core.explain``; formatting only here).

During a phase walk-through, quantities not computed yet are shown as "not yet" with the
phase that will compute them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mlpgui.core import ParameterLayout, UpdateRecord, get_activation
from mlpgui.core.explain import explain_parameter, explain_unit, pick
from mlpgui.ui.formatting import format_count, plural
from mlpgui.ui.selection import Selection

from . import additions_text as additions
from . import convention
from .hiding import MARK, NOTHING, Hidden
from .phases import Knowledge
from .rich import Doc, Numbers, Text, bold, join, muted, sym, text

MAX_ROWS = 32
"""Per-sample tables list at most this many samples."""

FUNCTION_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu", "linear": "", "step": "step"}


@dataclass(frozen=True)
class Context:
    """What the inspector shows: an update (possibly only partly revealed), which sample of
    its batch (None: all of them / the batch mean) and how many significant digits.
    ``current``: the parameter's value now, if it was edited after this update; ``names``:
    the user's names of parameters {index into θ: name}; ``hidden``: what an open exercise
    hides (hiding.py: its numbers are written as "?")."""

    record: UpdateRecord
    knowledge: Knowledge
    sample: int | None
    digits: int
    current: float | None = None
    names: dict[int, str] = field(default_factory=dict)
    hidden: Hidden = NOTHING

    @property
    def n(self) -> Numbers:
        return Numbers(self.digits, MARK if self.hidden else None)


def not_yet(phase: str) -> Text:
    return muted(f"not computed yet (phase “{phase}”)")


def batch_words(record: UpdateRecord) -> str:
    return f"batch of {plural(record.batch_size, 'sample')}"


def as_computed(record: UpdateRecord) -> str:
    """ "update 1 as computed (at θ before update 1)"."""
    step = record.step
    return f"{convention.update_words(step)} as computed (at {convention.theta_before(step)})"


def sample_words(record: UpdateRecord, sample: int | None) -> str:
    if record.batch_size == 1:
        return f"sample: dataset row {int(record.batch_indices[0]) + 1}"
    if sample is None:
        return f"every sample of the {batch_words(record)}"
    row = int(record.batch_indices[sample]) + 1
    return f"sample n = {sample + 1} of the batch, dataset row {row}"


def _rows(count: int, sample: int | None) -> list[int]:
    """The batch positions a per-sample table lists: the first MAX_ROWS (and the chosen one)."""
    rows = list(range(min(count, MAX_ROWS)))
    if sample is not None and sample >= MAX_ROWS:
        rows.append(sample)
    return rows


def _row_label(record: UpdateRecord, n: int) -> list[Text]:
    return [text(str(n + 1)), text(str(int(record.batch_indices[n]) + 1))]


def _more(doc: Doc, count: int, listed: int) -> None:
    if count > listed:
        doc.note(f"… and {plural(count - listed, 'more sample', 'more samples')} (not listed)")


def _more_terms(doc: Doc, count: int, listed: int) -> None:
    if count > listed:
        doc.note(f"… and {plural(count - listed, 'more term', 'more terms')} (not listed)")


def over_all(count: int) -> str:
    """ "over all 50 samples" (the batch's; also when not all are listed)."""
    if count == 1:
        return "over the batch's one sample"
    return f"over all {plural(count, 'sample')}"


# --- weights and biases -----------------------------------------------------------------------


def describe_parameter(ctx: Context, selection: Selection) -> Doc:
    """How w_ij^(l) or b_i^(l) changed in the update."""
    record, know, n = ctx.record, ctx.knowledge, ctx.n
    k, i, j = selection.layer, selection.i, selection.j
    l = k + 1  # noqa: E741 - the lecture's layer index
    is_weight = selection.kind == "w"
    e = ctx.hidden.mask_parameter(explain_parameter(record, selection.kind, k, i, j))
    name = sym("w", f"{i + 1}{j + 1}", l) if is_weight else sym("b", f"{i + 1}", l)
    a_j = sym("a", f"{j + 1}", k)
    delta_i = sym("δ", f"{i + 1}", l)
    doc = Doc()
    index = selection.parameter_index(ParameterLayout(record.layer_sizes))
    user_name = None if index is None else ctx.names.get(index)
    called = name if user_name is None else text(f"{user_name} = ") + name
    if is_weight:
        label = additions.input_label(record, j) if k == 0 else ""
        source = f"unit {j + 1} of layer {k}" + (f" ({label})" if k == 0 else "")
        title = text("Weight ") + called
        where = f"from {source} to unit {i + 1} of layer {l}"
    else:
        title = text("Bias ") + called
        where = f"of unit {i + 1} of layer {l} (an edge from the bias node 1 of layer {k})"
    doc.title(
        title,
        text(f"{where} · {as_computed(record)} · {batch_words(record)} · "
             f"loss {record.loss_name}") + additions.settings_words(record, n),
    )  # fmt: skip
    old_symbol = sym("w" if is_weight else "b", "old")
    step = format_count(record.step)
    doc.line(
        old_symbol + " = " + name + " = " + bold(n(e.value_before))
        + muted(f"   (before update {step})")
    )  # fmt: skip

    doc.section("Forward pass and backpropagation")
    knows_a, knows_d = know.knows_activation(k), know.knows_delta(l)
    single = record.batch_size == 1
    if single or ctx.sample is not None:
        s = 0 if single else ctx.sample
        if is_weight:
            doc.line(a_j + " = " + (n(e.inputs[s]) if knows_a else not_yet(f"forward, layer {k}")))
        doc.line(delta_i + " = " + (n(e.deltas[s]) if knows_d else not_yet(f"δ^({l})")))
        if not single:
            doc.note(sample_words(record, s))
    else:
        doc.note("one value per sample: see the table under Gradient")

    doc.section("Gradient")
    grad = additions.gradient_symbol(e, name)  # ∂L_data/∂w when regularised
    data = additions.data_part(e)
    product = delta_i + (text(" · ") + a_j if is_weight else text(""))
    if not know.gradients:
        doc.line(grad + " = " + product + " = " + not_yet("gradients"))
    elif single:
        values = n(e.deltas[0]) + (text(" × ") + n.factor(e.inputs[0]) if is_weight else "")
        doc.line(grad + " = " + product + " = " + values + " = " + bold(n(data.gradient)))
    else:
        _gradient_table(doc, ctx, data, grad, product, delta_i, a_j, is_weight)
    if know.gradients:
        additions.regularised_gradient(doc, n, e, name)

    doc.section("Update")
    if not know.update:
        doc.line(text("Δ") + name + " = −γ · ∂L/∂" + name + " = " + not_yet("update"))
    elif not e.trained:
        doc.line(text("Δ") + name + " = " + bold("0"))
        doc.note("biases are kept fixed (Training ▸ Train biases is off); their gradient is "
                 "still computed")  # fmt: skip
    elif additions.momentum_update(doc, n, e, name):
        pass  # v_new = μ v_old − γ ∂L/∂w, Δw = v_new
    else:
        doc.line(
            text("Δ") + name + " = −γ · ∂L/∂" + name + " = −" + n.factor(e.learning_rate)
            + " × " + n.factor(e.gradient) + " = " + bold(n(e.update))
        )  # fmt: skip
    if know.update:
        old_new = ("w", "b")[not is_weight]
        doc.line(
            sym(old_new, "new") + " = " + sym(old_new, "old") + " + Δ" + name + " = "
            + n(e.value_before) + " + " + n.factor(e.update) + " = " + bold(n(e.value_after))
            + muted(f"   (after update {step})")
        )  # fmt: skip
        if ctx.current is not None and ctx.current != e.value_after:
            doc.note(
                text(f"edited since update {step}: now ") + name + " = " + n(ctx.current)
                + " (the next update starts from it)"
            )  # fmt: skip
    return doc


def _gradient_table(
    doc: Doc, ctx: Context, e, grad: Text, product: Text, delta_i: Text, a_j: Text,
    is_weight: bool,
) -> None:  # fmt: skip
    record, n = ctx.record, ctx.n
    count = e.batch_size
    mean = e.combine == "mean"
    over = text("1/B Σ") if mean else text("Σ")
    l = e.layer + 1  # noqa: E741 - the lecture's layer index
    per_sample = sym("δ", f"{e.i + 1},n", l)
    if is_weight:
        per_sample = per_sample + " " + sym("a", f"{e.j + 1},n", e.layer)
    doc.line(grad + " = " + over + sym("", "n") + " " + per_sample)
    rows = _rows(count, ctx.sample)
    header = [text("n"), text("row")] + ([a_j] if is_weight else []) + [delta_i, product]
    body = []
    for s in rows:
        cells = _row_label(record, s)
        if is_weight:
            cells.append(n(e.inputs[s]))
        body.append([*cells, n(e.deltas[s]), n(e.terms[s])])
    highlight = rows.index(ctx.sample) if ctx.sample in rows else None
    doc.table(header, body, highlight)
    _more(doc, count, len(rows))
    doc.line(text(f"Σ {over_all(count)}: Σ") + sym("", "n") + " " + per_sample + " = "
             + bold(n(e.term_sum)))  # fmt: skip
    if mean:
        doc.line(grad + " = Σ / B = " + n(e.term_sum) + f" / {count} = " + bold(n(e.gradient)))
        doc.note(
            f"loss {record.loss_name} averages over the batch: the mean of the terms, "
            f"{convention.batch_mean_words(count)}"
        )
    else:
        doc.line(grad + " = Σ = " + bold(n(e.gradient)))
        doc.note(f"loss {record.loss_name} sums over the batch (no 1/B)")


# --- units ------------------------------------------------------------------------------------


def describe_unit(ctx: Context, selection: Selection) -> Doc:
    """d_i, a_i, f'(d_i) and δ_i of a unit, with the terms of their sums."""
    record, know, n = ctx.record, ctx.knowledge, ctx.n
    layer, i = selection.layer, selection.i
    u = ctx.hidden.mask_unit(explain_unit(record, layer, i))
    last = record.n_layers
    doc = Doc()
    if layer == 0:
        label = additions.input_label(record, i)
        doc.title(text(f"Input {label}") + " = " + sym("a", f"{i + 1}", 0),
                  text(f"{as_computed(record)} · {batch_words(record)}"))  # fmt: skip
        symbol = sym("x", f"{i + 1}") if label == f"x{i + 1}" else text(label)
        _per_sample(doc, ctx, [(symbol, u.activations)])
        return doc
    f = u.activation or ""
    role = "output" if layer == last else "hidden"
    doc.title(
        text(f"Unit {i + 1} of layer {layer} ({role}, f") + sym("", str(layer)) + f" = {f})",
        text(f"{as_computed(record)} · {sample_words(record, ctx.sample)}"),
    )
    d, a = sym("d", f"{i + 1}", layer), sym("a", f"{i + 1}", layer)
    fp = text("f") + sym("", str(layer)) + "'(" + d + ")"
    delta = sym("δ", f"{i + 1}", layer)
    single = record.batch_size == 1 or ctx.sample is not None
    s = 0 if record.batch_size == 1 else ctx.sample

    doc.section("Forward pass")
    if not know.knows_activation(layer):
        doc.line(d + ", " + a + " = " + not_yet(f"forward, layer {layer}"))
    elif single:
        _drive(doc, ctx, u, s, d)
        fs = FUNCTION_SYMBOLS.get(f, f)
        applied = text(f"{fs}(") + n(u.drives[s]) + ")" if fs else n(u.drives[s])
        doc.line(a + " = f(" + d + ") = " + applied + " = " + bold(n(u.activations[s])))
        formula = get_activation(f).derivative_formula.split(" = ")[-1]
        doc.line(fp + " = " + muted(formula) + " = " + bold(n(u.derivatives[s])))
    else:
        columns = [(d, u.drives), (a, u.activations), (fp, u.derivatives)]
        if know.knows_delta(layer):
            columns.append((delta, u.deltas))
        _per_sample(doc, ctx, columns)

    doc.section("Backpropagation")
    if not know.knows_delta(layer):
        doc.line(delta + " = " + not_yet(f"δ^({layer})"))
        return doc
    if u.form == "squared":
        t, y = sym("t", f"{i + 1}"), sym("y", f"{i + 1}")
        formula = delta + " = −(" + t + " − " + y + ") · " + fp
        if single:
            doc.line(
                formula + " = −(" + n(u.targets[s]) + " − " + n.factor(u.outputs[s]) + ") × "
                + n.factor(u.derivatives[s]) + " = " + bold(n(u.deltas[s]))
            )  # fmt: skip
        else:
            doc.line(formula)
    elif u.form == "cross_entropy":
        t, y = sym("t", f"{i + 1}"), sym("y", f"{i + 1}")
        formula = delta + " = " + y + " − " + t
        if single:
            doc.line(formula + " = " + n(u.outputs[s]) + " − " + n.factor(u.targets[s])
                     + " = " + bold(n(u.deltas[s])))  # fmt: skip
        else:
            doc.line(formula)
        doc.note("cross-entropy with a sigmoid output: σ' cancels, so δ = y − t")
    else:
        _hidden_delta(doc, ctx, u, s if single else None, delta, fp)
    if not single:
        doc.note("per-sample values in the table above; choose a sample to see every term")
    return doc


def _drive(doc: Doc, ctx: Context, u, s: int, d: Text) -> None:
    """d_i = Σ_j w_ij a_j + b_i with its terms."""
    n, layer, i = ctx.n, u.layer, u.i
    count = len(u.in_weights)
    formula = d + " = Σ" + sym("", "j") + " " + sym("w", f"{i + 1}j", layer) + " "
    formula = formula + sym("a", "j", layer - 1) + " + " + sym("b", f"{i + 1}", layer)
    if count <= 4:
        acts = ctx.hidden.mask_activations(ctx.record.activations[layer - 1], layer - 1)[s]
        terms = [n.factor(w) + " × " + n.factor(x) for w, x in zip(u.in_weights, acts, strict=True)]
        doc.line(formula)
        doc.line(text("   = ") + join(terms, " + ") + " + " + n.factor(u.bias)
                 + " = " + bold(n(u.drives[s])))  # fmt: skip
        return
    doc.line(formula + " = " + bold(n(u.drives[s])))
    acts = ctx.hidden.mask_activations(ctx.record.activations[layer - 1], layer - 1)[s]
    rows = list(range(min(count, MAX_ROWS)))
    body = [
        [text(str(j + 1)), n(u.in_weights[j]), n(acts[j]), n(u.drive_terms[s, j])] for j in rows
    ]
    header = [text("j"), sym("w", f"{i + 1}j", layer), sym("a", "j", layer - 1), text("product")]
    doc.table(header, body)
    _more_terms(doc, count, len(rows))
    doc.line(text("+ ") + sym("b", f"{i + 1}", layer) + " = " + n(u.bias))


def _hidden_delta(doc: Doc, ctx: Context, u, s: int | None, delta: Text, fp: Text) -> None:
    n, layer, i = ctx.n, u.layer, u.i
    nxt = layer + 1
    dk, wki = sym("δ", "k", nxt), sym("w", f"k{i + 1}", nxt)
    doc.line(delta + " = (Σ" + sym("", "k") + " " + dk + " " + wki + ") · " + fp)
    if s is None:
        return
    count = len(u.next_weights)
    rows = list(range(min(count, MAX_ROWS)))
    body = [
        [text(str(k + 1)), n(u.next_deltas[s, k]), n(u.next_weights[k]), n(u.backprop_terms[s, k])]
        for k in rows
    ]
    doc.table([text("k"), dk, wki, dk + " " + wki], body)
    _more_terms(doc, count, len(rows))
    sum_ = f"Σ over all {plural(count, 'term')}: Σ" if count > 1 else "Σ over its one term: Σ"
    doc.line(text(sum_) + sym("", "k") + " " + dk + " " + wki + " = " + n(u.backprop_sums[s]))
    doc.line(delta + " = " + n(u.backprop_sums[s]) + " × " + n.factor(u.derivatives[s]) + " = "
             + bold(n(u.deltas[s])))  # fmt: skip


def _per_sample(doc: Doc, ctx: Context, columns: list[tuple[Text, np.ndarray]]) -> None:
    """A table with one row per sample (and the batch mean) of the given columns."""
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
    means = join([c + " = " + n(pick(v, None)) for c, v in columns], ", ")
    doc.line(text(f"{convention.batch_mean_words(count)}: ") + means)
