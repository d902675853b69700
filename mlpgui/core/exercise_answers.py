"""Reading a student's answer and judging it: parse_answer, Tolerance, Verdict.

An answer is accepted when |answer − value| ≤ max(absolute, relative × scale), where
``scale`` is the magnitude of the terms the value is computed from (for d = Σ w a + b it is
Σ |w a| + |b|; see exercise_quantity.scale). Measuring the relative part against the terms, not
only against the value, keeps a correct answer correct when a sum nearly cancels and the
given inputs (rounded to the shown digits) cannot pin its last digits down.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import MlpguiError

DEFAULT_RELATIVE = 1e-3
ROUNDING_FACTOR = 20.0
"""Answers computed from inputs rounded to d significant digits can be off by about
ROUNDING_FACTOR × 10^−d of the scale; a tolerance must allow at least that."""


class ExerciseError(MlpguiError, ValueError):
    """An exercise (set) cannot be made, read or saved as asked; the message says why."""


class AnswerError(ExerciseError):
    """A typed answer is not a number."""


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def parse_answer(answer: str | float | int) -> float:
    """The number a student typed: "0.5", "-5e-1", "1,5" (a decimal comma), "−0.25" (Unicode
    minus), " .5 "; spaces are ignored. A float or int is taken as it is.

    Raises:
        AnswerError: one sentence, for text that is not a number, a NaN or an infinity.
    """
    if isinstance(answer, bool):
        raise AnswerError("Type a number, not True or False.")
    if isinstance(answer, (int, float)):
        value = float(answer)
    elif isinstance(answer, str):
        value = _parse_text(answer)
    else:
        try:
            value = float(answer)  # NumPy scalars
        except (TypeError, ValueError):
            raise AnswerError("Type a number, for example 0.25.") from None
    if math.isnan(value) or math.isinf(value):
        raise AnswerError("Type a finite number; NaN and infinity are not answers here.")
    return value


def _parse_text(text: str) -> float:
    compact = _SPACES.sub("", text).replace("−", "-").replace("–", "-")
    if not compact:
        raise AnswerError("Type a number, for example 0.25.")
    shown = text.strip() if len(text.strip()) <= 30 else text.strip()[:29] + "…"
    if "," in compact and "." in compact:
        raise AnswerError(
            "Use either a decimal point or a decimal comma, not both (for example 1.5 or 1,5)."
        )
    if compact.count(",") > 1:
        raise AnswerError(f"“{shown}” has more than one decimal comma; type one number.")
    compact = compact.replace(",", ".")
    if not _NUMBER.fullmatch(compact):
        raise AnswerError(
            f"“{shown}” is not a number; type a number such as 0.25, -1.5e-3 or 0,25."
        )
    value = float(compact)
    if math.isinf(value):
        raise AnswerError(f"“{shown}” is too large to be an answer here.")
    return value


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be: within max(absolute, relative × scale) of the value.

    ``relative`` (default 1e-3) is a fraction of the magnitude of the terms the value is
    computed from; ``absolute`` (default 0) is in the quantity's own units. Both must be
    finite and ≥ 0, not both 0, and ``relative`` below 1.
    """

    relative: float = DEFAULT_RELATIVE
    absolute: float = 0.0

    def __post_init__(self) -> None:
        for name in ("relative", "absolute"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ExerciseError(f"The {name} tolerance must be a number, not {value!r}.")
            if not math.isfinite(value) or value < 0:
                raise ExerciseError(
                    f"The {name} tolerance must be a finite number ≥ 0, not {value!r}."
                )
            object.__setattr__(self, name, float(value))
        if self.relative >= 1:
            raise ExerciseError(
                f"The relative tolerance must be below 1 (100 %), not {self.relative!r}."
            )
        if self.relative == 0 and self.absolute == 0:
            raise ExerciseError("A tolerance needs a relative or an absolute part above 0.")

    def allowed(self, scale: float) -> float:
        """The largest accepted |answer − value| for a quantity of this ``scale``."""
        return max(self.absolute, self.relative * abs(scale))

    def describe(self) -> str:
        """ "within 0.1 % of the size of the terms" (and "or 1e-06" with an absolute part)."""
        parts = []
        if self.relative:
            parts.append(f"within {self.relative * 100:.3g} % of the size of its terms")
        if self.absolute:
            parts.append(f"within {self.absolute:.3g}")
        return "An answer counts as correct " + " or ".join(parts) + "."

    def check_digits(self, digits: int) -> None:
        """ExerciseError if values shown with ``digits`` significant digits cannot give an
        answer this close (an absolute tolerance is trusted to be chosen knowingly)."""
        needed = ROUNDING_FACTOR * 10.0**-digits
        if self.absolute == 0 and self.relative < needed:
            raise ExerciseError(
                f"With {digits} significant digits in the given values, a correct answer can "
                f"be off by about {needed:.2g} of its size; show at least "
                f"{_digits_for(self.relative)} digits or allow a relative tolerance of at "
                f"least {needed:.2g}."
            )


STATED_DIGITS = 3
"""Significant digits of the ± a verdict states (the accepted distance is rounded down to it)."""


def stated(allowed: float) -> float:
    """``allowed`` rounded down to STATED_DIGITS significant digits: the ± that a verdict
    states ("an answer within ±0.000392 … is accepted") is then exactly what is accepted, never a
    rounded-up number that a rejected answer is within."""
    if not math.isfinite(allowed) or allowed <= 0:
        return allowed
    exponent = math.floor(math.log10(allowed)) - (STATED_DIGITS - 1)
    mantissa = math.floor(allowed / 10.0**exponent * (1 + 1e-12))
    return min(allowed, float(f"{mantissa}e{exponent}"))


def _digits_for(relative: float) -> int:
    return math.ceil(math.log10(ROUNDING_FACTOR / relative))


@dataclass(frozen=True)
class Verdict:
    """What ``Exercise.check`` says about one answer.

    Attributes:
        status: "correct", "wrong" or "unreadable" (the text was not a number).
        message: one sentence for the student.
        answer: the number read (None when unreadable).
        allowed: the accepted |answer − value|.
        counted: True if this answer was counted as an attempt (not when unreadable, and not
            after the exercise was solved or revealed).
    """

    status: str
    message: str
    answer: float | None
    allowed: float
    counted: bool

    @property
    def correct(self) -> bool:
        return self.status == "correct"
