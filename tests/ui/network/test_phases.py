"""Step phase walks through one update and commits exactly what Step would have made."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.network.phases import Knowledge, WalkState, phases_for
from mlpgui.ui.selection import Selection
from mlpgui.worker import Status

from ..conftest import WAIT_MS, network_of


class Previews(QObject):
    """Collects preview records in the GUI thread."""

    arrived = Signal()

    def __init__(self, window) -> None:
        super().__init__()
        self.records = []
        window.worker.preview_ready.connect(self.add)

    @Slot(object)
    def add(self, message) -> None:
        self.records.append(message.record)


def phase_action(window) -> QAction:
    action = window.findChild(QAction, names.STEP_PHASE_ACTION)
    assert action is not None
    return action


def press(qtbot, window) -> None:
    """Press Step phase and wait until the next phase shows."""
    walk = network_of(window).walk
    before = (walk.state, walk.phase)
    phase_action(window).trigger()
    qtbot.waitUntil(
        lambda: walk.state is not WalkState.WAITING and (walk.state, walk.phase) != before,
        timeout=WAIT_MS,
    )


def test_the_phases_of_an_update_follow_the_lecture():
    kinds = [(p.kind, p.layer) for p in phases_for(3)]
    assert kinds == [
        ("forward", 1), ("forward", 2), ("forward", 3), ("loss", None),
        ("delta", 3), ("delta", 2), ("delta", 1), ("gradients", None), ("update", None),
    ]  # fmt: skip
    know = phases_for(3)[5].knowledge  # δ^(2)
    assert know.knows_activation(3) and know.loss
    assert know.knows_delta(3) and know.knows_delta(2) and not know.knows_delta(1)
    assert not know.gradients and not know.update
    assert Knowledge.nothing(3).forward == -1


def test_phase_stepping_commits_the_same_update_as_step_bit_for_bit(qtbot, window):
    previews = Previews(window)
    network = network_of(window)
    window.select(Selection("w", 1, 0, 1))
    press(qtbot, window)  # asks for the preview, shows phase 1
    assert network.walk.state is WalkState.WALKING and network.walk.phase.index == 0
    assert window.latest_state().steps == 0  # nothing applied
    preview = network.walk.record
    text = network.inspector.plain_text()
    assert "not computed yet" in text  # a, δ, gradient and update of W^(2) are not known yet
    count = len(phases_for(3))
    for k in range(1, count - 1):
        press(qtbot, window)
        assert network.walk.phase.index == k
        assert window.latest_state().steps == 0
    assert "not computed yet" in network.inspector.plain_text()  # Δw only
    phase_action(window).trigger()  # the last phase commits
    qtbot.waitUntil(lambda: network.walk.state is WalkState.DONE, timeout=WAIT_MS)
    committed = window.latest_record()
    assert committed.step == 1 and len(previews.records) == 1
    assert committed == preview  # UpdateRecord equality is bitwise
    snapshot = window.latest_snapshot()
    net = snapshot.setup.network()
    expected = snapshot.setup.trainer(net, snapshot.dataset).step()
    assert np.array_equal(committed.parameters_after, expected.parameters_after)
    assert "not computed yet" not in network.inspector.plain_text()
    # the next press starts the next update's walk-through
    press(qtbot, window)
    qtbot.waitUntil(lambda: network.walk.state is WalkState.WALKING, timeout=WAIT_MS)
    assert network.walk.record.step == 2


def test_the_diagram_reveals_only_what_is_known(qtbot, mazur_window):
    window = mazur_window
    network = network_of(window)
    press(qtbot, window)  # forward pass, layer 1
    content_fills = network.scene.units.codes
    assert all(c >= 0 for c in content_fills[1]) and all(c < 0 for c in content_fills[2])
    assert network.stage.phase_label.isVisible()
    assert "Phase 1 of 7" in network.stage.phase_label.text()
    state = network.stage.state_label
    assert state.text().startswith(
        "Update 1, phase 1 of 7 (not applied yet) · edges: w before update 1 · "
        "units: forward pass at θ before update 1 (so far)"
    )
    assert "L(θ" not in network.scene.text.loss.text()  # the loss is not known yet
    for _ in range(5):
        press(qtbot, window)  # ... gradients
    assert network.walk.phase.kind == "gradients"
    assert "∂L/∂w" in network.stage.legend.toolTip()
    assert "edges: ∂L/∂w of update 1" in state.text()
    assert network.scene.text.loss.text() == "L(θ before update 1) = 0.298371"
    press(qtbot, window)  # the update: applied
    qtbot.waitUntil(lambda: network.walk.state is WalkState.DONE, timeout=WAIT_MS)
    assert state.text().startswith("Update 1 applied · edges: Δw of update 1 · ")
    assert "L(θ after update 1) = 0.291028" in network.scene.text.loss.text()


def test_any_other_action_cancels_the_walk_through(qtbot, window):
    network = network_of(window)
    press(qtbot, window)
    press(qtbot, window)
    window.controls.step_action.trigger()  # an ordinary Step
    assert network.walk.state is WalkState.IDLE
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)
    assert window.latest_record().step == 1
    assert not network.stage.phase_label.isVisible()
    press(qtbot, window)
    window.controls.learning_rate_spin.setValue(0.25)  # the preview would now be stale
    qtbot.waitUntil(lambda: network.walk.state is WalkState.IDLE, timeout=WAIT_MS)
    press(qtbot, window)
    window.controls.reset_action.trigger()
    assert network.walk.state is WalkState.IDLE
    qtbot.waitUntil(lambda: window.latest_state().steps == 0, timeout=WAIT_MS)


def test_step_phase_while_running_pauses_and_previews_the_next_update(qtbot, window):
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps > 50, timeout=WAIT_MS)
    phase_action(window).trigger()
    network = network_of(window)
    qtbot.waitUntil(lambda: network.walk.state is WalkState.WALKING, timeout=WAIT_MS)
    assert window.latest_state().status is Status.PAUSED
    qtbot.waitUntil(lambda: window.latest_record().step == window.latest_state().steps)
    assert network.walk.record.step == window.latest_state().steps + 1


def test_a_failing_preview_ends_the_walk_with_a_message(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("lecture")
    window = make_window(setup.replace(loss="cross_entropy"), data)  # linear output: refused
    phase_action(window).trigger()
    qtbot.waitUntil(lambda: "sigmoid output" in window.banner.text(), timeout=WAIT_MS)
    assert network_of(window).walk.state is WalkState.IDLE
