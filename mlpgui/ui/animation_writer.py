"""AnimationWriter: streams frames into an animated GIF or an MP4 video, in its own thread.

Knows nothing of Qt or of the window: frames are raw pixels, ``width × height`` in the byte
order R, G, B, X (4 bytes a pixel, X ignored; Qt's ``QImage.Format_RGBX8888``), all of the
size given when the writer was made. The GUI thread hands them over with ``offer`` (never
blocks: a full queue says no); a background thread encodes them. At most ``QUEUE_FRAMES``
frames wait at any time, so memory stays bounded however long the recording.

Writing is atomic: frames go to a temporary file beside the target (``.<name>.<random>.tmp``,
the pattern of ``mlpgui.core.atomic``, whose orphan clean-up therefore applies), which replaces
the target only when the whole animation is written; on an error or ``abort`` it is removed
and the target stays as it was.

- GIF (Pillow): each frame gets its own optimised 256-colour palette; only the rectangle that
  changed since the previous frame is stored; the animation loops forever, and the last
  frame is held ``GIF_HOLD_LAST_SECONDS`` before it starts again.
- MP4 (the ffmpeg binary of ``imageio-ffmpeg``): H.264, yuv420p, even width and height.
"""

from __future__ import annotations

import collections
import contextlib
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mlpgui.core.atomic import real_target, remove_orphans

try:  # advisory locks tell a living writer's temporary file from an orphan
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]

from .animation_encoders import Encoder, GifEncoder, Mp4Encoder, video_problem

__all__ = [
    "FORMATS",
    "MAX_FRAMES",
    "AnimationError",
    "AnimationSpec",
    "AnimationWriter",
    "video_problem",
]

FORMATS = ("gif", "mp4")
MAX_FRAMES = 3000
"""Frames one animation may have (5 minutes at 10 frames a second)."""
MAX_SIDE = 3840
"""Largest width or height of a frame, in pixels."""
MIN_SIDE = 16
MAX_FPS = 30
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as mlpgui.core.atomic's temporary names
QUEUE_FRAMES = 8
"""Frames waiting to be encoded at most (about 30 MB at 1920 × 1080)."""


class AnimationError(Exception):
    """The animation cannot be written (the message is one sentence for the user)."""


@dataclass(frozen=True)
class AnimationSpec:
    """What to write: ``path`` (the final file), ``format`` ("gif" or "mp4"), the frame size
    in pixels and the frame rate (frames a second; each frame is shown 1/fps seconds)."""

    path: Path
    format: str
    width: int
    height: int
    fps: int

    def problem(self) -> str | None:
        """Why this spec cannot be written, as one sentence, or None."""
        if self.format not in FORMATS:
            return f"Animations are written as GIF or MP4, not “{self.format}”."
        if not (MIN_SIDE <= self.width <= MAX_SIDE and MIN_SIDE <= self.height <= MAX_SIDE):
            return (
                f"A frame must be {MIN_SIDE} to {MAX_SIDE:,} pixels wide and high, not "
                f"{self.width} × {self.height}."
            )
        if self.format == "mp4" and (self.width % 2 or self.height % 2):
            return f"An MP4 video needs an even width and height, not {self.width} × {self.height}."
        if not 1 <= self.fps <= MAX_FPS:
            return f"The frame rate must be 1 to {MAX_FPS} frames a second, not {self.fps}."
        return None

    @property
    def frame_bytes(self) -> int:
        return self.width * self.height * 4


class _Aborted(Exception):
    pass


class AnimationWriter:
    """Writes one animation; see the module docstring. Use from one (GUI) thread:
    ``start``, then ``offer`` frames, then ``finish`` (keep what was offered) or ``abort``;
    ``done`` tells when the file is complete (or failed: ``error``)."""

    def __init__(self, spec: AnimationSpec) -> None:
        self.spec = spec
        self.target = real_target(spec.path)
        self.error: str | None = None
        """One sentence if writing failed (set by the writing thread)."""
        self.frames_written = 0
        self._frames: collections.deque[bytes] = collections.deque()
        self._ready = threading.Condition()
        self._finishing = False
        self._aborting = False
        self._done = threading.Event()
        self._temporary: str | None = None
        self._lock_handle: int | None = None
        self._thread: threading.Thread | None = None

    # --- the GUI thread's side ----------------------------------------------------------------

    def start(self) -> None:
        """Check the spec, create the temporary file and start the writing thread. Raises
        AnimationError (one sentence; nothing was created) when that is impossible."""
        problem = self.spec.problem()
        if problem is not None:
            raise AnimationError(problem)
        if self.spec.format == "mp4":
            problem = video_problem()
            if problem is not None:
                raise AnimationError(problem)
        self._temporary = self._create_temporary()
        self._thread = threading.Thread(
            target=self._run, name="mlpgui-animation-writer", daemon=True
        )
        self._thread.start()

    def has_room(self) -> bool:
        """True if ``offer`` would take a frame now."""
        with self._ready:
            return len(self._frames) < QUEUE_FRAMES and not self._closed()

    def offer(self, frame: bytes, force: bool = False) -> bool:
        """Queue ``frame`` (``spec.frame_bytes`` bytes, RGBX) for writing; False (frame not
        taken) if the queue is full (unless ``force``: one frame more is fine, as the last
        one before ``finish``) or the writer is finishing, failed or done."""
        if len(frame) != self.spec.frame_bytes:
            raise ValueError(f"A frame must have {self.spec.frame_bytes} bytes, not {len(frame)}.")
        with self._ready:
            full = len(self._frames) >= (QUEUE_FRAMES + 1 if force else QUEUE_FRAMES)
            if full or self._closed():
                return False
            self._frames.append(frame)
            self._ready.notify()
            return True

    def finish(self) -> None:
        """Write the frames queued so far, then complete the file (in the background)."""
        with self._ready:
            self._finishing = True
            self._ready.notify()

    def abort(self) -> None:
        """Stop as soon as possible and leave no file behind (the target stays as it was)."""
        with self._ready:
            self._aborting = True
            self._frames.clear()
            self._ready.notify()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until writing has ended (at most ``timeout`` seconds); True if it has."""
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        """True once the file is complete, or writing failed or was aborted."""
        return self._done.is_set()

    @property
    def queued(self) -> int:
        with self._ready:
            return len(self._frames)

    # --- the writing thread -------------------------------------------------------------------

    def _closed(self) -> bool:
        return self._finishing or self._aborting or self._done.is_set() or self.error is not None

    def _next_frame(self) -> bytes | None:
        """The next frame to encode; None when finished. Raises _Aborted."""
        with self._ready:
            while not self._frames and not self._finishing and not self._aborting:
                self._ready.wait()
            if self._aborting:
                raise _Aborted
            return self._frames.popleft() if self._frames else None

    def _run(self) -> None:
        assert self._temporary is not None
        encoder: Encoder | None = None
        try:
            if self.spec.format == "gif":
                encoder = GifEncoder(self._temporary, self.spec)
            else:
                encoder = Mp4Encoder(self._temporary, self.spec)
            while (frame := self._next_frame()) is not None:
                encoder.add(frame)
                self.frames_written += 1
            if self.frames_written == 0:
                raise _Aborted  # nothing to show: no empty file
            encoder.close()
            encoder = None
            self._commit()
        except _Aborted:
            self._discard(encoder)
        except OSError as exc:
            self.error = self._sentence(exc.strerror or str(exc))
            self._discard(encoder)
        except Exception as exc:
            self.error = self._sentence(f"{type(exc).__name__}: {exc}".rstrip(": "))
            self._discard(encoder)
        finally:
            self._release()
            with self._ready:
                self._frames.clear()
            self._done.set()

    def _sentence(self, detail: str) -> str:
        return f"Could not write the animation {self.target.name}: {detail.rstrip('.')}."

    # --- the temporary file -------------------------------------------------------------------

    def _create_temporary(self) -> str:
        target = self.target
        name = target.name
        if target.is_dir():
            raise AnimationError(f"{target} is a folder; choose a file name for the animation.")
        if not target.parent.is_dir():
            raise AnimationError(f"The folder {target.parent} does not exist.")
        if target.exists() and not os.access(target, os.W_OK):
            raise AnimationError(f"Could not write {name}: the file is read-only.")
        remove_orphans(target, time.time())
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        for _ in range(100):
            suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
            temporary = os.path.join(target.parent, f".{name}.{suffix}.tmp")
            try:
                self._lock_handle = os.open(temporary, flags, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise AnimationError(
                    f"Could not write to the folder {target.parent}: "
                    f"{(exc.strerror or str(exc)).rstrip('.')}."
                ) from exc
            if fcntl is not None:  # a locked temporary file is not an orphan (core.atomic)
                with contextlib.suppress(OSError):
                    fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return temporary
        raise AnimationError(f"Could not create a temporary file in {target.parent}.")

    def _commit(self) -> None:
        assert self._temporary is not None
        with open(self._temporary, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(self._temporary, self.target)
        self._temporary = None
        self._release()
        with contextlib.suppress(OSError):
            handle = os.open(self.target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(handle)
            finally:
                os.close(handle)

    def _discard(self, encoder: Encoder | None) -> None:
        if encoder is not None:
            with contextlib.suppress(Exception):
                encoder.kill()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None
        self._release()

    def _release(self) -> None:
        """Close the temporary file's lock handle."""
        handle, self._lock_handle = self._lock_handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                os.close(handle)
