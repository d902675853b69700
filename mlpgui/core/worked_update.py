"""The whole update as one worked example: θ_old, the forward pass per layer, the loss, δ per
layer, the gradients and the update θ_new = θ_old − γ ∇L, with L(θ_new) at the end. With the
additions to the lecture (worked_additions.py): L = L_data + L_reg, ∂L/∂θ = ∂L_data/∂θ + g_reg,
v_new = μ v_old − γ ∂L/∂θ and Δθ = v_new, each with its numbers.

Tables have one row per sample of the batch (or per unit, per parameter); each lists at most
``max_terms`` rows and columns and says how many more there are.
"""

from __future__ import annotations

import numpy as np

from . import worked_additions as additions
from .explain import MEAN, combination, explain_loss
from .layout import ParameterLayout
from .losses import get_loss, loss_title
from .record import UpdateRecord
from .worked_common import (
    DEFAULT_MAX_TERMS,
    Names,
    WorkedExample,
    begin,
    make_context,
    network_settings,
    rounding_note,
    state_of_update,
)
from .worked_page import (
    DEFAULT_DIGITS,
    DELTA_OP,
    DOT,
    EQ,
    GAMMA,
    LP,
    MINUS,
    NEG,
    ODOT,
    PLUS,
    RP,
    Expr,
    M,
    Name,
    Num,
    PageBuilder,
    ProsePart,
    Sym,
    expr,
)
from .worked_sections import WorkedContext, more, split_sum, sum_words
from .worked_symbols import (
    B_SYM,
    DIVIDE,
    HALF,
    SP,
    SUM_N,
    THETA,
    THETA_NEW,
    THETA_OLD,
    a_sym,
    b_sym,
    call,
    d_sym,
    delta_sym,
    f_prime,
    grad,
    named_function,
    t_sym,
    w_sym,
    y_sym,
)

L_N = Sym("L", "n")


def _vector(base: str, l: int) -> Sym:  # noqa: E741
    """d⁽ˡ⁾, a⁽ˡ⁾, δ⁽ˡ⁾ (a whole layer)."""
    return Sym(base, "", l)


def worked_update(
    record: UpdateRecord,
    *,
    digits: int = DEFAULT_DIGITS,
    max_terms: int = DEFAULT_MAX_TERMS,
    names: Names = None,
) -> WorkedExample:
    """Every number of one update, in the lecture's order (see the module docstring)."""
    ctx = make_context(record, digits, max_terms, names)
    k = f"{record.step:,}"
    b = begin(ctx, f"Update {k} — worked example")
    network_settings(b, ctx)
    state_of_update(
        b,
        ctx,
        (THETA_OLD,),
        f" is θ before update {k}; the forward pass, the loss, δ and the "
        "gradients are computed at it; ",
        expr(THETA_NEW, EQ, THETA_OLD, PLUS, DELTA_OP, THETA),
        f" is θ after update {k}, where ",
        call(M("L", "L"), THETA_NEW),
        " is the same batch's loss.",
    )
    b.heading("Parameters before the update: ", (THETA_OLD,))
    for layer in range(record.n_layers):
        _parameters(b, ctx, layer)
    b.heading("Forward pass at ", (THETA_OLD,))
    _samples(b, ctx, ["input"], [(a_sym(0, j), record.activations[0][:, j])
                                 for j in range(record.layer_sizes[0])])  # fmt: skip
    for l in range(1, record.n_layers + 1):  # noqa: E741
        _forward(b, ctx, l)
    _loss(b, ctx)
    b.heading("Backpropagation: δ per layer")
    for l in range(record.n_layers, 0, -1):  # noqa: E741
        _deltas(b, ctx, l)
    _updates(b, ctx)
    b.heading("After the update")
    b.eq(call(M("L", "L"), THETA_NEW), Num(record.loss_after))
    b.note(f"the loss of the same batch at θ after update {k}")
    rounding_note(b, ctx)
    return WorkedExample(b.build())


def _parameters(b: PageBuilder, ctx: WorkedContext, layer: int) -> None:
    """W^(l) and b^(l) at θ_old as one table: rows i, columns j and the bias."""
    record = ctx.record
    l = layer + 1  # noqa: E741
    weights, biases = record.weights_before[layer], record.biases_before[layer]
    n_out, n_in = weights.shape
    rows, cols = min(n_out, ctx.max_terms), min(n_in, ctx.max_terms)
    b.para(f"Layer {l}: ", (Sym("W", "", l),), " and ", (Sym("b", "", l),),
           f" (row i: the weights into unit i of layer {l}, then its bias)")  # fmt: skip
    header: list[ProsePart] = ["", *(f"j = {j + 1}" for j in range(cols)), "bias"]
    body: list[list[ProsePart]] = [
        [f"i = {i + 1}", *(Num(weights[i, j]) for j in range(cols)), Num(biases[i])]
        for i in range(rows)
    ]
    b.table(header, body)
    for rest in (more(n_out, rows, "row", "rows"), more(n_in, cols, "column", "columns")):
        if rest:
            b.note(rest)
    layout = ParameterLayout(record.layer_sizes)
    named: list[ProsePart] = []
    for index, name in sorted(ctx.names.items()):
        kind, k, i, j = layout.describe(index)
        if k == layer:
            symbol = w_sym(k, i, j) if kind == "w" else b_sym(k, i)
            named += [", "] if named else []
            named.append((Name(name), EQ, symbol))
    if named:
        b.para("Named: ", *named)


Column = tuple[Expr | Sym, np.ndarray]
"""A symbol and its per-sample values, (B,)."""


def _samples(b: PageBuilder, ctx: WorkedContext, lead: list[str], columns: list[Column]) -> None:
    """A table of per-sample columns (each a (B,) array): rows n, dataset row, values."""
    record = ctx.record
    count = record.batch_size
    shown = min(count, ctx.max_terms)
    header: list[ProsePart] = ["n", "row", *(c for c, _ in columns)]
    body: list[list[ProsePart]] = []
    for n in range(shown):
        row: list[ProsePart] = [str(n + 1), f"{int(record.batch_indices[n]) + 1:,}"]
        body.append(row + [Num(values[n]) for _, values in columns])
    if lead and lead[0] == "input":
        b.para("Inputs ", (_vector("a", 0),), " = x of each sample",
               additions.input_words(record), ":")  # fmt: skip
    b.table(header, body)
    rest = more(count, shown, "sample", "samples")
    if rest:
        b.note(rest)


def _unit_columns(ctx: WorkedContext, l: int, base: str, arrays: np.ndarray) -> list[Column]:  # noqa: E741
    """(symbol, per-sample values) for the first max_terms units of a layer."""
    make = {"d": d_sym, "a": a_sym, "δ": delta_sym}[base]
    units = min(arrays.shape[1], ctx.max_terms)
    return [(make(l, i), arrays[:, i]) for i in range(units)]


def _units_note(b: PageBuilder, ctx: WorkedContext, l: int) -> None:  # noqa: E741
    rest = more(ctx.record.layer_sizes[l], ctx.max_terms, "unit", "units")
    if rest:
        b.note(rest)


def _forward(b: PageBuilder, ctx: WorkedContext, l: int) -> None:  # noqa: E741
    record = ctx.record
    name = record.activation_names[l - 1]
    f = named_function(name)
    d, a = _vector("d", l), _vector("a", l)
    applied = call(f, d) if f is not None else (d,)
    b.para(f"Layer {l} ({name}): ",
           expr(d, EQ, Sym("W", "", l), SP, _vector("a", l - 1), PLUS, Sym("b", "", l)), ", ",
           expr(a, EQ, applied))  # fmt: skip
    columns = _unit_columns(ctx, l, "d", record.drives[l - 1])
    columns += _unit_columns(ctx, l, "a", record.activations[l])
    _samples(b, ctx, [], columns)
    _units_note(b, ctx, l)


def _loss(b: PageBuilder, ctx: WorkedContext) -> None:
    record = ctx.record
    e = explain_loss(record)
    loss = get_loss(record.loss_name)
    b.heading("Loss ", call(M("L", "L"), THETA_OLD))
    t, y = Sym("t", "k"), Sym("y", "k")
    if loss.requires_sigmoid_output:
        ln = M("ln ", r"\ln ")
        per = expr(NEG, M("Σₖ ", r"\sum_{k} "), M("[", r"\left["), t, DOT, ln, y, PLUS,
                   LP, M("1", "1"), MINUS, t, RP, DOT, ln, LP, M("1", "1"), MINUS, y, RP,
                   M("]", r"\right]"))  # fmt: skip
    else:
        per = expr(M("Σₖ ", r"\sum_{k} "), HALF, LP, t, MINUS, y, RP, M("²", "^2"))
    b.para("Each sample's loss: ", expr(L_N, EQ, per))
    n_out = record.layer_sizes[-1]
    columns: list[Column] = []
    for i in range(min(n_out, ctx.max_terms)):
        columns += [(t_sym(i), e.targets[:, i]), (y_sym(i), e.outputs[:, i])]
    columns.append((L_N, e.per_sample))
    _samples(b, ctx, [], columns)
    _units_note(b, ctx, record.n_layers)
    count = record.batch_size
    b.para(sum_words(count, min(count, ctx.max_terms), "sample", " of the batch"))
    split_sum(b, expr(SUM_N, L_N), e.per_sample, ctx.max_terms, e.total)
    lhs = call(M("L", "L"), THETA_OLD)
    data = call(additions.L_DATA, THETA_OLD) if e.regularised else lhs
    value = e.data_value if e.regularised else e.value
    if e.combine == MEAN:
        b.eq(data, expr(LP, SUM_N, L_N, RP, DIVIDE, B_SYM),
             (Num(e.total), DIVIDE, M(str(count), str(count))), Num(value))  # fmt: skip
    else:
        b.eq(data, expr(SUM_N, L_N), Num(value))
    additions.regularised_loss(b, e, lhs)


def _deltas(b: PageBuilder, ctx: WorkedContext, l: int) -> None:  # noqa: E741
    record = ctx.record
    delta = _vector("δ", l)
    fp = call(f_prime(l), _vector("d", l))
    if l == record.n_layers:
        if get_loss(record.loss_name).requires_sigmoid_output:
            formula = expr(delta, EQ, Sym("y"), MINUS, Sym("t"))
        else:
            formula = expr(delta, EQ, NEG, LP, Sym("t"), MINUS, Sym("y"), RP, ODOT, fp)
        b.para(f"Output layer {l}: ", formula)
    else:
        transposed = M(f"W{Sym('', '', l + 1).md()}ᵀ", f"W^{{({l + 1})T}}")
        formula = expr(delta, EQ, LP, transposed, SP, _vector("δ", l + 1), RP, ODOT, fp)
        b.para(f"Layer {l}: ", formula, " (unit i: ",
               expr(LP, M("Σₖ ", r"\sum_k "), delta_sym(l + 1, "k"), SP, w_sym(l, "k", "i"), RP,
                    DOT, call(f_prime(l), d_sym(l, "i"))), ")")  # fmt: skip
    _samples(b, ctx, [], _unit_columns(ctx, l, "δ", record.deltas[l - 1]))
    _units_note(b, ctx, l)


def _updates(b: PageBuilder, ctx: WorkedContext) -> None:
    record = ctx.record
    b.heading("Gradients and update")
    per_w = expr(SUM_N, delta_sym("l", "i", "n"), SP, a_sym("l−1", "j", "n"))
    mean = combination(record) == MEAN
    g = grad(Sym("w", "ij", "l"))
    rule = expr(g, EQ, M("1/B ", r"\frac{1}{B}"), per_w) if mean else expr(g, EQ, per_w)
    b.para("Gradient: ", rule, " (", "the mean over the batch" if mean else "the sum over the "
           "batch", f", loss {loss_title(record.loss_name)}); for a bias ", (Sym("a", "j"),),
           " is replaced by 1.")  # fmt: skip
    theta = THETA
    columns = additions.update_columns(b, record)
    if not additions.uses_momentum(record):
        b.para("Update: ", expr(DELTA_OP, theta, EQ, NEG, GAMMA, DOT, grad(Sym("θ"))), ", ",
               expr(THETA_NEW, EQ, THETA_OLD, PLUS, DELTA_OP, theta), ".")  # fmt: skip
    if not record.train_biases:
        b.note("biases are kept fixed (Train biases is off): ",
               expr(DELTA_OP, Sym("b"), EQ, Num(0.0)), ", ",
               expr(Sym("b", "new"), EQ, Sym("b", "old")))  # fmt: skip
    layout = ParameterLayout(record.layer_sizes)
    for layer in range(record.n_layers):
        b.para(f"Layer {layer + 1}:")
        start, stop = layout.offsets[layer], layout.offsets[layer + 1]
        shown = min(stop - start, ctx.max_terms)
        header: list[ProsePart] = [
            "parameter", (THETA_OLD,), *columns.extra_before,
            (M("∂L/∂θ", r"\partial L / \partial \theta"),), *columns.extra_after,
            (DELTA_OP, theta), (THETA_NEW,)]  # fmt: skip
        body: list[list[ProsePart]] = []
        for index in range(start, start + shown):
            kind, k, i, j = layout.describe(index)
            symbol = w_sym(k, i, j) if kind == "w" else b_sym(k, i)
            name = ctx.name(index)
            label = (symbol,) if name is None else (Name(name), EQ, symbol)
            body.append([label, Num(record.parameters_before[index]),
                         *columns.before(index), Num(record.gradient[index]),
                         *columns.after(index), Num(record.update[index]),
                         Num(record.parameters_after[index])])  # fmt: skip
        b.table(header, body)
        rest = more(stop - start, shown, "parameter", "parameters")
        if rest:
            b.note(rest)
