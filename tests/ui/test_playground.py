"""The Playground options in the window: all off by default (hidden, the window as before);
Ctrl+Shift+O opens them with the focus in λ₂; typed values become SetRegularisation /
SetMomentum (Enter returns to the diagram); input features rebuild the input layer, asking
first when updates would be discarded; the controls show the worker's state without echoing
it, and go back when the worker refuses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QMessageBox

import mlpgui.core.setup as core_setup
from mlpgui.core.features import product, sine, square
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.network.architecture import ArchitectureDialog, choose_architecture
from mlpgui.ui.playground import PlaygroundPanel, summary
from mlpgui.ui.playground_feature import PlaygroundFeature
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelChange, RequestSnapshot
from mlpgui.worker.intents import OpenSession, SaveSession, SetMomentum, SetRegularisation

from .conftest import WAIT_MS, network_of
from .plots.helpers import show_dock


@pytest.fixture
def xor_window(make_window):
    setup, data = TrainingSetup.for_preset("xor")
    return make_window(setup, data)


def playground(window) -> PlaygroundFeature:
    feature = window.feature(PlaygroundFeature)
    assert feature is not None
    return feature


def focus_diagram(qtbot, window):
    window.activateWindow()
    view = window.findChild(object, names.NETWORK_VIEW)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=WAIT_MS)
    return view


def all_answered(qtbot, window) -> None:
    """Wait until the worker has handled every intent sent so far."""
    window.worker.send(RequestSnapshot())
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.REQUEST, timeout=WAIT_MS)


def type_into(qtbot, spin, text: str) -> None:
    """Select the spin box's text and type ``text`` and Enter, as a user does."""
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=WAIT_MS)
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def step(qtbot, window, count: int = 1) -> None:
    target = window.latest_state().steps + count
    for _ in range(count):
        window.controls.step_action.trigger()
    qtbot.waitUntil(
        lambda: window.latest_record() is not None and window.latest_record().step == target,
        timeout=WAIT_MS,
    )


def test_all_off_by_default_hidden_and_in_the_training_menu(xor_window):
    pg = playground(xor_window)
    assert not pg.dock.isVisible()
    setup = xor_window.latest_state().setup
    assert (setup.l1_rate, setup.l2_rate, setup.momentum, setup.input_features) == (0, 0, 0, ())
    assert pg.panel.summary_label.text().startswith("All off")
    assert [c.text() for c in pg.panel.checks.values()] == [
        "x₁²",
        "x₂²",
        "x₁x₂",
        "sin x₁",
        "sin x₂",
    ]
    assert not any(c.isChecked() for c in pg.panel.checks.values())
    menu = xor_window.findChild(object, names.PLAYGROUND_MENU)
    assert menu.menuAction() in xor_window.menus["training"].actions()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "Playground options…" and texts[-1] == "Switch all off"
    assert "Input feature x₁x₂" in texts


def test_the_keyboard_opens_the_options_and_typed_rates_reach_the_worker(qtbot, xor_window):
    window = xor_window
    pg = playground(window)
    view = focus_diagram(qtbot, window)
    qtbot.keyClick(
        view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: pg.dock.isVisible() and pg.panel.l2_spin.hasFocus(), timeout=WAIT_MS)
    spin = QApplication.focusWidget()
    spin.selectAll()
    qtbot.keyClicks(spin, "0.01")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.latest_state().setup.l2_rate == 0.01, timeout=WAIT_MS)
    assert QApplication.focusWidget() is view  # Enter took the number and left the field
    type_into(qtbot, pg.panel.momentum_spin, "0.9")
    qtbot.waitUntil(lambda: window.latest_state().setup.momentum == 0.9, timeout=WAIT_MS)
    assert pg.panel.l2_spin.text() == "0.01" and pg.panel.momentum_spin.text() == "0.9"
    assert pg.panel.summary_label.text() == "On: λ₂ = 0.01; μ = 0.9."
    step(qtbot, window, 2)
    record = window.latest_record()
    assert (record.l2_rate, record.momentum) == (0.01, 0.9)
    window.select(Selection("w", 1, 0, 1))
    text = network_of(window).inspector.plain_text()
    assert "v_new = μ · v_old − γ · ∂L/∂w_12^(2) = 0.9 × " in text
    assert "λ₂ · w_old" in text and "λ₂ = 0.01 · μ = 0.9" in text


def test_momentum_up_to_just_below_one_and_one_refused_with_one_sentence(qtbot, xor_window):
    # The README and the tooltip say 0 ≤ μ < 1; the spin box took no more than 0.999.
    window = xor_window
    spin = playground(window).panel.momentum_spin
    playground(window).show_panel()
    type_into(qtbot, spin, "0.999999")
    qtbot.waitUntil(lambda: window.latest_state().setup.momentum == 0.999999, timeout=WAIT_MS)
    assert spin.text() == "0.999999"
    type_into(qtbot, spin, "1")
    assert window.banner.text() == "Type a number from 0 to 0.999999."
    all_answered(qtbot, window)
    assert window.latest_state().setup.momentum == 0.999999  # unchanged
    step(qtbot, window, 3)
    assert window.latest_record().momentum == 0.999999


def test_the_controls_show_the_workers_state_without_echoing_it(qtbot, xor_window):
    window = xor_window
    pg = playground(window)
    echoed: list[object] = []
    pg.panel.regularisation_requested.connect(lambda *a: echoed.append(a))
    pg.panel.momentum_requested.connect(echoed.append)
    pg.panel.features_requested.connect(echoed.append)
    window.worker.send(SetRegularisation(0.002, 0.03))
    window.worker.send(SetMomentum(0.5))
    qtbot.waitUntil(lambda: window.latest_state().setup.momentum == 0.5, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: pg.panel.momentum_spin.value() == 0.5, timeout=WAIT_MS)
    assert (pg.panel.l1_spin.text(), pg.panel.l2_spin.text()) == ("0.002", "0.03")
    window.load_setup(window.latest_state().setup.replace(input_features=(sine(1),)))
    qtbot.waitUntil(lambda: pg.panel.checks[sine(1)].isChecked(), timeout=WAIT_MS)
    assert pg.feature_actions[sine(1)].isChecked()
    assert echoed == []


def test_an_input_feature_is_a_new_input_layer_with_its_label(qtbot, xor_window):
    window = xor_window
    pg = playground(window)
    pg.show_panel()
    check = window.findChild(QCheckBox, names.input_feature_name("x1*x2"))
    qtbot.waitUntil(lambda: check.isVisible() and check.height() > 10, timeout=WAIT_MS)
    box = QPoint(8, check.height() // 2)  # on the box (the check box is wider than its text)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box)  # no updates: nothing to ask
    assert check.isChecked()
    qtbot.waitUntil(lambda: window.latest_state().setup.layer_sizes[0] == 3, timeout=WAIT_MS)
    setup = window.latest_state().setup
    assert setup.input_features == (product(0, 1),) and setup.raw_input_dim == 2
    scene = network_of(window).scene
    qtbot.waitUntil(lambda: len(scene.text.inputs) == 3, timeout=WAIT_MS)
    assert [item.text() for item in scene.text.inputs] == ["x₁", "x₂", "x₁x₂"]
    output = window.feature(PlotsFeature).output
    qtbot.waitUntil(lambda: output.mode == "map", timeout=WAIT_MS)  # over the raw (x₁, x₂)
    assert output.note.text() == ""
    step(qtbot, window)
    window.select(Selection("unit", 0, 2))
    assert network_of(window).inspector.plain_text().startswith("Input x₁x₂ = a_3^(0)")
    assert pg.panel.summary_label.text() == "On: inputs x₁, x₂, x₁x₂."


def test_changing_features_after_updates_asks_first(qtbot, xor_window, monkeypatch):
    window = xor_window
    pg = playground(window)
    step(qtbot, window, 3)
    questions: list[str] = []

    def answer(button):
        def ask(parent, title, text, *args):
            questions.append(text)
            return button

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    pg.feature_actions[square(0)].trigger()
    assert questions and "3 updates made so far will be discarded" in questions[0]
    assert "x₁, x₂, x₁²" in questions[0]
    assert not pg.feature_actions[square(0)].isChecked()
    assert not pg.panel.checks[square(0)].isChecked()
    all_answered(qtbot, window)
    assert window.latest_state().steps == 3 and window.latest_state().setup.input_features == ()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    pg.panel.checks[square(0)].click()
    qtbot.waitUntil(
        lambda: window.latest_state().setup.input_features == (square(0),), timeout=WAIT_MS
    )
    assert window.latest_state().steps == 0


def test_a_refusal_shows_one_sentence_and_the_field_shows_the_workers_value(
    qtbot, xor_window, monkeypatch
):
    window = xor_window
    pg = playground(window)
    monkeypatch.setattr(core_setup, "MAX_TRAINING_BYTES", 1)  # no room for the additions
    pg.show_panel()
    type_into(qtbot, pg.panel.momentum_spin, "0.5")
    qtbot.waitUntil(lambda: "would need about" in window.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: pg.panel.momentum_spin.value() == 0.0, timeout=WAIT_MS)
    assert window.latest_state().setup.momentum == 0.0


def test_switch_all_off_returns_to_the_lectures_rule(qtbot, xor_window, monkeypatch):
    window = xor_window
    pg = playground(window)
    window.load_setup(
        window.latest_state().setup.replace(l1_rate=0.1, momentum=0.3, input_features=(square(1),))
    )
    qtbot.waitUntil(lambda: window.latest_state().setup.momentum == 0.3, timeout=WAIT_MS)
    step(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window.findChild(object, names.PLAYGROUND_OFF_ACTION).trigger()
    qtbot.waitUntil(lambda: not window.latest_state().setup.uses_additions, timeout=WAIT_MS)
    assert window.latest_state().setup.layer_sizes[0] == 2
    qtbot.waitUntil(lambda: pg.panel.summary_label.text().startswith("All off"), timeout=WAIT_MS)
    network = network_of(window)
    assert [item.text() for item in network.scene.text.inputs] == ["x₁", "x₂"]


def test_the_architecture_editor_keeps_the_input_features(qtbot, xor_window, monkeypatch):
    window = xor_window
    window.load_setup(window.latest_state().setup.replace(input_features=(square(0), sine(1))))
    qtbot.waitUntil(lambda: window.latest_state().setup.layer_sizes[0] == 4, timeout=WAIT_MS)
    monkeypatch.setattr(ArchitectureDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    chosen = choose_architecture(window, window.latest_state(), window.latest_snapshot())
    assert chosen is not None
    assert chosen.layer_sizes[0] == 4 and chosen.input_features == (square(0), sine(1))


def test_the_loss_surface_is_the_regularised_loss_and_says_so(qtbot, xor_window):
    window = xor_window
    surface = window.feature(PlotsFeature).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    window.worker.send(SetRegularisation(0.0, 0.05))
    step(qtbot, window, 3)
    qtbot.waitUntil(lambda: surface.shown_steps == 3, timeout=WAIT_MS)
    assert surface.result.regularised
    assert surface.result.current_loss == window.latest_state().loss  # L_data + L_reg
    assert "L (MSE + L_reg, the loss minimised) over the training set" in surface.note.text()


def test_features_are_offered_for_at_most_three_raw_inputs(qapp):
    panel = PlaygroundPanel()
    wide = TrainingSetup((4, 2, 1), ("tanh", "linear"))
    panel.show_setup(wide)
    assert panel.checks == {}
    assert panel.features_note.text() == (
        "Input features are offered for data of at most 3 input columns; these data have 4."
    )
    one = TrainingSetup((3, 2, 1), ("tanh", "linear"), input_features=(square(0), sine(0)))
    panel.show_setup(one)
    assert [c.text() for c in panel.checks.values()] == ["x²", "sin x"]
    assert all(c.isChecked() for c in panel.checks.values())
    assert panel.summary_label.text() == "On: inputs x, x², sin x."
    assert summary(wide) == "All off: plain gradient descent on the raw inputs, as in the lecture."


def test_a_saved_session_brings_the_options_back(qtbot, xor_window, tmp_path):
    window = xor_window
    pg = playground(window)
    window.load_setup(
        window.latest_state().setup.replace(l2_rate=0.02, momentum=0.4, input_features=(sine(0),))
    )
    qtbot.waitUntil(lambda: window.latest_state().setup.momentum == 0.4, timeout=WAIT_MS)
    step(qtbot, window, 2)
    path = str(tmp_path / "playground.mlpgui")
    window.worker.send(SaveSession(path))
    window.worker.send(SetRegularisation(0.0, 0.0))
    window.worker.send(SetMomentum(0.0))
    qtbot.waitUntil(lambda: pg.panel.momentum_spin.value() == 0.0, timeout=WAIT_MS)
    window.worker.send(OpenSession(path))
    qtbot.waitUntil(lambda: pg.panel.momentum_spin.value() == 0.4, timeout=WAIT_MS)
    assert pg.panel.l2_spin.value() == 0.02 and pg.panel.checks[sine(0)].isChecked()
    assert window.latest_state().steps == 2
