"""``mlpgui --screenshot PATH``: render the window (offscreen without a display) and exit.

The picture has exactly the size asked for (``--size``), or none is made: a size below the
window's minimum (its docks and toolbars with the default layout) is refused with one
sentence and exit code 2, before anything is trained.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from mlpgui.cli_checks import USAGE_ERROR

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow


def _wait_until(predicate: Callable[[], object], failures: list[str], seconds: float) -> bool:
    """Run the event loop until ``predicate()`` holds, a failure is reported or ``seconds``
    pass; whether it holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, poll = QEventLoop(), QTimer()

    def check() -> None:
        if predicate() or failures:
            loop.quit()

    poll.timeout.connect(check)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    poll.start(20)
    if not predicate():
        loop.exec()
    poll.stop()
    return bool(predicate())


def _resize_exactly(window: MainWindow, size: tuple[int, int]) -> str | None:
    """Give the shown window ``size`` (width, height); None if it has it, else why not.

    Before the window is first shown its layout asks for more height than it needs once shown,
    and ``resize`` never goes below that: the size is set again once the window is shown."""
    from PySide6.QtCore import QCoreApplication, QSize

    window.resize(*size)
    window.show()
    QCoreApplication.processEvents()
    window.resize(*size)
    if window.size() == QSize(*size):
        return None
    least = window.minimumSize().expandedTo(window.minimumSizeHint())
    return (
        f"the window cannot be as small as {size[0]}x{size[1]} pixels: with its default "
        f"layout it needs at least {least.width()}x{least.height()}; use --size "
        f"{max(size[0], least.width())}x{max(size[1], least.height())} or larger."
    )


def screenshot(args: argparse.Namespace) -> int:
    """Open the window with the default layout, train ``args.steps`` updates, save a PNG of
    ``args.size`` (width, height) to ``args.screenshot``; returns the exit code."""
    from mlpgui.app import open_window

    _app, window = open_window(args.preset, args.session, default_layout=True)
    window.confirm_close = False
    too_small = _resize_exactly(window, args.size)
    if too_small is not None:
        window.close()
        print(f"mlpgui: {too_small}", file=sys.stderr)
        return USAGE_ERROR
    failures: list[str] = []
    window.worker.errored.connect(lambda error: failures.append(error.message))
    ok = _get_ready(window, args, failures)
    _wait_until(lambda: False, failures, 0.5)  # let the last repaints land
    return _save(window, args, ok and not failures, failures)


def _get_ready(window: MainWindow, args: argparse.Namespace, failures: list[str]) -> bool:
    """Wait for the worker (and the session, if any), then train ``args.steps`` updates;
    whether all of that happened."""
    from mlpgui.worker import Status, StepMany

    def wait_until(predicate: Callable[[], object], seconds: float = 60.0) -> bool:
        return _wait_until(predicate, failures, seconds)

    ok = wait_until(lambda: window.latest_state() is not None)
    if ok and args.session:
        ok = wait_until(lambda: window.files.path is not None)
    state = window.latest_state()
    if not (ok and state is not None and args.steps > 0):
        return ok
    target = state.steps + args.steps

    def trained() -> bool:
        state, record = window.latest_state(), window.latest_record()
        return (
            state is not None
            and state.steps == target
            and state.status is Status.PAUSED
            and record is not None
            and record.step == target
        )

    window.worker.send(StepMany(args.steps))
    return wait_until(trained, seconds=max(60.0, args.steps / 1000))


def _save(window: MainWindow, args: argparse.Namespace, ok: bool, failures: list[str]) -> int:
    """Save the window's picture if ``ok`` and it has exactly the size asked for; close the
    window; the exit code (a sentence on stderr when it is not 0)."""
    image = window.grab()
    drawn = image.deviceIndependentSize().toSize()
    exact = (drawn.width(), drawn.height()) == tuple(args.size)
    saved = ok and exact and image.save(args.screenshot)
    window.close()
    if failures:
        print(f"mlpgui: {failures[0]}", file=sys.stderr)
        return 1
    if ok and not exact:
        width, height = args.size
        print(
            f"mlpgui: the window came out {drawn.width()}x{drawn.height()} pixels, not the "
            f"{width}x{height} asked for; nothing was saved.",
            file=sys.stderr,
        )
        return 1
    if not saved:
        print(f"mlpgui: could not render or save {args.screenshot}.", file=sys.stderr)
        return 1
    print(args.screenshot)
    return 0
