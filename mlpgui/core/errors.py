"""Exceptions raised by the core. Each message is one sentence a user can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .record import UpdateRecord


class MlpguiError(Exception):
    """Base class of every error the core raises on purpose."""


class DatasetError(MlpguiError, ValueError):
    """A dataset (arrays, CSV text or preset arguments) is malformed.

    The message names the place (line and column for files, row and column for arrays).
    """


class NetworkError(MlpguiError, ValueError):
    """A network description (layer sizes, activations, parameter arrays) is invalid."""


class TrainingError(MlpguiError, ValueError):
    """Training cannot proceed with the current settings (e.g. a step activation, no data)."""


class DivergenceError(TrainingError):
    """The loss or an update became NaN or infinite; the parameters were left at θ_old.

    Attributes:
        step: the 1-based number of the update that failed (it was not applied).
        completed: how many updates of the current ``run`` call were applied before it.
        last_record: the record of the last applied update, or None.
    """

    def __init__(
        self,
        message: str,
        step: int,
        completed: int = 0,
        last_record: UpdateRecord | None = None,
    ) -> None:
        super().__init__(message)
        self.step = step
        self.completed = completed
        self.last_record = last_record


class Cancelled(MlpguiError):
    """A long operation (e.g. writing the history CSV) was stopped on request; nothing was
    written and the target file, if any, is as it was."""


class HistoryError(TrainingError, IndexError):
    """A past update the history does not hold (outside its kept range), or can no longer
    recompute. Also an IndexError, as the history's look-ups always were."""


def divergence_message(
    step: int,
    learning_rate: float,
    l2_rate: float = 0.0,
    momentum: float = 0.0,
    l1_rate: float = 0.0,
) -> str:
    """The sentence shown when update ``step`` produced a NaN or infinite value, naming the
    setting that overshoots (γ, the L2 term γ·λ₂ or momentum μ; see ``divergence.cause``)."""
    from .divergence import cause  # divergence.py is NumPy-heavy; errors.py stays light

    why = cause(learning_rate, l2_rate, momentum, "is probably too large", l1_rate)
    remedy = why.remedy[:1].lower() + why.remedy[1:]
    return (
        f"Update {step} made the loss or the parameters NaN or infinite ({why.reason}); the "
        f"parameters were kept as they were before it. Reset and {remedy}."
    )
