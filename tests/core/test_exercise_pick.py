"""Seeded exercise sets: every value a hint needs is either shown or asked by a question of
the set (so a student answering in order can always compute the next one), and a forward
pass can be asked on its own (Mazur's example: d, then a, then the next layer's d)."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import MLP, Trainer
from mlpgui.core.exercise import make_exercises
from mlpgui.core.exercise_answers import ExerciseError
from mlpgui.core.exercise_pick import answer_key
from mlpgui.core.exercise_quantity import computed_from
from mlpgui.core.presets import load_preset


def _record(preset: str, sizes, activations, batch="full"):
    trainer = Trainer(MLP(sizes, activations, seed=0), load_preset(preset), 0.5, batch=batch,
                      seed=0)  # fmt: skip
    return trainer.preview()


RECORDS = {
    "mazur": lambda: _record("mazur", [2, 2, 2], ["sigmoid", "sigmoid"]),
    "lecture": lambda: _record("lecture", [1, 2, 2, 1], ["sigmoid", "sigmoid", "linear"], 4),
    "xor": lambda: _record("xor", [2, 3, 1], ["tanh", "sigmoid"]),
}
KINDS = [None, ["drive", "activation"], ["drive", "activation", "output_delta", "hidden_delta"]]


@pytest.mark.parametrize("name", sorted(RECORDS))
@pytest.mark.parametrize("kinds", KINDS)
def test_every_hidden_value_a_hint_needs_is_asked_by_the_set(name, kinds):
    record = RECORDS[name]()
    for seed in range(12):
        try:
            exercises = make_exercises(record, 5, seed=seed, kinds=kinds)
        except ExerciseError:
            continue  # too few quantities of these kinds: said in one sentence
        answers = {answer_key(e.quantity) for e in exercises}
        hides = [computed_from(record, e.quantity) for e in exercises]
        for n, e in enumerate(exercises):
            for given in e.hint().given:
                node = (given.key, given.sample)
                hidden = any(node in h for m, h in enumerate(hides) if m != n)
                assert not hidden or node in answers, (seed, e.quantity, node)


def test_a_forward_pass_can_be_asked_on_mazurs_example():
    record = RECORDS["mazur"]()
    forward = ["drive", "activation"]
    for seed in range(20):
        exercises = make_exercises(record, 5, seed=seed, kinds=forward)
        assert {e.quantity.kind for e in exercises} == set(forward)
        layers = {e.quantity.layer for e in exercises}
        assert layers == {1, 2}, seed  # a question about the output uses the hidden layer's


def test_a_chained_hint_shows_the_earlier_answer_once_it_is_answered():
    record = RECORDS["mazur"]()
    exercises = make_exercises(record, 5, seed=0, kinds=["drive", "activation"])
    chained = [
        (n, g) for n, e in enumerate(exercises) for g in exercises.hint(n).given
        if g.hidden_by is not None
    ]  # fmt: skip
    assert chained
    n, given = chained[0]
    earlier = exercises[given.hidden_by - 1]
    assert np.isnan(given.value)
    assert earlier.check(repr(earlier.value)).correct
    again = exercises.hint(n).given
    still = next(g for g in again if (g.key, g.sample) == (given.key, given.sample))
    assert still.hidden_by != given.hidden_by  # shown now, or waiting for another question
    if still.hidden_by is None:
        assert still.value == earlier.value


def test_a_seeded_set_never_asks_a_linear_units_activation():
    """a = d for a linear unit: its hint's given value would be the answer."""
    record = RECORDS["lecture"]()  # f₃ = linear
    assert record.activation_names[-1] == "linear"
    for seed in range(30):
        exercises = make_exercises(record, 3, seed=seed, kinds=["activation"])
        assert all(e.quantity.layer != 3 for e in exercises)


def test_asking_only_activations_of_a_linear_network_says_why_not():
    trainer = Trainer(MLP([1, 1], ["linear"], seed=0), load_preset("lecture"), 0.1)
    with pytest.raises(ExerciseError, match="activations of linear units, which equal their"):
        make_exercises(trainer.preview(), 1, kinds=["activation"])
