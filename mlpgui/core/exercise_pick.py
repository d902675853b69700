"""Drawing the quantities of an exercise set with a seed: kinds take turns, each quantity is
drawn uniformly from where its kind can be asked (within MAX_HAND_TERMS), and a quantity is
skipped if it asks for the same value as another, or if its hint needs a value another one
hides (exercise_quantity.hidden_keys: that one's answer and everything computed from it)
other than that one's answer itself.

So a set may chain questions directly — d₁⁽¹⁾ then a₁⁽¹⁾ = f(d₁⁽¹⁾) of the same sample, or
δ₂⁽²⁾ then ∂L/∂w₂₁⁽²⁾ then w₂₁⁽²⁾ after the update: the later hint shows the earlier answer as
"?" until it is answered or revealed (an exercise sheet: "? (from your answer to exercise
k)"), and the set's order (exercise_quantity.lecture_order) asks the earlier one first. It
never needs a value only computed *from* another answer (y while d₁⁽¹⁾ is asked), which a
student on paper would have no way to get. The draw is greedy; it is made RESTARTS times
with the same generator and the set with the most kinds is kept, so a seed gives one set."""

from __future__ import annotations

import numpy as np

from .exercise_answers import ExerciseError
from .exercise_depends import Node
from .exercise_hints import hint_for
from .exercise_quantity import (
    MAX_HAND_TERMS,
    Key,
    Quantity,
    asked,
    computed_from,
    key_of,
)
from .record import UpdateRecord

Shown = Node
"""A value as hints name it: (key, batch position n or None)."""
Footprint = tuple[Shown, set[Key], set[Key], Key]
"""What an exercise asks for, the keys of the values its hint shows, the keys it hides, and
the key of its answer."""

RESTARTS = 6
"""Greedy draws a seeded pick tries (it keeps the one with the most kinds)."""
TRIES = 6
"""Draws of one kind in its turn before the turn passes on."""


def answer_key(q: Quantity) -> Shown:
    """(key, sample) of the value an exercise asks for, in the vocabulary of hint keys."""
    return asked(q)


def _footprint(record: UpdateRecord, q: Quantity) -> Footprint:
    """(the answer, the keys of the values its hint shows, the keys it hides, its key)."""
    shown = {key_of((g.key, g.sample)) for g in hint_for(record, q).given}
    # a hint shows no Δ, new value or L(θ after): the hidden keys up to the gradients will do
    hidden = {key_of(node) for node in computed_from(record, q, past_gradients=False)}
    return asked(q), shown, hidden, key_of(asked(q))


def _gives_away(a: Footprint, b: Footprint) -> bool:
    """True if two footprints ask for the same value, or one's hint needs a value the other
    hides that is not the other's answer itself."""
    return a[0] == b[0] or _blocks(a, b) or _blocks(b, a)


def _blocks(a: Footprint, b: Footprint) -> bool:
    """Does ``b`` hide a value ``a``'s hint needs, other than ``b``'s answer?"""
    return any(key in b[2] and key != b[3] for key in a[1])


def _layers(record: UpdateRecord, kind: str) -> list[int]:
    """The layers where ``kind`` can be asked (within MAX_HAND_TERMS)."""
    sizes, last, batch = record.layer_sizes, record.n_layers, record.batch_size
    if kind == "drive":
        return [n for n in range(1, last + 1) if sizes[n - 1] <= MAX_HAND_TERMS]
    if kind == "activation":
        return list(range(1, last + 1))
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
            f"{MAX_HAND_TERMS} terms, or untrained biases); choose other kinds."
        )
    rng = np.random.default_rng(seed)
    known: dict[Quantity, Footprint] = {}
    best: list[Quantity] = []
    enough = min(count, len(available))
    for _ in range(RESTARTS):
        picked = _greedy(rng, record, count, available, where, known)
        if (len(picked), _variety(picked)) > (len(best), _variety(best)):
            best = picked
        if len(best) == count and _variety(best) == enough:
            break
    if len(best) == count:
        return best
    most = len(best)
    raise ExerciseError(
        f"This update has too few separate quantities of the chosen kinds for {count} "
        f"exercises; ask for at most {most} or allow more kinds."
    )


def _variety(picked: list[Quantity]) -> int:
    return len({q.kind for q in picked})


def _greedy(
    rng: np.random.Generator,
    record: UpdateRecord,
    count: int,
    available: list[str],
    where: dict[str, list[int]],
    known: dict[Quantity, Footprint],
) -> list[Quantity]:
    """Up to ``count`` quantities drawn in turns, each kept unless it clashes with one kept
    before (``known`` caches footprints across restarts)."""
    picked: list[Quantity] = []
    footprints: list[Footprint] = []
    turn: list[int] = []
    for _ in range(5 * count):
        if len(picked) == count:
            break
        if not turn:
            turn = [int(k) for k in rng.permutation(len(available))][::-1]
        kind = available[turn.pop()]
        for _ in range(TRIES):
            q = _draw(rng, record, kind, where[kind])
            if q not in known:
                known[q] = _footprint(record, q)
            footprint = known[q]
            if not any(_gives_away(footprint, other) for other in footprints):
                picked.append(q)
                footprints.append(footprint)
                break
    return picked
