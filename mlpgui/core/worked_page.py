"""The format-neutral page of a worked example: math tokens, blocks and number formatting.

A page is built once from a record (worked_sections, worked_example, worked_update) and
rendered twice: as Markdown with the app's Unicode math (w₂₁⁽¹⁾, by worked_markdown) and as
LaTeX in the lecture's notation (w_{21}^{(1)}, by worked_latex). Numbers stay floats until
rendering, where they get the page's number of significant digits.

Tokens of a formula (an ``Expr`` is a tuple of them):
    ``Num``  a number (optionally bold, or as a factor: negatives in parentheses);
    ``Sym``  a lecture symbol with subscript indices and a layer superscript;
    ``Name`` a user's name of a parameter (text, escaped for each format);
    ``M``    any other piece of math, given in both renderings.
Prose (``Prose``) mixes plain text (str) with tokens and Exprs, which become inline math.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import MlpguiError
from .worked_escape import escape_latex, escape_markdown

DEFAULT_DIGITS = 6
MIN_DIGITS, MAX_DIGITS = 1, 17
"""Significant digits a page may show (17 round-trips every float64)."""


class WorkedExampleError(MlpguiError, ValueError):
    """A worked example was asked for something that does not exist (a weight outside the
    network, a sample outside the batch) or with options outside their stated range."""


def check_digits(digits: object) -> int:
    """``digits`` as an int from MIN_DIGITS to MAX_DIGITS, or WorkedExampleError."""
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise WorkedExampleError(f"The number of digits must be a whole number, not {digits!r}.")
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise WorkedExampleError(
            f"The number of significant digits must be from {MIN_DIGITS} to {MAX_DIGITS}, "
            f"not {digits}."
        )
    return digits


def format_number(value: float, digits: int) -> str:
    """``value`` with ``digits`` significant digits in plain ASCII ("-0.0375", "1.2e-05");
    −0 shows as 0, NaN as "NaN", infinities as "inf" and "-inf" (as mlpgui.ui.formatting)."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def latex_number(value: float, digits: int) -> str:
    """``value`` for LaTeX math: "1.2e-05" becomes "1.2 \\times 10^{-5}"."""
    text = format_number(value, digits)
    if text == "NaN":
        return r"\mathrm{NaN}"
    if text.endswith("inf"):
        return text.replace("inf", r"\infty")
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


# --- tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number. ``factor``: it follows an operator, so a negative or a power of ten gets
    parentheses; ``bold``: the result of a line."""

    value: float
    factor: bool = False
    bold: bool = False

    def md(self, digits: int) -> str:
        text = format_number(self.value, digits)
        if self.factor and text.startswith("-"):
            text = f"({text})"
        return f"**{text}**" if self.bold else text

    def tex(self, digits: int) -> str:
        text = latex_number(self.value, digits)
        if self.factor and (text.startswith("-") or r"\times" in text):
            text = f"({text})"
        return rf"\mathbf{{{text}}}" if self.bold else text


_SUB = str.maketrans("0123456789+-−=(),aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎,ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-−()lnN", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ˡⁿᴺ")
_GREEK = {
    "δ": r"\delta",
    "γ": r"\gamma",
    "θ": r"\theta",
    "σ": r"\sigma",
    "Δ": r"\Delta",
    "Σ": r"\Sigma",
}


def _unicode_script(text: str, table: dict[int, int], fallback: str) -> str:
    mapped = text.translate(table)
    if all(c != m or not c.isalnum() for c, m in zip(text, mapped, strict=True)):
        return mapped
    return fallback


@dataclass(frozen=True)
class Sym:
    """A lecture symbol: ``Sym("w", "21", 1)`` is w₂₁⁽¹⁾ in Markdown and w_{21}^{(1)} in LaTeX.

    ``sub``: subscript (indices already 1-based, e.g. "21", "old"); ``layer``: the
    superscript in parentheses (None: none).
    """

    base: str
    sub: str = ""
    layer: int | str | None = None

    def md(self, digits: int = 0) -> str:
        out = self.base
        if self.sub:
            out += _unicode_script(self.sub, _SUB, f"_{self.sub}")
        if self.layer is not None:
            sup = f"({self.layer})"
            out += _unicode_script(sup, _SUP, f"^{sup}")
        return out

    def tex(self, digits: int = 0) -> str:
        out = _GREEK.get(self.base, self.base)
        if self.sub:
            sub = self.sub
            if len(sub) > 1 and sub.isalpha():
                sub = rf"\text{{{sub}}}"
            out += f"_{{{sub}}}"
        if self.layer is not None:
            layer = str(self.layer).replace("−", "-")
            out += f"^{{({layer})}}"
        return out


@dataclass(frozen=True)
class Name:
    """A user's name of a parameter (e.g. Mazur's "w5"), shown as text in both formats."""

    text: str

    def md(self, digits: int = 0) -> str:
        return escape_markdown(self.text)

    def tex(self, digits: int = 0) -> str:
        return rf"\text{{{escape_latex(self.text)}}}"


@dataclass(frozen=True)
class M:
    """Any other piece of math, given in both renderings (e.g. " × " and " \\times ")."""

    markdown: str
    latex: str

    def md(self, digits: int = 0) -> str:
        return self.markdown

    def tex(self, digits: int = 0) -> str:
        return self.latex


Token = Num | Sym | Name | M
Expr = tuple[Token, ...]
ProsePart = str | Token | Expr
Prose = tuple[ProsePart, ...]

EQ = M(" = ", " = ")
PLUS = M(" + ", " + ")
MINUS = M(" − ", " - ")
NEG = M("−", "-")
TIMES = M(" × ", r" \times ")
DOT = M(" · ", r" \cdot ")
LP, RP = M("(", r"\left("), M(")", r"\right)")
GAMMA = M("γ", r"\gamma")
DELTA_OP = M("Δ", r"\Delta ")
ODOT = M(" ⊙ ", r" \odot ")


def expr(*parts: Token | Expr) -> Expr:
    """One Expr from tokens and Exprs."""
    out: list[Token] = []
    for part in parts:
        if isinstance(part, tuple):
            out.extend(part)
        else:
            out.append(part)
    return tuple(out)


def render_expr(tokens: Expr, digits: int, latex: bool) -> str:
    return "".join(t.tex(digits) if latex else t.md(digits) for t in tokens)


# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A page title (level 1) or a section heading (level 2)."""

    level: int
    prose: Prose


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``note``: a remark in italics."""

    prose: Prose
    note: bool = False


@dataclass(frozen=True)
class Chain:
    """lhs = steps[0] = steps[1] = …; the last step is the line's result. ``long``: LaTeX puts
    each step on its own aligned line."""

    lhs: Expr
    steps: tuple[Expr, ...]
    long: bool = False


@dataclass(frozen=True)
class Equations:
    """Consecutive chains, aligned at their first "=" in LaTeX, a list in Markdown."""

    chains: tuple[Chain, ...]


@dataclass(frozen=True)
class Table:
    """A table; every cell is Prose. Numbers in columns are right-aligned."""

    header: tuple[Prose, ...]
    rows: tuple[tuple[Prose, ...], ...]


Block = Heading | Paragraph | Equations | Table


@dataclass(frozen=True)
class Page:
    """A rendered-later page: its blocks and the significant digits of its numbers.
    ``title`` is the page's title as plain text (for a LaTeX document's metadata, file
    names)."""

    title: str
    blocks: tuple[Block, ...]
    digits: int


def _as_expr(part: Token | Expr) -> Expr:
    return part if isinstance(part, tuple) else (part,)


@dataclass
class PageBuilder:
    """Collects blocks; consecutive ``eq`` calls form one aligned Equations block."""

    digits: int
    title: str = ""
    _blocks: list[Block] = field(default_factory=list)
    _chains: list[Chain] = field(default_factory=list)

    def _close(self) -> None:
        if self._chains:
            self._blocks.append(Equations(tuple(self._chains)))
            self._chains = []

    def heading(self, *prose: ProsePart, level: int = 2) -> None:
        self._close()
        self._blocks.append(Heading(level, prose))

    def para(self, *prose: ProsePart) -> None:
        self._close()
        self._blocks.append(Paragraph(prose))

    def note(self, *prose: ProsePart) -> None:
        self._close()
        self._blocks.append(Paragraph(prose, note=True))

    def eq(self, lhs: Token | Expr, *steps: Token | Expr, long: bool = False) -> None:
        """A line lhs = step = … = result (the result, a Num, is shown bold)."""
        shown = [_as_expr(s) for s in steps]
        last = shown[-1]
        if len(last) == 1 and isinstance(last[0], Num):
            shown[-1] = (Num(last[0].value, bold=True),)
        self._chains.append(Chain(_as_expr(lhs), tuple(shown), long))

    def table(self, header: Sequence[ProsePart], rows: Sequence[Sequence[ProsePart]]) -> None:
        self._close()
        self._blocks.append(
            Table(
                tuple(_cell(h) for h in header),
                tuple(tuple(_cell(c) for c in row) for row in rows),
            )
        )

    def build(self) -> Page:
        self._close()
        return Page(self.title, tuple(self._blocks), self.digits)


def _cell(part: ProsePart) -> Prose:
    return (part,)
