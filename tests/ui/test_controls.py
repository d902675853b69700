"""Run/Pause shows the last command; the speed control; the worker keeps a speed limit."""

from __future__ import annotations

import math
import random
import types
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QSlider

import mlpgui.worker.loop as worker_loop
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.speed_control import (
    LIMITED_POSITIONS,
    MAX_RATE,
    MIN_RATE,
    UNLIMITED_POSITION,
    SpeedControl,
    position_of,
    rate_at,
    rate_text,
)
from mlpgui.worker import (
    UNLIMITED,
    ModelChange,
    RecordReady,
    RequestSnapshot,
    Run,
    SetLoss,
    SetMaxRate,
    Status,
    TrainingWorker,
)
from mlpgui.worker.pacing import MAX_LATE_SECONDS, SHOW_EVERY_UPDATE_RATE, RatePacer

from .conftest import WAIT_MS


def focus_diagram(qtbot, window):
    window.activateWindow()
    view = window.findChild(object, names.NETWORK_VIEW)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=WAIT_MS)
    return view


def all_answered(qtbot, window):
    """Wait until the worker has handled every intent sent so far (it answers a snapshot
    request after them) and the controls have heard every report."""
    window.worker.send(RequestSnapshot())
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.REQUEST, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.controls.settled, timeout=WAIT_MS)


def shows_running(controls) -> bool:
    return controls.pause_action.isEnabled() and not controls.run_action.isEnabled()


def shows_paused(controls) -> bool:
    return controls.run_action.isEnabled() and not controls.pause_action.isEnabled()


# --- Run / Pause: the visible state is the last command --------------------------------------


@pytest.mark.parametrize("presses", [500, 501])
def test_rapid_space_presses_end_in_the_state_of_the_last_press(qtbot, window, presses):
    controls = window.controls
    view = focus_diagram(qtbot, window)
    for k in range(1, presses + 1):
        qtbot.keyClick(view, Qt.Key.Key_Space)
        assert shows_running(controls) == (k % 2 == 1)  # at once, before the worker answers
        if k % 25 == 0:
            QApplication.processEvents()  # let some of the worker's reports in meanwhile
    all_answered(qtbot, window)
    running = presses % 2 == 1
    assert (window.latest_state().status is Status.RUNNING) == running
    assert shows_running(controls) == running and shows_paused(controls) == (not running)
    if running:
        controls.pause_action.trigger()
        all_answered(qtbot, window)
        assert shows_paused(controls)


def test_reports_that_lag_behind_the_last_command_are_not_shown(qtbot, window):
    controls = window.controls
    controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: controls.settled, timeout=WAIT_MS)
    running_report = window.latest_state()
    controls.pause_action.trigger()
    controls.show_state(running_report)  # a report sent before the pause was handled
    assert shows_paused(controls)
    all_answered(qtbot, window)
    assert shows_paused(controls) and window.latest_state().status is Status.PAUSED


def test_a_finished_step_n_shows_paused_again(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args, **kwargs: (300, True))
    controls = window.controls
    controls.step_many_action.trigger()
    assert shows_running(controls)
    qtbot.waitUntil(lambda: window.latest_state().steps == 300, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shows_paused(controls), timeout=WAIT_MS)
    assert window.latest_state().status is Status.PAUSED


def test_a_run_the_worker_stops_by_itself_shows_paused(qtbot, window):
    controls = window.controls
    controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: controls.settled, timeout=WAIT_MS)
    # The lecture network has a linear output: cross-entropy is refused, and training
    # pauses so that the user can react.
    window.worker.send(SetLoss("cross_entropy"))
    qtbot.waitUntil(lambda: shows_paused(controls), timeout=WAIT_MS)
    assert window.latest_state().status is Status.PAUSED
    window.worker.send(SetLoss("mse"))
    controls.run_pause_action.trigger()  # Space runs again (it does not "pause" twice)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    controls.pause_action.trigger()
    all_answered(qtbot, window)


def test_step_while_running_shows_paused_at_once(qtbot, window):
    controls = window.controls
    controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    controls.step_action.trigger()
    assert shows_paused(controls)
    all_answered(qtbot, window)
    assert shows_paused(controls) and window.latest_state().status is Status.PAUSED


# --- the speed control: mapping ----------------------------------------------------------------


def test_the_speed_scale_is_logarithmic_from_one_update_per_second_to_unlimited():
    rates = [rate_at(p) for p in range(LIMITED_POSITIONS + 1)]
    assert rates[0] == MIN_RATE == 1.0 and rates[-1] == MAX_RATE == 100_000.0
    assert all(a < b for a, b in pairwise(rates))
    ratios = [b / a for a, b in pairwise(rates)]
    assert max(ratios) < 1.25  # no gap like the old 50 → unlimited
    assert rate_at(UNLIMITED_POSITION) == UNLIMITED
    for p in range(UNLIMITED_POSITION + 1):
        assert position_of(rate_at(p)) == p
    for rate in (1.0, 2.0, 5.0, 10.0, 50.0, 100.0, 1000.0):  # round rates are on the scale
        assert rate_at(position_of(rate)) == rate


def test_rates_off_the_scale_sit_at_the_nearest_position():
    assert position_of(0.5) == 0
    assert position_of(7.25) == position_of(7.1)
    assert position_of(1e9) == LIMITED_POSITIONS  # limited, however high
    assert position_of(UNLIMITED) == UNLIMITED_POSITION


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (UNLIMITED, "unlimited"),
        (1.0, "1 update/s"),
        (1.1, "1.1 updates/s"),
        (12.0, "12 updates/s"),
        (50.0, "50 updates/s"),
        (1100.0, "1,100 updates/s"),
        (100_000.0, "100,000 updates/s"),
    ],
)
def test_the_speed_label_says_the_rate_in_words(rate, text):
    assert rate_text(rate) == text


# --- the speed control: widget -------------------------------------------------------------


def test_the_speed_slider_is_keyboard_operable_and_reaches_the_worker(qtbot, window):
    slider = window.findChild(QSlider, names.SPEED_SLIDER)
    label = window.findChild(object, names.SPEED_LABEL)
    assert slider is not None and label is not None and slider.toolTip()
    assert label.text() == "unlimited"
    window.activateWindow()
    slider.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slider, timeout=WAIT_MS)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert label.text() == "1 update/s"
    qtbot.waitUntil(lambda: window.latest_state().max_rate == 1.0, timeout=WAIT_MS)
    for _ in range(position_of(13.0)):
        qtbot.keyClick(slider, Qt.Key.Key_Up)
    assert label.text() == "13 updates/s"
    qtbot.waitUntil(lambda: window.latest_state().max_rate == 13.0, timeout=WAIT_MS)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # half a decade
    assert label.text() == "40 updates/s"
    qtbot.waitUntil(lambda: window.latest_state().max_rate == 40.0, timeout=WAIT_MS)
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert label.text() == "unlimited"
    qtbot.waitUntil(lambda: window.latest_state().max_rate == UNLIMITED, timeout=WAIT_MS)


def test_dragging_the_slider_does_not_flood_the_worker(qtbot):
    control = SpeedControl()
    qtbot.addWidget(control)
    sent = []
    control.rate_requested.connect(sent.append)
    control.slider.setSliderDown(True)
    for position in range(0, 80):
        control.slider.setValue(position)
    assert control.label.text() == rate_text(rate_at(79))
    assert len(sent) == 1  # the first move at once, the rest wait for the cooldown
    control.slider.setSliderDown(False)  # released: the final rate is sent at once
    assert sent[-1] == rate_at(79) and len(sent) == 2
    qtbot.waitUntil(lambda: not control._cooldown.isActive())
    assert len(sent) == 2  # nothing new to send


def test_moving_on_while_dragging_sends_the_newest_rate_after_the_cooldown(qtbot):
    control = SpeedControl()
    qtbot.addWidget(control)
    sent = []
    control.rate_requested.connect(sent.append)
    control.slider.setSliderDown(True)
    control.slider.setValue(10)
    control.slider.setValue(30)
    qtbot.waitUntil(lambda: len(sent) == 2)
    assert sent == [rate_at(10), rate_at(30)]


def test_a_report_the_worker_sent_before_the_newest_request_does_not_move_the_slider(qtbot):
    control = SpeedControl()
    qtbot.addWidget(control)
    control.slider.setValue(position_of(13.0))
    control.slider.setValue(position_of(20.0))
    qtbot.waitUntil(lambda: not control._cooldown.isActive())
    control.show_rate(UNLIMITED)  # from before either request was handled
    control.show_rate(13.0)  # the answer to the first
    assert control.rate() == 20.0 and control.slider.value() == position_of(20.0)
    control.show_rate(20.0)  # the answer to the second
    control.show_rate(5.0)  # then a change of the worker's own (a session was opened)
    assert control.rate() == 5.0 and control.slider.value() == position_of(5.0)
    assert control.label.text() == "5 updates/s"


# --- the worker keeps the speed limit --------------------------------------------------------


def simulate(pacer: RatePacer, seconds: float, late: float = 0.0, seed: int = 0):
    """Tick as a timer would, each time up to ``late`` seconds late, for ``seconds`` from the
    schedule's start; returns (updates, ticks that made updates, most updates in one tick)."""
    rng = random.Random(seed)
    end = pacer.start + seconds
    now = pacer.start
    updates = ticks = most = 0
    while now < end:
        n = pacer.due(now)
        if n:
            pacer.made(n, now)
            updates, ticks, most = updates + n, ticks + 1, max(most, n)
        now += pacer.delay(now) + rng.uniform(0, late)
    return updates, ticks, most


@pytest.mark.parametrize("rate", [1.0, 7.0, 20.0, 60.0, 200.0, 1000.0, 5000.0])
def test_a_limited_rate_is_kept_on_average_even_with_a_late_timer(rate):
    for late in (0.0, 0.004):
        updates, ticks, most = simulate(RatePacer.starting(rate, 0.0), 10.0, late)
        assert abs(updates - rate * 10) <= max(2, 0.02 * rate * 10), (late, updates)
        if rate <= SHOW_EVERY_UPDATE_RATE:
            assert most == 1 and ticks == updates  # one update a tick: each one is shown
        else:
            assert ticks <= 1.05 * 10 / 0.01  # about 100 ticks a second, not one per update


def test_a_timer_far_too_late_causes_no_burst():
    slow = RatePacer.starting(10.0, 0.0)
    slow.made(slow.due(0.0), 0.0)
    assert slow.due(3.0) == 1  # 30 updates overdue: one now, the schedule moves on
    slow.made(1, 3.0)
    assert slow.delay(3.0) == pytest.approx(0.1)
    fast = RatePacer.starting(1000.0, 0.0)
    fast.made(fast.due(0.0), 0.0)
    assert fast.due(5.0) == 1  # overdue by far more than MAX_LATE_SECONDS: skipped
    fast.made(1, 5.0)
    assert fast.due(5.0 + MAX_LATE_SECONDS / 2) in (125, 126)  # within the allowance: kept


def test_a_new_rate_during_a_run_waits_one_new_period_after_the_last_update():
    pacer = RatePacer.continuing(2.0, last_update=10.0)
    assert pacer.due(10.2) == 0 and pacer.delay(10.2) == pytest.approx(0.3)
    assert pacer.due(10.5) == 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def paced_worker(qtbot, monkeypatch):
    """A TrainingWorker in this thread whose clock the test moves; its timer never fires
    (the test calls ``_tick`` as the timer would)."""
    clock = FakeClock()
    monkeypatch.setattr(worker_loop, "time", types.SimpleNamespace(perf_counter=clock.perf_counter))
    setup, dataset = TrainingSetup.for_preset("lecture")
    worker = TrainingWorker(setup, dataset)
    bundles = []
    worker.bundle.connect(bundles.append)
    yield worker, clock, bundles
    worker._timer.stop()


def run_for(worker, clock, seconds: float, late: float = 0.0) -> None:
    """Fire the worker's timer as Qt would (up to ``late`` seconds late) for ``seconds``."""
    rng = random.Random(1)
    end = clock.now + seconds
    worker.receive(Run())
    while True:
        interval = worker._timer.interval() / 1000
        worker._timer.stop()
        if clock.now + interval > end:
            break
        clock.now += interval + rng.uniform(0, late)
        worker._tick()


def records_sent(bundles) -> int:
    return sum(1 for bundle in bundles for m in bundle if isinstance(m, RecordReady))


@pytest.mark.parametrize("rate", [20.0, 200.0, 3000.0])
def test_the_worker_makes_the_limited_number_of_updates(paced_worker, rate):
    worker, clock, bundles = paced_worker
    worker.receive(SetMaxRate(rate))
    run_for(worker, clock, 2.0, late=0.002)
    steps = worker._run.steps
    assert abs(steps - 2 * rate) <= max(2, 0.03 * 2 * rate), steps
    if rate <= SHOW_EVERY_UPDATE_RATE:
        assert records_sent(bundles) == steps  # every update reaches the window
    else:
        assert records_sent(bundles) <= 2 / worker_loop.DISPLAY_INTERVAL + 2


def test_the_first_update_of_a_limited_run_comes_at_once(paced_worker):
    worker, clock, _ = paced_worker
    worker.receive(SetMaxRate(1.0))
    worker.receive(Run())
    assert worker._timer.interval() == 0
    worker._timer.stop()
    worker._tick()
    assert worker._run.steps == 1
    assert worker._timer.interval() == 1000
    assert math.isclose(worker._pacer.next_due(), clock.now + 1.0)
