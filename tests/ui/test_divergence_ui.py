"""Divergence in the window: caught when it runs away, shown truthfully, and then forgotten."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import ParameterEdit, Status, StepMany

from .conftest import WAIT_MS, network_of


def _wait_status(qtbot, window, status: Status) -> None:
    qtbot.waitUntil(lambda: window.latest_state().status is status, timeout=WAIT_MS)


def _nan_window(make_window):
    setup = TrainingSetup((1, 8, 1), ("relu", "linear"), seed=0, learning_rate=50.0)
    x = np.linspace(-3, 3, 20)
    return make_window(setup, Dataset(x, x**3))


def test_a_run_that_diverges_shows_its_last_finite_update(qtbot, make_window):
    window = _nan_window(make_window)
    window.controls.run_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    steps = window.latest_state().steps
    assert steps >= 1
    qtbot.waitUntil(lambda: window.displayed_record() is not None, timeout=WAIT_MS)
    shown = window.displayed_record()
    assert shown.step == steps  # the last update made, not "no update yet"
    assert np.all(np.isfinite(shown.parameters_after))
    # NaN at update steps + 1, or the weights' runaway noticed first (chunk boundaries decide)
    banner = window.banner.text()
    ran_away = f"stopped at update {steps:,} (diverged)"
    assert f"Update {steps + 1} made" in banner or ran_away in banner
    assert "γ = 50" in banner


def test_step_phase_walks_through_the_update_that_diverged(qtbot, make_window):
    # targets so large that the very first loss overflows: update 1 diverges
    setup = TrainingSetup((1, 2, 1), ("tanh", "linear"), seed=0, learning_rate=0.1)
    window = make_window(setup, Dataset(np.array([[1.0], [2.0]]), np.array([[1e200], [3.0]])))
    window.controls.step_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    assert window.latest_state().steps == 0
    previews = []
    window.worker.preview_ready.connect(previews.append)
    network_of(window).step_phase_action.trigger()
    qtbot.waitUntil(lambda: bool(previews), timeout=WAIT_MS)
    diverged = previews[0].record
    assert diverged.step == 1
    assert not np.isfinite(diverged.loss_before)
    assert window.latest_state().steps == 0  # nothing was applied


def test_a_huge_learning_rate_on_xor_pauses_with_advice(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup.replace(learning_rate=1e6), data)
    window.controls.run_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    assert "γ = 1e+06" in window.banner.text()
    assert window.banner.kind == "error"
    steps = window.latest_state().steps
    qtbot.waitUntil(
        lambda: window.displayed_record() is not None and window.displayed_record().step == steps,
        timeout=WAIT_MS,
    )
    assert steps < 5000  # paused soon, not after a long useless run


def test_raising_the_learning_rate_mid_run_is_at_least_warned(qtbot, make_window):
    window = make_window()  # the lecture net
    window.worker.send(StepMany(6000))
    qtbot.waitUntil(lambda: window.latest_state().steps == 6000, timeout=WAIT_MS)
    _wait_status(qtbot, window, Status.PAUSED)
    window.controls.learning_rate_spin.setValue(2.0)
    qtbot.waitUntil(lambda: window.latest_state().setup.learning_rate == 2.0, timeout=WAIT_MS)
    window.worker.send(StepMany(6000))
    qtbot.waitUntil(lambda: window.banner.kind in ("warning", "error"), timeout=WAIT_MS)
    assert "γ = 2" in window.banner.text()


def _diverge(qtbot, window) -> None:
    window.controls.run_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    assert window.banner.text()


def test_a_divergence_message_clears_on_reset(qtbot, make_window):
    window = _nan_window(make_window)
    _diverge(qtbot, window)
    window.controls.reset_action.trigger()
    qtbot.waitUntil(lambda: window.banner.text() == "", timeout=WAIT_MS)


def test_a_divergence_message_clears_on_an_edit(qtbot, make_window):
    window = _nan_window(make_window)
    _diverge(qtbot, window)
    window.worker.send(ParameterEdit("w", 0, 0, 0, 0.25))
    qtbot.waitUntil(lambda: window.banner.text() == "", timeout=WAIT_MS)


def test_a_divergence_message_clears_on_a_new_preset(qtbot, make_window, monkeypatch):
    window = _nan_window(make_window)
    _diverge(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.load_preset("xor")
    qtbot.waitUntil(lambda: window.banner.text() == "", timeout=WAIT_MS)


def test_a_run_the_l2_term_makes_diverge_says_so(qtbot, make_window):
    """γ = 0.5 suits this data; γ·λ₂ = 5 > 2 runs away, and the banner blames the L2 term,
    whichever notices first: the runaway watch or the NaN check."""
    setup = TrainingSetup((1, 4, 1), ("tanh", "linear"), seed=0, learning_rate=0.5, l2_rate=10.0)
    x = np.linspace(-1, 1, 20)
    window = make_window(setup, Dataset(x, x))
    window.controls.run_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    banner = window.banner.text()
    assert "γ·λ₂ = 0.5 × 10 = 5 > 2, so the L2 term alone overshoots" in banner
    assert "ower λ₂ or γ" in banner


def test_a_run_a_huge_l1_rate_makes_diverge_blames_the_l1_term(qtbot, make_window):
    """γ·λ₁ = 10⁶ moves every weight a million past 0 each update, whatever γ alone does."""
    setup = TrainingSetup((1, 4, 1), ("tanh", "linear"), seed=0, learning_rate=1.0, l1_rate=1e6)
    x = np.linspace(-1, 1, 20)
    window = make_window(setup, Dataset(x, x))
    window.controls.run_action.trigger()
    _wait_status(qtbot, window, Status.DIVERGED)
    assert "so the L1 term alone overshoots" in window.banner.text()


def test_the_banner_shows_a_message_as_typed_not_as_html(qtbot, make_window):
    window = make_window()
    window.banner.show_message("error", "Could not open <b>x</b> &lt; y.csv.")
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText
    assert window.banner.text() == "Could not open <b>x</b> &lt; y.csv."
