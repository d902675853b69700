"""Loss functions L and the output-layer delta δ^(N) they start backpropagation with.

For a batch of B samples with outputs y and targets t of n_N units each (``Loss.value``
takes them one row per sample, (B, n_N), as records hold them; the kernel calls
``summed_value`` on its own layout, (n_N, B), one column per sample — a sum over every entry
either way):

- ``mse``: the lecture's L = 1/B Σ_n Σ_k ½ (t_nk − y_nk)²; its gradient averages over the batch.
- ``sse``: L = Σ_n Σ_k ½ (t_nk − y_nk)², the lecture's single-sample form (no 1/B); its
  gradient sums over the batch.
- ``cross_entropy``: L = −1/B Σ_n Σ_k [t ln y + (1 − t) ln(1 − y)] for sigmoid outputs;
  its gradient averages over the batch.

The per-sample output delta is δ^(N) = ∂L_n/∂d^(N) for the sample's own loss L_n (without the
1/B): for squared errors −(t − y) ⊙ f'(d^(N)) as in the lecture; for cross-entropy with a
sigmoid output the σ' cancels and δ^(N) = y − t.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .activations import Activation
from .errors import TrainingError


class _Value(Protocol):
    def __call__(
        self, errors: np.ndarray, output_drives: np.ndarray, targets: np.ndarray
    ) -> np.floating: ...


@dataclass(frozen=True)
class Loss:
    """One loss function.

    Attributes:
        name: ``"mse"``, ``"sse"`` or ``"cross_entropy"``.
        formula: L as the lecture writes it, for display.
        averaged: True when L (and its gradient) is divided by the batch size B.
        summed_value: ``summed_value(errors, output_drives, targets)`` returns Σ_n L_n, the
            un-averaged sum over the batch, as a NumPy scalar of the arrays' dtype (so that
            extended precision survives); ``errors`` = y − t; any matching shapes (it sums
            every entry, whichever axis holds the samples).
        requires_sigmoid_output: cross-entropy is defined here only for sigmoid outputs.
    """

    name: str
    formula: str
    averaged: bool
    summed_value: _Value
    requires_sigmoid_output: bool = False

    def value(self, outputs: np.ndarray, targets: np.ndarray, output_drives: np.ndarray) -> float:
        """L for outputs y, targets t and output drives d^(N), one row per sample: (B, n_N),
        or a single sample as (n_N,) (B = 1). An averaged loss divides the sum by the number
        of samples B — the rows — never by the number of output units n_N."""
        errors = np.subtract(outputs, targets)
        samples = errors.shape[0] if errors.ndim == 2 else 1
        total = float(self.summed_value(errors, output_drives, targets))
        return total / samples if self.averaged else total

    def delta_is_error(self, output_activation: Activation) -> bool:
        """True when δ^(N) = y − t exactly: a linear output with a squared-error loss, or
        cross-entropy with its sigmoid output (σ' cancels)."""
        return self.requires_sigmoid_output or output_activation.name == "linear"

    def check_output_activation(self, activation: Activation) -> None:
        """Raise TrainingError if this loss cannot be used with that output activation."""
        if self.requires_sigmoid_output and activation.name != "sigmoid":
            raise TrainingError(
                f"Cross-entropy needs a sigmoid output layer (outputs between 0 and 1), but the "
                f"output layer is {activation.name}; switch the output to sigmoid or use mse."
            )


def _squared(errors: np.ndarray, output_drives: np.ndarray, targets: np.ndarray) -> np.floating:
    # Σ ½ (t − y)²; vdot flattens and sums in one BLAS call.
    total: np.floating = 0.5 * np.vdot(errors, errors)
    return total


def _cross_entropy(
    errors: np.ndarray, output_drives: np.ndarray, targets: np.ndarray
) -> np.floating:
    # −[t ln σ(d) + (1 − t) ln(1 − σ(d))] = softplus(d) − t d, computed stably from the drive d:
    # softplus(d) = max(d, 0) + ln(1 + e^(−|d|)).
    d = output_drives
    softplus = np.maximum(d, 0.0) + np.log1p(np.exp(-np.abs(d)))
    total: np.floating = np.sum(softplus - targets * d)
    return total


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("mse", "L = 1/N Σ ½ (t − y)²", True, _squared),
        Loss("sse", "L = Σ ½ (t − y)²", False, _squared),
        Loss(
            "cross_entropy",
            "L = −1/N Σ [t ln y + (1 − t) ln(1 − y)]",
            True,
            _cross_entropy,
            requires_sigmoid_output=True,
        ),
    )
}


LOSS_TITLES = {"mse": "MSE", "sse": "SSE", "cross_entropy": "cross-entropy"}
"""A loss's name as people read it (the Loss box's MSE, SSE, Cross-entropy; a word in lower
case within a sentence), by the loss's id (``Loss.name``, ``UpdateRecord.loss_name``)."""


def loss_title(name: str) -> str:
    """The name people read for the loss with id ``name`` ("cross_entropy" → "cross-entropy");
    an unknown id as it is."""
    return LOSS_TITLES.get(name, name)


def get_loss(name: str) -> Loss:
    """The loss called ``name``; a TrainingError names the valid choices otherwise."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise TrainingError(f"Unknown loss {name!r}; choose one of {', '.join(LOSSES)}.") from None
