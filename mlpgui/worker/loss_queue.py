"""LossQueue: per-update values collected between two display frames, sent as one LossBatch."""

from __future__ import annotations

import numpy as np

from mlpgui.core.trace import RunTrace

from .values import LossBatch


class LossQueue:
    """Collects the losses (and traced values) of consecutive updates until ``flush``."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]] = []
        self._first = 1

    def __bool__(self) -> bool:
        return bool(self._parts)

    def add(self, first: int, losses: np.ndarray, trace: RunTrace | None = None) -> None:
        """Queue updates ``first`` … ``first + len(losses) − 1`` (``losses`` is kept, not
        copied; ``trace`` rows beyond them are ignored)."""
        if not self._parts:
            self._first = first
        k = len(losses)
        parameters = norms = None
        if trace is not None:
            parameters = None if trace.parameters is None else trace.parameters[:k]
            norms = None if trace.gradient_norms is None else trace.gradient_norms[:k]
        self._parts.append((losses, parameters, norms))

    def clear(self) -> None:
        self._parts = []

    def take(
        self,
        generation: int,
        test_loss: float | None,
        parameter_indices: tuple[int, ...] | None,
    ) -> LossBatch | None:
        """Everything queued as one batch (None if nothing is queued)."""
        if not self._parts:
            return None
        columns = list(zip(*self._parts, strict=True))
        self._parts = []
        losses, parameters, norms = (_joined(c) for c in columns)
        assert losses is not None
        return LossBatch(
            generation,
            self._first,
            losses,
            test_loss,
            parameters=parameters,
            parameter_indices=None if parameter_indices is None else np.array(parameter_indices),
            gradient_norms=norms,
        )


def _joined(parts: tuple[np.ndarray | None, ...]) -> np.ndarray | None:
    """Concatenate per-chunk arrays into one read-only array (None if any part is None)."""
    arrays = [p for p in parts if p is not None]
    if len(arrays) < len(parts):
        return None
    joined = np.concatenate(arrays) if len(arrays) > 1 else arrays[0].copy()
    joined.flags.writeable = False
    return joined
