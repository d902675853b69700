"""The lecture's symbols as worked-example tokens, from 0-based indices.

Indices follow ``mlpgui.core.explain``: a parameter's ``k`` is 0-based (w_ij of W^(k+1)); a
unit's ``l`` is the lecture's layer (0 = inputs, L = outputs); i, j, k are 0-based and shown
1-based. Two indices that both have one digit are written together (w₂₁⁽¹⁾); otherwise they
are separated by a comma (w₁₂,₃⁽¹⁾).
"""

from __future__ import annotations

from .worked_page import LP, RP, Expr, M, Sym, Token, expr

FUNCTIONS = {
    "sigmoid": ("σ", r"\sigma"),
    "tanh": ("tanh", r"\tanh"),
    "relu": ("relu", r"\operatorname{relu}"),
    "linear": ("", ""),
    "step": ("step", r"\operatorname{step}"),
}
"""f by activation name: (Markdown, LaTeX); "" for the identity."""


def idx(*parts: int | str) -> str:
    """Subscript of 0-based indices (ints, shown 1-based) and letters (str): (1, 0) → "21"."""
    shown = [str(p + 1) if isinstance(p, int) else p for p in parts]
    separator = "," if any(len(s) > 1 for s in shown) else ""
    return separator.join(shown)


def w_sym(k: int, i: int | str, j: int | str) -> Sym:
    """w_ij^(k+1)."""
    return Sym("w", idx(i, j), k + 1)


def b_sym(k: int, i: int | str) -> Sym:
    """b_i^(k+1)."""
    return Sym("b", idx(i), k + 1)


def a_sym(l: int | str, i: int | str, n: str = "") -> Sym:  # noqa: E741 - the lecture's layer
    """a_i^(l), or a_{i,n}^(l) with a sample index ``n``."""
    return Sym("a", f"{idx(i)},{n}" if n else idx(i), l)


def d_sym(l: int, i: int | str) -> Sym:  # noqa: E741
    return Sym("d", idx(i), l)


def delta_sym(l: int | str, i: int | str, n: str = "") -> Sym:  # noqa: E741
    """δ_i^(l), or δ_{i,n}^(l) with a sample index ``n``."""
    return Sym("δ", f"{idx(i)},{n}" if n else idx(i), l)


def t_sym(i: int) -> Sym:
    return Sym("t", idx(i))


def y_sym(i: int) -> Sym:
    return Sym("y", idx(i))


def x_sym(i: int) -> Sym:
    return Sym("x", idx(i))


def old_new(base: str, which: str) -> Sym:
    """w_old, w_new, b_old, b_new, θ_old, θ_new."""
    return Sym(base, which)


def grad(symbol: Sym) -> M:
    """∂L/∂w₁₁⁽²⁾, \\frac{\\partial L}{\\partial w_{11}^{(2)}}."""
    return M(f"∂L/∂{symbol.md()}", rf"\frac{{\partial L}}{{\partial {symbol.tex()}}}")


def f_of(l: int) -> M:  # noqa: E741
    """f_l."""
    return M(f"f{Sym('', str(l)).md()}", f"f_{{{l}}}")


def f_prime(l: int) -> M:  # noqa: E741
    """f'_l."""
    return M(f"f{Sym('', str(l)).md()}'", f"f'_{{{l}}}")


def call(function: Token, *argument: Token | Expr) -> Expr:
    """function(argument)."""
    return expr(function, LP, *argument, RP)


def named_function(activation: str) -> M | None:
    """σ, tanh, relu (None for the identity)."""
    md, tex = FUNCTIONS.get(activation, (activation, rf"\operatorname{{{activation}}}"))
    return M(md, tex) if md else None


def sum_over(index: str, upper: str = "") -> M:
    """Σ_n (with ``upper``: Σ_{n=1}^{B})."""
    md = f"Σ{Sym('', index).md()} "
    tex = rf"\sum_{{{index}=1}}^{{{upper}}} " if upper else rf"\sum_{{{index}}} "
    return M(md, tex)


SUM_J = sum_over("j")
SP = M(" ", " ")
THETA = M("θ", r"\theta")
THETA_OLD = M("θ_old", r"\theta_{\text{old}}")
THETA_NEW = M("θ_new", r"\theta_{\text{new}}")
SUM_K = sum_over("k")
SUM_N = sum_over("n", "B")
DIVIDE = M(" / ", " / ")
B_SYM = M("B", "B")
HALF = M("½", r"\tfrac{1}{2}")
