"""The application: ``MainWindow`` and how to start it.

from mlpgui.app import MainWindow
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mlpgui import __version__
from mlpgui.ui.main_window import MainWindow

__all__ = ["RESOURCES", "MainWindow", "application", "fresh_settings"]

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
"""The repository's resources/ folder (icons); missing in a wheel install, which is fine."""


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created on first use), named for settings and window managers."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] + list(argv or []))
    app.setApplicationName("mlpgui")
    icon = RESOURCES / "mlpgui.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setOrganizationName("mlpgui")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def fresh_settings() -> QSettings:
    """Settings in a new temporary file: a window with the default layout that leaves the
    user's saved layout alone (screenshots, benchmarks)."""
    with tempfile.NamedTemporaryFile(prefix="mlpgui-", suffix=".ini", delete=False) as handle:
        path = handle.name
    return QSettings(path, QSettings.Format.IniFormat)
