"""Fixtures and helpers for the dataset editor's tests (a real window, offscreen)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget

from mlpgui.app import MainWindow
from mlpgui.core import Dataset
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor, dialogs
from mlpgui.worker import ModelChange, RequestSnapshot

from ..conftest import WAIT_MS

DRAG_STEP_MS = 20  # pyqtgraph drops mouse moves closer together than 10 ms


def editor_of(window: MainWindow) -> DatasetEditor:
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    assert editor is not None
    return editor


def settled(editor: DatasetEditor) -> bool:
    """The worker has confirmed every edit sent so far."""
    return editor.sync.in_flight == 0


def worker_dataset(qtbot, window: MainWindow) -> tuple[Dataset, Dataset | None]:
    """Ask the worker for its training and test sets (after every earlier intent)."""
    before = window.latest_snapshot()
    window.worker.send(RequestSnapshot())
    qtbot.waitUntil(
        lambda: (
            window.latest_snapshot() is not before
            and window.latest_snapshot().reason is ModelChange.REQUEST
        ),
        timeout=WAIT_MS,
    )
    snapshot = window.latest_snapshot()
    return snapshot.dataset, snapshot.test_dataset


def imported(qtbot, editor: DatasetEditor, path) -> bool:
    """Import ``path`` as the Import action does (read in the background), wait until it has
    been read; True if the data were replaced by the file's."""
    before = editor.data
    if editor.ops.import_csv(str(path)):
        qtbot.waitUntil(lambda: not editor.importer.busy, timeout=WAIT_MS)
    return editor.data is not before


def plot_point(editor: DatasetEditor, x: float, y: float) -> QPoint:
    return editor.plot.to_widget(x, y)


def click(
    qtbot,
    editor: DatasetEditor,
    x: float,
    y: float,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Click the plot at data coordinates (x, y)."""
    viewport = editor.plot.viewport()
    position = plot_point(editor, x, y)
    qtbot.mouseMove(viewport, position)
    qtbot.wait(DRAG_STEP_MS)
    qtbot.mousePress(viewport, button, modifiers, position)
    qtbot.mouseRelease(viewport, button, modifiers, position)


def drag(
    qtbot, editor: DatasetEditor, start: tuple[float, float], end: tuple[float, float], steps=4
) -> None:
    """Press on the plot at data point ``start``, move to ``end`` in steps, release there."""
    viewport = editor.plot.viewport()
    a, b = plot_point(editor, *start), plot_point(editor, *end)
    left = Qt.MouseButton.LeftButton
    qtbot.mouseMove(viewport, a)
    qtbot.wait(DRAG_STEP_MS)
    qtbot.mousePress(viewport, left, Qt.KeyboardModifier.NoModifier, a)
    for k in range(1, steps + 1):
        qtbot.wait(DRAG_STEP_MS)
        p = a + (b - a) * (k / steps)
        qtbot.mouseMove(viewport, p)
    qtbot.wait(DRAG_STEP_MS)
    qtbot.mouseRelease(viewport, left, Qt.KeyboardModifier.NoModifier, b)


class Answers(list):
    """Answers the editor's yes/no questions will get, in order (then: yes); ``asked`` holds
    the questions asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def __call__(self, parent, title: str, text: str, action: str) -> bool:
        self.asked.append(text)
        return self.pop(0) if self else True


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """Replace the editor's question dialog by prepared answers."""
    answers = Answers()
    monkeypatch.setattr(dialogs, "confirm", answers)
    return answers


@pytest.fixture
def open_editor(qtbot, make_window) -> Callable[..., tuple[MainWindow, DatasetEditor]]:
    """A window and its dataset editor, once the editor shows the worker's data."""

    def make(*args, **kwargs) -> tuple[MainWindow, DatasetEditor]:
        window = make_window(*args, **kwargs)
        editor = editor_of(window)
        dock = window.findChild(QDockWidget, names.DATASET_DOCK)
        dock.raise_()  # the editor shares a tabbed column with the inspector
        qtbot.waitUntil(dock.isVisible, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: editor.data is not None and editor.isEnabled(), timeout=WAIT_MS)
        if editor.plot.mode != "none":
            qtbot.waitUntil(lambda: editor.output.results > 0, timeout=WAIT_MS)
        return window, editor

    return make
