"""Helpers for the network diagram's tests (windows come from tests/ui/conftest.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.selection import Selection

from ..conftest import WAIT_MS, network_of


def view_of(window) -> QGraphicsView:
    view = window.findChild(QGraphicsView, names.NETWORK_VIEW)
    assert view is not None
    return view


def click(qtbot, window, selection: Selection, double: bool = False) -> None:
    """Click (or double-click) the diagram where ``selection`` is drawn."""
    view = view_of(window)
    pos = view.mapFromScene(network_of(window).scene.anchor(selection))
    assert view.viewport().rect().contains(pos), "the item is outside the visible area"
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def step_and_wait(qtbot, window, count: int = 1) -> None:
    target = window.latest_state().steps + count
    for _ in range(count):
        window.controls.step_action.trigger()
    qtbot.waitUntil(
        lambda: window.latest_record() is not None and window.latest_record().step == target,
        timeout=WAIT_MS,
    )


def choose(combo, data: str) -> None:
    """Pick an item of a combo box as a user does (the index changes, then ``activated``)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


@pytest.fixture
def mazur_window(make_window):
    setup, data = TrainingSetup.for_preset("mazur")
    return make_window(setup, data)
