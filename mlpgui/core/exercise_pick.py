"""Drawing the quantities of an exercise set with a seed: kinds take turns, each quantity is
drawn uniformly from where its kind can be asked (within MAX_HAND_TERMS), and a quantity is
skipped if it asks for the same value as another, or if a hint in the set would need a value
that some question hides (exercise_quantity.hidden_keys: its answer and everything computed
from it) and that no question of the set asks for.

So a set may chain questions — d₁⁽¹⁾, a₁⁽¹⁾ = f(d₁⁽¹⁾), then d₁⁽²⁾ from a₁⁽¹⁾ and a₂⁽¹⁾ (a
forward pass), or δ₂⁽²⁾ then ∂L/∂w₂₁⁽²⁾ then w₂₁⁽²⁾ after the update: a later hint shows
an earlier answer as "?" until it is answered or revealed (an exercise sheet: "? (from your
answer to exercise k)"), and the set's order (exercise_quantity.lecture_order) asks the
earlier one first. It never needs a value only computed *from* an answer without being asked
itself (y while d₁⁽¹⁾ is asked and y is not), which a student on paper would have no way to
get. The draw is greedy; it is made RESTARTS times with the same generator and the set with
the most kinds is kept, so a seed gives one set."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .exercise_answers import ExerciseError
from .exercise_bits import NodeIndex
from .exercise_depends import Node
from .exercise_hints import hint_for
from .exercise_quantity import (
    MAX_HAND_TERMS,
    Quantity,
    asked,
    computed_closure,
)
from .record import UpdateRecord
from .worked_common import QUANTITY_KINDS

Shown = Node
"""A value as hints name it: (key, batch position n or None)."""
Footprint = tuple[Shown, int, int, int]
"""What an exercise asks for, then as bits of a NodeIndex (exercise_bits): that value, the
values its hint shows, and the values it hides."""

RESTARTS = 6
"""Greedy draws a seeded pick tries (it keeps the one with the most kinds)."""
TRIES = 6
"""Draws of one kind in its turn before the turn passes on."""


def answer_key(q: Quantity) -> Shown:
    """(key, sample) of the value an exercise asks for, in the vocabulary of hint keys."""
    return asked(q)


def _footprint(record: UpdateRecord, index: NodeIndex, q: Quantity) -> Footprint:
    """(the answer, and as bits: the answer, the values its hint shows, the values it
    hides)."""
    shown = 0
    for g in hint_for(record, q).given:
        shown |= index.bit((g.key, g.sample))
    # a hint shows no Δ, new value or L(θ after): the hidden values up to the gradients will do
    hidden = index.bits(computed_closure(record, q, past_gradients=False))
    return asked(q), index.bit(asked(q)), shown, hidden


def _layers(record: UpdateRecord, kind: str) -> list[int]:
    """The layers where ``kind`` can be asked (within MAX_HAND_TERMS)."""
    sizes, last, batch = record.layer_sizes, record.n_layers, record.batch_size
    if kind == "drive":
        return [n for n in range(1, last + 1) if sizes[n - 1] <= MAX_HAND_TERMS]
    if kind == "activation":  # not a linear layer's: a = d, its hint's given value
        names = record.activation_names
        return [n for n in range(1, last + 1) if names[n - 1] != "linear"]
    if kind == "output_delta":
        return [last]
    if kind == "hidden_delta":
        return [n for n in range(1, last) if sizes[n + 1] <= MAX_HAND_TERMS]
    if kind.endswith("gradient"):
        return list(range(last)) if batch <= MAX_HAND_TERMS else []
    if kind == "bias_new" and not record.train_biases:
        return []
    return list(range(last))


def _draw(rng: np.random.Generator, record: UpdateRecord, kind: str, layers: list[int]) -> Quantity:
    sizes = record.layer_sizes
    layer = layers[int(rng.integers(len(layers)))]
    if kind in ("drive", "activation", "output_delta", "hidden_delta"):
        i = int(rng.integers(sizes[layer]))
        return Quantity(kind, layer, i, -1, int(rng.integers(record.batch_size)))
    i = int(rng.integers(sizes[layer + 1]))
    j = int(rng.integers(sizes[layer])) if kind.startswith("weight") else -1
    return Quantity(kind, layer, i, j)


def pick(record: UpdateRecord, count: int, seed: int, kinds: list[str]) -> list[Quantity]:
    where = {kind: _layers(record, kind) for kind in kinds}
    available = [kind for kind in kinds if where[kind]]
    if not available:
        raise ExerciseError(
            "None of the chosen kinds can be asked about this update (sums longer than "
            f"{MAX_HAND_TERMS} terms, untrained biases, or activations of linear units, which "
            "equal their drives); choose other kinds."
        )
    rng = np.random.default_rng(seed)
    index = NodeIndex(record.layer_sizes, record.batch_size)
    known: dict[Quantity, Footprint] = {}

    def footprint_of(q: Quantity) -> Footprint:  # kept across restarts
        if q not in known:
            known[q] = _footprint(record, index, q)
        return known[q]

    best: list[Quantity] = []
    enough = min(count, len(available))
    for _ in range(RESTARTS):
        picked = _greedy(rng, record, count, available, where, footprint_of)
        if (len(picked), _variety(picked)) > (len(best), _variety(best)):
            best = picked
        if len(best) == count and _variety(best) == enough:
            break
    if len(best) == count:
        return best
    more = "" if set(kinds) >= set(QUANTITY_KINDS) else ", or allow more kinds"
    raise ExerciseError(
        f"Drawing with seed {seed} found only {len(best)} of the {count} exercises that do not "
        f"give each other away on this update; ask for fewer, try another seed{more}."
    )


def _variety(picked: list[Quantity]) -> int:
    return len({q.kind for q in picked})


def _greedy(
    rng: np.random.Generator,
    record: UpdateRecord,
    count: int,
    available: list[str],
    where: dict[str, list[int]],
    footprint_of: Callable[[Quantity], Footprint],
) -> list[Quantity]:
    """Up to ``count`` quantities drawn in turns, each kept unless it clashes with one kept
    before."""
    picked: list[Quantity] = []
    answers = hidden = shown = 0  # bits of the picked: their answers, what they hide, need
    turn: list[int] = []
    for _ in range(5 * count):
        if len(picked) == count:
            break
        if not turn:
            turn = [int(k) for k in rng.permutation(len(available))][::-1]
        kind = available[turn.pop()]
        for _ in range(TRIES):
            q = _draw(rng, record, kind, where[kind])
            _, answer, needs, hides = footprint_of(q)
            if answer & answers:
                continue  # asked already
            given = answers | answer  # values a hint may need while hidden: they are asked
            if needs & hidden & ~given or shown & hides & ~given:
                continue  # a hint would need a value no question asks, hidden by another
            picked.append(q)
            answers, hidden, shown = given, hidden | hides, shown | needs
            break
    return picked
