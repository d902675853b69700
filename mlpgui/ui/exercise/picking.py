"""The values a teacher picks in the diagram for the next exercise ("Ask for this value" in
the diagram's context menu). GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from mlpgui.core.exercise import Quantity
from mlpgui.ui.selection import Selection
from mlpgui.ui.slot_guard import guarded

from . import describe
from .panel import ExercisePanel

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

PER_SAMPLE = frozenset({"drive", "activation", "output_delta", "hidden_delta"})


def quantity_of(kind: str, selection: Selection, sample: int | None) -> Quantity:
    """The exercise quantity ``kind`` of a picked unit, weight or bias; a unit's for batch
    position ``sample`` (None, the batch mean: the first sample)."""
    if kind in PER_SAMPLE:
        return Quantity(kind, selection.layer, selection.i, -1, sample or 0)
    return Quantity(kind, selection.layer, selection.i, selection.j)


class Picks(QObject):
    """``quantities``: the picks so far, in the order picked (each once)."""

    error_source = "Exercise mode"

    def __init__(
        self, host: FeatureHost, panel: ExercisePanel, show_dock: Callable[[], None]
    ) -> None:
        super().__init__(panel)
        self.host, self.panel, self._show_dock = host, panel, show_dock
        self.quantities: list[Quantity] = []
        panel.clear_picked_requested.connect(self.clear)

    def report_error(self, text: str) -> None:
        self.host.show_message("error", text)

    @Slot(str, object, object)
    @guarded
    def add(self, kind: str, selection: Selection, sample: int | None) -> None:
        """ "Ask for this value": remember the quantity and say so."""
        quantity = quantity_of(kind, selection, sample)
        if quantity not in self.quantities:
            self.quantities.append(quantity)
        self.panel.set_picked(describe.picked_text(self.quantities))
        self._show_dock()
        self.host.show_message(
            "info", f"Picked {describe.picked_text([quantity])} for the next exercise "
            f"({len(self.quantities)} in all); Training ▸ Exercise… starts it.",
        )  # fmt: skip

    @Slot()
    def clear(self) -> None:
        self.quantities = []
        self.panel.set_picked("")
