"""A recording's state, the guard of the recorder's slots and the sentences it ends with.
Used by AnimationRecorder (animation.py) and RecordingControls (animation_controls.py)."""

from __future__ import annotations

import functools
import inspect
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from mlpgui.core import UpdateRecord
from mlpgui.worker import ModelChange

from .animation_dialog import RecordingSettings
from .animation_frames import Panel
from .animation_writer import AnimationWriter
from .formatting import plural

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

REASONS = {
    ModelChange.RESET: "the network was reset",
    ModelChange.SETUP: "the network was replaced",
    ModelChange.SESSION: "a session was opened",
    ModelChange.REWIND: "training went back to an earlier update",
    ModelChange.SWITCHED: "another run is shown (Runs)",
}
"""Why a model change ends a recording, for the sentence that says so."""

F = TypeVar("F", bound=Callable[..., Any])


def guarded(method: F) -> F:
    """No exception leaves a slot, a timer or an event filter: it is printed (for a bug
    report) and handed to the object's ``on_crash`` (which ends the recording, saving what was
    recorded, with a sentence in the banner). Signals may pass more arguments than the method
    takes (``triggered(bool)``, ``finished(int)``): the extra ones are dropped."""
    takes = len(inspect.signature(method).parameters) - 1  # without self

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args[:takes])
        except Exception as exc:  # nothing may escape into Qt
            traceback.print_exception(exc, file=sys.stderr)
            self.on_crash(exc)
            return False

    return wrapper  # type: ignore[return-value]


@dataclass
class Recording:
    """A recording in progress (GUI thread)."""

    settings: RecordingSettings
    writer: AnimationWriter
    panels: list[Panel]
    output: QWidget | None
    """The output plot, when recorded (a frame waits until it shows the frame's update)."""
    generation: int | None
    seen_paused: bool
    """Next N updates: a state other than running arrived since the start (a run that is
    started after that is the user's, and ends the recording)."""
    frames: int = 0
    skipped: int = 0
    last_step: int | None = None
    last_capture: float = float("-inf")
    pending: UpdateRecord | None = None
    pending_since: float = 0.0
    held: bytes | None = None
    """Next N updates: a frame waiting for room in the writer's queue."""
    asked: float | None = None
    """Next N updates: when the step being waited for was asked for."""

    @property
    def counted(self) -> int:
        """Frames recorded so far (one of them may still wait to be queued)."""
        return self.frames + (self.held is not None)


@dataclass
class Saving:
    """A finished recording whose file is still being completed (or removed: ``report``
    False, nothing to say when it is done)."""

    writer: AnimationWriter
    skipped: int = 0
    note: str | None = None
    report: bool = True


def nothing_recorded(note: str | None) -> tuple[str, str]:
    """(banner kind, sentence) for a recording that ended without a frame."""
    if note:
        return (
            "warning",
            f"Recording stopped: {note}; nothing had been recorded, so no file was written.",
        )
    return "info", "Nothing was recorded (no update was shown), so no file was written."


def saved(saving: Saving) -> tuple[str, str] | None:
    """(banner kind, sentence) once ``saving``'s file is complete or failed (None: nothing
    to say)."""
    writer = saving.writer
    if not saving.report:
        return None
    if writer.error is not None:
        return "error", writer.error
    spec, frames = writer.spec, plural(writer.frames_written, "frame")
    if saving.note:
        text = f"Recording stopped: {saving.note}. Saved the {frames} recorded to {writer.target}."
    else:
        text = (
            f"Saved {frames} ({spec.width} × {spec.height}, {spec.fps} frames/s) "
            f"to {writer.target}."
        )
    if saving.skipped:
        text += f" Writing fell behind, so {plural(saving.skipped, 'frame')} could not be kept."
    return ("warning" if saving.note else "info"), text
