"""Screenshot scenes of the network diagram and the update inspector (issue #4)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from screenshot_tools import network, open_window, pause_for, save, settle, steps

from mlpgui.app import MainWindow
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.selection import Selection
from mlpgui.worker import Status


def open_network_window(preset: str, setup: TrainingSetup | None = None) -> MainWindow:
    """A window on ``preset`` in the default layout, laid out so that the diagram gets most
    of the room."""
    window = open_window(preset, setup)
    bottom = [d for d in window.findChildren(type(network(window).dock))
              if window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]  # fmt: skip
    if bottom:
        window.resizeDocks(bottom, [200] * len(bottom), Qt.Orientation.Vertical)
    for dock in window.findChildren(type(network(window).dock)):
        if window.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea:
            dock.hide()  # the dataset editor: give the diagram the room (View menu brings it back)
    window.resizeDocks([network(window).dock], [430], Qt.Orientation.Horizontal)
    return window


def phase_steps(window: MainWindow, count: int) -> None:
    """Press Step phase ``count`` times (the first press waits for the preview)."""
    feature = network(window)
    for _ in range(count):
        feature.step_phase_action.trigger()
        settle(lambda: feature.walk.phase is not None)


def scene_mazur_phase() -> Path:
    """Mazur's example mid phase-step (gradients known, update not yet), w5 selected."""
    window = open_network_window("mazur")
    window.select(Selection("w", 1, 0, 0))  # Mazur's w5 = w_11^(2)
    phase_steps(window, 6)
    return save(window, "network-mazur-phase")


def scene_mazur_edge() -> Path:
    """Mazur's example after one update with w5 selected: the whole update of one weight;
    the diagram shows the update as computed (w5 = 0.4 gave o1 = 0.7514)."""
    window = open_network_window("mazur")
    steps(window, 1)
    window.select(Selection("w", 1, 0, 0))
    return save(window, "network-mazur-edge")


def scene_mazur_hidden_delta() -> Path:
    """Mid phase-step at δ^(1): the hidden unit h1's δ as the sum of its terms."""
    window = open_network_window("mazur")
    window.select(Selection("unit", 1, 0))
    phase_steps(window, 5)
    return save(window, "network-mazur-delta")


def scene_lecture() -> Path:
    """The lecture's 1-2-2-1 network after 300 updates, a hidden unit of sample 7 picked."""
    window = open_network_window("lecture")
    steps(window, 300)
    network(window).stage.sample_spin.setValue(7)
    window.select(Selection("unit", 2, 1))
    return save(window, "network-lecture")


def scene_deep() -> Path:
    """A 2-16-16-16-16-1 tanh network on the spiral after 200 updates, gradients on edges."""
    base, _ = TrainingSetup.for_preset("spiral")
    setup = base.replace(
        layer_sizes=(2, 16, 16, 16, 16, 1), activations=("tanh",) * 4 + ("sigmoid",)
    )
    window = open_network_window("spiral", setup)
    steps(window, 200)
    stage = network(window).stage
    stage.edge_combo.setCurrentIndex(stage.edge_combo.findData("gradient"))
    window.select(Selection("w", 2, 3, 5))
    settle(lambda: window.latest_state().status is Status.PAUSED)
    pause_for(0.2)
    return save(window, "network-deep")


def scene_xor() -> Path:
    """XOR's 2-2-1 network after 2,000 updates: a real sample (n = 1), not the batch mean;
    every edge labelled near its source, none overlapping."""
    window = open_network_window("xor")
    steps(window, 2000)
    return save(window, "network-xor")


def presenter_on(window: MainWindow) -> None:
    """Presenter mode as View ▸ Presenter mode (F5) turns it on."""
    window.presenter.set_enabled(True)


def scene_presenter_mazur() -> Path:
    """Mazur's example after one update in presenter mode at 1280×720, w5 picked."""
    window = open_network_window("mazur")
    window.resize(1280, 720)
    presenter_on(window)
    steps(window, 1)
    window.select(Selection("w", 1, 0, 0))
    return save(window, "presenter-mazur")


def scene_presenter_lecture() -> Path:
    """The lecture's 1-2-2-1 network after 300 updates in presenter mode at 1280×720."""
    window = open_network_window("lecture")
    window.resize(1280, 720)
    presenter_on(window)
    steps(window, 300)
    window.select(Selection("w", 1, 1, 0))
    return save(window, "presenter-lecture")


SCENES: dict[str, Callable[[], Path]] = {
    "network-mazur-phase": scene_mazur_phase,
    "network-mazur-edge": scene_mazur_edge,
    "network-mazur-delta": scene_mazur_hidden_delta,
    "network-lecture": scene_lecture,
    "network-deep": scene_deep,
    "network-xor": scene_xor,
    "presenter-mazur": scene_presenter_mazur,
    "presenter-lecture": scene_presenter_lecture,
}
