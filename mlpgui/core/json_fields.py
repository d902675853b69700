"""Typed reading of parsed JSON for session files: each reader returns the value or raises
``SessionError`` with one sentence naming the field (``setup.learning_rate``,
``history.eras[2].batch``, …).

JSON has one number type, so the readers are strict where Python is lenient: ``true`` is not
the number 1, ``1.5`` is not a whole number, ``"3"`` is not a number, NaN and infinities
(which Python's json module accepts) are refused.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import MlpguiError


class SessionError(MlpguiError, ValueError):
    """A session file cannot be read or written; the message is one sentence."""


def show(value: object, limit: int = 40) -> str:
    """A short repr of a JSON value for a message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def refuse(field: str, problem: str) -> SessionError:
    """The error for a bad field: 'The session's field “<field>” <problem>.'"""
    return SessionError(f"The session's field “{field}” {problem}.")


def obj(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise refuse(field, f"must be an object, not {show(value)}")
    return value


def member(parent: dict[str, Any], key: str, field: str) -> Any:
    """``parent[key]``; a missing key is named (``field`` is the parent's name)."""
    if key not in parent:
        raise refuse(f"{field}.{key}" if field else key, "is missing")
    return parent[key]


def whole(value: object, field: str, low: int = 0, high: int | None = None) -> int:
    """A JSON whole number (not true/false, not 2.0) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(field, f"must be a whole number, not {show(value)}")
    if value < low or (high is not None and value > high):
        if high is None:
            allowed = f"at least {low:,}"
        elif high <= low:
            allowed = f"{low:,}"
        else:
            allowed = f"between {low:,} and {high:,}"
        raise refuse(field, f"must be {allowed}, not {show(value)}")
    return value


def number(value: object, field: str, low: float, high: float) -> float:
    """A finite JSON number (not true/false) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise refuse(field, f"must be a number, not {show(value)}")
    try:
        result = float(value)
    except OverflowError:
        raise refuse(field, f"is too large ({show(value)})") from None
    if not math.isfinite(result) or not low <= result <= high:
        raise refuse(field, f"must be a number between {low:g} and {high:g}, not {show(value)}")
    return result


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise refuse(field, f"must be true or false, not {show(value)}")
    return value


def text(value: object, field: str, max_length: int = 1000) -> str:
    if not isinstance(value, str):
        raise refuse(field, f"must be text, not {show(value)}")
    if len(value) > max_length:
        raise refuse(field, f"is longer than {max_length:,} characters")
    return value


def optional_text(value: object, field: str, max_length: int = 1000) -> str | None:
    return None if value is None else text(value, field, max_length)


def items(value: object, field: str, max_length: int | None = None) -> list[Any]:
    """A JSON list, at most ``max_length`` long."""
    if not isinstance(value, list):
        raise refuse(field, f"must be a list, not {show(value)}")
    if max_length is not None and len(value) > max_length:
        raise refuse(field, f"has {len(value):,} items; at most {max_length:,} are allowed")
    return value


def texts(value: object, field: str, max_length: int) -> list[str]:
    values = items(value, field, max_length)
    return [text(v, f"{field}[{i}]") for i, v in enumerate(values)]
