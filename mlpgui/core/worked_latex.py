"""Render a worked-example Page as LaTeX in the lecture's notation.

Symbols are w_{21}^{(1)}, \\delta_i^{(l)}, \\frac{\\partial L}{\\partial w_{ij}^{(l)}};
equations are ``align*`` environments aligned at their first "=" (a long line puts each step
on its own ``&=`` line); tables are ``tabular``. Headings are ``\\section*`` (the page title)
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
    def row(cells: tuple[Prose, ...]) -> str:
        return " & ".join(prose_latex(c, digits) for c in cells) + " \\\\"

    spec = "r" * len(table.header)
    lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", row(table.header), "\\hline"]
    lines += [row(r) for r in table.rows]
    lines += ["\\hline", "\\end{tabular}"]
    if len(table.header) >= WIDE_TABLE:
        lines.insert(0, "\\footnotesize\\setlength{\\tabcolsep}{3pt}")
    return "\\begin{center}\n" + "\n".join(lines) + "\n\\end{center}"


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
            chunks.append(f"\\emph{{{text}}}" if block.note else text)
        elif isinstance(block, Equations):
            chunks.append(_equations(block, digits))
        elif isinstance(block, Table):
            chunks.append(_table(block, digits))
    body = "\n\n".join(chunks) + "\n"
    if not standalone:
        return FRAGMENT_HEADER + "\n" + body
    return f"{PREAMBLE}\n\\begin{{document}}\n\n{body}\n\\end{{document}}\n"
