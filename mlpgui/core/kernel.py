"""The arithmetic of the forward pass and of backpropagation, on preallocated arrays.

Everything that computes d, a, δ or ∂L/∂θ goes through this module — ``MLP.forward``,
``Trainer.step`` and ``Trainer.run`` — so that a value shown in a record, a value plotted and a
value trained on are computed by the very same operations and agree bit for bit.

Internally samples are *columns*, as in the lecture's d^(l) = W^(l) a^(l−1) + b^(l): for a batch
of B samples and layer sizes (n_0, …, n_L),
    augmented[l]  (n_l + 1, B)   a^(l) with a row of ones below it (l = 0..L−1), so that
                                 W^(l+1) a^(l) + b^(l+1) is one product with θ's block
    drives[l]     (n_{l+1}, B)   d^(l+1)
    activations   a^(0..L), each (n_l, B); for l < L a view of augmented[l] without the ones
    errors        (n_L, B)       y − t
    deltas[l]     (n_{l+1}, B)   δ^(l+1), one column per sample
    gradient      (P,)           ∂L/∂θ in the layout of θ (see layout.py)
Every array is C-contiguous, which keeps NumPy on its fastest loops. Records and
``MLP.forward`` hand out transposed views, one row per sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .activations import Activation
from .layout import ParameterLayout
from .losses import Loss


@dataclass(frozen=True)
class WorkspacePlan:
    """How the arrays of one pass over B samples are laid out in one flat storage vector.

    ``delta_is_error``: δ^(L) equals y − t exactly (linear output with a squared loss, or
    cross-entropy), so δ^(L) shares the errors' array. ``output_is_linear``: y = d^(L) shares
    the drives' array.
    """

    layer_sizes: tuple[int, ...]
    size: int
    output_is_linear: bool
    delta_is_error: bool

    @cached_property
    def _pieces(self) -> tuple[tuple[str, int, tuple[int, int]], ...]:
        sizes, b = self.layer_sizes, self.size
        n_layers = len(sizes) - 1
        pieces: list[tuple[str, int, tuple[int, int]]] = []
        for k in range(n_layers):
            pieces.append(("drives", k, (sizes[k + 1], b)))
        for k in range(1, n_layers):
            pieces.append(("augmented", k, (sizes[k] + 1, b)))
        if not self.output_is_linear:
            pieces.append(("outputs", 0, (sizes[-1], b)))
        pieces.append(("errors", 0, (sizes[-1], b)))
        for k in range(n_layers - 1 if self.delta_is_error else n_layers):
            pieces.append(("deltas", k, (sizes[k + 1], b)))
        return tuple(pieces)

    @cached_property
    def gradient_size(self) -> int:
        return ParameterLayout(self.layer_sizes).size

    @cached_property
    def storage_size(self) -> int:
        return self.gradient_size + sum(r * c for _, _, (r, c) in self._pieces)

    def carve(self, storage: np.ndarray) -> Carved:
        """Views into ``storage`` (a flat (storage_size,) vector) for every array of a pass."""
        n_layers = len(self.layer_sizes) - 1
        out = Carved(n_layers)
        out.gradient = storage[: self.gradient_size]
        position = self.gradient_size
        for name, k, (rows, cols) in self._pieces:
            view = storage[position : position + rows * cols].reshape(rows, cols)
            position += rows * cols
            if name == "outputs":
                out.outputs = view
            elif name == "errors":
                out.errors = view
            else:
                getattr(out, name)[k] = view
        if self.output_is_linear:
            out.outputs = out.drives[-1]
        if self.delta_is_error:
            out.deltas[-1] = out.errors
        return out


class Carved:
    """The views ``WorkspacePlan.carve`` returns (see the module docstring for shapes)."""

    def __init__(self, n_layers: int) -> None:
        self.gradient: np.ndarray
        self.drives: list[np.ndarray] = [None] * n_layers  # type: ignore[list-item]
        self.augmented: list[np.ndarray] = [None] * n_layers  # type: ignore[list-item]
        self.outputs: np.ndarray
        self.errors: np.ndarray
        self.deltas: list[np.ndarray] = [None] * n_layers  # type: ignore[list-item]


class Workspace:
    """The arrays of one forward and backward pass over a batch of ``plan.size`` samples.

    ``inputs_aug`` (n_0 + 1, B; last row ones) and ``targets`` (n_L, B) may be given to share
    read-only arrays (the whole dataset, for full-batch training); otherwise they are allocated
    and must be filled before ``forward``. Every array the kernel writes lives in ``storage``,
    so one copy of it snapshots a whole pass (``plan.carve`` recovers the arrays).
    """

    def __init__(
        self,
        plan: WorkspacePlan,
        inputs_aug: np.ndarray | None = None,
        targets: np.ndarray | None = None,
    ) -> None:
        sizes, size = plan.layer_sizes, plan.size
        self.plan = plan
        self.storage = np.empty(plan.storage_size)
        carved = plan.carve(self.storage)
        for aug in carved.augmented[1:]:
            aug[-1] = 1.0
        if inputs_aug is None:
            inputs_aug = np.empty((sizes[0] + 1, size))
            inputs_aug[-1] = 1.0
        carved.augmented[0] = inputs_aug
        self.inputs_aug = inputs_aug
        self.targets = np.empty((sizes[-1], size)) if targets is None else targets
        self.augmented = carved.augmented
        self.drives = carved.drives
        self.activations = [a[:-1] for a in carved.augmented] + [carved.outputs]
        self.errors = carved.errors
        self.deltas = carved.deltas
        self.gradient = carved.gradient
        self.gradient_blocks = ParameterLayout(sizes).blocks(carved.gradient)
        # B as an array: NumPy divides array by array faster than by a Python scalar.
        self.batch_size_vector = np.full(carved.gradient.shape, float(size))
        self.scratch = [np.empty((n, size)) for n in sizes[1:]]
        self.loss = float("nan")


class Kernel:
    """Forward pass, loss and backpropagation for one network's θ.

    ``theta`` is the network's flat parameter vector; the kernel keeps views into it, so it
    always computes with the current parameters. Not thread-safe: one owner at a time.
    """

    def __init__(
        self,
        layout: ParameterLayout,
        activations: Sequence[Activation],
        theta: np.ndarray,
    ) -> None:
        self.layout = layout
        self.functions = tuple(activations)
        self.output_is_linear = self.functions[-1].name == "linear"
        self._blocks = layout.blocks(theta)
        self._weights_t = tuple(block[:, :-1].T for block in self._blocks)

    def plan(self, size: int, loss: Loss | None = None) -> WorkspacePlan:
        """The layout of a pass over ``size`` samples with ``loss`` (None: forward only)."""
        delta_is_error = loss is not None and loss.delta_is_error(self.functions[-1])
        return WorkspacePlan(self.layout.layer_sizes, size, self.output_is_linear, delta_is_error)

    def forward(self, ws: Workspace) -> None:
        """d^(l) = W^(l) a^(l−1) + b^(l) and a^(l) = f_l(d^(l)) for l = 1..L, into ``ws``."""
        last = len(self.functions) - 1
        for k, f in enumerate(self.functions):
            np.dot(self._blocks[k], ws.augmented[k], out=ws.drives[k])
            if k < last or not self.output_is_linear:
                f.apply(ws.drives[k], ws.activations[k + 1])

    def loss(self, ws: Workspace, loss: Loss) -> float:
        """L over the batch (after ``forward``); also stores the errors y − t in ``ws``."""
        np.subtract(ws.activations[-1], ws.targets, out=ws.errors)
        total = float(loss.summed_value(ws.errors, ws.drives[-1], ws.targets))
        ws.loss = total / ws.plan.size if loss.averaged else total
        return ws.loss

    def backward(self, ws: Workspace, loss: Loss) -> None:
        """δ^(l) per sample and ∂L/∂θ for the batch (after ``loss``), into ``ws``.

        δ^(L) = ∂L_n/∂d^(L) (see losses.py); δ^(l) = (W^(l+1)ᵀ δ^(l+1)) ⊙ f_l'(d^(l));
        ∂L/∂w_ij^(l) = Σ_n δ_i^(l) a_j^(l−1) over the batch's samples n, divided by B for
        averaged losses; ∂L/∂b_i^(l) likewise with a_j = 1.
        """
        functions, deltas, augmented = self.functions, ws.deltas, ws.augmented
        last = len(functions) - 1
        if not ws.plan.delta_is_error:
            np.copyto(deltas[last], ws.errors)
            functions[last].scale_by_derivative(
                deltas[last], ws.drives[last], ws.activations[last + 1], ws.scratch[last]
            )
        np.dot(deltas[last], augmented[last].T, out=ws.gradient_blocks[last])
        for k in range(last - 1, -1, -1):
            np.dot(self._weights_t[k + 1], deltas[k + 1], out=deltas[k])
            functions[k].scale_by_derivative(
                deltas[k], ws.drives[k], ws.activations[k + 1], ws.scratch[k]
            )
            np.dot(deltas[k], augmented[k].T, out=ws.gradient_blocks[k])
        if loss.averaged:
            np.divide(ws.gradient, ws.batch_size_vector, out=ws.gradient)
