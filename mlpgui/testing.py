"""A pytest plugin for testing your own scenarios in mlpgui's window with pytest-qt.

Installed with mlpgui (entry point ``pytest11``), so its fixtures are available in any test
once pytest-qt is installed too:

- ``main_window``: a shown ``MainWindow`` (the lecture network on the lecture data) whose
  worker has reported its first state;
- ``make_main_window(setup=None, dataset=None, test_dataset=None)``: a factory for more
  windows, e.g. ``make_main_window(*TrainingSetup.for_preset("xor"))``.

Every test gets fresh settings in an INI file under ``tmp_path`` (the user's layout and
recent files stay untouched; the windows of one test share it, like successive starts), and
every window ``confirm_close = False`` (closing never opens the "save changes?" prompt,
which would wait forever in a test). After the test, every window's worker is shut down, and
the test errors if a training worker thread is still running — a thread left running would
abort the process when Qt destroys it.

Qt needs a display or ``QT_QPA_PLATFORM=offscreen`` (set it in your conftest.py or the
environment). Nothing here imports Qt until a fixture is used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mlpgui.core import Dataset
    from mlpgui.core.setup import TrainingSetup
    from mlpgui.ui.main_window import MainWindow

READY_TIMEOUT_MS = 10_000
"""How long a new window may take until its worker reports its first state."""


@pytest.fixture
def make_main_window(qtbot: Any, tmp_path: Any) -> Iterator[Callable[..., MainWindow]]:
    """A factory of shown main windows; all are shut down after the test (see module)."""
    from PySide6.QtCore import QSettings

    from mlpgui.app import MainWindow, application

    windows: list[MainWindow] = []
    settings_path = os.fspath(tmp_path / "mlpgui-settings.ini")

    def make(
        setup: TrainingSetup | None = None,
        dataset: Dataset | None = None,
        test_dataset: Dataset | None = None,
    ) -> MainWindow:
        application()  # the app's name and icon, as in the real program
        settings = QSettings(settings_path, QSettings.Format.IniFormat)
        window = MainWindow(setup, dataset, test_dataset, settings=settings)
        window.confirm_close = False
        windows.append(window)
        qtbot.addWidget(window, before_close_func=lambda w: w.worker.shutdown())
        window.show()
        qtbot.waitUntil(lambda: window.latest_state() is not None, timeout=READY_TIMEOUT_MS)
        return window

    yield make
    for window in windows:
        window.worker.shutdown()
    _fail_if_worker_threads_run()


@pytest.fixture
def main_window(make_main_window: Callable[..., MainWindow]) -> MainWindow:
    """A shown main window: the lecture's 1-2-2-1 network on the lecture's data."""
    return make_main_window()


def _fail_if_worker_threads_run() -> None:
    """Error the test if a training worker thread is still running (after stopping it)."""
    from mlpgui.worker import running_worker_threads

    running = running_worker_threads()
    for thread in running:
        thread.quit()
        thread.wait(5000)
    if running:
        pytest.fail(
            f"{len(running)} mlpgui worker thread(s) still running after the test; shut "
            "every window's worker down (window.worker.shutdown()) before it ends.",
            pytrace=False,
        )
