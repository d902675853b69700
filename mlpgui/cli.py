"""The ``mlpgui`` command.

mlpgui [SESSION_FILE] [--preset NAME]       open the window
mlpgui --screenshot PATH [--preset NAME] [--steps N] [SESSION_FILE]
mlpgui train [options]                      train headless (mlpgui train --help)
mlpgui --version | --help
"""

from __future__ import annotations

import argparse
import os
import sys

from mlpgui import __version__

NO_DISPLAY_HINT = """\
mlpgui: no display found, so the window cannot open.
  - On a desktop, start mlpgui from a graphical session (DISPLAY or WAYLAND_DISPLAY is set).
  - On a server, run it on a virtual screen:  xvfb-run -a mlpgui
  - To render without any screen (e.g. scripts), set QT_QPA_PLATFORM=offscreen."""


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """The hint to print when Qt would have no display to open a window on, else ""."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return ""  # offscreen, vnc, ...: no display needed
    if qpa.startswith("wayland"):
        return "" if env.get("WAYLAND_DISPLAY") else NO_DISPLAY_HINT
    if env.get("DISPLAY") or (not qpa and env.get("WAYLAND_DISPLAY")):
        return ""
    return NO_DISPLAY_HINT


def build_parser() -> argparse.ArgumentParser:
    from mlpgui.core import PRESETS

    parser = argparse.ArgumentParser(
        prog="mlpgui",
        description="Train multi-layer perceptrons with backpropagation and watch every update. "
        "Use 'mlpgui train --help' for headless training.",
    )
    parser.add_argument("--version", action="version", version=f"mlpgui {__version__}")
    parser.add_argument("session", nargs="?", metavar="SESSION_FILE", help="a session to open")
    parser.add_argument(
        "--preset",
        choices=PRESETS,
        metavar="NAME",
        help=f"start with a preset's data and network ({', '.join(PRESETS)})",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the window (offscreen if there is no display) to a PNG and exit",
    )
    parser.add_argument(
        "--steps", type=int, default=0, metavar="N", help="with --screenshot: updates first"
    )
    parser.add_argument(
        "--size", default="1360x900", metavar="WxH", help="with --screenshot: window size"
    )
    return parser


def train_parser() -> argparse.ArgumentParser:
    from mlpgui.cli_train import add_train_arguments

    parser = argparse.ArgumentParser(
        prog="mlpgui train",
        description="Train headless with the same engine and settings as the window; --save "
        "writes a session the window opens and continues exactly.",
    )
    add_train_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    """Parse ``argv`` (without the program name) and do what it asks; returns the exit code."""
    if argv[:1] == ["train"]:
        from mlpgui.cli_train import train

        return train(train_parser().parse_args(argv[1:]))
    args = build_parser().parse_args(argv)
    if args.screenshot:
        if display_problem():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return _screenshot(args)
    hint = display_problem()
    if hint:
        print(hint, file=sys.stderr)
        return 2
    return _run_window(args)


def _window(args: argparse.Namespace, default_layout: bool = False):  # type: ignore[no-untyped-def]
    from mlpgui.app import MainWindow, application, fresh_settings
    from mlpgui.core.setup import TrainingSetup

    app = application()
    setup = dataset = None
    if args.preset:
        setup, dataset = TrainingSetup.for_preset(args.preset)
    settings = fresh_settings() if default_layout else None
    window = MainWindow(setup, dataset, settings=settings)
    if args.session:
        window.open_session(args.session)
    return app, window


def _run_window(args: argparse.Namespace) -> int:
    app, window = _window(args)
    window.show()
    return app.exec()


def _screenshot(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from mlpgui.worker import Status

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"mlpgui: --size must look like 1360x900, not {args.size!r}.", file=sys.stderr)
        return 1
    _app, window = _window(args, default_layout=True)  # reproducible pictures
    window.confirm_close = False
    window.resize(width, height)
    window.show()
    failures: list[str] = []
    window.worker.message_posted.connect(
        lambda kind, text: failures.append(text) if kind == "error" else None
    )

    def wait_until(predicate, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
        loop, poll = QEventLoop(), QTimer()
        poll.timeout.connect(lambda: (predicate() or failures) and loop.quit())
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        poll.start(20)
        if not predicate():
            loop.exec()
        poll.stop()
        return bool(predicate())

    ok = wait_until(lambda: window.latest_state() is not None)
    if ok and args.session:
        ok = wait_until(lambda: window.files.path is not None)
    if ok and args.steps > 0:
        target = window.latest_state().steps + args.steps
        window.worker.step_many_requested.emit(args.steps)
        ok = wait_until(
            lambda: (
                window.latest_state().steps == target
                and window.latest_state().status is Status.PAUSED
                and window.latest_record() is not None
                and window.latest_record().step == target
            )
        )
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
