"""Worked examples of one update, for slides and handouts: Markdown and LaTeX.

Each function returns a ``WorkedExample``: call ``.markdown()`` (the app's Unicode math,
w₂₁⁽¹⁾) or ``.latex(standalone=False)`` (the lecture's notation, w_{21}^{(1)}; a complete
``article`` document with ``standalone=True``). Every page says which state its numbers are
from (θ before update k, the forward pass at θ_old, θ after update k); numbers have ``digits``
significant digits and every result can be recomputed from the numbers shown before it.

    worked_parameter(record, "w", 1, 0, 0)   # w_11^(2): w_old, δ_i a_j per sample, Σ, the
                                             # mean (mse, cross_entropy) or sum (sse),
                                             # ∂L/∂w, Δw = −γ ∂L/∂w, w_new
    worked_unit(record, 1, 0, sample=0)      # unit 1 of layer 1: d = Σ w a + b, a = f(d),
                                             # f'(d), δ (output or hidden form)
    worked_update(record)                    # the whole update (worked_update.py)
    worked_quantity(record, "drive", 1, 0, sample=0)   # one quantity (exercise answers)

Indices are those of ``mlpgui.ui.selection.Selection`` and ``core.explain``: a parameter's
``layer`` k is 0-based (w_ij of W^(k+1)); a unit's ``layer`` l is the lecture's (0 = inputs,
L = outputs); i, j and ``sample`` (the position in the update's batch) are 0-based.

Options (keyword-only): ``digits`` 1–17 significant digits (default 6); ``max_terms``
1–MAX_LISTED_TERMS: lists and tables show at most this many entries and then "… and m more"
(default 32); ``names``: the user's parameter names, as ``TrainingSetup.parameter_names``
((index into θ, name) pairs) or a {index: name} mapping — a named parameter is shown as
"w5 = w₁₁⁽²⁾". Bad indices or options raise ``WorkedExampleError`` (one sentence).
"""

from __future__ import annotations

from . import worked_sections as sections
from .explain import explain_parameter, explain_unit
from .record import UpdateRecord
from .worked_additions import V_NEW
from .worked_common import (
    DEFAULT_MAX_TERMS,
    MAX_LISTED_TERMS,
    PER_SAMPLE_KINDS,
    QUANTITY_KINDS,
    Names,
    WorkedExample,
    begin,
    check_parameter,
    check_unit,
    make_context,
    rounding_note,
    settings,
    state_of_update,
)
from .worked_page import (
    DEFAULT_DIGITS,
    DELTA_OP,
    DOT,
    EQ,
    GAMMA,
    NEG,
    Num,
    PageBuilder,
    Sym,
    WorkedExampleError,
    expr,
)
from .worked_sections import WorkedContext
from .worked_symbols import (
    THETA_OLD,
    a_sym,
    d_sym,
    delta_sym,
    f_of,
    grad,
    old_new,
    t_sym,
    x_sym,
    y_sym,
)
from .worked_update import worked_update

# --- weights and biases -----------------------------------------------------------------------


def worked_parameter(
    record: UpdateRecord,
    kind: str,
    layer: int,
    i: int,
    j: int = -1,
    *,
    digits: int = DEFAULT_DIGITS,
    max_terms: int = DEFAULT_MAX_TERMS,
    names: Names = None,
) -> WorkedExample:
    """How weight w_ij^(layer+1) (kind "w") or bias b_i^(layer+1) (kind "b") changed."""
    ctx = make_context(record, digits, max_terms, names)
    index = check_parameter(record, kind, layer, i, j)
    e = explain_parameter(record, kind, layer, i, j)
    symbol = sections.parameter_symbol(e)
    l = layer + 1  # noqa: E741 - the lecture's layer index
    noun = "Weight " if kind == "w" else "Bias "
    b = begin(ctx, noun, sections.called(ctx, symbol, index), f" — update {record.step:,}")
    if kind == "w":
        where = f"From unit {j + 1} of layer {layer} to unit {i + 1} of layer {l} · "
    else:
        where = f"Of unit {i + 1} of layer {l} · "
    settings(b, ctx, where)
    _state_of_parameter(b, ctx, kind, symbol)
    b.heading("Before the update")
    sections.old_value(b, ctx, e, index)
    if record.batch_size == 1:
        b.heading("Forward pass and backpropagation")
        if kind == "w":
            b.eq(a_sym(layer, j), Num(e.inputs[0]))
        b.eq(delta_sym(l, i), Num(e.deltas[0]))
    b.heading("Gradient")
    sections.gradient(b, ctx, e)
    b.heading("Update")
    sections.update(b, ctx, e)
    rounding_note(b, ctx)
    return WorkedExample(b.build())


# --- units ------------------------------------------------------------------------------------


def worked_unit(
    record: UpdateRecord,
    layer: int,
    i: int,
    sample: int = 0,
    *,
    digits: int = DEFAULT_DIGITS,
    max_terms: int = DEFAULT_MAX_TERMS,
    names: Names = None,
) -> WorkedExample:
    """d_i, a_i = f(d_i), f'(d_i) and δ_i of unit i of layer l for one sample of the batch."""
    ctx = make_context(record, digits, max_terms, names)
    check_unit(record, layer, i, sample)
    u = explain_unit(record, layer, i)
    where = sections.sample_words(record, sample)
    if layer == 0:
        b = begin(ctx, f"Input {i + 1} — update {record.step:,}")
        settings(b, ctx, where[0].upper() + where[1:] + " · ")
        state_of_update(b, ctx, "an input is the sample's own value, the same in every state.")
        b.eq(a_sym(0, i), x_sym(i), Num(u.activations[sample]))
        return WorkedExample(b.build())
    role = "output" if u.is_output else "hidden"
    b = begin(ctx, f"Unit {i + 1} of layer {layer} ({role}, ", (f_of(layer),),
              f" = {u.activation}) — update {record.step:,}")  # fmt: skip
    settings(b, ctx, where[0].upper() + where[1:] + " · ")
    _state_of_unit(b, ctx)
    b.heading("Forward pass")
    sections.drive(b, ctx, u, sample)
    sections.activation(b, ctx, u, sample)
    sections.derivative(b, ctx, u, sample)
    b.heading("Backpropagation")
    if u.is_output:
        b.eq(y_sym(i), a_sym(layer, i), Num(u.activations[sample]))
        assert u.targets is not None
        b.eq(t_sym(i), Num(u.targets[sample]))
    sections.delta(b, ctx, u, sample)
    rounding_note(b, ctx)
    return WorkedExample(b.build())


# --- one quantity (an exercise's worked answer) -----------------------------------------------


def worked_quantity(
    record: UpdateRecord,
    kind: str,
    layer: int,
    i: int,
    j: int = -1,
    sample: int | None = None,
    *,
    digits: int = DEFAULT_DIGITS,
    max_terms: int = DEFAULT_MAX_TERMS,
    names: Names = None,
) -> WorkedExample:
    """The worked answer for one quantity of ``QUANTITY_KINDS``: only the lines that compute
    it from its inputs (so it gives away no other quantity of an exercise set)."""
    ctx = make_context(record, digits, max_terms, names)
    symbol = check_quantity(record, kind, layer, i, j, sample)
    if kind in PER_SAMPLE_KINDS:
        assert sample is not None
        titles = {
            "drive": ("Drive ", ""),
            "activation": ("Activation ", ""),
            "output_delta": ("", " of the output layer"),
            "hidden_delta": ("", f" of hidden layer {layer}"),
        }
        before, after = titles[kind]
        b = begin(ctx, before, symbol, f"{after} — update {record.step:,}")
        where = sections.sample_words(record, sample)
        settings(b, ctx, where[0].upper() + where[1:] + " · ")
        _state_of_unit(b, ctx)
    else:
        short = "w" if kind.startswith("weight") else "b"
        if kind.endswith("gradient"):
            b = begin(ctx, (grad(symbol),), f" — update {record.step:,}")
        else:
            named = sections.called(ctx, symbol, check_parameter(record, short, layer, i, j))
            b = begin(ctx, named, f" after update {record.step:,} (", (old_new(short, "new"),),
                      ")")  # fmt: skip
        settings(b, ctx, "")
        _state_of_parameter(b, ctx, short, symbol)
    add_quantity(b, ctx, kind, layer, i, j, sample)
    rounding_note(b, ctx)
    return WorkedExample(b.build())


def check_quantity(
    record: UpdateRecord, kind: str, layer: int, i: int, j: int, sample: int | None
) -> Sym:
    """The quantity's symbol (d, a, δ, w or b), or WorkedExampleError if it does not exist."""
    if kind not in QUANTITY_KINDS:
        raise WorkedExampleError(
            f"Unknown quantity {kind!r}; choose one of {', '.join(QUANTITY_KINDS)}."
        )
    if kind not in PER_SAMPLE_KINDS:
        short = "w" if kind.startswith("weight") else "b"
        check_parameter(record, short, layer, i, j)
        return sections.parameter_symbol(explain_parameter(record, short, layer, i, j))
    if sample is None:
        raise WorkedExampleError(f"A {kind.replace('_', ' ')} belongs to one sample; "
                                 "say which (sample=0 is the batch's first).")  # fmt: skip
    check_unit(record, layer, i, sample)
    last = record.n_layers
    if layer == 0 or (kind == "output_delta" and layer != last):
        raise WorkedExampleError(f"Layer {layer} has no {kind.replace('_', ' ')}.")
    if kind == "hidden_delta" and layer == last:
        raise WorkedExampleError(f"Layer {layer} is the output layer; its δ is an output δ.")
    return {"drive": d_sym, "activation": a_sym}.get(kind, delta_sym)(layer, i)


def add_quantity(
    b: PageBuilder,
    ctx: WorkedContext,
    kind: str,
    layer: int,
    i: int,
    j: int = -1,
    sample: int | None = None,
) -> None:
    """Append the lines that compute one quantity (no title, settings or state line) — the
    body of ``worked_quantity``, also used by exercise sheets."""
    record = ctx.record
    check_quantity(record, kind, layer, i, j, sample)
    if kind not in PER_SAMPLE_KINDS:
        short = "w" if kind.startswith("weight") else "b"
        e = explain_parameter(record, short, layer, i, j)
        if kind.endswith("gradient"):
            sections.gradient(b, ctx, e)
            return
        sections.old_value(b, ctx, e, check_parameter(record, short, layer, i, j))
        b.eq(grad(sections.parameter_symbol(e)), Num(e.gradient))
        sections.update(b, ctx, e)
        return
    assert sample is not None
    u = explain_unit(record, layer, i)
    s = sample
    if kind == "drive":
        sections.drive(b, ctx, u, s)
    elif kind == "activation":
        assert u.drives is not None
        b.eq(d_sym(layer, i), Num(u.drives[s]))
        sections.activation(b, ctx, u, s)
    else:
        if u.is_output:
            assert u.targets is not None
            b.eq(y_sym(i), a_sym(layer, i), Num(u.activations[s]))
            b.eq(t_sym(i), Num(u.targets[s]))
        else:
            b.eq(a_sym(layer, i), Num(u.activations[s]))
        if u.form != "cross_entropy":
            sections.derivative(b, ctx, u, s)
        sections.delta(b, ctx, u, s)


def _state_of_parameter(b: PageBuilder, ctx: WorkedContext, kind: str, symbol: Sym) -> None:
    k = f"{ctx.record.step:,}"
    rule = expr(NEG, GAMMA, DOT, grad(symbol))
    if ctx.record.velocity_before is not None:
        rule = (V_NEW,)  # momentum: Δw = v_new = μ v_old − γ ∂L/∂w
    state_of_update(
        b,
        ctx,
        (old_new(kind, "old"),),
        f", the forward pass and δ are at θ before update {k} (",
        (THETA_OLD,),
        "), where ",
        (grad(symbol),),
        " is computed; ",
        expr(DELTA_OP, symbol, EQ, rule),
        " is the update, and ",
        (old_new(kind, "new"),),
        f" is θ after update {k}.",
    )


def _state_of_unit(b: PageBuilder, ctx: WorkedContext) -> None:
    state_of_update(
        b,
        ctx,
        f"d, a, f'(d) and δ are the forward pass and backpropagation at θ before update "
        f"{ctx.record.step:,} (",
        (THETA_OLD,),
        ").",
    )


__all__ = [
    "DEFAULT_MAX_TERMS",
    "MAX_LISTED_TERMS",
    "QUANTITY_KINDS",
    "WorkedExample",
    "WorkedExampleError",
    "worked_parameter",
    "worked_quantity",
    "worked_unit",
    "worked_update",
]
