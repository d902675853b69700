"""Render a worked-example Page as Markdown with the app's Unicode math (w₂₁⁽¹⁾, δ, ∂L/∂w).

Headings are ``#``/``##``; equations are list items "- lhs = … = **result**"; tables are
GitHub-flavoured pipe tables; notes are italic. Numbers are plain ASCII ("-0.0375",
"1.2e-05") so that they paste into code and spreadsheets, as everywhere in the app.
"""

from __future__ import annotations

from .worked_escape import escape_markdown
from .worked_page import (
    Chain,
    Equations,
    Heading,
    Name,
    Page,
    Paragraph,
    Prose,
    Table,
    render_expr,
)


def prose_markdown(prose: Prose, digits: int) -> str:
    """Prose as Markdown: text escaped, tokens in the app's Unicode notation."""
    out = []
    for part in prose:
        if isinstance(part, str):
            out.append(escape_markdown(part))
        else:
            out.append(render_expr(part if isinstance(part, tuple) else (part,), digits, False))
    return "".join(out)


def prose_text(prose: Prose, digits: int) -> str:
    """Prose as plain Unicode text (nothing escaped), e.g. for a window or file title."""
    out = []
    for part in prose:
        tokens = part if isinstance(part, tuple) else (part,)
        for token in tokens:
            if isinstance(token, str):
                out.append(token)
            elif isinstance(token, Name):
                out.append(token.text)
            else:
                out.append(token.md(digits))
    return "".join(out)


def chain_markdown(chain: Chain, digits: int) -> str:
    """ "lhs = step = … = result" on one line."""
    parts = [render_expr(chain.lhs, digits, False)]
    parts += [render_expr(step, digits, False) for step in chain.steps]
    return " = ".join(parts)


def _table(table: Table, digits: int) -> list[str]:
    def row(cells: tuple[Prose, ...]) -> str:
        return "| " + " | ".join(prose_markdown(c, digits) for c in cells) + " |"

    lines = [row(table.header), "|" + "|".join("---:" for _ in table.header) + "|"]
    lines += [row(r) for r in table.rows]
    return lines


def to_markdown(page: Page) -> str:
    """The whole page as Markdown text (ends with one newline)."""
    digits = page.digits
    chunks: list[list[str]] = []
    for block in page.blocks:
        if isinstance(block, Heading):
            chunks.append([f"{'#' * block.level} {prose_markdown(block.prose, digits)}"])
        elif isinstance(block, Paragraph):
            text = prose_markdown(block.prose, digits)
            chunks.append([f"*{text}*" if block.note else text])
        elif isinstance(block, Equations):
            chunks.append([f"- {chain_markdown(c, digits)}" for c in block.chains])
        elif isinstance(block, Table):
            chunks.append(_table(block, digits))
    return "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n"
