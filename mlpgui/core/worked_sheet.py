"""Exercise sheets: an exercise set as a questions document and a separate solutions document,
each renderable as Markdown or LaTeX (``WorkedExample``).

    questions, solutions = exercise_sheet(exercises)
    questions.latex(standalone=True); solutions.markdown()

The questions list, for each exercise, what to compute and a table of the given values it
needs (its hint); the solutions give each answer and its worked computation. Neither changes
the exercises' score.
"""

from __future__ import annotations

from .exercise import Exercise, ExerciseSet
from .exercise_depends import Node
from .exercise_hints import Hint
from .exercise_pick import answer_key
from .worked_common import (
    DEFAULT_MAX_TERMS,
    WorkedExample,
    begin,
    make_context,
    network_settings,
    rounding_note,
)
from .worked_example import add_quantity
from .worked_page import M, Num, PageBuilder, ProsePart
from .worked_sections import WorkedContext
from .worked_symbols import THETA_OLD


def exercise_sheet(
    exercises: ExerciseSet, *, max_terms: int = DEFAULT_MAX_TERMS
) -> tuple[WorkedExample, WorkedExample]:
    """(questions, solutions) for ``exercises``, with the set's digits and names."""
    first = exercises[0]
    ctx = make_context(exercises.record, exercises.digits, max_terms, first.names)
    return _questions(exercises, ctx), _solutions(exercises, ctx)


def _intro(b: PageBuilder, exercises: ExerciseSet, ctx: WorkedContext) -> None:
    k = f"{exercises.record.step:,}"
    network_settings(b, ctx)
    b.para(
        f"All given values are from update {k} as computed: the parameters θ before update {k} (",
        (THETA_OLD,),
        "), and the forward pass and backpropagation at them. A new value means the value "
        f"after update {k}. Sample n counts the samples of the batch from 1. ",
        exercises.tolerance.describe(),
    )


def _questions(exercises: ExerciseSet, ctx: WorkedContext) -> WorkedExample:
    b = begin(ctx, f"Exercises on update {exercises.step:,}")
    _intro(b, exercises, ctx)
    answers = [answer_key(e.quantity) for e in exercises]
    for n, exercise in enumerate(exercises):
        b.heading(f"Exercise {n + 1}")
        b.para(*exercise.prompt())
        _given(b, exercises.hint(n, all_open=True), answers)
    b.note(f"Given values are rounded to {ctx.digits} significant digits.")
    return WorkedExample(b.build())


def _given(b: PageBuilder, hint: Hint, answers: list[Node]) -> None:
    """The formula and the given values; one that another exercise asks for (or gives away)
    is not printed: the student works from their answer to that exercise (``answers``: what
    each exercise asks for, to tell "from your answer" from "computed from your answer",
    which a teacher's own picks may need)."""
    b.para("Formula: ", hint.formula)
    rows: list[list[ProsePart]] = []
    for g in hint.given:
        sample = "" if g.sample is None else str(g.sample + 1)
        by = g.hidden_by
        itself = by is not None and answers[by - 1] == (g.key, g.sample)
        asked = f"? ({'from' if itself else 'computed from'} your answer to exercise {by})"
        value = Num(g.value) if by is None else asked
        rows.append([(g.symbol,), sample, value])
    b.table(["given", "sample n", "value"], rows)


def _solutions(exercises: ExerciseSet, ctx: WorkedContext) -> WorkedExample:
    b = begin(ctx, f"Solutions: exercises on update {exercises.step:,}")
    _intro(b, exercises, ctx)
    for n, exercise in enumerate(exercises):
        q = exercise.quantity
        b.heading(f"Exercise {n + 1}: ", M(q.label(), _label_latex(exercise)), " = ",
                  Num(exercise.value))  # fmt: skip
        b.para(*exercise.prompt())
        add_quantity(b, ctx, q.kind, q.layer, q.i, q.j, q.sample)
    rounding_note(b, ctx)
    return WorkedExample(b.build())


def _label_latex(exercise: Exercise) -> str:
    q = exercise.quantity
    symbol = q.symbol().tex()
    if q.kind.endswith("gradient"):
        return rf"\frac{{\partial L}}{{\partial {symbol}}}"
    if q.kind.endswith("new"):
        return rf"{symbol}\ \text{{after the update}}"
    return symbol
