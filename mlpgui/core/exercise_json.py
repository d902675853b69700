"""Exercise sets as plain JSON-able dicts (for session files), and their validation.

Format (version 2)::

    {"format": "mlpgui-exercises", "version": 2,
     "step": 3,                      # the update the exercises are about (the next one)
     "seed": 7,                      # null for a set picked by hand
     "digits": 6,                    # significant digits of given values and answers
     "tolerance": {"relative": 0.001, "absolute": 0.0},
     "exercises": [
        {"kind": "drive", "layer": 1, "i": 0, "j": -1, "sample": 0,   # as exercise_quantity
         "check": "3f9a…",          # the true value's fingerprint (``fingerprint``)
         "attempts": 2, "solved": false, "revealed": false}, ...]}

The answers are not written out: a file handed to a class would give them away in any text
editor. Each exercise keeps a fingerprint of its true value instead — the first 16 hex
digits of SHA-256 of the value to 7 significant digits —, enough to notice that a set no
longer matches its network when opened (another machine's last bits round alike), and not
readable. Version 1 wrote the value itself ("value"); such files still open.

``parse`` checks the shape and types only; ``ExerciseSet.from_json`` then checks the
quantities against the update they are opened with. Every problem raises ExerciseError with
one sentence naming the field.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from .exercise_answers import ExerciseError, Tolerance
from .exercise_quantity import Quantity
from .limits import MAX_SEED, MAX_UPDATES
from .worked_common import QUANTITY_KINDS
from .worked_page import MAX_DIGITS, MIN_DIGITS

FORMAT = "mlpgui-exercises"
VERSION = 2
MAX_EXERCISES = 100
"""Most exercises one set may have."""
MAX_ATTEMPTS = 10**9


@dataclass(frozen=True)
class SavedExercise:
    """One saved exercise; ``check``: its true value's ``fingerprint`` (version 1 files have
    the value itself: ``value``, and ``check`` is made from it)."""

    quantity: Quantity
    check: str
    attempts: int
    solved: bool
    revealed: bool


def fingerprint(value: float) -> str:
    """What a saved exercise keeps of its true value (see the module docstring)."""
    text = f"{value + 0.0:.6e}"  # + 0.0: −0.0 and 0.0 alike
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


@dataclass(frozen=True)
class SavedSet:
    step: int
    seed: int | None
    digits: int
    tolerance: Tolerance
    exercises: tuple[SavedExercise, ...]


def dump(saved: SavedSet) -> dict[str, Any]:
    """The JSON-able dict of a set (see the module docstring)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "step": saved.step,
        "seed": saved.seed,
        "digits": saved.digits,
        "tolerance": {"relative": saved.tolerance.relative, "absolute": saved.tolerance.absolute},
        "exercises": [
            {
                "kind": e.quantity.kind,
                "layer": e.quantity.layer,
                "i": e.quantity.i,
                "j": e.quantity.j,
                "sample": e.quantity.sample,
                "check": e.check,
                "attempts": e.attempts,
                "solved": e.solved,
                "revealed": e.revealed,
            }
            for e in saved.exercises
        ],
    }


def parse(data: object) -> SavedSet:
    """A SavedSet from a dict as ``dump`` writes it, or ExerciseError."""
    if not isinstance(data, dict):
        raise ExerciseError("The saved exercises are not a JSON object.")
    if data.get("format") != FORMAT:
        raise ExerciseError(f"The saved exercises do not say format {FORMAT!r}.")
    version = _int(data, "version", 1, None)
    if version > VERSION:
        raise ExerciseError(
            f"The exercises were saved by a newer mlpgui (format version {version}); update "
            "mlpgui to open them."
        )
    step = _int(data, "step", 1, MAX_UPDATES)
    seed = None if data.get("seed", None) is None else _int(data, "seed", 0, MAX_SEED)
    digits = _int(data, "digits", MIN_DIGITS, MAX_DIGITS)
    tolerance = data.get("tolerance")
    if not isinstance(tolerance, dict):
        raise ExerciseError("The saved exercises have no tolerance object.")
    tol = Tolerance(_float(tolerance, "relative", "tolerance"),
                    _float(tolerance, "absolute", "tolerance"))  # fmt: skip
    entries = data.get("exercises")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_EXERCISES:
        raise ExerciseError(
            f"The saved exercises must be a list of 1 to {MAX_EXERCISES} exercises."
        )
    return SavedSet(step, seed, digits, tol, tuple(_entry(e, n) for n, e in enumerate(entries)))


def _entry(entry: object, n: int) -> SavedExercise:
    where = f"exercise {n + 1}"
    if not isinstance(entry, dict):
        raise ExerciseError(f"Saved {where} is not a JSON object.")
    kind = entry.get("kind")
    if kind not in QUANTITY_KINDS:
        raise ExerciseError(f"Saved {where} has an unknown kind {kind!r}.")
    layer = _int(entry, "layer", 0, None, where)
    i = _int(entry, "i", 0, None, where)
    j = _int(entry, "j", -1, None, where)
    sample = None if entry.get("sample") is None else _int(entry, "sample", 0, None, where)
    quantity = Quantity(kind, layer, i, j, sample)
    if "check" in entry:
        check = entry.get("check")
        if not (isinstance(check, str) and len(check) == 16 and _is_hex(check)):
            raise ExerciseError(f"Saved {where}: check must be 16 hexadecimal digits.")
    else:
        check = fingerprint(_float(entry, "value", where, signed=True))
    attempts = _int(entry, "attempts", 0, MAX_ATTEMPTS, where)
    flags = []
    for name in ("solved", "revealed"):
        flag = entry.get(name)
        if not isinstance(flag, bool):
            raise ExerciseError(f"Saved {where}: {name} must be true or false.")
        flags.append(flag)
    return SavedExercise(quantity, check, attempts, flags[0], flags[1])


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def _int(data: dict[str, Any], name: str, low: int, high: int | None, where: str = "") -> int:
    value = data.get(name)
    place = f"Saved {where}: " if where else "The saved exercises' "
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExerciseError(f"{place}{name} must be a whole number, not {_show(value)}.")
    if value < low or (high is not None and value > high):
        top = f" to {high:,}" if high is not None else " or more"
        raise ExerciseError(f"{place}{name} must be from {low:,}{top}, not {value:,}.")
    return value


def _float(data: dict[str, Any], name: str, where: str, signed: bool = False) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExerciseError(f"Saved {where}: {name} must be a number, not {_show(value)}.")
    if not math.isfinite(value):
        raise ExerciseError(f"Saved {where}: {name} must be a finite number, not {value!r}.")
    if not signed and value < 0:
        raise ExerciseError(f"Saved {where}: {name} must be 0 or more, not {value!r}.")
    return float(value)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
