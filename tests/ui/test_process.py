"""Whole-process behaviour: clean exit while training, the no-display hint, the Qt pin, the
worker's stop flag (more ways to end in test_lifecycle.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal

from mlpgui.cli import NO_DISPLAY_HINT, display_problem
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import WorkerHandle, running_worker_threads

CLOSE_WHILE_RUNNING = """
from PySide6.QtCore import QTimer
from mlpgui.app import MainWindow, application
app = application()
window = MainWindow()
window.confirm_close = False
window.show()
QTimer.singleShot(300, window.controls.run_action.trigger)
at_close = []

def close():
    at_close.append(window.latest_state())
    window.close()

QTimer.singleShot(1200, close)
code = app.exec()
print("steps", at_close[0].steps, "status", at_close[0].status.value)
raise SystemExit(code)
"""


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_closing_while_running_exits_cleanly():
    out = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_RUNNING],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(QT_QPA_PLATFORM="offscreen"),
    )
    assert out.returncode == 0, out.stderr
    assert "QThread: Destroyed" not in out.stderr
    assert "Fatal" not in out.stderr
    steps = int(out.stdout.split()[1])
    assert steps > 100  # it really was training when the window closed
    assert "running" in out.stdout


def test_no_display_prints_a_hint_instead_of_qts_abort():
    env = _env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    out = subprocess.run(
        [sys.executable, "-m", "mlpgui"], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 2
    assert "no display" in out.stderr and "xvfb-run" in out.stderr
    assert "xcb" not in out.stderr.lower().replace("xcb-run", "")


def test_display_problem_rules():
    assert display_problem({}, "linux") == NO_DISPLAY_HINT
    assert display_problem({"DISPLAY": ":0"}, "linux") == ""
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux") == NO_DISPLAY_HINT
    assert display_problem({}, "darwin") == ""


def test_version_and_help_work_without_a_display():
    env = _env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    out = subprocess.run(
        [sys.executable, "-m", "mlpgui", "--version"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0 and out.stdout.startswith("mlpgui ")


def test_signal_emits_do_not_leak_references_to_true(qapp):
    # PySide6 6.12.0 on Python 3.11 drops a reference to True on every emit and then aborts
    # the interpreter ("Fatal Python error: bool_dealloc"); the PySide6-Essentials pin in
    # pyproject.toml keeps that release out.
    class Sender(QObject):
        sig = Signal(object)

    sender = Sender()
    sender.sig.emit(1)  # warm up caches
    before = sys.getrefcount(True)
    for _ in range(200):
        sender.sig.emit(1)
    assert abs(sys.getrefcount(True) - before) < 5  # the broken release loses 200


def test_running_worker_threads_are_tracked_until_shut_down(qapp):
    setup, data = TrainingSetup.for_preset("xor")
    handle = WorkerHandle(setup, data)
    handle.start()
    assert handle.is_running and running_worker_threads()
    handle.shutdown()
    assert not handle.is_running and not running_worker_threads()
    QCoreApplication.processEvents()


def test_the_application_has_its_icon(qapp):
    from mlpgui.app import RESOURCES, application

    assert (RESOURCES / "mlpgui.svg").is_file()
    assert not application().windowIcon().isNull()


def test_shutdown_sets_the_stop_flag_before_the_worker_hears_of_it(qapp):
    setup, data = TrainingSetup.for_preset("xor")
    handle = WorkerHandle(setup, data)
    worker = handle._worker
    seen: list[bool] = []
    original = type(worker).shutdown

    def shutdown(self):  # runs in the worker thread
        seen.append(self.stop_requested.is_set())
        original(self)

    type(worker).shutdown = shutdown
    try:
        handle.start()
        assert handle.shutdown()
    finally:
        type(worker).shutdown = original
    assert seen == [True] and not running_worker_threads()
    QCoreApplication.processEvents()


def test_a_history_export_asked_for_during_shutdown_is_skipped(qapp, tmp_path):
    from mlpgui.worker import ExportHistory, Step, TrainingWorker

    setup, data = TrainingSetup.for_preset("xor")
    worker = TrainingWorker(setup, data)  # not started: its slots run right here
    worker.receive(Step())
    path = tmp_path / "history.csv"
    worker.stop_requested.set()
    worker.receive(ExportHistory(str(path)))
    assert not path.exists()
    worker.stop_requested.clear()
    worker.receive(ExportHistory(str(path)))
    assert path.read_text().count("\n") == 2  # header and update 1


SCRIPT_WITHOUT_EXEC = """
from mlpgui.app import MainWindow, application
from mlpgui.worker import Run
app = application()
window = MainWindow()
window.show()
window.worker.send(Run())
print("created", flush=True)
"""


def test_a_script_that_ends_without_closing_its_window_exits_cleanly():
    # No app.exec(), so no aboutToQuit: the handle's atexit hook stops the worker.
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT_WITHOUT_EXEC],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(QT_QPA_PLATFORM="offscreen"),
    )
    assert out.returncode == 0, out.stderr
    assert "created" in out.stdout
    assert "QThread: Destroyed" not in out.stderr and "Fatal" not in out.stderr
