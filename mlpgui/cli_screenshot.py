"""``mlpgui --screenshot PATH``: render the window (offscreen without a display) and exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


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


def screenshot(args: argparse.Namespace) -> int:
    """Open the window with the default layout, train ``args.steps`` updates, save a PNG of
    ``args.size`` (width, height) to ``args.screenshot``; returns the exit code."""
    from mlpgui.app import open_window
    from mlpgui.worker import Status, StepMany

    _app, window = open_window(args.preset, args.session, default_layout=True)
    window.confirm_close = False
    window.resize(*args.size)
    window.show()
    failures: list[str] = []
    window.worker.errored.connect(lambda error: failures.append(error.message))

    def wait_until(predicate: Callable[[], object], seconds: float = 60.0) -> bool:
        return _wait_until(predicate, failures, seconds)

    ok = wait_until(lambda: window.latest_state() is not None)
    if ok and args.session:
        ok = wait_until(lambda: window.files.path is not None)
    state = window.latest_state()
    if ok and state is not None and args.steps > 0:
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
        ok = wait_until(trained, seconds=max(60.0, args.steps / 1000))
    wait_until(lambda: False, 0.5)  # let the last repaints land
    saved = ok and not failures and window.grab().save(args.screenshot)
    window.close()
    if failures:
        print(f"mlpgui: {failures[0]}", file=sys.stderr)
        return 1
    if not saved:
        print(f"mlpgui: could not render or save {args.screenshot}.", file=sys.stderr)
        return 1
    print(args.screenshot)
    return 0
