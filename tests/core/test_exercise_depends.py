"""The layered closure of exercise_depends (what exercise mode hides) is exactly the closure
of the graph's edges walked one value at a time, and answers membership the same way."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, UpdateRecord
from mlpgui.core.exercise_bits import NodeIndex
from mlpgui.core.exercise_depends import (
    LOSS,
    LOSS_AFTER,
    Node,
    closure,
    downstream,
)


def _record(sizes, batch, train_biases=True):
    rng = np.random.default_rng(3)
    acts = ["tanh"] * (len(sizes) - 2) + ["sigmoid"]
    data = Dataset(rng.normal(size=(6, sizes[0])), rng.uniform(size=(6, sizes[-1])))
    trainer = Trainer(MLP(sizes, acts, seed=1), data, 0.3, batch=batch, seed=2,
                      train_biases=train_biases)  # fmt: skip
    return trainer.preview()


def downstream_by_edges(
    record: UpdateRecord, roots: Iterable[Node], *, past_gradients: bool = True
) -> set[Node]:
    """``downstream`` by walking the graph's edges (exercise_depends' docstring) one value at
    a time: the definition the layered ``closure`` is tested against, kept apart from it."""
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


def _random_node(rng, record):
    sizes, last, batch = record.layer_sizes, record.n_layers, record.batch_size
    kind = rng.choice(["unit", "w", "b", "loss"], p=[0.6, 0.2, 0.15, 0.05])
    if kind == "unit":
        name = str(rng.choice(["d", "a", "fprime", "delta"]))
        layer = int(rng.integers(1, last + 1))
        return ((name, layer, int(rng.integers(sizes[layer]))), int(rng.integers(batch)))
    if kind == "loss":
        return (LOSS if rng.random() < 0.5 else LOSS_AFTER, None)
    k = int(rng.integers(last))
    i = int(rng.integers(sizes[k + 1]))
    suffix = str(rng.choice(["grad", "update", "new"]))
    if kind == "w":
        return ((f"w_{suffix}", k, i, int(rng.integers(sizes[k]))), None)
    return ((f"b_{suffix}", k, i), None)


@pytest.mark.parametrize(
    ("sizes", "batch", "train_biases"),
    [([2, 2, 2], "full", True), ([1, 2, 2, 1], 3, True), ([3, 4, 2, 2], "full", False),
     ([2, 5, 1], 1, True)],
)  # fmt: skip
def test_the_layered_closure_is_the_closure_of_the_edges(sizes, batch, train_biases):
    record = _record(sizes, batch, train_biases)
    rng = np.random.default_rng(sum(sizes))
    everything = downstream_by_edges(
        record, [_random_node(rng, record) for _ in range(200)]
    )  # a pool of values that the graph has, to ask about
    for trial in range(300):
        roots = [_random_node(rng, record) for _ in range(int(rng.integers(1, 4)))]
        past = bool(trial % 3)
        expected = downstream_by_edges(record, roots, past_gradients=past)
        assert downstream(record, roots, past_gradients=past) == expected, roots
        found = closure(record, roots, past_gradients=past)
        for node in everything | expected:
            assert (node in found) == (node in expected), (roots, node)


@pytest.mark.parametrize(("sizes", "batch"), [([2, 2, 2], "full"), ([1, 3, 2, 2], 3)])
def test_every_value_has_its_own_bit_and_a_closure_is_the_or_of_its_bits(sizes, batch):
    record = _record(sizes, batch)
    index = NodeIndex(record.layer_sizes, record.batch_size)
    rng = np.random.default_rng(7)
    every = downstream_by_edges(record, [_random_node(rng, record) for _ in range(500)])
    bits = [index.bit(node) for node in every]
    assert all(b > 0 and b & (b - 1) == 0 for b in bits)  # one bit each
    assert len(set(bits)) == len(bits)  # none shared
    assert index.bit((("w", 0, 0, 0), None)) == 0  # θ before the update: not in the graph
    assert index.bit((("a", 0, 0), 0)) > 0  # an input: in the graph (nothing asks it)
    for trial in range(200):
        roots = [_random_node(rng, record) for _ in range(int(rng.integers(1, 4)))]
        found = closure(record, roots, past_gradients=bool(trial % 2))
        expected = 0
        for node in found.nodes():
            expected |= index.bit(node)
        assert index.bits(found) == expected
