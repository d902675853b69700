"""The window shows one update at a time and says which: timeline, sessions, loss labels."""

from __future__ import annotations

from PySide6.QtWidgets import QSlider

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.worker import Status, StepMany

from .conftest import WAIT_MS


def _run_for_a_while(qtbot, window, at_least: int) -> None:
    window.controls.run_action.trigger()
    qtbot.waitUntil(
        lambda: (
            window.latest_state().status is Status.RUNNING
            and window.latest_state().steps >= at_least
        ),
        timeout=WAIT_MS,
    )


def test_latest_after_scrubbing_while_running_shows_the_latest_update(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup, data)
    slider = window.findChild(QSlider, names.HISTORY_SLIDER)
    for attempt in range(5):
        _run_for_a_while(qtbot, window, 200 * (attempt + 1))
        qtbot.waitUntil(lambda: slider.maximum() > 100, timeout=WAIT_MS)
        slider.setValue(max(1, slider.maximum() // 2))
        if attempt % 2:  # sometimes press Latest before the past record has arrived
            qtbot.waitUntil(lambda: window.timeline.shown_update is not None, timeout=WAIT_MS)
        window.timeline.latest_action.trigger()
        qtbot.waitUntil(lambda: window.latest_state().status is not Status.RUNNING, timeout=WAIT_MS)
        state = window.latest_state()
        qtbot.waitUntil(
            lambda s=state: (
                window.displayed_record() is not None and window.displayed_record().step == s.steps
            ),
            timeout=WAIT_MS,
        )
        qtbot.wait(50)  # anything still on its way must not replace it
        assert window.displayed_record().step == window.latest_state().steps
        assert window.timeline.shown_update is None
        assert "latest" in window.timeline.label.text()


def test_opening_a_session_shows_its_loss_history_and_loss(qtbot, make_window, tmp_path):
    first = make_window()
    first.worker.send(StepMany(300))
    qtbot.waitUntil(
        lambda: first.latest_state().steps == 300 and first.latest_state().status is Status.PAUSED,
        timeout=WAIT_MS,
    )
    path = str(tmp_path / "run.mlpgui.json")
    first.files.save_to(path)
    qtbot.waitUntil(lambda: first.files.path == path, timeout=WAIT_MS)
    expected = first.latest_record()

    second = make_window()
    second.open_session(path)
    qtbot.waitUntil(lambda: second.latest_state().steps == 300, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(second.loss_plot.train) == 300, timeout=WAIT_MS)
    x, y = second.loss_plot.train.x, second.loss_plot.train.y
    assert x[0] == 1 and x[-1] == 300
    assert y[-1] == expected.loss_before
    qtbot.waitUntil(lambda: second.latest_record() is not None, timeout=WAIT_MS)
    assert second.latest_record().step == 300
    assert second.latest_state().loss == expected.loss_after
    assert "–" not in second.status.loss_label.text()


def test_loss_before_and_after_an_update_are_labelled_apart(qtbot, make_window):
    window = make_window()
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)
    record = window.latest_record()
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == 1, timeout=WAIT_MS)
    # the curve's point of update 1 is L(θ before update 1), as its axis says
    assert window.loss_plot.train.y[0] == record.loss_before
    axis = window.loss_plot.plot_widget.getPlotItem().getAxis("left").labelText
    assert "before update" in axis
    # the status bar shows L(θ after update 1), and says so
    qtbot.waitUntil(lambda: "update 1)" in window.status.loss_label.text(), timeout=WAIT_MS)
    text = window.status.loss_label.text()
    assert text.startswith("L(θ after update 1) = ")
    assert float(text.split("= ")[1]) == float(f"{record.loss_after:.6g}")
    assert record.loss_before != record.loss_after


def test_the_test_loss_is_drawn_at_the_theta_it_was_measured_at(qtbot, make_window):
    from mlpgui.core import load_preset

    setup, data = TrainingSetup.for_preset("lecture")
    window = make_window(setup, data, load_preset("lecture", seed=7))
    window.worker.send(StepMany(5))
    qtbot.waitUntil(lambda: len(window.loss_plot.test) >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_state().steps == 5, timeout=WAIT_MS)
    # measured after update 5 (θ before update 6): the curve says "before update k"
    assert window.loss_plot.test.x[-1] == window.loss_plot.train.x[-1] + 1


def test_a_session_that_fails_late_changes_nothing(qtbot, make_window, tmp_path, monkeypatch):
    from mlpgui.core.run import TrainingRun

    source = make_window()
    source.worker.send(StepMany(20))
    qtbot.waitUntil(lambda: source.latest_state().steps == 20, timeout=WAIT_MS)
    path = str(tmp_path / "run.mlpgui.json")
    source.files.save_to(path)
    qtbot.waitUntil(lambda: source.files.path == path, timeout=WAIT_MS)

    window = make_window()
    window.worker.send(StepMany(7))
    qtbot.waitUntil(lambda: window.latest_state().steps == 7, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.files.dirty, timeout=WAIT_MS)
    before = window.latest_snapshot()

    def broken(self, step):  # a history that loads but cannot be replayed
        raise IndexError("damaged history")

    monkeypatch.setattr(TrainingRun, "record_at", broken)
    window.open_session(path)
    qtbot.waitUntil(lambda: window.banner.kind == "error", timeout=WAIT_MS)
    assert window.latest_state().steps == 7
    assert window.latest_snapshot() is before
    assert window.files.dirty and window.files.path is None
