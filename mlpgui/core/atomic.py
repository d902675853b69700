"""Atomic, faithful file writing: the target holds either its old or its new complete content.

Every writer of the core (session files, dataset CSV, history CSV) goes through
``atomic_file``:

1. The real target is resolved first, so writing *through* a symbolic link replaces the file
   the link points to and keeps the link.
2. The content goes to a temporary file ``.<name>.<8 random characters>.tmp`` in the target's
   directory (same file system, so the final rename is atomic). While it is written, the
   writer holds an advisory lock on it (where the platform has ``fcntl``).
3. It is flushed and fsync'ed, given the target's permission bits (an existing 0644 file stays
   0644; a new file gets the umask's default, e.g. 0644 — not 0600), and renamed over the
   target with ``os.replace``; the directory is fsync'ed too.
4. On any failure (or a ``Cancelled``) the temporary file is removed and the target is untouched.

A process killed at any point (``kill -9``) leaves the old or the new complete target plus,
at worst, an orphaned temporary file. The next save to the same target removes orphans: files
with our prefix and suffix for that target, older than the running save and not locked by a
living writer (this also clears the ``.<name>.tmp`` files older versions left).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

try:  # advisory locks tell a living writer's temporary file from an orphan
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]

__all__ = ["atomic_file", "real_target", "remove_orphans", "temporary_name_pattern"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` must replace: ``path`` with symbolic links resolved."""
    return Path(os.path.realpath(os.fspath(path)))


def temporary_name_pattern(name: str) -> re.Pattern[str]:
    """Names of our temporary files for a target called ``name``."""
    return re.compile(rf"\.{re.escape(name)}\.(?:[{_ALPHABET}]{{8}}\.)?tmp")


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str],
    mode: str = "w",
    encoding: str | None = "utf-8",
    newline: str | None = "\n",
) -> Iterator[IO[Any]]:
    """A file object to write the new content of ``path`` into (``mode`` "w" or "wb").

    On a normal exit of the ``with`` block the content replaces ``path`` atomically; if the
    block raises, the temporary file is removed, ``path`` is unchanged and the exception
    propagates. OSError is raised unchanged (callers turn it into their own sentence).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_file writes text ('w') or bytes ('wb'), not {mode!r}.")
    started = time.time()
    target = real_target(path)
    directory = target.parent
    try:
        existing: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        existing = None
    if existing is not None and not os.access(target, os.W_OK):
        # As open(path, "w") would: a read-only file is not silently replaced.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(target))
    remove_orphans(target, started)
    handle, temporary = _create_temporary(directory, target.name, existing)
    try:
        _lock(handle)
        if mode == "wb":
            file: IO[Any] = os.fdopen(handle, "wb")
        else:
            file = os.fdopen(handle, "w", encoding=encoding, newline=newline)
    except BaseException:
        os.close(handle)
        _unlink(temporary)
        raise
    try:
        with file:
            yield file
            file.flush()
            if existing is not None:
                os.fchmod(file.fileno(), existing)  # keep the target's permission bits
            os.fsync(file.fileno())
            os.replace(temporary, target)
    except BaseException:
        _unlink(temporary)
        raise
    _sync_directory(directory)


def remove_orphans(target: Path, started: float) -> int:
    """Remove temporary files of killed writes to ``target``; returns how many were removed.

    Only regular files named like our temporary files for this target, last modified before
    ``started`` (a ``time.time()``) and — where locks exist — not locked by a living writer.
    """
    pattern = temporary_name_pattern(target.name)
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_mtime >= started:
            continue
        if _is_orphan(entry.path):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


# --- internals ------------------------------------------------------------------------------


def _create_temporary(directory: Path, name: str, mode: int | None) -> tuple[int, str]:
    """A new, exclusively created temporary file beside the target: (descriptor, path).

    Created with the target's mode, or 0o666 for a new target — the umask applies, as for any
    new file (``tempfile.mkstemp`` would force 0o600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        temporary = os.path.join(directory, f".{name}.{suffix}.tmp")
        try:
            return os.open(temporary, flags, 0o666 if mode is None else mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"No free temporary file name in {directory}.")  # pragma: no cover


def _lock(handle: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _is_orphan(path: str) -> bool:
    """True unless a living writer holds the file's lock."""
    if fcntl is None:  # pragma: no cover (Windows: age alone decides)
        return True
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # locked: a save in progress
    finally:
        os.close(handle)
    return True


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); harmless where directories cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
