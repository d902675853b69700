"""Is there a display the window can open on? Asked before Qt is started, because Qt aborts
the whole process (exit code 134, "Reinstalling the application may fix this problem") when
it cannot connect to one.

Only Linux is checked (elsewhere Qt finds the platform's display itself). The X server named
by DISPLAY is probed the way libxcb connects: ``:N`` and ``unix:N`` on the local socket
/tmp/.X11-unix/XN (and its abstract twin), ``:N`` also on TCP localhost:6000+N, ``host:N``
on TCP host:6000+N — each with a short timeout. A probe that cannot tell lets Qt try.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Mapping

NO_DISPLAY_HINT = """\
mlpgui: no display found, so the window cannot open.
  - On a desktop, start mlpgui from a graphical session (DISPLAY or WAYLAND_DISPLAY is set).
  - On a server, run it on a virtual screen:  xvfb-run -a mlpgui
  - To render without any screen (e.g. scripts), set QT_QPA_PLATFORM=offscreen."""

PROBE_TIMEOUT = 1.0
"""Seconds to wait for a remote X server to accept a connection."""

Probe = Callable[[str], "bool | None"]


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    probe: Probe | None = None,
) -> str:
    """The message to print when Qt would have no display to open a window on, else "".

    ``probe(DISPLAY)`` says whether that X display answers (True), does not (False) or
    cannot tell (None). By default the X server is probed only for the real environment
    (``environ`` None); with an explicit ``environ`` only the rules apply unless a probe is
    given.
    """
    env = os.environ if environ is None else environ
    if probe is None and environ is None:
        probe = x_display_reachable
    if not platform.startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return ""  # offscreen, vnc, ...: no display needed
    if qpa.startswith("wayland"):
        return "" if env.get("WAYLAND_DISPLAY") else NO_DISPLAY_HINT
    if not qpa and env.get("WAYLAND_DISPLAY"):
        return ""
    display = env.get("DISPLAY", "")
    if not display:
        return NO_DISPLAY_HINT
    if probe is not None and probe(display) is False:
        return unreachable_hint(display)
    return ""


def unreachable_hint(display: str) -> str:
    """The message for a DISPLAY that names an X server nobody answers at."""
    first = (
        f"mlpgui: cannot connect to the X display {display!r} (from DISPLAY): no X server "
        "answers there, so the window cannot open."
    )
    return "\n".join([first, *NO_DISPLAY_HINT.splitlines()[1:]])


def x_display_reachable(display: str, timeout: float = PROBE_TIMEOUT) -> bool | None:
    """Whether an X server accepts connections at ``display`` (":0", "unix:1.0",
    "host:10.0"); None if the name is not understood or the answer is unclear."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit() or host.endswith(":") or "/" in host:
        return None  # DECnet, launchd paths, garbage: let Qt decide
    port = 6000 + int(number)
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        if _unix_connects(path) or _unix_connects("\0" + path):
            return True
        if host == "unix":
            return False
        host = "localhost"  # libxcb falls back to TCP for ":N"
    return _tcp_connects(host, port, timeout)


def _unix_connects(address: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(PROBE_TIMEOUT)
        try:
            sock.connect(address)
        except OSError:
            return False
    return True


def _tcp_connects(host: str, port: int, timeout: float) -> bool | None:
    try:
        with socket.create_connection((host.strip("[]"), port), timeout=timeout):
            return True
    except TimeoutError:
        return None  # slow, not necessarily absent
    except OSError:
        return False  # refused, unreachable, unknown host
