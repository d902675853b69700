"""Undo after showing another run (Runs ▸ Show): the undo steps belong to the run they were
made on, so Ctrl+Z in the diagram or in the dataset editor must not apply them to the run now
shown (H15, item 1)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelChange

from .conftest import WAIT_MS, network_of
from .network.conftest import click as click_diagram
from .test_runs import answered, button, open_runs_dock, runs_of, select_run, train, wait_runs


def keep_and_restart(qtbot, window) -> None:
    """Runs ▸ Keep run and start again (the button in the Runs dock)."""
    open_runs_dock(qtbot, window)
    qtbot.mouseClick(button(window, names.KEEP_RUN_BUTTON), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_state().steps == 0, timeout=WAIT_MS)
    wait_runs(qtbot, window, 2)


def show_run(qtbot, window, run_id: int) -> None:
    """Select run ``run_id`` in the Runs dock and press Show; wait for the SWITCHED model."""
    select_run(qtbot, window, run_id)
    qtbot.mouseClick(button(window, names.SHOW_RUN_BUTTON), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.latest_snapshot().reason is ModelChange.SWITCHED, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: runs_of(window).runs[0].active, timeout=WAIT_MS)


def press_ctrl_z(qtbot, window, widget) -> None:
    """Ctrl+Z with the keyboard focus in ``widget`` (its undo stack becomes the active one)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_z_in_the_diagram_does_not_apply_another_runs_edit(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 5)
    keep_and_restart(qtbot, window)
    network = network_of(window)
    selection = Selection("w", 1, 0, 1)
    click_diagram(qtbot, window, selection, double=True)  # an edit of the new run
    editor = window.findChild(QLineEdit, names.PARAMETER_EDITOR)
    editor.selectAll()
    qtbot.keyClicks(editor, "2.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: network.current_value(selection) == 2.5, timeout=WAIT_MS)

    show_run(qtbot, window, 1)  # the first run is run 1
    shown = network.current_value(selection)
    assert shown != 2.5
    press_ctrl_z(qtbot, window, network.view)
    answered(qtbot, window)
    assert network.current_value(selection) == shown  # the run shown is as it was
    assert not window.findChild(QAction, names.UNDO_ACTION).isEnabled()


def test_ctrl_z_in_the_dataset_editor_does_not_send_data_to_another_run(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    dock = window.findChild(QDockWidget, names.DATASET_DOCK)
    dock.raise_()
    qtbot.waitUntil(lambda: editor.data is not None and editor.isEnabled(), timeout=WAIT_MS)
    editor.ops.add_point(0.0, 0.0)  # an edit while run 1 is shown
    qtbot.waitUntil(lambda: editor.sync.in_flight == 0, timeout=WAIT_MS)
    edited = window.latest_snapshot().dataset
    train(qtbot, window, 5)
    keep_and_restart(qtbot, window)  # run 2 starts on the same (edited) data
    train(qtbot, window, 3)
    show_run(qtbot, window, 1)
    assert window.latest_snapshot().dataset is edited

    qtbot.waitUntil(dock.isVisible, timeout=WAIT_MS)
    press_ctrl_z(qtbot, window, editor.table)
    answered(qtbot, window)
    assert window.latest_snapshot().dataset is edited  # nothing was sent to the run shown
    assert editor.dataset is edited
    assert editor.stack.count() == 0
