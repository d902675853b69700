"""The diagram's context menu: name or edit a weight or bias, and "Ask for this value" — a
quantity of the next update that a teacher picks for an exercise (the exercise feature
collects them through ``NetworkFeature.value_asked``). Part of NetworkFeature (GUI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from mlpgui.core.exercise import Quantity
from mlpgui.ui import names
from mlpgui.ui.selection import Selection

if TYPE_CHECKING:
    from .feature import NetworkFeature

WORDS = {
    "drive": "the drive",
    "activation": "the activation",
    "output_delta": "the output δ",
    "hidden_delta": "the δ",
    "weight_gradient": "the gradient",
    "bias_gradient": "the gradient",
    "weight_new": "the value after the update",
    "bias_new": "the value after the update",
}


def askable(selection: Selection, n_layers: int) -> list[Quantity]:
    """The quantities of ``selection`` an exercise can ask for (sample 0 for a unit's: the
    feature sets the sample)."""
    if selection.kind == "unit":
        l, i = selection.layer, selection.i  # noqa: E741
        if l == 0:
            return []
        delta = "output_delta" if l == n_layers else "hidden_delta"
        return [Quantity(kind, l, i, -1, 0) for kind in ("drive", "activation", delta)]
    prefix = "weight" if selection.kind == "w" else "bias"
    return [
        Quantity(f"{prefix}_{name}", selection.layer, selection.i, selection.j)
        for name in ("gradient", "new")
    ]


def open_context_menu(f: NetworkFeature, selection: Selection, pos: QPoint) -> None:
    """Pop up the menu for ``selection`` at global position ``pos``."""
    menu = QMenu(f.view)
    menu.setObjectName(names.NETWORK_CONTEXT_MENU)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if selection.kind != "unit":
        what = "weight" if selection.kind == "w" else "bias"
        action = menu.addAction(f"Name this {what}…")
        action.setObjectName(names.NAME_PARAMETER_ACTION)
        action.setToolTip("A name such as w5, shown in the diagram and the inspector")
        action.triggered.connect(lambda: f.name_parameter(selection))
        edit = menu.addAction("Edit value now…")
        edit.triggered.connect(lambda: f._open_editor(selection, f.view.position_of(selection)))
        menu.addSeparator()
    n_layers = len(f.architecture[0]) - 1 if f.architecture else 0
    quantities = askable(selection, n_layers)
    if quantities:
        _add_ask_menu(f, menu, selection, quantities)
    menu.popup(pos)


def _add_ask_menu(
    f: NetworkFeature, menu: QMenu, selection: Selection, quantities: list[Quantity]
) -> None:
    ask = menu.addMenu("Ask for this value")
    ask.setObjectName(names.ASK_VALUE_MENU)
    ask.setToolTipsVisible(True)
    sample = f.stage.sample
    record = f.record
    batch = 1 if record is None else record.batch_size
    for q in quantities:
        where = ""
        if q.per_sample:
            where = f" (sample n = {(sample or 0) + 1})" if batch > 1 else ""
        action = ask.addAction(f"{q.label()} — {WORDS[q.kind]}{where}")
        action.setObjectName(names.ask_value_action_name(q.kind))
        action.setToolTip(
            "Add it to the values the next exercise asks for (Training ▸ Exercise…); it is "
            "about the next update"
        )
        action.triggered.connect(
            lambda _=False, kind=q.kind: f.value_asked.emit(kind, selection, sample)
        )
