"""The ``mlpgui`` command.

mlpgui [SESSION_FILE] [--preset NAME]       open the window
mlpgui --screenshot PATH [--preset NAME] [--steps N] [SESSION_FILE]
mlpgui train [options]                      train headless (mlpgui train --help)
mlpgui --version | --help

Every argument is checked before anything starts: a bad one gives one sentence on stderr and
exit code 2. An unexpected error gives one line and exit code 1 (the traceback only with
MLPGUI_DEBUG=1 in the environment).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from mlpgui import __version__
from mlpgui.cli_checks import (
    USAGE_ERROR,
    Parser,
    check_input_file,
    check_writable,
    path_arg,
    size_arg,
    updates_arg,
)
from mlpgui.cli_display import NO_DISPLAY_HINT, display_problem
from mlpgui.core import MlpguiError

__all__ = ["NO_DISPLAY_HINT", "build_parser", "display_problem", "run", "train_parser"]


def build_parser() -> argparse.ArgumentParser:
    from mlpgui.core import PRESETS

    parser = Parser(
        prog="mlpgui",
        description="Train multi-layer perceptrons with backpropagation and watch every update. "
        "Use 'mlpgui train --help' for headless training.",
    )
    parser.add_argument("--version", action="version", version=f"mlpgui {__version__}")
    parser.add_argument(
        "session", nargs="?", type=path_arg, metavar="SESSION_FILE", help="a session to open"
    )
    parser.add_argument(
        "--preset",
        choices=PRESETS,
        metavar="NAME",
        help=f"start with a preset's data and network ({', '.join(PRESETS)})",
    )
    parser.add_argument(
        "--screenshot",
        type=path_arg,
        metavar="PATH",
        help="render the window (offscreen if there is no display) to a PNG and exit",
    )
    parser.add_argument(
        "--steps", type=updates_arg, default=0, metavar="N", help="with --screenshot: updates first"
    )
    parser.add_argument(
        "--size",
        type=size_arg,
        default=(1360, 900),
        metavar="WxH",
        help=(
            "with --screenshot: window size in pixels (default 1360x900); a size below the "
            "window's minimum is refused"
        ),
    )
    return parser


def train_parser() -> argparse.ArgumentParser:
    from mlpgui.cli_train import EXIT_CODES, add_train_arguments

    parser = Parser(
        prog="mlpgui train",
        description="Train headless with the same engine and settings as the window; --save\n"
        "writes a session the window opens and continues exactly.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_train_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    """Parse ``argv`` (without the program name) and do what it asks; returns the exit code.
    No exception escapes: an unexpected one becomes one line on stderr and exit code 1."""
    try:
        return _dispatch(argv)
    except SystemExit as exc:  # argparse: --help, --version, a bad argument
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        print("mlpgui: interrupted.", file=sys.stderr)
        return 130
    except MlpguiError as exc:
        print(f"mlpgui: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except Exception as exc:  # one line instead of a traceback
        if os.environ.get("MLPGUI_DEBUG"):
            traceback.print_exc(file=sys.stderr)
            hint = ""
        else:
            hint = " (set MLPGUI_DEBUG=1 to see the traceback)"
        print(f"mlpgui: unexpected error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return 1


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["train"]:
        from mlpgui.cli_train import train

        return train(train_parser().parse_args(argv[1:]))
    args = build_parser().parse_args(argv)
    if args.session:
        check_input_file(args.session, "session file")
    if args.screenshot:
        check_writable(args.screenshot, "screenshot")
        if display_problem():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from mlpgui.cli_screenshot import screenshot

        return screenshot(args)
    hint = display_problem()
    if hint:
        print(hint, file=sys.stderr)
        return USAGE_ERROR
    return _run_window(args)


def _run_window(args: argparse.Namespace) -> int:
    from mlpgui.app import open_window, quit_on_signals

    app, window = open_window(args.preset, args.session)
    quit_on_signals(app)
    window.show()
    return app.exec()
