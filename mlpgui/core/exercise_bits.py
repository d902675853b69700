"""The values of one update's computation graph (exercise_depends) numbered as bits of a
Python integer, so that "does this exercise hide a value that hint shows?" is one ``&`` of
two integers — what drawing an exercise set asks thousands of times.

Bit layout, for layer sizes (n_0 … n_L) and batch size B (U = n_0 + … + n_L):
    unit values   ((n · 4 + name) · U + n_0 + … + n_(l−1) + i) for d, a, f', δ (name 0–3)
                  of unit i of layer l at batch position n
    then          w_grad, w_update, w_new: a block of n_(k+1) × n_k per W^(k+1), row-major
    then          b_grad, b_update, b_new: n_(k+1) per b^(k+1)
    then          L before, L after the update
"""

from __future__ import annotations

from .exercise_depends import LOSS, LOSS_AFTER, UNIT_NAMES, Closure, Node

WEIGHT_NAMES = ("w_grad", "w_update", "w_new")
BIAS_NAMES = ("b_grad", "b_update", "b_new")


class NodeIndex:
    """A bit per value of an update of a network with ``layer_sizes`` on ``batch_size``
    samples (see the module docstring)."""

    def __init__(self, layer_sizes: tuple[int, ...], batch_size: int) -> None:
        sizes = self.sizes = tuple(layer_sizes)
        self.batch_size = batch_size
        self._unit_offset = [sum(sizes[:l]) for l in range(len(sizes))]  # noqa: E741
        self._units = sum(sizes)
        at = 4 * batch_size * self._units
        self._weights: dict[str, list[int]] = {}
        for name in WEIGHT_NAMES:
            self._weights[name] = []
            for k in range(len(sizes) - 1):
                self._weights[name].append(at)
                at += sizes[k + 1] * sizes[k]
        self._biases: dict[str, list[int]] = {}
        for name in BIAS_NAMES:
            self._biases[name] = []
            for k in range(len(sizes) - 1):
                self._biases[name].append(at)
                at += sizes[k + 1]
        self._loss, self._loss_after = at, at + 1
        # one bit in every row of a W block: shifted to column j of a block, its column
        self._column = [
            sum(1 << (i * sizes[k]) for i in range(sizes[k + 1])) for k in range(len(sizes) - 1)
        ]

    def _unit_base(self, sample: int, name: str, layer: int) -> int:
        row = sample * 4 + UNIT_NAMES.index(name)
        return row * self._units + self._unit_offset[layer]

    def bit(self, node: Node) -> int:
        """The node's bit as an integer (1 << position); 0 for a value that is not in the
        graph (the parameters before the update, the targets, …) or out of range."""
        key, sample = node
        name, index = str(key[0]), [int(k) for k in key[1:] if isinstance(k, int)]
        sizes, last = self.sizes, len(self.sizes) - 1
        if name in UNIT_NAMES and sample is not None and len(index) == 2:
            layer, i = index
            if 0 <= layer <= last and 0 <= i < sizes[layer] and 0 <= sample < self.batch_size:
                return 1 << (self._unit_base(sample, name, layer) + i)
        elif name in self._weights and len(index) == 3:
            k, i, j = index
            if 0 <= k < last and 0 <= i < sizes[k + 1] and 0 <= j < sizes[k]:
                return 1 << (self._weights[name][k] + i * sizes[k] + j)
        elif name in self._biases and len(index) == 2:
            k, i = index
            if 0 <= k < last and 0 <= i < sizes[k + 1]:
                return 1 << (self._biases[name][k] + i)
        elif key == LOSS:
            return 1 << self._loss
        elif key == LOSS_AFTER:
            return 1 << self._loss_after
        return 0

    def bits(self, found: Closure) -> int:
        """Every value of ``found`` as one integer (each part is put together in a small
        integer of its own first and shifted into place once: the whole one is long)."""
        sizes, parts = self.sizes, []
        for sample, unit_sets in found.units.items():
            for name, layers in unit_sets.items():
                local = 0  # this sample's values ``name`` of every layer, from bit 0
                for layer, units in enumerate(layers):
                    if len(units) == sizes[layer]:
                        local |= ((1 << sizes[layer]) - 1) << self._unit_offset[layer]
                    else:
                        for i in units:
                            local |= 1 << (self._unit_offset[layer] + i)
                if local:
                    parts.append(local << self._unit_base(sample, name, 0))
        for name, blocks in found.weights.items():
            for k, (rows, columns, pairs) in enumerate(blocks):
                width, local = sizes[k], 0
                row = (1 << width) - 1
                for i in rows:
                    local |= row << (i * width)
                for j in columns:
                    local |= self._column[k] << j
                for i, j in pairs:
                    local |= 1 << (i * width + j)
                if local:
                    parts.append(local << self._weights[name][k])
        for name, units_by_layer in found.biases.items():
            for k, units in enumerate(units_by_layer):
                local = sum(1 << i for i in units)
                if local:
                    parts.append(local << self._biases[name][k])
        total = (found.loss << self._loss) | (found.loss_after << self._loss_after)
        for part in parts:
            total |= part
        return total
