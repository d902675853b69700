"""The guard around every worker intent: errors become messages, output leaves as one bundle."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from mlpgui.core import MlpguiError

F = TypeVar("F", bound=Callable[..., Any])


def guarded(method: F) -> F:
    """Turn any error in an intent into a message (and a pause) instead of a dead worker,
    and send everything the intent produced to the GUI as one bundle. The worker provides
    ``_fail(text)`` and ``_send_bundle()``. The traceback of an unexpected error goes to
    stderr only with MLPGUI_DEBUG=1 (the user sees the one-sentence message)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any) -> None:
        try:
            method(self, *args)
        except MlpguiError as exc:
            self._fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - the worker must survive anything
            if os.environ.get("MLPGUI_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            self._fail(f"Unexpected error in the training worker: {type(exc).__name__}: {exc}")
        finally:
            self._send_bundle()

    return wrapper  # type: ignore[return-value]
