"""The lecture's names of parameters, as plain text and as HTML for plot labels."""

from __future__ import annotations

from mlpgui.core import ParameterLayout
from mlpgui.ui.selection import Selection


def parameter_selection(layout: ParameterLayout, index: int) -> Selection:
    """The Selection of the weight or bias at position ``index`` of θ."""
    kind, layer, i, j = layout.describe(index)
    return Selection(kind, layer, i, j)


def _subscript(layout: ParameterLayout, index: int) -> tuple[str, str, int]:
    kind, layer, i, j = layout.describe(index)
    if kind == "b":
        return "b", str(i + 1), layer + 1
    sep = "," if max(i, j) >= 9 else ""  # w_{10,3}, not w_103
    return "w", f"{i + 1}{sep}{j + 1}", layer + 1


def parameter_text(layout: ParameterLayout, index: int) -> str:
    """w_21^(1) or b_1^(2) (1-based, as in the lecture)."""
    letter, sub, layer = _subscript(layout, index)
    return f"{letter}_{sub}^({layer})"


def parameter_html(layout: ParameterLayout, index: int) -> str:
    """w<sub>21</sub><sup>(1)</sup> or b<sub>1</sub><sup>(2)</sup>."""
    letter, sub, layer = _subscript(layout, index)
    return f"{letter}<sub>{sub}</sub><sup>({layer})</sup>"
