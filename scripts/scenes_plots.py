"""Screenshot scenes of the live plots (issue #6): the real window, trained through the worker.

Each scene opens a window with default settings (not the user's saved layout), trains it, and
lays the plot docks out side by side (none behind a tab), with the plots given most of the
window's height.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from screenshot_tools import open_window, pause_for, save, settle, steps

from mlpgui.app import MainWindow
from mlpgui.ui import names
from mlpgui.ui.plots.feature import PlotsFeature
from mlpgui.ui.selection import Selection


def open_plots_window(preset: str, **changes: object) -> tuple[MainWindow, PlotsFeature]:
    """A window on ``preset`` (its suggested setup with ``changes``), default layout."""
    window = open_window(preset, **changes)
    plots = window.findChild(PlotsFeature, names.PLOTS_FEATURE)
    return window, plots


def arrange(
    window: MainWindow, shown: list[str], widths: list[int], height: int, keep: tuple[str, ...] = ()
) -> None:
    """Put the docks ``shown`` side by side at the bottom (``widths`` in pixels, ``height``
    tall); close every other dock except ``keep``."""
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    for name, dock in docks.items():
        if name not in shown and name not in keep:
            dock.hide()
    chosen = [docks[n] for n in shown]
    for dock in chosen:
        window.removeDockWidget(dock)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, chosen[0])
    for a, b in itertools.pairwise(chosen):
        window.splitDockWidget(a, b, Qt.Orientation.Horizontal)
    for dock in chosen:
        dock.show()
    pause_for(0.2)
    window.resizeDocks(chosen, widths, Qt.Orientation.Horizontal)
    window.resizeDocks([chosen[0]], [height], Qt.Orientation.Vertical)
    pause_for(0.3)


def scene_xor() -> Path:
    """XOR learned by the 2-2-1 sigmoid network: decision boundary and hidden-unit maps."""
    window, plots = open_plots_window("xor", seed=1)
    arrange(
        window, [names.LOSS_DOCK, names.OUTPUT_DOCK, names.HIDDEN_UNITS_DOCK],
        [380, 520, 460], 470,
    )  # fmt: skip
    steps(window, 3000)
    settle(lambda: plots.output.shown_steps == 3000 and plots.hidden_units.shown_steps == 3000)
    return save(window, "plots-xor")


def scene_lecture_fit() -> Path:
    """The lecture's 1-2-2-1 network fitting the lecture's data, with every unit's curve."""
    window, plots = open_plots_window("lecture")
    arrange(
        window, [names.LOSS_DOCK, names.OUTPUT_DOCK, names.HIDDEN_UNITS_DOCK],
        [360, 560, 440], 470,
    )  # fmt: skip
    window.main_menus.log_scale_action.setChecked(True)
    steps(window, 4000)
    settle(lambda: plots.output.shown_steps == 4000 and plots.hidden_units.shown_steps == 4000)
    return save(window, "plots-lecture-fit")


def scene_loss_surface() -> Path:
    """The loss over two weights of the lecture network with the path gradient descent took,
    beside every weight's trajectory and the gradient norms."""
    window, plots = open_plots_window("lecture")
    arrange(window, [names.TRAJECTORIES_DOCK, names.LOSS_SURFACE_DOCK], [560, 800], 520)
    layout = plots.surface.layout_
    assert layout is not None
    window.select(Selection("w", 0, 1, 0))  # w_21^(1) ...
    window.select(Selection("w", 0, 0, 0))  # ... then w_11^(1): horizontal w_11, vertical w_21
    steps(window, 2500)
    settle(lambda: plots.surface.shown_steps == 2500)
    return save(window, "plots-loss-surface")


SCENES: dict[str, Callable[[], Path]] = {
    "plots-xor": scene_xor,
    "plots-lecture-fit": scene_lecture_fit,
    "plots-loss-surface": scene_loss_surface,
}
