"""``guarded``: no exception may leave a slot or an event handler (PySide6 can crash when one
escapes into Qt). The exception is printed to stderr (for a bug report, unless it is the
core's own one-sentence ``MlpguiError``) and becomes one sentence for the user through the
object's ``report_error(text)``; the method returns None. Used by the worked-example export
and exercise mode (GUI thread)."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from mlpgui.core import MlpguiError

F = TypeVar("F", bound=Callable[..., Any])


def sentence(exc: BaseException, who: str, outcome: str = "nothing was changed") -> str:
    """One sentence about ``exc``: the core's own sentence for bad input, else its kind, and
    ``outcome`` (what the user still has)."""
    if isinstance(exc, MlpguiError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "There is not enough memory for this; nothing was changed."
    detail = str(exc).strip().rstrip(".")
    detail = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{who} could not do this ({detail}); {outcome}."


def guarded(method: F) -> F:
    """Decorate a method of an object with ``report_error(text)`` and ``error_source`` (who
    failed, e.g. "Exercise mode") so that no exception escapes it."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # nothing may escape into Qt
            if not isinstance(exc, MlpguiError):
                traceback.print_exception(exc, file=sys.stderr)
            try:
                self.report_error(sentence(exc, getattr(self, "error_source", "mlpgui")))
            except Exception:  # reporting must not raise either
                traceback.print_exc(file=sys.stderr)
            return None

    return wrapper  # type: ignore[return-value]
