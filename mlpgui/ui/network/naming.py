"""User-given names of parameters (e.g. Mazur's w1 … w8): how the diagram and the inspector
write them, and the "Name this weight…" entry of an edge's context menu.

Names arrive with the setup (``setup.parameter_names``: (index into the flat θ, name) pairs)
and go back to the worker as a whole new tuple through ``NetworkFeature.names_requested``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from mlpgui.core import ParameterLayout
from mlpgui.core import setup as setup_module
from mlpgui.ui.selection import Selection

from .labels import Key

MAX_NAME_LENGTH: int = getattr(setup_module, "MAX_NAME_LENGTH", 24)

ParameterNames = tuple[tuple[int, str], ...]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def unicode_name(selection: Selection) -> str:
    """w₂₁⁽¹⁾, b₁⁽²⁾ (1-based, as in the lecture)."""
    layer = f"({selection.layer + 1})".translate(_SUP)
    if selection.kind == "w":
        return f"w{f'{selection.i + 1}{selection.j + 1}'.translate(_SUB)}{layer}"
    return f"b{str(selection.i + 1).translate(_SUB)}{layer}"


def names_of(setup: object) -> dict[int, str]:
    """{index into θ: name} of a setup (empty if it has none, or no such field yet)."""
    pairs = getattr(setup, "parameter_names", ()) or ()
    return {int(index): str(name) for index, name in pairs}


def name_of(selection: Selection, names: dict[int, str], layout: ParameterLayout) -> str | None:
    """The user's name of a weight or bias (None: it has none)."""
    if not names or selection.kind == "unit":
        return None
    index = selection.parameter_index(layout)
    return None if index is None else names.get(index)


def shown_name(selection: Selection, names: dict[int, str], layout: ParameterLayout) -> str:
    """The user's name if there is one, else the lecture's (w₁₁⁽²⁾)."""
    return name_of(selection, names, layout) or unicode_name(selection)


def label_prefixes(names: dict[int, str], keys: list[Key]) -> dict[Key, str]:
    """{edge key: "w5 = "} for the named parameters; ``keys`` are the edges in θ order."""
    return {keys[index]: f"{name} = " for index, name in names.items() if index < len(keys)}


def renamed(names: dict[int, str], index: int, name: str) -> ParameterNames:
    """The whole names tuple with parameter ``index`` named ``name`` ("" removes the name)."""
    updated = dict(names)
    if name:
        updated[index] = name
    else:
        updated.pop(index, None)
    return tuple(sorted(updated.items()))


def check_name(text: str) -> str:
    """The name typed (stripped); ValueError with one sentence if it cannot be a name."""
    name = text.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"A name can have at most {MAX_NAME_LENGTH} characters.")
    if name and not name.isprintable():
        raise ValueError("A name cannot contain control characters.")
    return name


def ask_name(parent: QWidget, selection: Selection, current: str | None) -> str | None:
    """Ask for a name of ``selection`` (None: cancelled; "": remove the name)."""
    what = "weight" if selection.kind == "w" else "bias"
    text, ok = QInputDialog.getText(
        parent,
        f"Name this {what}",
        f"Name of {selection.label()} (e.g. w5), shown in the diagram and the inspector; "
        "empty removes the name:",
        QLineEdit.EchoMode.Normal,
        current or "",
    )
    return text if ok else None
