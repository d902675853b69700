"""The exercise's sentences for the panel and the diagram's line, and when a change of the
run ends an exercise (it is about the next update from the current θ, with the current
settings). Formatting and comparisons only; GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from mlpgui.core import UpdateRecord
from mlpgui.core.exercise import ExerciseSet, Quantity
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.formatting import format_count, plural
from mlpgui.worker import ModelChange, ModelSnapshot

KEEPING = frozenset(
    {ModelChange.REQUEST, ModelChange.NAMES, ModelChange.TEST_SET, ModelChange.EXERCISES}
)
"""Model changes that leave the next update as it was (the exercise goes on)."""

CHANGE_WORDS = {
    ModelChange.RESET: "the network was reset",
    ModelChange.SETUP: "the network was replaced",
    ModelChange.SESSION: "another session was opened",
    ModelChange.DATASET: "the training data changed",
    ModelChange.EDIT: "a weight was edited",
    ModelChange.REWIND: "training went back to a past update",
    ModelChange.DIVERGED: "training diverged",
}


def summary(exercises: ExerciseSet, open_: bool) -> str:
    """ "Exercise on update 4 — the next one, not applied yet · seed 7 · 5 questions · …"."""
    k = format_count(exercises.step)
    head = f"<b>Exercise on update {k}</b>"
    head += " — the next one, not applied yet" if open_ else " — ended"
    seed = "picked by hand" if exercises.seed is None else f"seed {exercises.seed}"
    tolerance = exercises.tolerance.describe()
    return (
        f"{head} · {seed} · {plural(len(exercises), 'question')}. Values are from θ before "
        f"update {k}. {tolerance}"
    )


def score_line(exercises: ExerciseSet) -> str:
    return "Score: " + exercises.score().describe()


def diagram_line(exercises: ExerciseSet) -> str:
    """The HTML line above the diagram while the exercise is open."""
    waiting = sum(e.status == "open" for e in exercises)
    k = format_count(exercises.step)
    if waiting:
        what = f"{plural(waiting, 'value')} hidden (shown as ?) until answered or revealed"
    else:
        what = "every question answered: Apply the update in the Exercise panel makes it"
    return f"<b>Exercise</b> on update {k} (the next one, not applied yet) · {what}"


def picked_text(quantities: Sequence[Quantity]) -> str:
    """ "d₁⁽¹⁾ (n = 1), ∂L/∂w₁₁⁽²⁾" ("" for none)."""
    parts = []
    for q in quantities:
        tail = f" (n = {(q.sample or 0) + 1})" if q.per_sample else ""
        parts.append(q.label() + tail)
    return ", ".join(parts)


def ended_by_model(snapshot: ModelSnapshot) -> str | None:
    """Why ``snapshot`` ends an open exercise (None: it does not)."""
    if snapshot.reason in KEEPING:
        return None
    return CHANGE_WORDS.get(snapshot.reason, "the network changed")


def ended_by_settings(setup: TrainingSetup, record: UpdateRecord, running: bool) -> str | None:
    """Why the worker's settings end an exercise about ``record`` (None: they do not)."""
    if running:
        return "training started"
    same = (
        setup.learning_rate == record.learning_rate
        and setup.loss == record.loss_name
        and setup.batch == record.batch_mode
        and setup.train_biases == record.train_biases
        and setup.l1_rate == record.l1_rate
        and setup.l2_rate == record.l2_rate
        and setup.momentum == record.momentum
    )
    return None if same else "a training setting changed"


def ended_by_record(latest: UpdateRecord | None, exercises: ExerciseSet) -> str | None:
    """Why a new latest update ends the exercise (None: it does not)."""
    if latest is not None and latest.step >= exercises.step:
        return f"update {format_count(latest.step)} was made"
    return None
