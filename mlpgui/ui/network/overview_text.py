"""The inspector's page when nothing is picked: the update (or the current phase of a
walk-through) layer by layer, and the titles of the phases."""

from __future__ import annotations

from mlpgui.core import UpdateRecord, get_loss
from mlpgui.core.explain import explain_loss, layer_values
from mlpgui.core.losses import loss_title
from mlpgui.ui.formatting import format_count

from . import additions_text as additions
from . import convention
from .explain_text import Context, _more, _row_label, _rows, batch_words, over_all
from .phases import Phase
from .rich import Doc, Numbers, Text, bold, muted, sym, text

HINT = (
    "Click an edge (a weight), a dashed edge (a bias) or a unit in the diagram to see how its "
    "numbers came about; double-click an edge to type a new value."
)


def phase_title(phase: Phase, record: UpdateRecord) -> Text:
    """ "Forward pass, layer 2: d^(2) = W^(2) a^(1) + b^(2), a^(2) = f_2(d^(2))" and so on."""
    if phase.layer is not None:  # a forward or delta phase
        return _layer_phase_title(phase.kind, phase.layer, record)
    if phase.kind == "loss":
        formula = get_loss(record.loss_name).formula.replace("1/N", "1/B")
        regularised = record.regularisation_gradient is not None
        return text("Loss: " + formula + (" + L_reg" if regularised else ""))
    if phase.kind == "gradients":
        return (
            text("Gradients: ∂L/∂") + sym("w", "ij", "l") + " = " + sym("δ", "i", "l") + " "
            + sym("a", "j", "l−1") + ", combined over the batch"
            + (" (+ λ₂ w + λ₁ sign w)" if record.regularisation_gradient is not None else "")
        )  # fmt: skip
    return text("Update: " + update_rule(record))


def _layer_phase_title(kind: str, l: int, record: UpdateRecord) -> Text:  # noqa: E741
    """The title of the forward pass through layer ``l`` or of backpropagation to it."""
    last = record.n_layers
    if kind == "forward":
        return (
            text(f"Forward pass, layer {l}: ") + sym("d", "", l) + " = " + sym("W", "", l) + " "
            + sym("a", "", l - 1) + " + " + sym("b", "", l) + ",  " + sym("a", "", l) + " = f"
            + sym("", str(l)) + "(" + sym("d", "", l) + ")"
        )  # fmt: skip
    if l == last:
        if get_loss(record.loss_name).requires_sigmoid_output:
            return text("Output deltas: ") + sym("δ", "", l) + " = y − t"
        return (
            text("Output deltas: ") + sym("δ", "", l) + " = −(t − y) ⊙ f" + sym("", str(l))
            + "'(" + sym("d", "", l) + ")"
        )  # fmt: skip
    return (
        text(f"Backpropagation to layer {l}: ") + sym("δ", "", l) + " = (" + sym("W", "", l + 1)
        + "ᵀ " + sym("δ", "", l + 1) + ") ⊙ f" + sym("", str(l)) + "'(" + sym("d", "", l) + ")"
    )  # fmt: skip


def update_rule(record: UpdateRecord) -> str:
    """ "θ_new = θ_old − γ ∇L", or with momentum "v_new = μ v_old − γ ∇L, θ_new = θ_old +
    v_new"."""
    if record.velocity_before is not None:
        return "v_new = μ v_old − γ ∇L, θ_new = θ_old + v_new"
    return "θ_new = θ_old − γ ∇L"


def describe_overview(ctx: Context, phase: Phase | None) -> Doc:
    """The update as a whole (or the phase reached so far), layer by layer."""
    record, n = ctx.record, ctx.n
    doc = Doc()
    _title(doc, record, phase, n)
    if phase is not None:
        doc.line(bold(phase_title(phase, record)), indent=False)
    before = convention.theta_before(record.step)
    doc.note(f"d, a, the loss, δ and the gradients are computed at {before}; the update Δθ "
             f"then makes {convention.theta_after(record.step)}")  # fmt: skip
    shown_sample = None if record.batch_size > 1 and ctx.sample is None else (ctx.sample or 0)
    values = ctx.hidden.mask_values(layer_values(record, shown_sample), shown_sample)
    know = ctx.knowledge
    vec = n.vector
    if record.batch_size == 1:
        doc.section(f"Values at {before} (the batch's only sample)")
    elif ctx.sample is None:
        doc.section(f"Values at {before} ({convention.batch_mean_words(record.batch_size)})")
    else:
        doc.section(f"Values at {before}, sample n = {ctx.sample + 1}")
    doc.line(sym("a", "", 0) + additions.inputs_words(record) + vec(values.activations[0]))
    for layer in range(1, record.n_layers + 1):
        if know.knows_activation(layer):
            doc.line(sym("d", "", layer) + " = " + vec(values.drives[layer - 1]))
            doc.line(sym("a", "", layer) + " = " + vec(values.activations[layer]))
    if know.loss:
        doc.line(text("t = ") + vec(values.targets))
    for layer in range(record.n_layers, 0, -1):
        if know.knows_delta(layer):
            doc.line(sym("δ", "", layer) + " = " + vec(values.deltas[layer - 1]))
    if know.loss:
        _loss(doc, ctx)
    hide = ctx.hidden.mask_matrix
    if know.gradients:
        doc.section("Gradients (combined over the batch" + additions.gradient_words(record) + ")")
        for k in range(record.n_layers):
            gradients = hide(record.weight_gradients[k], "grad", "w", k)
            doc.line(text("∂L/∂") + sym("W", "", k + 1) + " = " + _matrix(n, gradients))
            bias = hide(record.bias_gradients[k], "grad", "b", k)
            doc.line(text("∂L/∂") + sym("b", "", k + 1) + " = " + vec(bias))
    if know.update:
        doc.section("Update " + update_rule(record))
        for k in range(record.n_layers):
            changes = hide(record.weight_updates[k], "update", "w", k)
            doc.line(text("Δ") + sym("W", "", k + 1) + " = " + _matrix(n, changes))
            bias = hide(record.bias_updates[k], "update", "b", k)
            doc.line(text("Δ") + sym("b", "", k + 1) + " = " + vec(bias))
        after = f"L({convention.theta_after(record.step)}) = "
        loss_after = float("nan") if ctx.hidden.loss_after() else record.loss_after
        doc.line(text(after) + bold(n(loss_after)) + muted("   on the same batch"))
    doc.note(HINT)
    return doc


def _title(doc: Doc, record: UpdateRecord, phase: Phase | None, n: Numbers) -> None:
    """ "Update k as computed" (or its phase) and its settings: epoch, batch, loss, γ and the
    additions that are on (λ₂, λ₁, μ)."""
    if phase is None:
        head = text(f"Update {format_count(record.step)} as computed")
    else:
        head = text(
            f"Update {format_count(record.step)} · phase {phase.index + 1} of {phase.count}"
        )
    doc.title(
        head,
        text(f"epoch {format_count(record.epoch)} · {batch_words(record)} ({record.batch_mode}) · "
             f"loss {loss_title(record.loss_name)} · γ = ") + n(record.learning_rate)
        + additions.settings_words(record, n),
    )  # fmt: skip


def _loss(doc: Doc, ctx: Context) -> None:
    record, n = ctx.record, ctx.n
    e = ctx.hidden.mask_loss(explain_loss(record), record.n_layers)
    reg = e.regularised
    doc.section("Loss " + e.formula.replace("1/N", "1/B") + (" + L_reg" if reg else ""))
    if record.batch_size > 1:
        rows = _rows(record.batch_size, ctx.sample)
        body = [[*_row_label(record, s), n(e.per_sample[s])] for s in rows]
        highlight = rows.index(ctx.sample) if ctx.sample in rows else None
        doc.table([text("n"), text("row"), sym("L", "n")], body, highlight)
        _more(doc, record.batch_size, len(rows))
        total = text(f"Σ {over_all(record.batch_size)}: Σ") + sym("", "n") + " " + sym("L", "n")
        doc.line(total + " = " + n(e.total))
    b = record.batch_size
    if e.combine == "mean":
        how = convention.batch_mean_words(b)
    else:
        how = "sum over the batch" + ("" if b == 1 else f" of {b:,} samples")
    before = f"L({convention.theta_before(record.step)})"
    if reg:  # the data part, then L_reg and their sum
        shown = additions.L_DATA + f"({convention.theta_before(record.step)}) = "
        doc.line(shown + n(e.data_value) + muted(f"   ({how})"))
        additions.regularised_loss(doc, n, e, before)
    else:
        doc.line(text(before + " = ") + bold(n(e.value)) + muted(f"   ({how})"))


def _matrix(n: Numbers, m) -> Text:
    if m.size > 24:
        return muted(
            f"{m.shape[0]}×{m.shape[1]} values from {n(m.min()).plain} to {n(m.max()).plain}"
        )
    rows = [n.vector(row) for row in m]
    out = text("[")
    for k, row in enumerate(rows):
        out = out + (", " if k else "") + row
    return out + "]"
