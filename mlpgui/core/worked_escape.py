"""Escaping text for Markdown and for LaTeX (worked examples).

LaTeX output must compile with pdflatex and only ``amsmath`` (plus the kernel's default UTF-8
input): the Unicode the pages use in prose (—, …, θ, γ, ×, −, subscript digits) is mapped to
LaTeX commands; other characters of Latin-1 (é, ü) pass through (T1 fonts typeset them); any
other character, which would stop pdflatex, becomes "?".
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(
    r"([\\`*\[\]<>|$~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?[0-9A-Za-z]+;))"
)

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

_LATEX_UNICODE = {
    "—": "---",
    "–": "--",
    "…": r"\ldots{}",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "−": "$-$",
    "×": r"$\times$",
    "·": r"$\cdot$",
    "≤": r"$\le$",
    "≥": r"$\ge$",
    "≈": r"$\approx$",
    "±": r"$\pm$",
    "→": r"$\to$",
    "▸": r"$\triangleright$",
    "∂": r"$\partial$",
    "Σ": r"$\Sigma$",
    "⊙": r"$\odot$",
    "ᵀ": r"$^{T}$",
    "\u00a0": "~",
}
_GREEK_LOWER = "αβγδεζηθικλμνξοπρστυφχψω"
_GREEK_NAMES = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "o",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
for _letter, _name in zip(_GREEK_LOWER, _GREEK_NAMES, strict=True):
    _LATEX_UNICODE[_letter] = f"${'o' if _name == 'o' else chr(92) + _name}$"
for _capital, _name in zip(
    "ΓΔΘΛΞΠΦΨΩ",
    ["Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Phi", "Psi", "Omega"],
    strict=True,
):
    _LATEX_UNICODE[_capital] = f"$\\{_name}$"
for _digit, (_sub, _sup) in enumerate(zip("₀₁₂₃₄₅₆₇₈₉", "⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True)):
    _LATEX_UNICODE[_sub] = rf"\textsubscript{{{_digit}}}"
    _LATEX_UNICODE[_sup] = rf"\textsuperscript{{{_digit}}}"


def escape_markdown(text: str) -> str:
    """``text`` with the characters that start Markdown markup (\\ ` * [ ] < > |, $ and ~ of
    GitHub's math and strikethrough, _ unless it is inside a word, where CommonMark ignores
    it, and & where it would start an entity such as &lt; or &#36;) escaped, so that it shows
    as typed, also in a table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def escape_latex(text: str) -> str:
    """``text`` as LaTeX text mode: specials escaped, known Unicode mapped, other characters
    beyond Latin-1 replaced by "?" (they would not compile without extra packages)."""
    out = []
    for c in text.replace("\n", " "):
        if c in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[c])
        elif c in _LATEX_UNICODE:
            out.append(_LATEX_UNICODE[c])
        elif c.isprintable() and ord(c) < 256:
            out.append(c)
        else:
            out.append("?")
    return "".join(out)
