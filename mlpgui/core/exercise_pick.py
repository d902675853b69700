"""Drawing the quantities of an exercise set with a seed: kinds take turns, each quantity is
drawn uniformly from where its kind can be asked (within MAX_HAND_TERMS), and a quantity is
skipped if it would give another one's answer away: the two ask for the same value, or one's
hint shows a value the other hides while it is open (its answer, or what gives it away, such
as ∂L/∂w = δ a_j while δ is asked)."""

from __future__ import annotations

import numpy as np

from .exercise_answers import ExerciseError
from .exercise_hints import hint_for
from .exercise_quantity import MAX_HAND_TERMS, Key, Quantity, hidden_keys
from .record import UpdateRecord

Shown = tuple[Key, int | None]
"""A value as hints name it: (key, batch position n or None)."""
Footprint = tuple[Shown, set[Key], set[Key]]
"""What an exercise asks for, the keys of the values its hint shows, and the keys it hides."""


def answer_key(q: Quantity) -> Shown:
    """(key, sample) of the value an exercise asks for, in the vocabulary of hint keys."""
    if q.per_sample:
        base = {"drive": "d", "activation": "a"}.get(q.kind, "delta")
        return ((base, q.layer, q.i), q.sample)
    prefix = "w" if q.is_weight else "b"
    index = (q.layer, q.i, q.j) if q.is_weight else (q.layer, q.i)
    suffix = "grad" if q.kind.endswith("gradient") else "new"
    return ((f"{prefix}_{suffix}", *index), None)


def _footprint(record: UpdateRecord, q: Quantity) -> Footprint:
    """(the answer's key, the keys its hint shows, the keys it hides)."""
    shown = {g.key for g in hint_for(record, q).given}
    return answer_key(q), shown, hidden_keys(record, q)


def _gives_away(a: Footprint, b: Footprint) -> bool:
    """True if two footprints ask for the same value, or one's hint shows a value the other
    hides (for any sample: the diagram hides a key for every sample)."""
    return a[0] == b[0] or bool(a[1] & b[2]) or bool(b[1] & a[2])


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
    picked: list[Quantity] = []
    footprints: list[Footprint] = []
    turn: list[int] = []
    for _ in range(50 * count):
        if len(picked) == count:
            return picked
        if not turn:
            turn = [int(k) for k in rng.permutation(len(available))][::-1]
        kind = available[turn.pop()]
        q = _draw(rng, record, kind, where[kind])
        footprint = _footprint(record, q)
        if not any(_gives_away(footprint, other) for other in footprints):
            picked.append(q)
            footprints.append(footprint)
    if len(picked) == count:
        return picked
    raise ExerciseError(
        f"This update has too few separate quantities of the chosen kinds for {count} "
        f"exercises; ask for at most {len(picked)} or allow more kinds."
    )
