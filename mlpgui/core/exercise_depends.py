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
from typing import cast

from .record import UpdateRecord

Key = tuple[str | int, ...]
Node = tuple[Key, int | None]
"""A value of the update: (key, batch position n or None for values over the whole batch)."""

Block = tuple[set[int], set[int], set[tuple[int, int]]]
"""Values of a W^(k+1) block in a Closure: whole rows i, whole columns j, single (i, j)."""

LOSS: Key = ("loss",)
LOSS_AFTER: Key = ("loss_after",)


UNIT_NAMES = ("d", "a", "fprime", "delta")
"""The per-sample values of a unit, in the vocabulary of keys."""


def downstream(
    record: UpdateRecord, roots: Iterable[Node], *, past_gradients: bool = True
) -> set[Node]:
    """``roots`` and every value of ``record``'s update computed from any of them, directly or
    through others (the closure of the graph in the module docstring). ``past_gradients``
    False stops at ∂L/∂w and ∂L/∂b (no Δ, new values or L(θ after) computed from them): what
    a hint can show, for drawing exercises quickly."""
    return closure(record, roots, past_gradients=past_gradients).nodes()


def closure(record: UpdateRecord, roots: Iterable[Node], *, past_gradients: bool = True) -> Closure:
    """The same set as ``downstream``, kept layer by layer (quick to build and to ask)."""
    found = Closure(record.layer_sizes)
    globals_: list[Node] = []
    for node in roots:
        key, sample = node
        name = str(key[0])
        if sample is not None and name in UNIT_NAMES:
            found.unit_sets(sample)[name][int(key[1])].add(int(key[2]))
        else:
            globals_.append(node)
    for sample in list(found.units):
        found.spread_sample(sample)
    found.spread_parameters(globals_, record.train_biases and past_gradients, past_gradients)
    return found


class Closure:
    """A set of values of one update (see the module docstring), kept as sets of units per
    sample and layer and, for ∂L/∂w, Δw and w_new of each layer, as whole rows i, whole
    columns j and single (i, j): what the computation graph makes of a few roots.

    ``units[n][name][l]``: the units i of layer l whose value ``name`` (d, a, fprime, delta) at
    batch position n is in the set. ``weights[name][k]``: (rows, columns, pairs) for name
    w_grad, w_update, w_new and W^(k+1); ``biases[name][k]``: the units i of b_grad, b_update,
    b_new; ``loss`` and ``loss_after``: whether L before / after the update is in the set."""

    def __init__(self, layer_sizes: tuple[int, ...]) -> None:
        self.sizes = layer_sizes
        self.last = len(layer_sizes) - 1
        self.units: dict[int, dict[str, list[set[int]]]] = {}
        layers = range(self.last)
        self.weights: dict[str, list[Block]] = {
            name: [(set(), set(), set()) for _ in layers]
            for name in ("w_grad", "w_update", "w_new")
        }
        self.biases: dict[str, list[set[int]]] = {
            name: [set() for _ in layers] for name in ("b_grad", "b_update", "b_new")
        }
        self.loss = self.loss_after = False

    def unit_sets(self, sample: int) -> dict[str, list[set[int]]]:
        if sample not in self.units:
            self.units[sample] = {name: [set() for _ in range(self.last + 1)]
                                  for name in UNIT_NAMES}  # fmt: skip
        return self.units[sample]

    def spread_sample(self, sample: int) -> None:
        """Sample ``sample``'s forward pass, loss and backpropagation from its roots, and the
        gradients its values feed (the graph's edges, layer by layer in the update's order)."""
        u = self.units[sample]
        d, a, fp, delta = u["d"], u["a"], u["fprime"], u["delta"]
        sizes, last = self.sizes, self.last
        for l in range(1, last + 1):  # noqa: E741
            if a[l - 1]:
                d[l] = set(range(sizes[l]))  # a^(l−1) feeds every drive of layer l
            a[l] |= d[l]
            fp[l] |= d[l] | a[l]
        self.loss |= bool(a[last])
        delta[last] |= fp[last] | a[last]
        for l in range(last - 1, 0, -1):  # noqa: E741
            delta[l] |= fp[l]
            if delta[l + 1]:
                delta[l] = set(range(sizes[l]))  # δ^(l+1) feeds every δ of layer l
        grads, bias_grads = self.weights["w_grad"], self.biases["b_grad"]
        for k in range(last):  # ∂L/∂w_ij^(k+1) = δ_i^(k+1) a_j^(k): rows of δ, columns of a
            grads[k][0].update(delta[k + 1])
            bias_grads[k].update(delta[k + 1])
            grads[k][1].update(a[k])

    def spread_parameters(self, roots: list[Node], train_biases: bool, past: bool) -> None:
        """Add the roots that are not a unit's value, then ∂L/∂θ → Δθ (``past``; for biases
        ``train_biases``) → θ_new → L(θ after)."""
        for key, _ in roots:
            name, index = str(key[0]), [int(k) for k in key[1:]]
            if name in self.weights:
                self.weights[name][index[0]][2].add((index[1], index[2]))
            elif name in self.biases:
                self.biases[name][index[0]].add(index[1])
            elif key == LOSS:
                self.loss = True
            elif key == LOSS_AFTER:
                self.loss_after = True
        w, b = self.weights, self.biases
        for k in range(self.last):
            if past:
                _merge(w["w_update"][k], w["w_grad"][k])
            if train_biases:
                b["b_update"][k].update(b["b_grad"][k])
            _merge(w["w_new"][k], w["w_update"][k])
            b["b_new"][k].update(b["b_update"][k])
            self.loss_after |= any(w["w_new"][k]) or bool(b["b_new"][k])

    def __contains__(self, node: object) -> bool:
        key, sample = cast(Node, node)
        name, index = str(key[0]), [int(k) for k in key[1:]]
        if name in UNIT_NAMES:
            u = self.units.get(sample) if sample is not None else None
            return u is not None and index[1] in u[name][index[0]]
        if name in self.weights:
            rows, columns, pairs = self.weights[name][index[0]]
            return index[1] in rows or index[2] in columns or (index[1], index[2]) in pairs
        if name in self.biases:
            return index[1] in self.biases[name][index[0]]
        return (key == LOSS and self.loss) or (key == LOSS_AFTER and self.loss_after)

    def nodes(self) -> set[Node]:
        """Every value in the set, as nodes."""
        found: set[Node] = set()
        for sample, u in self.units.items():
            for name, layers in u.items():
                found.update(
                    ((name, layer, i), sample) for layer, units in enumerate(layers) for i in units
                )
        sizes = self.sizes
        for name, blocks in self.weights.items():
            for k, (rows, columns, pairs) in enumerate(blocks):
                found.update(((name, k, i, j), None) for i in rows for j in range(sizes[k]))
                found.update(((name, k, i, j), None) for j in columns for i in range(sizes[k + 1]))
                found.update(((name, k, i, j), None) for i, j in pairs)
        for name, bias_sets in self.biases.items():
            found.update(((name, k, i), None) for k, units in enumerate(bias_sets) for i in units)
        found.update(
            (key, None) for key, on in ((LOSS, self.loss), (LOSS_AFTER, self.loss_after)) if on
        )
        return found


def _merge(into: Block, source: Block) -> None:
    """Add ``source``'s rows, columns and single weights to ``into``'s."""
    into[0].update(source[0])
    into[1].update(source[1])
    into[2].update(source[2])
