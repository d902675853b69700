"""The timeline (rewind, continue from here), session files and settings in the real window."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtWidgets import QMessageBox, QSlider

from mlpgui.app import MainWindow
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.worker import ExportHistory, FileAction, RequestPlotData, Status, StepMany

from .conftest import WAIT_MS


def steps(qtbot, window, n):
    target = window.latest_state().steps + n
    messages = []
    window.worker.record_ready.connect(messages.append)
    for _ in range(n):
        window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == target, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record().step == target, timeout=WAIT_MS)
    window.worker.record_ready.disconnect(messages.append)
    return {m.record.step: m.record for m in messages}


def rewind_to(qtbot, window, k):
    slider = window.findChild(QSlider, names.HISTORY_SLIDER)
    slider.setValue(k)
    qtbot.waitUntil(
        lambda: window.displayed_record() is not None and window.displayed_record().step == k,
        timeout=WAIT_MS,
    )


def test_rewinding_shows_the_record_shown_live(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup.replace(batch="online"), data)
    live = steps(qtbot, window, 12)
    shown = []
    window.store.record_changed.connect(shown.append)
    for k in (3, 11, 1, 7):
        rewind_to(qtbot, window, k)
        assert window.displayed_record() == live[k]
        assert shown[-1] == live[k]  # every view was told
    assert window.latest_record().step == 12  # the live state is unchanged
    assert window.timeline.shown_update == 7
    window.timeline.latest_action.trigger()
    qtbot.waitUntil(lambda: window.displayed_record().step == 12)
    assert window.timeline.shown_update is None


def test_rewinding_after_a_fast_run_recomputes_exactly(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("spiral")
    window = make_window(setup, data)
    records = []
    window.worker.record_ready.connect(records.append)
    window.worker.send(StepMany(400))
    qtbot.waitUntil(lambda: window.latest_state().steps == 400, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record().step == 400, timeout=WAIT_MS)
    some = [m.record for m in records if m.record.step < 400][-3:]
    for record in some:
        rewind_to(qtbot, window, record.step)
        assert window.displayed_record() == record


def test_continue_from_here_discards_the_later_updates_and_retraces(
    qtbot, make_window, monkeypatch
):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup.replace(batch="online"), data)
    live = steps(qtbot, window, 10)
    rewind_to(qtbot, window, 6)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.timeline.continue_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == 6, timeout=WAIT_MS)
    assert window.latest_state().history_last == 6
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == 6)
    again = steps(qtbot, window, 4)
    for k in range(7, 11):
        assert again[k] == live[k]  # the same updates once more, bit for bit


def test_save_then_open_in_another_window_continues_identically(qtbot, make_window, tmp_path):
    setup, data = TrainingSetup.for_preset("xor")
    first = make_window(setup.replace(batch=2), data)
    steps(qtbot, first, 9)
    path = str(tmp_path / "run.mlpgui.json")
    assert first.files.save_and_wait(path)
    assert not first.files.dirty and first.files.path == path
    assert "run.mlpgui.json" in first.windowTitle()

    second = make_window()
    second.open_session(path)
    qtbot.waitUntil(lambda: second.latest_state().steps == 9, timeout=WAIT_MS)
    current = first.latest_record().parameters_after
    assert np.array_equal(second.latest_snapshot().parameters, current)
    assert second.latest_state().setup == first.latest_state().setup
    assert not second.files.dirty
    a, b = steps(qtbot, first, 1), steps(qtbot, second, 1)
    assert a[10] == b[10]
    assert second.files.dirty
    assert path in second.files.recent_files()


def test_a_bad_session_file_leaves_the_current_run_untouched(qtbot, window, tmp_path):
    steps(qtbot, window, 3)
    before = window.latest_snapshot()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "mlpgui-session", "version": 99}))
    window.open_session(str(bad))
    qtbot.waitUntil(lambda: "newer mlpgui" in window.banner.text(), timeout=WAIT_MS)
    assert window.latest_state().steps == 3
    assert window.latest_snapshot() is before


def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch):
    steps(qtbot, window, 2)
    window.confirm_close = True
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.close()
    assert window.isVisible() and window.worker.is_running  # cancelled
    window.close()
    assert not window.isVisible() and not window.worker.is_running
    assert len(asked) == 2 and "unsaved changes" in asked[0]


def test_layout_and_preferences_persist_between_starts(qtbot, make_window):
    window = make_window()
    window.main_menus.log_scale_action.setChecked(True)
    window.loss_dock.hide()
    window.controls.speed.request_rate(5.0)
    qtbot.waitUntil(lambda: window.latest_state().max_rate == 5.0)
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: again.latest_state().max_rate == 5.0, timeout=WAIT_MS)
    assert again.main_menus.log_scale_action.isChecked()
    assert not again.loss_dock.isVisible()
    again.loss_dock.show()
    again.main_menus.log_scale_action.setChecked(False)
    again.controls.speed.request_rate(0.0)
    qtbot.waitUntil(lambda: again.latest_state().max_rate == 0.0)
    again.close()


def test_export_history_writes_every_update(qtbot, window, tmp_path):
    steps(qtbot, window, 5)
    path = tmp_path / "history.csv"
    done = []
    window.worker.file_done.connect(lambda message: done.append(message.action))
    window.worker.send(ExportHistory(str(path)))
    qtbot.waitUntil(lambda: done == [FileAction.EXPORTED], timeout=WAIT_MS)
    lines = path.read_text().splitlines()
    assert len(lines) == 6 and lines[0].startswith("update,epoch,learning_rate,loss,w1_11")
    assert "Exported the history" in window.banner.text()


def test_status_is_paused_after_opening_a_saved_run(qtbot, make_window, tmp_path):
    first = make_window()
    steps(qtbot, first, 2)
    path = str(tmp_path / "s.mlpgui.json")
    assert first.files.save_and_wait(path)
    second: MainWindow = make_window()
    second.open_session(path)
    qtbot.waitUntil(lambda: second.latest_state().steps == 2, timeout=WAIT_MS)
    assert second.latest_state().status is Status.PAUSED
    assert second.latest_record().step == 2


def test_file_intents_run_in_the_worker_thread(qtbot, window, tmp_path, monkeypatch):
    # A slot that ran in the GUI thread would block the window while writing big files
    # (and race with training): every intent must be queued to the worker.
    import threading

    import mlpgui.worker.training_worker as worker_module

    threads = []
    original = worker_module.save_session

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(worker_module, "save_session", recording)
    assert window.files.save_and_wait(str(tmp_path / "t.mlpgui.json"))
    assert threads and threads[0] is not threading.main_thread()


def test_the_plots_show_the_network_of_the_update_on_display(qtbot, make_window):
    from mlpgui.core import MLP
    from mlpgui.core.plot_data import OutputCurve

    window = make_window()
    steps(qtbot, window, 6)
    results = []
    window.worker.plot_data_ready.connect(lambda r: results.append((r.name, r)))
    window.worker.send(RequestPlotData("test.curve", OutputCurve(-5, 5, 11)))
    rewind_to(qtbot, window, 2)
    qtbot.waitUntil(lambda: any(r.steps == 2 and n == "test.curve" for n, r in results))
    past = [r for n, r in results if n == "test.curve"][-1].value
    record = window.displayed_record()
    net = MLP.from_parameters(record.weights_after, record.biases_after, record.activation_names)
    assert np.array_equal(past.outputs, net.forward(past.x[:, None]).outputs)
    assert window.loss_plot._marker.isVisible() and window.loss_plot._marker.value() == 2
    window.timeline.latest_action.trigger()
    qtbot.waitUntil(lambda: not window.loss_plot._marker.isVisible())
