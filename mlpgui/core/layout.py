"""Where each W^(l) and b^(l) lives inside one flat parameter vector θ.

θ is stored layer after layer. Layer l owns one block of shape (n_l, n_{l-1} + 1), row-major:
row i is (w_i1, …, w_i,n_{l-1}, b_i), i.e. the weights into unit i followed by its bias. So
W^(l) = block[:, :-1] with shape (n_l, n_{l-1}) and b^(l) = block[:, -1] with shape (n_l,).

Keeping every parameter in one vector lets an update θ_new = θ_old − γ ∇L be a single array
operation, and lets the forward pass compute W a + b as one matrix product with a column of
ones appended to a (the "augmented" activations).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ParameterLayout:
    """The block structure of θ for the given layer sizes (n_0, n_1, …, n_L)."""

    layer_sizes: tuple[int, ...]

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers."""
        return len(self.layer_sizes) - 1

    @property
    def block_shapes(self) -> tuple[tuple[int, int], ...]:
        """(n_l, n_{l-1} + 1) for l = 1..L."""
        s = self.layer_sizes
        return tuple((s[k + 1], s[k] + 1) for k in range(self.n_layers))

    @property
    def offsets(self) -> tuple[int, ...]:
        """Start of each layer's block in θ, plus the total size at the end."""
        out = [0]
        for rows, cols in self.block_shapes:
            out.append(out[-1] + rows * cols)
        return tuple(out)

    @property
    def size(self) -> int:
        """Number of parameters P (weights and biases)."""
        return self.offsets[-1]

    def blocks(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per-layer (n_l, n_{l-1} + 1) views into a flat (P,) vector."""
        offsets = self.offsets
        return tuple(
            flat[offsets[k] : offsets[k + 1]].reshape(shape)
            for k, shape in enumerate(self.block_shapes)
        )

    def split(self, flat: np.ndarray) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """(weights, biases): views W^(l) (n_l, n_{l-1}) and b^(l) (n_l,) into ``flat``."""
        blocks = self.blocks(flat)
        return tuple(b[:, :-1] for b in blocks), tuple(b[:, -1] for b in blocks)

    def bias_mask(self) -> np.ndarray:
        """A (P,) vector: 1.0 at bias positions, 0.0 at weights."""
        mask = np.zeros(self.size)
        for block in self.blocks(mask):
            block[:, -1] = 1.0
        return mask

    def join(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> np.ndarray:
        """A new flat θ (P,) from per-layer arrays (shapes must already be right)."""
        flat = np.empty(self.size)
        for block, w, b in zip(self.blocks(flat), weights, biases, strict=True):
            block[:, :-1] = w
            block[:, -1] = b
        return flat

    def index_of_weight(self, layer: int, i: int, j: int) -> int:
        """Position in θ of w_ij of W^(layer+1) (all indices 0-based)."""
        cols = self.layer_sizes[layer] + 1
        return self.offsets[layer] + i * cols + j

    def index_of_bias(self, layer: int, i: int) -> int:
        """Position in θ of b_i of b^(layer+1) (all indices 0-based)."""
        return self.index_of_weight(layer, i, self.layer_sizes[layer])

    def describe(self, index: int) -> tuple[str, int, int, int]:
        """(kind, layer, i, j) for position ``index`` of θ; kind is "w" or "b" (j = -1 for b)."""
        offsets = self.offsets
        for layer in range(self.n_layers):
            if offsets[layer] <= index < offsets[layer + 1]:
                cols = self.layer_sizes[layer] + 1
                i, j = divmod(index - offsets[layer], cols)
                return ("b", layer, i, -1) if j == cols - 1 else ("w", layer, i, j)
        raise IndexError(f"parameter index {index} is outside 0..{self.size - 1}")
