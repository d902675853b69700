"""Exercise mode's core: a student computes quantities of the next update and is checked.

Made from the record of ``Trainer.preview()`` (the update the next step will apply)::

    exercises = make_exercises(trainer.preview(), count=5, seed=7)   # the app picks
    exercises = exercises_from(record, [Quantity("drive", 1, 0, sample=0), ...])  # a teacher
    ex = exercises[0]
    ex.question()            # "Compute the drive d₁⁽¹⁾ of sample n = 1 (dataset row 3)."
    ex.check("0,377")        # Verdict: correct / wrong / unreadable, one sentence
    ex.hint().markdown()     # the formula and the given values it needs
    exercises.hint(0)        # the same, with values other open exercises hide shown as "?"
    ex.reveal().markdown()   # the worked answer (marks the exercise revealed)
    exercises.reveal(0)      # the same, refused while it needs another open one's answer
    exercises.score()        # Score(total, attempted, correct, revealed, attempts)
    exercises.hidden_quantities()   # keys the diagram and inspector hide: each open
                                    # exercise's value and everything computed from it
    data = exercises.to_json(); ExerciseSet.from_json(data, trainer.preview())

Kinds, indices and hidden keys: see exercise_quantity. Tolerance: see exercise_answers (the
default accepts answers within 0.1 % of the size of the terms). A seed makes the choice
reproducible: the same record, count, kinds and seed give the same exercises. All methods
run in the caller's thread (the GUI's); an ``ExerciseSet`` is mutable (it keeps the score),
the record it holds is not. Errors are ``ExerciseError`` (an ``MlpguiError``), one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .exercise_answers import (
    AnswerError,
    ExerciseError,
    Tolerance,
    Verdict,
    parse_answer,
)
from .exercise_hints import Hint
from .exercise_json import MAX_EXERCISES, SavedExercise, SavedSet, dump, fingerprint, parse
from .exercise_pick import Shown, answer_key, pick
from .exercise_quantity import (
    MAX_HAND_TERMS,
    Key,
    Quantity,
    check_finite,
    hidden_keys,
    lecture_order,
)
from .exercise_question import Exercise
from .limits import MAX_SEED
from .record import UpdateRecord
from .worked_common import QUANTITY_KINDS, Names, WorkedExample, make_context
from .worked_page import DEFAULT_DIGITS, check_digits

__all__ = [
    "MAX_EXERCISES",
    "MAX_HAND_TERMS",
    "QUANTITY_KINDS",
    "AnswerError",
    "Exercise",
    "ExerciseError",
    "ExerciseSet",
    "Hint",
    "Quantity",
    "Score",
    "Tolerance",
    "Verdict",
    "exercises_from",
    "make_exercises",
    "parse_answer",
]


@dataclass(frozen=True)
class Score:
    """total exercises; attempted: with at least one counted answer; correct: solved;
    revealed: shown before being solved; attempts: counted answers in all."""

    total: int
    attempted: int
    correct: int
    revealed: int
    attempts: int

    def describe(self) -> str:
        """ "2 of 5 correct · 1 revealed · 6 attempts"."""
        attempts = f"{self.attempts:,} attempt{'' if self.attempts == 1 else 's'}"
        return f"{self.correct} of {self.total} correct · {self.revealed} revealed · {attempts}"


class ExerciseSet:
    """Exercises about one update (``record``), with their shared tolerance and digits.
    Make one with ``make_exercises``, ``exercises_from`` or ``ExerciseSet.from_json``."""

    def __init__(
        self,
        record: UpdateRecord,
        exercises: Sequence[Exercise],
        seed: int | None,
        tolerance: Tolerance,
        digits: int,
    ) -> None:
        self.record = record
        self.exercises = tuple(exercises)
        self.seed = seed
        self.tolerance = tolerance
        self.digits = digits
        self._hidden: dict[int, frozenset[Key]] = {}  # by exercise: what it hides while open
        self._hidden_while: tuple[tuple[int, ...], frozenset[Key]] | None = None

    def hidden_by(self, index: int) -> frozenset[Key]:
        """The keys exercise ``index`` (0-based) hides while open (``hidden_keys``; kept,
        as the record and the quantity never change)."""
        if index not in self._hidden:
            self._hidden[index] = frozenset(
                hidden_keys(self.record, self.exercises[index].quantity)
            )
        return self._hidden[index]

    @property
    def step(self) -> int:
        """The update the exercises are about."""
        return self.record.step

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __getitem__(self, index: int) -> Exercise:
        return self.exercises[index]

    def hint(self, index: int, all_open: bool = False) -> Hint:
        """Exercise ``index``'s (0-based) hint, with each given value that another open
        exercise hides shown as "?" (a teacher may chain questions: δ, then ∂L/∂w = δ a_j).
        ``all_open``: count every exercise as open, whatever its status (a printed sheet)."""
        hidden = [
            (n + 1, answer_key(e.quantity), self.hidden_by(n))
            for n, e in enumerate(self.exercises)
            if n != index and (all_open or e.status == "open")
        ]
        return self.exercises[index].hint().hiding(hidden)

    def waiting_for(self, index: int) -> tuple[int, ...]:
        """The numbers (1-based) of the other open exercises that hide a value exercise
        ``index`` (0-based) is computed from: its hint shows those values as "?", and its
        worked answer waits for them (see ``reveal``)."""
        hint = self.hint(index)
        return tuple(sorted({g.hidden_by for g in hint.given if g.hidden_by is not None}))

    def reveal(self, index: int) -> WorkedExample:
        """Exercise ``index``'s (0-based) worked answer, marking it revealed (unless solved).

        ExerciseError (one sentence) while it is computed from a value another open exercise
        hides: the worked answer would print that value — the other's answer, or one computed
        from it — and its own result would give the other's answer away too (a = f(d) gives d
        back), so it waits until that exercise is answered or revealed."""
        waiting = self.waiting_for(index)
        if waiting:
            numbers = " and ".join(str(n) for n in waiting)
            which, verb = ("question", "is") if len(waiting) == 1 else ("questions", "are")
            raise ExerciseError(
                f"Question {index + 1} is computed from a value hidden until {which} "
                f"{numbers} {verb} answered or revealed; answer or reveal {which} {numbers} first "
                "(its worked answer would give that answer away)."
            )
        return self.exercises[index].reveal()

    def hidden_quantities(self) -> frozenset[Key]:
        """Keys (exercise_quantity) the diagram and inspector hide: for each exercise still
        open, its value and every value computed from it (``hidden_keys``). A solved or
        revealed exercise shows its quantities again, unless they are computed from another
        open one's answer."""
        open_ones = tuple(n for n, e in enumerate(self.exercises) if e.status == "open")
        if self._hidden_while is None or self._hidden_while[0] != open_ones:
            keys: set[Key] = set()
            for n in open_ones:
                keys |= self.hidden_by(n)
            self._hidden_while = (open_ones, frozenset(keys))
        return self._hidden_while[1]

    def score(self) -> Score:
        es = self.exercises
        return Score(
            total=len(es),
            attempted=sum(e.attempts > 0 for e in es),
            correct=sum(e.solved for e in es),
            revealed=sum(e.revealed and not e.solved for e in es),
            attempts=sum(e.attempts for e in es),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (format: exercise_json) with the progress so far."""
        saved = [SavedExercise(e.quantity, fingerprint(e.value), e.attempts, e.solved, e.revealed)
                 for e in self.exercises]  # fmt: skip
        return dump(SavedSet(self.step, self.seed, self.digits, self.tolerance, tuple(saved)))

    @classmethod
    def from_json(cls, data: object, record: UpdateRecord, names: Names = None) -> ExerciseSet:
        """The set saved in ``data``, about ``record`` (the next update, from
        ``Trainer.preview()``). ExerciseError if ``data`` is damaged, from a newer mlpgui, or
        about another update (another step, or values that no longer match the network)."""
        saved = parse(data)
        if saved.step != record.step:
            raise ExerciseError(
                f"The saved exercises are about update {saved.step:,}, but the next update is "
                f"{record.step:,}; make a new exercise set."
            )
        made = _make(record, [s.quantity for s in saved.exercises], saved.seed,
                     saved.tolerance, saved.digits, names, "Saved exercise")  # fmt: skip
        for n, (e, s) in enumerate(zip(made.exercises, saved.exercises, strict=True)):
            if fingerprint(e.value) != s.check:
                raise ExerciseError(
                    f"Saved exercise {n + 1} no longer matches the network (its value is not "
                    "the one saved): the weights or the data changed since, so make a new "
                    "exercise set."
                )
            e.attempts, e.solved, e.revealed = s.attempts, s.solved, s.revealed
        return made


# --- making sets ------------------------------------------------------------------------------


def exercises_from(
    record: UpdateRecord,
    quantities: Iterable[Quantity],
    *,
    tolerance: Tolerance | None = None,
    digits: int = DEFAULT_DIGITS,
    names: Names = None,
) -> ExerciseSet:
    """A set of the given quantities, in the given order (a teacher's choice)."""
    return _make(record, list(quantities), None, tolerance or Tolerance(), digits, names,
                 "Exercise")  # fmt: skip


def make_exercises(
    record: UpdateRecord,
    count: int = 5,
    *,
    seed: int = 0,
    kinds: Iterable[str] | None = None,
    tolerance: Tolerance | None = None,
    digits: int = DEFAULT_DIGITS,
    names: Names = None,
) -> ExerciseSet:
    """``count`` quantities drawn with ``seed`` from ``kinds`` (default: every kind this
    update has), in the order the update computes them. Kinds take turns, so a set of up to
    eight exercises has as many different kinds as it can; no exercise's hint gives another
    one's answer away."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_EXERCISES:
        raise ExerciseError(f"Ask for 1 to {MAX_EXERCISES} exercises, not {count!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ExerciseError(f"The seed must be a whole number from 0 to 2^64 − 1, not {seed!r}.")
    wanted = tuple(QUANTITY_KINDS if kinds is None else kinds)
    for kind in wanted:
        if kind not in QUANTITY_KINDS:
            raise ExerciseError(
                f"Unknown exercise kind {kind!r}; choose from {', '.join(QUANTITY_KINDS)}."
            )
    check_finite(record)
    picked = pick(record, count, seed, [k for k in QUANTITY_KINDS if k in wanted])
    return _make(record, sorted(picked, key=lecture_order), seed, tolerance or Tolerance(),
                 digits, names, "Exercise")  # fmt: skip


def _make(
    record: UpdateRecord,
    quantities: list[Quantity],
    seed: int | None,
    tolerance: Tolerance,
    digits: int,
    names: Names,
    noun: str,
) -> ExerciseSet:
    if not 1 <= len(quantities) <= MAX_EXERCISES:
        raise ExerciseError(f"An exercise set has 1 to {MAX_EXERCISES} exercises, "
                            f"not {len(quantities):,}.")  # fmt: skip
    if not isinstance(tolerance, Tolerance):
        raise ExerciseError("The tolerance must be a Tolerance(relative, absolute).")
    try:
        check_digits(digits)
    except ValueError as error:
        raise ExerciseError(str(error)) from None
    tolerance.check_digits(digits)
    check_finite(record)
    checked_names = make_context(record, digits, 1, names).names
    exercises: list[Exercise] = []
    seen: dict[Shown, int] = {}
    for n, q in enumerate(quantities):
        if not isinstance(q, Quantity):
            raise ExerciseError(f"{noun} {n + 1} is not a Quantity.")
        try:
            exercise = Exercise(record, q, tolerance, digits, dict(checked_names))
        except ExerciseError as error:
            raise ExerciseError(f"{noun} {n + 1}: {error}") from None
        key = answer_key(exercise.quantity)
        if key in seen:
            raise ExerciseError(f"{noun} {n + 1} asks for the same quantity as {noun.lower()} "
                                f"{seen[key] + 1}.")  # fmt: skip
        seen[key] = n
        exercises.append(exercise)
    return ExerciseSet(record, exercises, seed, tolerance, digits)
