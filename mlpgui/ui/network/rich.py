"""Text with two renderings: HTML for the inspector and plain text for the clipboard.

``sym("w", "21", "1")`` is w<sub>21</sub><sup>(1)</sup> in HTML and ``w_21^(1)`` as plain text
(the notation the app uses everywhere in plain text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from mlpgui.ui.formatting import format_number

MUTED = "#656d76"
HIGHLIGHT = "#fff4c2"
HEADER = "#f0f3f6"


_SUB = str.maketrans("0123456789ijklnk+-−", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₗₙₖ₊₋₋")
_SUP = str.maketrans("0123456789l+-−()", "⁰¹²³⁴⁵⁶⁷⁸⁹ˡ⁺⁻⁻⁽⁾")


def unicode_notation(plain: str) -> str:
    """The app's plain notation with Unicode sub- and superscripts where they exist:
    "δ_k^(2) w_k1^(2)" → "δₖ⁽²⁾ wₖ₁⁽²⁾" (for monospaced tables)."""

    def sub(match: re.Match[str]) -> str:
        text = match.group(1)
        mapped = text.translate(_SUB)
        return mapped if all(c not in mapped for c in text if c.isalnum()) else match.group(0)

    def sup(match: re.Match[str]) -> str:
        text = f"({match.group(1)})"
        mapped = text.translate(_SUP)
        return mapped if not any(c in mapped for c in text) else match.group(0)

    out = re.sub(r"\^\(([0-9l+\-−]+)\)", sup, plain)
    return re.sub(r"_([0-9ijkln]+)", sub, out)


@dataclass(frozen=True)
class Text:
    html: str
    plain: str

    def __add__(self, other: Text | str) -> Text:
        other = text(other) if isinstance(other, str) else other
        return Text(self.html + other.html, self.plain + other.plain)

    def __radd__(self, other: str) -> Text:
        return text(other) + self


def text(s: str) -> Text:
    return Text(html.escape(s), s)


def join(parts: Iterable[Text | str], separator: str = "") -> Text:
    out = text("")
    for k, part in enumerate(parts):
        out = out + (separator if k else "") + part
    return out


def sym(base: str, sub: str = "", layer: int | str | None = None) -> Text:
    """A symbol with subscript indices and a layer superscript: w_21^(1)."""
    h, p = html.escape(base), base
    if sub:
        h += f"<sub>{html.escape(sub)}</sub>"
        p += f"_{sub}"
    if layer is not None:
        h += f"<sup>({layer})</sup>"
        p += f"^({layer})"
    return Text(h, p)


def muted(t: Text | str) -> Text:
    t = text(t) if isinstance(t, str) else t
    return Text(f"<span style='color:{MUTED}'>{t.html}</span>", t.plain)


def bold(t: Text | str) -> Text:
    t = text(t) if isinstance(t, str) else t
    return Text(f"<b>{t.html}</b>", t.plain)


class Numbers:
    """Formats numbers with a number of significant digits. ``unknown``: written instead of
    a NaN (hiding.MARK while an exercise hides values; None: NaN is written as NaN)."""

    def __init__(self, digits: int, unknown: str | None = None) -> None:
        self.digits = digits
        self.unknown = unknown

    def format(self, value: float) -> str:
        if self.unknown is not None and value != value:  # NaN
            return self.unknown
        return format_number(value, self.digits)

    def __call__(self, value: float) -> Text:
        return text(self.format(value))

    def factor(self, value: float) -> Text:
        """A number as an operand after an operator: negatives in parentheses."""
        s = self.format(value)
        return text(f"({s})" if s.startswith("-") else s)

    def vector(self, values: Sequence[float] | np.ndarray, limit: int = 12) -> Text:
        shown = [self.format(v) for v in values[:limit]]
        more = f", … ({len(values)} in all)" if len(values) > limit else ""
        return text("[" + ", ".join(shown) + more + "]")


class Doc:
    """An inspector page: paragraphs and tables, rendered to HTML and to plain text."""

    def __init__(self) -> None:
        self._html: list[str] = []
        self._plain: list[str] = []

    def title(self, t: Text, subtitle: Text | None = None) -> None:
        self._html.append(f"<h3 style='margin:0 0 2px 0'>{t.html}</h3>")
        self._plain.append(t.plain)
        if subtitle is not None:
            self._html.append(
                f"<div style='color:{MUTED}; margin-bottom:6px'>{subtitle.html}</div>"
            )
            self._plain.append(subtitle.plain)
        self._plain.append("")

    def section(self, name: str) -> None:
        self._html.append(
            f"<div style='margin-top:8px; font-weight:600; color:#0a3069'>{html.escape(name)}</div>"
        )
        if self._plain and self._plain[-1] != "":
            self._plain.append("")
        self._plain.append(f"{name}:")

    def line(self, t: Text, indent: bool = True) -> None:
        margin = "12px" if indent else "0"
        self._html.append(f"<div style='margin-left:{margin}; margin-top:2px'>{t.html}</div>")
        self._plain.append(("  " if indent else "") + t.plain)

    def note(self, t: Text | str) -> None:
        t = text(t) if isinstance(t, str) else t
        self._html.append(
            f"<div style='color:{MUTED}; margin-left:12px; margin-top:3px'><i>{t.html}</i></div>"
        )
        self._plain.append(f"  ({t.plain})")

    def table(
        self,
        header: Sequence[Text],
        rows: Sequence[Sequence[Text]],
        highlight: int | None = None,
        footer: Sequence[Sequence[Text]] = (),
    ) -> None:
        """A table of right-aligned columns; row ``highlight`` is marked. Rendered as
        preformatted text: a QTextDocument lays out <pre> about 20 times faster than
        <table>, which matters when the page follows a running training."""
        plain_rows = [list(header), *rows, *footer]
        shown_rows = [[unicode_notation(c.plain) for c in row] for row in plain_rows]
        widths = [max(len(r[c].plain) for r in plain_rows) for c in range(len(header))]
        shown_widths = [max(len(r[c]) for r in shown_rows) for c in range(len(header))]
        lines_html = []
        for k, row in enumerate(plain_rows):
            marked = highlight is not None and k - 1 == highlight
            cells = "  ".join(c.plain.rjust(w) for c, w in zip(row, widths, strict=True))
            self._plain.append(f" {'*' if marked else ' '}{cells}")
            shown = "  ".join(c.rjust(w) for c, w in zip(shown_rows[k], shown_widths, strict=True))
            line = html.escape(f"  {shown}  ")
            if k == 0:
                line = f"<span style='background:{HEADER}; color:#0a3069'>{line}</span>"
            elif marked:
                line = f"<span style='background:{HIGHLIGHT}'>{line}</span>"
            elif k > len(rows):
                line = f"<b>{line}</b>"
            lines_html.append(line)
        self._html.append(
            "<pre style='margin-left:8px; margin-top:3px; margin-bottom:3px'>"
            + "<br>".join(lines_html)
            + "</pre>"
        )

    def html(self) -> str:
        return "".join(self._html)

    def plain(self) -> str:
        return "\n".join(self._plain).rstrip() + "\n"
