"""Number formatting for display (the only arithmetic widgets do)."""

from __future__ import annotations

import math

DEFAULT_DIGITS = 6


def format_number(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """``value`` with ``digits`` significant digits; −0 shows as 0. Plain ASCII (a minus is
    "-") so that copied numbers paste into code and spreadsheets."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def format_count(n: int) -> str:
    """A count with thousands separators: 12,345."""
    return f"{n:,}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` with the noun in the right number: "1 update", "2 updates", "1,000 samples"."""
    noun = singular if n == 1 else (plural_form or singular + "s")
    return f"{format_count(n)} {noun}"
