"""The ``mlpgui`` command: start the window (or, with a subcommand, work headless)."""

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
        description="Train multi-layer perceptrons with backpropagation and watch every update.",
    )
    parser.add_argument("--version", action="version", version=f"mlpgui {__version__}")
    parser.add_argument(
        "--preset",
        choices=PRESETS,
        metavar="NAME",
        help=f"start with a preset's data and network ({', '.join(PRESETS)})",
    )
    return parser


def run(argv: list[str]) -> int:
    """Parse ``argv`` (without the program name) and do what it asks; returns the exit code."""
    args = build_parser().parse_args(argv)
    hint = display_problem()
    if hint:
        print(hint, file=sys.stderr)
        return 2
    return _run_window(args)


def _run_window(args: argparse.Namespace) -> int:
    from mlpgui.app import MainWindow, application
    from mlpgui.core.setup import TrainingSetup

    app = application()
    setup = dataset = None
    if args.preset:
        setup, dataset = TrainingSetup.for_preset(args.preset)
    window = MainWindow(setup, dataset)
    window.show()
    return app.exec()
