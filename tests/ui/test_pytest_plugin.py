"""The pytest plugin mlpgui ships (mlpgui/testing.py), used as a user would: a test file of
their own, run by pytest in another process, finds the fixtures through the entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points

USER_TESTS = """
import time

from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import Status, WorkerHandle


def test_train_and_close_with_unsaved_updates(qtbot, main_window):
    main_window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: main_window.latest_state().steps > 100, timeout=10_000)
    main_window.close()  # unsaved updates, but no prompt: it closes at once
    assert not main_window.worker.is_running


def test_a_second_window_on_another_preset(qtbot, main_window, make_main_window):
    xor = make_main_window(*TrainingSetup.for_preset("xor"))
    xor.controls.step_action.trigger()
    qtbot.waitUntil(lambda: xor.latest_state().steps == 1, timeout=10_000)
    assert main_window.latest_state().steps == 0
    assert main_window.settings.fileName().endswith("mlpgui-settings.ini")


LEFT_RUNNING = []


def test_that_leaves_a_worker_thread_running(main_window):
    setup, data = TrainingSetup.for_preset("xor")
    handle = WorkerHandle(setup, data)
    handle.start()
    LEFT_RUNNING.append(handle)
"""


def test_the_plugin_is_registered_for_pytest():
    names = {e.name: e.value for e in entry_points(group="pytest11")}
    assert names.get("mlpgui") == "mlpgui.testing"


def test_a_users_tests_get_windows_without_prompts_and_a_check_for_running_threads(tmp_path):
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    summary = out.stdout.strip().splitlines()[-1]
    assert "3 passed, 1 error" in summary, out.stdout + out.stderr
    assert "ERROR at teardown of test_that_leaves_a_worker_thread_running" in out.stdout
    assert "1 mlpgui worker thread(s) still running after the test" in out.stdout
