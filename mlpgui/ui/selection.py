"""Selection: which weight, bias or unit the user picked (shared by the diagram, the
inspector and the plots through ``MainWindow.selection_changed``)."""

from __future__ import annotations

from dataclasses import dataclass

from mlpgui.core import ParameterLayout


@dataclass(frozen=True)
class Selection:
    """A picked element of the network, with 0-based indices as in ``MLP.weights``.

    kind "w": w_ij of W^(layer+1) (from unit j of layer ``layer`` to unit i of layer+1);
    kind "b": b_i of b^(layer+1) (j unused); kind "unit": unit i of layer ``layer`` (0 = the
    inputs, L = the outputs; j unused).
    """

    kind: str
    layer: int
    i: int
    j: int = -1

    def parameter_index(self, layout: ParameterLayout) -> int | None:
        """The position of this weight or bias in θ (None for a unit, or when the selection
        does not exist in ``layout``, e.g. one made for another architecture)."""
        if self.kind not in ("w", "b") or not self.fits(layout):
            return None
        if self.kind == "w":
            return layout.index_of_weight(self.layer, self.i, self.j)
        return layout.index_of_bias(self.layer, self.i)

    def fits(self, layout: ParameterLayout) -> bool:
        """True if this element exists in a network with ``layout``."""
        sizes = layout.layer_sizes
        if self.kind == "unit":
            return 0 <= self.layer < len(sizes) and 0 <= self.i < sizes[self.layer]
        if not 0 <= self.layer < layout.n_layers or not 0 <= self.i < sizes[self.layer + 1]:
            return False
        return self.kind == "b" or 0 <= self.j < sizes[self.layer]

    def label(self) -> str:
        """The lecture's name for it, with 1-based indices: w_21^(1), b_1^(2), unit 2 of layer 1."""
        l = self.layer + 1  # noqa: E741 - the lecture's layer index
        if self.kind == "w":
            return f"w_{self.i + 1}{self.j + 1}^({l})"
        if self.kind == "b":
            return f"b_{self.i + 1}^({l})"
        return f"unit {self.i + 1} of layer {self.layer}"
