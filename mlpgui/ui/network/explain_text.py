"""The inspector's page for a weight or a bias: the lecture's formulas with the numbers of
one update filled in (from ``mlpgui.core.explain``; formatting only here). The context and the
helpers here are shared with the unit's page (unit_text.py) and the overview (overview_text.py).

During a phase walk-through, quantities not computed yet are shown as "not yet" with the
phase that will compute them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlpgui.core import ParameterLayout, UpdateRecord
from mlpgui.core.explain import ParameterExplanation, explain_parameter
from mlpgui.core.losses import loss_title
from mlpgui.ui.formatting import format_count, plural
from mlpgui.ui.selection import Selection

from . import additions_text as additions
from . import convention
from .hiding import MARK, NOTHING, Hidden
from .phases import Knowledge
from .rich import Doc, Numbers, Text, bold, muted, sym, text

MAX_ROWS = 32
"""Per-sample tables list at most this many samples."""


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
    kind, k, i, j = selection.kind, selection.layer, selection.i, selection.j
    e = ctx.hidden.mask_parameter(explain_parameter(ctx.record, kind, k, i, j))
    doc = Doc()
    _parameter_title(doc, ctx, selection, e)
    _parameter_values(doc, ctx, e)
    _parameter_gradient(doc, ctx, e)
    _parameter_update(doc, ctx, e)
    return doc


def _parameter_symbols(e: ParameterExplanation) -> tuple[Text, Text, Text]:
    """(w_ij^(l) or b_i^(l), a_j^(l−1), δ_i^(l)) for the parameter ``e`` explains."""
    k, i, j = e.layer, e.i, e.j
    l = k + 1  # noqa: E741 - the lecture's layer index
    name = sym("w", f"{i + 1}{j + 1}", l) if e.kind == "w" else sym("b", f"{i + 1}", l)
    return name, sym("a", f"{j + 1}", k), sym("δ", f"{i + 1}", l)


def _parameter_title(doc: Doc, ctx: Context, selection: Selection, e: ParameterExplanation) -> None:
    """The title (with the user's name for the parameter), where it sits, and w_old."""
    record, n = ctx.record, ctx.n
    k, i, j = e.layer, e.i, e.j
    l = k + 1  # noqa: E741 - the lecture's layer index
    is_weight = e.kind == "w"
    name = _parameter_symbols(e)[0]
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
             f"loss {loss_title(record.loss_name)}") + additions.settings_words(record, n),
    )  # fmt: skip
    old_symbol = sym("w" if is_weight else "b", "old")
    doc.line(
        old_symbol + " = " + name + " = " + bold(n(e.value_before))
        + muted(f"   (before update {format_count(record.step)})")
    )  # fmt: skip


def _parameter_values(doc: Doc, ctx: Context, e: ParameterExplanation) -> None:
    """The section "Forward pass and backpropagation": a_j and δ_i of the sample shown."""
    record, know, n = ctx.record, ctx.knowledge, ctx.n
    k, l = e.layer, e.layer + 1  # noqa: E741 - the lecture's layer index
    _, a_j, delta_i = _parameter_symbols(e)
    doc.section("Forward pass and backpropagation")
    knows_a, knows_d = know.knows_activation(k), know.knows_delta(l)
    single = record.batch_size == 1
    if single or ctx.sample is not None:
        s = 0 if single or ctx.sample is None else ctx.sample
        if e.kind == "w":
            doc.line(a_j + " = " + (n(e.inputs[s]) if knows_a else not_yet(f"forward, layer {k}")))
        doc.line(delta_i + " = " + (n(e.deltas[s]) if knows_d else not_yet(f"δ^({l})")))
        if not single:
            doc.note(sample_words(record, s))
    else:
        doc.note("one value per sample: see the table under Gradient")


def _parameter_gradient(doc: Doc, ctx: Context, e: ParameterExplanation) -> None:
    """The section "Gradient": ∂L/∂w = δ_i a_j (a table of the terms for a batch)."""
    n, is_weight = ctx.n, e.kind == "w"
    name, a_j, delta_i = _parameter_symbols(e)
    doc.section("Gradient")
    grad = additions.gradient_symbol(e, name)  # ∂L_data/∂w when regularised
    data = additions.data_part(e)
    product = delta_i + (text(" · ") + a_j if is_weight else text(""))
    if not ctx.knowledge.gradients:
        doc.line(grad + " = " + product + " = " + not_yet("gradients"))
        return
    if ctx.record.batch_size == 1:
        values = n(e.deltas[0]) + (text(" × ") + n.factor(e.inputs[0]) if is_weight else "")
        doc.line(grad + " = " + product + " = " + values + " = " + bold(n(data.gradient)))
    else:
        _gradient_table(doc, ctx, data, grad, product, delta_i, a_j, is_weight)
    additions.regularised_gradient(doc, n, e, name)


def _parameter_update(doc: Doc, ctx: Context, e: ParameterExplanation) -> None:
    """The section "Update": Δw = −γ ∂L/∂w (or with momentum) and w_new = w_old + Δw."""
    know, n = ctx.knowledge, ctx.n
    name = _parameter_symbols(e)[0]
    step = format_count(ctx.record.step)
    doc.section("Update")
    if not know.update:
        doc.line(text("Δ") + name + " = −γ · ∂L/∂" + name + " = " + not_yet("update"))
        return
    if not e.trained:
        doc.line(text("Δ") + name + " = " + bold("0"))
        doc.note("biases are kept fixed (Training ▸ Train biases is off); their gradient is "
                 "still computed")  # fmt: skip
    elif not additions.momentum_update(doc, n, e, name):  # else v_new = μ v_old − γ ∂L/∂w
        doc.line(
            text("Δ") + name + " = −γ · ∂L/∂" + name + " = −" + n.factor(e.learning_rate)
            + " × " + n.factor(e.gradient) + " = " + bold(n(e.update))
        )  # fmt: skip
    old_new = "w" if e.kind == "w" else "b"
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


def _gradient_table(
    doc: Doc, ctx: Context, e: ParameterExplanation, grad: Text, product: Text, delta_i: Text,
    a_j: Text, is_weight: bool,
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
            f"loss {loss_title(record.loss_name)} averages over the batch: the mean of the terms, "
            f"{convention.batch_mean_words(count)}"
        )
    else:
        doc.line(grad + " = Σ = " + bold(n(e.gradient)))
        doc.note(f"loss {loss_title(record.loss_name)} sums over the batch (no 1/B)")
