"""RunTrace: per-update values that ``Trainer.run`` writes while it trains without records.

The caller preallocates the arrays it wants (row k belongs to the k-th update of the call);
anything left None is not collected and costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .layout import ParameterLayout


@dataclass
class RunTrace:
    """Outputs of one ``Trainer.run(n, trace=...)`` call.

    Attributes:
        parameters: (n, k) — θ after each update, at ``parameter_indices`` (all P if None).
        parameter_indices: (k,) positions in θ (see ParameterLayout), or None for all.
        gradient_norms: (n, L) — ‖∂L/∂θ^(l)‖₂ of each layer's weights and biases together.
        batches: if a list, receives each update's batch indices (read-only arrays, shared
            with the trainer's epoch order: not copied).
        layout: needed for ``gradient_norms``.
    """

    parameters: np.ndarray | None = None
    parameter_indices: np.ndarray | None = None
    gradient_norms: np.ndarray | None = None
    batches: list[np.ndarray] | None = None
    layout: ParameterLayout | None = None
    _starts: np.ndarray | None = field(default=None, repr=False)
    _squares: np.ndarray | None = field(default=None, repr=False)

    def write(self, k: int, theta: np.ndarray, gradient: np.ndarray, batch: np.ndarray) -> None:
        """Fill row ``k`` from the parameters after the update and its gradient."""
        if self.parameters is not None:
            if self.parameter_indices is None:
                self.parameters[k] = theta
            else:
                np.take(theta, self.parameter_indices, out=self.parameters[k])
        if self.gradient_norms is not None:
            if self._starts is None or self._squares is None:
                if self.layout is None:
                    raise ValueError("RunTrace.gradient_norms needs the network's layout.")
                self._starts = np.array(self.layout.offsets[:-1])
                self._squares = np.empty(self.layout.size)
            squares = np.multiply(gradient, gradient, out=self._squares)
            row = self.gradient_norms[k]
            np.add.reduceat(squares, self._starts, out=row)
            np.sqrt(row, out=row)
        if self.batches is not None:
            self.batches.append(batch)
