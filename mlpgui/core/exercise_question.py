"""One exercise of a set (exercise.py): the quantity a student computes, its true value and
tolerance, the question in words, the verdict on an answer, its hint and its worked answer,
and the student's progress on it. Caller's thread (the GUI's); mutable (the progress)."""

from __future__ import annotations

from .exercise_answers import (
    STATED_DIGITS,
    AnswerError,
    Tolerance,
    Verdict,
    parse_answer,
    stated,
)
from .exercise_hints import Hint, hint_for
from .exercise_quantity import Quantity, scale, true_value, validate
from .losses import loss_title
from .record import UpdateRecord
from .worked_common import WorkedExample, make_context
from .worked_example import worked_quantity
from .worked_markdown import prose_text
from .worked_page import Name, Prose, format_number
from .worked_sections import called, sample_words
from .worked_symbols import grad

_WHAT = {
    "drive": ("the drive ", ""),
    "activation": ("the activation ", ""),
    "output_delta": ("", " of the output layer"),
    "hidden_delta": ("", " of hidden layer {l}"),
}


class Exercise:
    """One quantity to compute, its true value, and the student's progress on it.

    Attributes:
        quantity: what is asked (validated); value: the true value (from the record);
        allowed: the accepted |answer − value|; attempts: answers counted so far;
        solved: answered correctly before being revealed; revealed: the answer was shown.
    """

    def __init__(
        self,
        record: UpdateRecord,
        quantity: Quantity,
        tolerance: Tolerance,
        digits: int,
        names: dict[int, str],
    ) -> None:
        self.record = record
        self.quantity = validate(record, quantity)
        self.value = true_value(record, self.quantity)
        self.allowed = stated(tolerance.allowed(scale(record, self.quantity)))
        self.digits = digits
        self.names = names
        self.attempts = 0
        self.solved = False
        self.revealed = False

    @property
    def status(self) -> str:
        """ "open", "solved" or "revealed"."""
        return "solved" if self.solved else "revealed" if self.revealed else "open"

    def prompt(self) -> Prose:
        """The question as worked-page prose (for Markdown and LaTeX sheets)."""
        q, record = self.quantity, self.record
        symbol = q.symbol()
        if q.per_sample:
            before, after = _WHAT[q.kind]
            after = after.replace("{l}", str(q.layer))
            where = sample_words(record, q.sample or 0)
            return ("Compute ", before, symbol, f"{after} for {where}.")
        ctx = make_context(record, self.digits, 1, self.names)
        index = _parameter_index(record, q)
        name = ctx.name(index)
        if q.kind.endswith("gradient"):
            count = record.batch_size
            over = "its one sample" if count == 1 else f"all {count:,} samples"
            named = () if name is None else (" for ", (Name(name),))
            loss = loss_title(record.loss_name)
            return ("Compute ", (grad(symbol),), *named,
                    f" (loss {loss}, over {over} of the batch).")  # fmt: skip
        return ("Compute the new value of ", called(ctx, symbol, index), " after the update.")

    def question(self) -> str:
        """The question in the app's notation (one sentence, Unicode)."""
        return prose_text(self.prompt(), self.digits)

    def check(self, answer: str | float) -> Verdict:
        """Judge a typed answer. Unreadable text is not counted as an attempt; neither is
        anything after the exercise was solved or revealed (the verdict still says whether
        the answer is right)."""
        try:
            value = parse_answer(answer)
        except AnswerError as unreadable:
            return Verdict("unreadable", str(unreadable), None, self.allowed, False)
        counted = self.status == "open"
        if counted:
            self.attempts += 1
        error = value - self.value
        shown = format_number(value, self.digits)
        within = f"±{format_number(self.allowed, STATED_DIGITS)}"
        slack = 1e-12 * max(abs(value), abs(self.value))  # "value ± allowed" typed exactly
        if abs(error) <= self.allowed + slack:
            if counted:
                self.solved = True
                tail = ""
            elif self.solved:
                tail = "; it was already solved"
            else:
                tail = "; it does not count, as the answer was revealed before"
            true = format_number(self.value, self.digits)
            return Verdict("correct", f"Correct: {self.quantity.label()} = {true} (your "
                           f"{shown} is within {within}){tail}.", value, self.allowed,
                           counted)  # fmt: skip
        direction = "too large" if error > 0 else "too small"
        return Verdict("wrong", f"Not quite: {shown} is {direction} (an answer within "
                       f"{within} of the true value is accepted); try again or ask for a hint.",
                       value, self.allowed, counted)  # fmt: skip

    def hint(self) -> Hint:
        """The formula and the given values the quantity is computed from."""
        return hint_for(self.record, self.quantity)

    def worked_answer(self) -> WorkedExample:
        """The worked answer, without changing the score (e.g. for a solutions sheet)."""
        q = self.quantity
        return worked_quantity(self.record, q.kind, q.layer, q.i, q.j, q.sample,
                               digits=self.digits, names=self.names)  # fmt: skip

    def reveal(self) -> WorkedExample:
        """The worked answer; the exercise counts as revealed from now on (unless solved)."""
        if not self.solved:
            self.revealed = True
        return self.worked_answer()


def _parameter_index(record: UpdateRecord, q: Quantity) -> int:
    layout = record.layout
    if q.is_weight:
        return layout.index_of_weight(q.layer, q.i, q.j)
    return layout.index_of_bias(q.layer, q.i)
