"""Making an exercise set from the next update — what the dialog asked for, the values picked
in the diagram, or a saved set — and what a question is about in the diagram. GUI thread;
the exercises themselves are the core's (``mlpgui.core.exercise``)."""

from __future__ import annotations

from collections.abc import Sequence

from mlpgui.core import UpdateRecord
from mlpgui.core.exercise import (
    ExerciseError,
    ExerciseSet,
    Quantity,
    exercises_from,
    make_exercises,
)
from mlpgui.ui.selection import Selection

from .dialog import ExerciseRequest

Pending = ExerciseRequest | dict
"""What the next preview is for: a request from the dialog, or a saved set to restore."""


def make_set(
    what: Pending, record: UpdateRecord, picked: Sequence[Quantity], names: dict[int, str]
) -> ExerciseSet:
    """The exercise set about ``record`` (the next update); ExerciseError with a sentence."""
    if isinstance(what, dict):
        return ExerciseSet.from_json(what, record, names)
    if what.picked:
        if not picked:
            raise ExerciseError("No value is picked: right-click a unit or an edge first.")
        return exercises_from(record, picked, names=names)
    return make_exercises(record, what.count, seed=what.seed, kinds=what.kinds, names=names)


def selection_of(q: Quantity) -> Selection:
    """The unit, weight or bias the quantity belongs to, as the diagram picks it."""
    if q.per_sample:
        return Selection("unit", q.layer, q.i)
    return Selection("w" if q.is_weight else "b", q.layer, q.i, q.j)
