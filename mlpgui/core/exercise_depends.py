"""Which values of an update are computed from which: the update's computation graph, for
exercise mode to hide everything computed from an asked value (exercise_quantity.hidden_keys).

A node is ``(key, sample)``: a key in the vocabulary of exercise_quantity and, for per-sample
values, the batch position n (else None). Edges run from a value to the values computed from
it, in the order an update computes them::

    d_i^(l)[n]        → a_i^(l)[n], f'(d_i^(l))[n]
    a_i^(l)[n]        → f'(d_i^(l))[n] (σ' = a(1 − a), tanh' = 1 − a²),
                        d_k^(l+1)[n] for every k and ∂L/∂w_ki^(l+1)   (l < L)
                        δ_i^(L)[n] and the loss L                      (l = L: the output y_i)
    f'(d_i^(l))[n]    → δ_i^(l)[n]
    δ_i^(l)[n]        → δ_j^(l−1)[n] for every j (l ≥ 2), ∂L/∂w_ij^(l) for every j, ∂L/∂b_i^(l)
    ∂L/∂w, ∂L/∂b      → Δw, Δb (only for trained biases) → w_new, b_new → L(θ after)

Extra keys besides exercise_quantity's: ("loss",) for L at θ before the update (and its
per-sample terms) and ("loss_after",) for L at θ after it. Weights and biases at θ_old, the
inputs a^(0), the targets t, γ, λ and μ are computed from nothing asked, so never appear.
"""

from __future__ import annotations

from collections.abc import Iterable

from .record import UpdateRecord

Key = tuple[str | int, ...]
Node = tuple[Key, int | None]
"""A value of the update: (key, batch position n or None for values over the whole batch)."""

LOSS: Key = ("loss",)
LOSS_AFTER: Key = ("loss_after",)


def downstream(
    record: UpdateRecord, roots: Iterable[Node], *, past_gradients: bool = True
) -> set[Node]:
    """``roots`` and every value of ``record``'s update computed from any of them, directly or
    through others (the closure of the graph in the module docstring). ``past_gradients``
    False stops at ∂L/∂w and ∂L/∂b (no Δ, new values or L(θ after) computed from them): what
    a hint can show, for drawing exercises quickly."""
    shape = (
        record.layer_sizes,
        record.n_layers,
        record.train_biases and past_gradients,
        past_gradients,
    )
    seen: set[Node] = set(roots)
    todo = list(seen)
    while todo:
        for child in _children(shape, todo.pop()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _children(shape: tuple[tuple[int, ...], int, bool, bool], node: Node) -> list[Node]:
    """The values computed directly from ``node`` in a network of ``shape`` (layer sizes,
    L, whether Δb follows ∂L/∂b, whether Δw follows ∂L/∂w)."""
    (name, *index), s = node
    sizes, last, train_biases, past = shape
    if name in ("d", "a", "fprime", "delta"):
        l, i = int(index[0]), int(index[1])  # noqa: E741
        if name == "d":
            return [(("a", l, i), s), (("fprime", l, i), s)]
        if name == "fprime":
            return [(("delta", l, i), s)]
        if name == "a":
            if l == last:
                return [(("fprime", l, i), s), (("delta", l, i), s), (LOSS, None)]
            return [(("fprime", l, i), s)] + [
                node for k in range(sizes[l + 1])
                for node in ((("d", l + 1, k), s), (("w_grad", l, k, i), None))
            ]  # fmt: skip
        found: list[Node] = [(("b_grad", l - 1, i), None)]
        found += [(("w_grad", l - 1, i, j), None) for j in range(sizes[l - 1])]
        if l >= 2:
            found += [(("delta", l - 1, j), s) for j in range(sizes[l - 1])]
        return found
    kind, _, what = str(name).partition("_")
    if what == "grad" and ((kind == "w" and past) or train_biases):
        return [((f"{kind}_update", *index), None)]
    if what == "update":
        return [((f"{kind}_new", *index), None)]
    if what == "new":
        return [(LOSS_AFTER, None)]
    return []
