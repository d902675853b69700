"""Test-wide settings: Qt runs offscreen unless the caller chose a platform (e.g. xcb), and
no test may leave a worker thread running."""

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def private_settings(tmp_path_factory):
    """Keep the app's QSettings (window layout, recent files) out of the user's config."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    return folder


@pytest.fixture(autouse=True)
def no_worker_thread_left_running():
    """Fail any test that leaves a training worker's QThread running (and stop it)."""
    yield
    handle = sys.modules.get("mlpgui.worker.handle")
    if handle is None:
        return
    running = handle.running_worker_threads()
    for thread in running:
        thread.quit()
        thread.wait(5000)
    assert not running, f"{len(running)} worker thread(s) still running after the test"
