"""The guard around everything the worker does for an intent or a timer tick: an error becomes
an ``Errored`` message (and a pause) instead of a dead worker, and what was produced leaves as
one bundle."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from mlpgui.core import MlpguiError

from .messages import Errored, ErrorKind

P = ParamSpec("P")


class Guarded(Protocol):
    """What a guarded object provides (the TrainingWorker)."""

    def _fail(self, error: Errored) -> None: ...

    def _send_bundle(self) -> None: ...


G = TypeVar("G", bound=Guarded)


def error_message(exc: Exception) -> Errored:
    """The ``Errored`` message for ``exc``: its sentence for an MlpguiError (bad input),
    else a sentence naming the unexpected error, with its traceback."""
    if isinstance(exc, MlpguiError):
        return Errored(ErrorKind.REFUSED, str(exc))
    return Errored(
        ErrorKind.UNEXPECTED,
        f"Unexpected error in the training worker: {type(exc).__name__}: {exc}",
        traceback.format_exc(),
    )


def guarded(method: Callable[Concatenate[G, P], None]) -> Callable[Concatenate[G, P], None]:
    """Run ``method``; report an error as ``Errored`` (the worker pauses) instead of letting
    it kill the worker, and send everything the call produced to the GUI as one bundle."""

    @functools.wraps(method)
    def wrapper(self: G, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(self, *args, **kwargs)
        except Exception as exc:  # the worker must survive anything
            self._fail(error_message(exc))
        finally:
            self._send_bundle()

    return wrapper
