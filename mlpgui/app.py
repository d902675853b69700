"""The application: ``MainWindow`` and how to start it.

from mlpgui.app import MainWindow
"""

from __future__ import annotations

import signal
import socket
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSocketNotifier, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mlpgui import __version__
from mlpgui.ui.main_window import MainWindow

__all__ = [
    "RESOURCES",
    "MainWindow",
    "application",
    "close_all_without_prompts",
    "fresh_settings",
    "open_window",
    "quit_on_signals",
]

RESOURCES = Path(str(files("mlpgui.resources")))
"""The package's resources folder (mlpgui/resources, package data in the wheel): the icon."""


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created on first use), named for settings and window managers."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:  # (a QCoreApplication already there makes this raise, as it must)
        app = QApplication(sys.argv[:1] + list(argv or []))
    app.setApplicationName("mlpgui")
    icon = RESOURCES / "mlpgui.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    else:  # an installation without its package data: say so, and go on without an icon
        print(f"mlpgui: the application icon is missing ({icon}).", file=sys.stderr)
    app.setOrganizationName("mlpgui")
    app.setApplicationVersion(__version__)
    return app


def fresh_settings() -> QSettings:
    """Settings in a new temporary file: a window with the default layout that leaves the
    user's saved layout alone (screenshots, benchmarks)."""
    with tempfile.NamedTemporaryFile(prefix="mlpgui-", suffix=".ini", delete=False) as handle:
        path = handle.name
    return QSettings(path, QSettings.Format.IniFormat)


def open_window(
    preset: str | None = None, session: str | None = None, default_layout: bool = False
) -> tuple[QApplication, MainWindow]:
    """The application and a new window: the preset's data and network (default: the
    lecture's), then ``session`` opened in it (a bad file shows a message in the window).
    ``default_layout``: fresh settings, for reproducible pictures."""
    from mlpgui.core.setup import TrainingSetup

    app = application()
    setup = dataset = None
    if preset:
        setup, dataset = TrainingSetup.for_preset(preset)
    settings = fresh_settings() if default_layout else None
    window = MainWindow(setup, dataset, settings=settings)
    if session:
        window.open_session(session)
    return app, window


def close_all_without_prompts(app: QApplication) -> None:
    """Close every window at once, offering to save nothing (what was saved stays saved),
    and quit: what Ctrl+C in the terminal and SIGTERM do."""
    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.confirm_close = False
    app.closeAllWindows()
    app.quit()


class _SignalWatcher(QObject):
    """Turns SIGINT / SIGTERM into ``close_all_without_prompts`` in the GUI thread.

    Python runs its signal handlers only when the interpreter gets control, which it does not
    while Qt's event loop waits. So the C-level handler's wake-up byte (``signal.set_wakeup_fd``)
    goes to a socket that a QSocketNotifier watches: the event loop wakes up at once.
    """

    def __init__(self, app: QApplication, signals: tuple[signal.Signals, ...]) -> None:
        super().__init__(app)
        self._app = app
        self._reader, self._writer = socket.socketpair()
        for sock in (self._reader, self._writer):
            sock.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {s: signal.signal(s, _ignore) for s in signals}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)
        app.aboutToQuit.connect(self.restore)

    @Slot()
    def _on_wakeup(self) -> None:
        try:
            received = self._reader.recv(512)
        except OSError:
            return
        if received:
            close_all_without_prompts(self._app)

    @Slot()
    def restore(self) -> None:
        """Put the previous handlers back (once the application quits)."""
        if not self._previous:
            return
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous = {}
        self._reader.close()
        self._writer.close()


def _ignore(_signum: int, _frame: object) -> None:
    """The Python-level handler: nothing (the wake-up byte does the work)."""


def quit_on_signals(
    app: QApplication, signals: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)
) -> QObject:
    """Make Ctrl+C in the terminal (SIGINT) and SIGTERM close every window without prompts
    and quit with exit code 0. Call from the main thread before ``app.exec()``."""
    return _SignalWatcher(app, signals)
