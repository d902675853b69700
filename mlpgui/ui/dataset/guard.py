"""No exception may leave a slot, an event handler or an undo command of the dataset editor.

PySide6 can crash (SIGSEGV) when a Python exception escapes into Qt, losing the user's work.
``guarded`` wraps such a method: an exception is printed to stderr (for a bug report) and
becomes one sentence for the user through the object's ``report_error(text)`` (if it has one),
and the method returns ``fallback``.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from mlpgui.core import MlpguiError
from mlpgui.ui.slot_guard import sentence

F = TypeVar("F", bound=Callable[..., Any])


def describe(exc: BaseException, who: str = "The dataset editor") -> str:
    """One sentence about ``exc`` (slot_guard.sentence): the data are as they were."""
    return sentence(exc, who, "the data are as they were")


def report(owner: object, exc: BaseException) -> None:
    """Print ``exc`` with its traceback and tell the user through ``owner.report_error``
    (``owner.error_source``, if set, names who failed: "The output plot")."""
    if not isinstance(exc, MlpguiError):
        traceback.print_exception(exc, file=sys.stderr)
    reporter = getattr(owner, "report_error", None)
    if callable(reporter):
        try:
            reporter(describe(exc, getattr(owner, "error_source", "The dataset editor")))
        except Exception:  # reporting must not raise either
            traceback.print_exc(file=sys.stderr)


def guarded(fallback: object = None) -> Callable[[F], F]:
    """Decorate a method so that no exception escapes it (see the module docstring)."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: object, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # nothing may escape into Qt
                report(self, exc)
                return fallback

        return wrapper  # type: ignore[return-value]

    return decorate
