"""Render a worked-example Page as LaTeX in the lecture's notation.

Symbols are w_{21}^{(1)}, \\delta_i^{(l)}, \\frac{\\partial L}{\\partial w_{ij}^{(l)}};
equations are ``align*`` environments aligned at their first "=" (a long line puts each step
on its own ``&=`` line); tables are ``tabular`` (a wide one set smaller, and one too wide for
the page even then split into several one below the other, each repeating the columns that
name its rows: see ``_table``). Headings are ``\\section*`` (the page title)
and ``\\subsection*``. The fragment needs only ``amsmath`` (its first lines, comments, say
so); ``standalone=True`` wraps it in a complete ``article`` document (with ``geometry``'s
2 cm margins, so that the whole update's tables fit) that pdflatex compiles. The output
is ASCII except for Latin-1 letters in user-given names (see worked_escape).
"""

from __future__ import annotations

from .worked_escape import escape_latex
from .worked_page import (
    Chain,
    Equations,
    Heading,
    Name,
    Num,
    Page,
    Paragraph,
    Prose,
    Table,
    render_expr,
)

PREAMBLE = (
    "\\documentclass{article}\n"
    "\\usepackage[T1]{fontenc}\n"
    "\\usepackage{amsmath}\n"
    "\\usepackage[margin=2cm]{geometry}\n"
    "\\setlength{\\parindent}{0pt}\n"
    "\\setlength{\\parskip}{0.6em}\n"
)


FRAGMENT_HEADER = (
    "% A worked example from mlpgui: a LaTeX fragment for the body of a document;\n"
    "% it needs \\usepackage{amsmath} in the preamble.\n"
)
"""The first lines of a fragment (Copy as ▸ LaTeX): what it needs to compile."""

WIDE_TABLE = 7
"""Tables with at least this many columns are set smaller and tighter (they would not fit
the text width of an article in the normal size)."""

TEXT_WIDTH_PT = 480.0
"""The width a table must fit, in TeX points: the text width of the standalone document
(letter paper with 2 cm margins: 500 pt; A4: 484 pt), a little less to be safe."""


def prose_latex(prose: Prose, digits: int) -> str:
    """Prose as LaTeX text mode, its math in $…$."""
    out = []
    for part in prose:
        if isinstance(part, str):
            out.append(escape_latex(part))
        else:
            tokens = part if isinstance(part, tuple) else (part,)
            out.append(f"${render_expr(tokens, digits, True)}$")
    return "".join(out)


def _chain(chain: Chain, digits: int) -> str:
    lhs = render_expr(chain.lhs, digits, True)
    steps = [render_expr(step, digits, True) for step in chain.steps]
    if chain.long and len(steps) > 1:
        return f"{lhs} &= {steps[0]} \\\\\n  &= " + " \\\\\n  &= ".join(steps[1:])
    return f"{lhs} &= " + " = ".join(steps)


def _equations(block: Equations, digits: int) -> str:
    lines = " \\\\\n".join(_chain(c, digits) for c in block.chains)
    return f"\\begin{{align*}}\n{lines}\n\\end{{align*}}"


def _table(table: Table, digits: int) -> str:
    """A ``tabular`` in a ``center``: smaller and tighter when wide (``WIDE_TABLE`` columns,
    or too wide for ``TEXT_WIDTH_PT`` at the normal size), and split into several tabulars
    one below the other when still too wide: each repeats the leading columns that name the
    row (those without numbers, e.g. n and row, or i) and takes a share of the others."""
    widths = [max(_width_em(cell, digits) for cell in column) for column in _columns(table)]
    small = len(widths) >= WIDE_TABLE or _table_width(widths, NORMAL) > TEXT_WIDTH_PT
    size = SMALL if small else NORMAL
    keys = _key_columns(table)
    parts = _split(widths, keys, size)
    tabulars = [_tabular(table, [*range(keys), *part], digits) for part in parts]
    lines = ["\\footnotesize\\setlength{\\tabcolsep}{3pt}"] if small else []
    lines.append("\n\n\\medskip\n".join(tabulars))
    return "\\begin{center}\n" + "\n".join(lines) + "\n\\end{center}"


def _tabular(table: Table, columns: list[int], digits: int) -> str:
    def row(cells: tuple[Prose, ...]) -> str:
        return " & ".join(prose_latex(cells[c], digits) for c in columns) + " \\\\"

    spec = "r" * len(columns)
    lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", row(table.header), "\\hline"]
    lines += [row(r) for r in table.rows]
    lines += ["\\hline", "\\end{tabular}"]
    return "\n".join(lines)


NORMAL = (10.0, 6.0)
SMALL = (8.5, 3.0)
"""Font size (pt, with a little to spare) and \\tabcolsep (pt) of a table set normally or
smaller (\\footnotesize)."""


def _table_width(widths: list[float], size: tuple[float, float]) -> float:
    """Points a tabular of columns ``widths`` (in em) takes at ``size``."""
    em, sep = size
    return sum(w * em + 2 * sep for w in widths)


def _split(widths: list[float], keys: int, size: tuple[float, float]) -> list[list[int]]:
    """The non-key columns in as few groups as fit beside the key columns (at least one
    column a group), in order and about equally many in each."""
    values = list(range(keys, len(widths)))
    if not values:
        return [[]]
    room = TEXT_WIDTH_PT - _table_width(widths[:keys], size)
    groups: list[list[int]] = [[]]
    for c in values:
        if groups[-1] and _table_width([widths[k] for k in [*groups[-1], c]], size) > room:
            groups.append([])
        groups[-1].append(c)
    count = len(groups)
    size_each = -(-len(values) // count)
    even = [values[k : k + size_each] for k in range(0, len(values), size_each)]
    fits = all(_table_width([widths[c] for c in g], size) <= room for g in even)
    return even if fits and len(even) == count else groups


def _columns(table: Table) -> list[list[Prose]]:
    return [[table.header[c], *(r[c] for r in table.rows)] for c in range(len(table.header))]


def _key_columns(table: Table) -> int:
    """How many leading columns hold no number in any row (they say which row it is)."""
    for c in range(len(table.header)):
        if any(_has_number(r[c]) for r in table.rows):
            return c
    return 0


def _has_number(prose: Prose) -> bool:
    return any(
        isinstance(t, Num) for part in prose for t in (part if isinstance(part, tuple) else (part,))
    )


def _has_name(prose: Prose) -> bool:
    """Whether ``prose`` holds a user-given name (set whole in ``\\text``: it cannot break,
    so a line with a long one overflows the margin unless the paragraph is ``sloppypar``)."""
    return any(
        isinstance(t, Name)
        for part in prose
        for t in (part if isinstance(part, tuple) else (part,))
    )


def _width_em(prose: Prose, digits: int) -> float:
    """About how wide ``prose`` is set in LaTeX, in em (generously)."""
    total = 0.0
    for part in prose:
        for token in part if isinstance(part, tuple) else (part,):
            if isinstance(token, str):
                total += _text_em(token)
            elif isinstance(token, Num):
                mantissa, _, exponent = token.md(digits).replace("*", "").partition("e")
                total += _text_em(mantissa) + (3.0 if exponent else 0.0)  # × 10^{…}
            else:
                total += _text_em(token.md(digits) if not isinstance(token, Name) else token.text)
    return total


def _text_em(text: str) -> float:
    return sum(_CHAR_EM.get(c, 0.4 if c in _SCRIPTS else 0.6) for c in text)


_CHAR_EM = (
    {c: 0.53 for c in "0123456789"} | {".": 0.3, ",": 0.3, " ": 0.35} | {c: 0.9 for c in "-−+×="}
)
_SCRIPTS = set("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ˡⁿᴺ")


def to_latex(page: Page, standalone: bool = False) -> str:
    """The page as a LaTeX fragment (needs amsmath), or as a complete document."""
    digits = page.digits
    chunks: list[str] = []
    for block in page.blocks:
        if isinstance(block, Heading):
            command = "section" if block.level == 1 else "subsection"
            chunks.append(f"\\{command}*{{{prose_latex(block.prose, digits)}}}")
        elif isinstance(block, Paragraph):
            text = prose_latex(block.prose, digits)
            text = f"\\emph{{{text}}}" if block.note else text
            if _has_name(block.prose):  # a long name cannot be hyphenated: loose lines instead
                text = f"\\begin{{sloppypar}}\n{text}\n\\end{{sloppypar}}"
            chunks.append(text)
        elif isinstance(block, Equations):
            chunks.append(_equations(block, digits))
        elif isinstance(block, Table):
            chunks.append(_table(block, digits))
    body = "\n\n".join(chunks) + "\n"
    if not standalone:
        return FRAGMENT_HEADER + "\n" + body
    return f"{PREAMBLE}\n\\begin{{document}}\n\n{body}\n\\end{{document}}\n"
