"""Screenshot scenes of the dataset editor (issue #5): drawn with real mouse events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from screenshot_tools import open_window, pause_for, save, settle, steps

from mlpgui.app import MainWindow
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor

DOCK_WIDTH = 520


def open_editor_window(
    preset: str, setup: TrainingSetup | None = None
) -> tuple[MainWindow, DatasetEditor]:
    """A window on ``preset`` in the default layout, the dataset editor's tab in front and
    made wide."""
    window = open_window(preset, setup)
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    settle(lambda: editor.data is not None)
    dock = window.findChild(type(window.loss_dock), names.DATASET_DOCK)
    dock.raise_()  # its tab, in front of the inspector
    window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
    pause_for(0.3)
    return window, editor


def _press(editor: DatasetEditor, x: float, y: float) -> tuple[QWidget, QPoint]:
    """Move the mouse over data point (x, y) of the plot."""
    viewport = editor.plot.viewport()
    point = editor.plot.to_widget(x, y)
    QTest.mouseMove(viewport, point)
    pause_for(0.012)
    return viewport, point


def click(editor: DatasetEditor, x: float, y: float, shift: bool = False) -> None:
    """A left click on the plot at data coordinates (x, y), as a user would make it."""
    modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    viewport, point = _press(editor, x, y)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, modifiers, point)


def drag(editor: DatasetEditor, start: tuple[float, float], end: tuple[float, float]) -> None:
    viewport, a = _press(editor, *start)
    b = editor.plot.to_widget(*end)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, none, a)
    for k in range(1, 7):
        pause_for(0.015)
        QTest.mouseMove(viewport, a + (b - a) * (k / 6))
    pause_for(0.015)
    QTest.mouseRelease(viewport, left, none, b)


def scene_drawn_classes() -> Path:
    """A two-class dataset drawn by hand (an orange island in a blue C) and the decision
    regions a 2-8-1 network found for it."""
    setup = TrainingSetup((2, 8, 1), ("tanh", "sigmoid"), seed=3, learning_rate=0.5,
                          loss="cross_entropy", batch="full")  # fmt: skip
    window, editor = open_editor_window("blobs", setup)
    editor.ops.clear()
    editor.plot.set_ranges((-2.0, 2.0), (-2.0, 2.0))
    pause_for(0.2)
    rng = np.random.default_rng(5)
    for angle in np.linspace(0.35 * np.pi, 1.75 * np.pi, 22):  # a blue "C"
        r = 1.35 + 0.12 * rng.standard_normal()
        click(editor, r * np.cos(angle), r * np.sin(angle))
    grid = [(x, y) for x in (-0.45, -0.05, 0.35, 0.75) for y in (-0.5, -0.1, 0.3, 0.7)]
    for x, y in grid[1:-1]:  # an orange island inside it (Shift+click: the other class)
        dx, dy = 0.1 * rng.standard_normal(2)
        click(editor, x + dx, y + dy, shift=True)
    for x, y in [(1.45, 0.55), (1.6, 0.05), (1.35, -0.35)]:  # and a few in the C's mouth
        click(editor, x, y, shift=True)
    settle(lambda: len(editor.dataset) == 22 + 14 + 3)
    steps(window, 3000)
    editor.select_rows([30])
    return save(window, "dataset-drawn-classes")


def scene_regression_edit() -> Path:
    """The sine preset with its crest dragged down to half height, a point clicked in, a
    fifth of the points held out for testing (hollow), and the network's curve y(x) after
    training on the edited data; the point added last is selected in the plot and the table."""
    window, editor = open_editor_window("sine")
    editor.split.spin.setValue(20)
    data = editor.dataset
    rows = np.flatnonzero((data.inputs[:, 0] > 0.5) & (data.inputs[:, 0] < 2.7))
    for row in rows[np.argsort(data.targets[rows, 0])]:  # lowest first: none lands on the next
        x, t = float(data.inputs[row, 0]), float(data.targets[row, 0])
        drag(editor, (x, t), (x, 0.45 * t))
    click(editor, 1.55, 0.62)
    settle(lambda: editor.sync.in_flight == 0)
    steps(window, 20000)
    pause_for(0.3)
    return save(window, "dataset-regression-edit")


SCENES: dict[str, Callable[[], Path]] = {
    "dataset-drawn-classes": scene_drawn_classes,
    "dataset-regression-edit": scene_regression_edit,
}
