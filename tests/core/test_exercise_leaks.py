"""Exercise mode gives no open answer away: what an asked value is hidden with is everything
computed from it (its downstream closure, per sample), and neither a hint nor a revealed worked
answer prints a value computed from another open question's answer."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from mlpgui.core.activations import get_activation
from mlpgui.core.exercise import ExerciseError, Quantity, exercises_from, make_exercises
from mlpgui.core.exercise_quantity import asked, computed_from, hidden_keys, key_of
from mlpgui.core.explain import MEAN, combination, explain_parameter, explain_unit
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.worked_page import format_number

from .test_exercise import record_of


def node_value(record, node) -> float:
    """The value of a node ((key, batch position)) of the update."""
    (name, *index), s = node
    if name == "loss":
        return record.loss_before
    if name == "loss_after":
        return record.loss_after
    if name in ("d", "a", "fprime", "delta"):
        l, i = index  # noqa: E741
        if name == "fprime":
            return float(explain_unit(record, l, i).derivatives[s])
        if name == "a":
            return float(record.activations[l][s, i])
        return float((record.drives if name == "d" else record.deltas)[l - 1][s, i])
    kind, what = name.split("_")
    k, i, *j = index
    e = explain_parameter(record, kind, k, i, j[0] if j else -1)
    return {"grad": e.gradient, "update": e.update, "new": e.value_after}[what]


def _pass(record, poke=None) -> dict:
    """Every value of the update, recomputed here with NumPy from θ_old and the batch (no
    regularisation or momentum), with ``poke`` = (key, sample) nudged as it is computed.
    Returns {node: value}; nodes as exercise_depends names them."""
    eps = 1e-3
    out: dict = {}

    def nudge(key, values, sample=None):
        if poke is not None and poke[0] == key:
            values = np.array(values, dtype=float)
            if sample is None:
                values += eps
            else:
                values[poke[1]] += eps
        return values

    last, weights, biases = record.n_layers, record.weights_before, record.biases_before
    acts, fps = [np.array(record.activations[0], dtype=float)], [None]
    for l in range(1, last + 1):  # noqa: E741
        f = get_activation(record.activation_names[l - 1])
        d = acts[-1] @ weights[l - 1].T + biases[l - 1]
        for i in range(d.shape[1]):
            d[:, i] = nudge(("d", l, i), d[:, i], True)
        a, fp = f(d), f.derivative(d)
        for i in range(d.shape[1]):
            a[:, i] = nudge(("a", l, i), a[:, i], True)
            fp[:, i] = nudge(("fprime", l, i), fp[:, i], True)
            for n in range(d.shape[0]):
                out |= {(("d", l, i), n): d[n, i], (("a", l, i), n): a[n, i],
                        (("fprime", l, i), n): fp[n, i]}  # fmt: skip
        acts.append(a)
        fps.append(fp)
    targets, y = record.targets, acts[-1]
    out[(("loss",), None)] = float(nudge(("loss",), np.sum((targets - y) ** 2)))
    cross = record.loss_name == "cross_entropy"
    deltas = [None] * (last + 1)
    delta = (y - targets) if cross else -(targets - y) * fps[last]
    for l in range(last, 0, -1):  # noqa: E741
        if l < last:
            delta = (deltas[l + 1] @ weights[l]) * fps[l]
        for i in range(delta.shape[1]):
            delta[:, i] = nudge(("delta", l, i), delta[:, i], True)
            out |= {(("delta", l, i), n): delta[n, i] for n in range(delta.shape[0])}
        deltas[l] = delta
    scale = 1 / record.batch_size if combination(record) == MEAN else 1.0
    new_w, new_b = [], []
    for k in range(last):
        g_w, g_b = deltas[k + 1].T @ acts[k] * scale, deltas[k + 1].sum(axis=0) * scale
        new_w.append(np.array(weights[k], dtype=float))
        new_b.append(np.array(biases[k], dtype=float))
        for i in range(g_w.shape[0]):
            for kind, j, g in [("b", -1, g_b[i])] + [
                ("w", j, g_w[i, j]) for j in range(g_w.shape[1])
            ]:
                index = (k, i, j) if kind == "w" else (k, i)
                g = float(nudge((f"{kind}_grad", *index), g))
                step = float(nudge((f"{kind}_update", *index), -record.learning_rate * g))
                if kind == "b" and not record.train_biases:
                    step = 0.0
                old = weights[k][i, j] if kind == "w" else biases[k][i]
                value = float(nudge((f"{kind}_new", *index), old + step))
                (new_w[k].__setitem__((i, j), value) if kind == "w"
                 else new_b[k].__setitem__(i, value))  # fmt: skip
                out |= {((f"{kind}_grad", *index), None): g,
                        ((f"{kind}_update", *index), None): step,
                        ((f"{kind}_new", *index), None): value}  # fmt: skip
    a = np.array(record.activations[0], dtype=float)
    for l in range(1, last + 1):  # noqa: E741
        a = get_activation(record.activation_names[l - 1])(a @ new_w[l - 1].T + new_b[l - 1])
    out[(("loss_after",), None)] = float(np.sum((targets - a) ** 2))
    return out


def changed_by(record, q: Quantity) -> set:
    """The values that change when the value ``q`` asks for is nudged: what is computed from
    it, found without exercise_depends (an independent check of its graph)."""
    base, nudged = _pass(record), _pass(record, asked(q))
    return {
        node
        for node, value in base.items()
        if not np.isclose(nudged[node], value, rtol=1e-12, atol=1e-13)
    }


def mentions(text: str, value: float) -> bool:
    shown = {format_number(value, 6), repr(float(value))}
    return any(re.search(rf"(?<![\d.\-−]){re.escape(s)}(?!\d)", text) for s in shown)


def secrets(record, others) -> list[float]:
    """The values computed from the answers of ``others``, except one equal to a given value
    of its own question (∂L/∂b = δ with one sample, a = d for a linear unit: that question is
    only a copy of its input, given away by nothing else)."""
    found = []
    for other in others:
        givens = {format_number(g.value, 6) for g in other.hint().given}
        for node in computed_from(record, other.quantity):
            value = node_value(record, node)
            if format_number(value, 6) not in givens:
                found.append(value)
    return found


def mazur_record():
    setup, data = TrainingSetup.for_preset("mazur")
    return setup.trainer(setup.network(), data).preview()


def test_a_hidden_activation_hides_the_next_layers_drive_and_all_it_leads_to():
    """The inspector showed d₁⁽²⁾ = 0.4×0.59327 + 0.45×? + 0.6 = 1.10591 with a₂⁽¹⁾ asked:
    a₂⁽¹⁾ = (1.10591 − 0.4×0.59327 − 0.6)/0.45. Now d₁⁽²⁾ is hidden, and so is everything
    computed from a₂⁽¹⁾; a₁⁽¹⁾, its own drive and the inputs are not."""
    record = mazur_record()
    keys = hidden_keys(record, Quantity("activation", 1, 1, sample=0))
    assert {("a", 1, 1, 0), ("fprime", 1, 1, 0), ("d", 2, 0, 0), ("d", 2, 1, 0)} <= keys
    assert {("a", 2, 0, 0), ("loss",), ("delta", 2, 0, 0), ("delta", 1, 0, 0)} <= keys
    assert {("w_grad", 1, 0, 1), ("w_grad", 0, 0, 0), ("w_new", 0, 1, 1), ("loss_after",)} <= keys
    assert not keys & {("d", 1, 1, 0), ("a", 1, 0, 0), ("d", 1, 0, 0), ("fprime", 1, 0, 0)}
    assert round(float(record.drives[1][0, 0]), 5) == 1.10591  # the number that gave it away


@pytest.mark.parametrize(
    ("sizes", "activations", "n"),
    [((2, 2, 2), ("sigmoid", "sigmoid"), 1), ((2, 3, 2), ("tanh", "sigmoid"), 3),
     ((3, 4, 3, 2), ("tanh", "relu", "sigmoid"), 4)],
)  # fmt: skip
def test_the_hidden_set_is_closed_under_what_the_update_computes(sizes, activations, n):
    """Whatever a hidden value feeds is hidden too: the next layer's drives take every a of
    the layer before, δ of a layer every δ above it and f'(d), ∂L/∂w its δ and a_j."""
    for seed in range(6):
        record = record_of(sizes, activations, n=n, seed=seed)
        for e in make_exercises(record, 6, seed=seed):
            below = computed_from(record, e.quantity)
            for (name, *index), s in below:
                if name == "a" and index[0] < record.n_layers:
                    l, i = index  # noqa: E741
                    for k in range(sizes[l + 1]):
                        assert (("d", l + 1, k), s) in below
                        assert (("w_grad", l, k, i), None) in below
                if name == "delta":
                    l, i = index  # noqa: E741
                    assert (("b_grad", l - 1, i), None) in below
                    for j in range(sizes[l - 1]):
                        assert l == 1 or (("delta", l - 1, j), s) in below
                if name == "w_grad":
                    assert (("w_new", *index), None) in below and (("loss_after",), None) in below
            if e.quantity.kind in ("drive", "activation"):
                assert ((("loss",), None) in below) and any(k[0] == "w_grad" for k, _ in below)


@pytest.mark.parametrize(
    ("sizes", "activations", "n"),
    [((2, 2, 2), ("sigmoid", "sigmoid"), 1), ((2, 3, 2), ("sigmoid", "sigmoid"), 2),
     ((3, 4, 3, 2), ("tanh", "tanh", "sigmoid"), 3)],
)  # fmt: skip
def test_no_hint_or_worked_answer_prints_a_value_computed_from_another_open_answer(
    sizes, activations, n
):
    for seed in range(10):
        record = record_of(sizes, activations, n=n, seed=seed)
        exercises = make_exercises(record, 6, seed=seed)
        for index, exercise in enumerate(exercises):
            secret_values = secrets(record, [o for o in exercises if o is not exercise])
            hint = exercises.hint(index).markdown(exercises.digits)
            try:
                worked = exercises.reveal(index).markdown()
            except ExerciseError as waiting:
                assert exercises.waiting_for(index) and "first" in str(waiting)
                assert exercise.status == "open"
                worked = ""
            own = {exercise.value}
            for value in secret_values:
                if value not in own and not math.isclose(value, 0.0, abs_tol=0):
                    assert not mentions(hint, value), (seed, exercise.question(), value)
                    assert not mentions(worked, value), (seed, exercise.question(), value)
            exercise.revealed = False  # keep every question open for the next one


def test_reveal_waits_while_the_question_needs_another_open_answer():
    record = mazur_record()
    exercises = exercises_from(record, [Quantity("output_delta", 2, 1, sample=0),
                                        Quantity("weight_gradient", 1, 1, 0)])  # fmt: skip
    delta, gradient = exercises[0].value, exercises[1].value
    assert exercises.waiting_for(1) == (1,)
    with pytest.raises(ExerciseError, match="answer or reveal question 1 first"):
        exercises.reveal(1)
    assert exercises[1].status == "open"
    assert exercises[0].check(repr(delta)).correct
    assert exercises.waiting_for(1) == ()
    page = exercises.reveal(1).markdown()
    assert format_number(gradient, 6) in page and exercises[1].status == "revealed"
    assert key_of((("delta", 2, 1), 0)) == ("delta", 2, 1, 0)


@pytest.mark.parametrize(
    ("sizes", "activations", "loss", "n"),
    [((2, 2, 2), ("sigmoid", "sigmoid"), "sse", 1), ((2, 3, 2), ("tanh", "sigmoid"), "mse", 3),
     ((3, 4, 3, 2), ("tanh", "sigmoid", "linear"), "mse", 2),
     ((2, 3, 1), ("sigmoid", "sigmoid"), "cross_entropy", 2)],
)  # fmt: skip
def test_everything_a_nudge_of_the_asked_value_changes_is_hidden(sizes, activations, loss, n):
    for seed in range(4):
        record = record_of(sizes, activations, loss, n=n, seed=seed)
        base = _pass(record)
        for node, value in base.items():  # the recomputation is the record's update
            if node[0][0] not in ("loss", "loss_after"):
                assert np.isclose(value, node_value(record, node), rtol=1e-9, atol=1e-12)
        for e in make_exercises(record, 6, seed=seed):
            missing = changed_by(record, e.quantity) - computed_from(record, e.quantity)
            assert not missing, (seed, e.question(), missing)
