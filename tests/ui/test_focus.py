"""Keyboard focus: the window's shortcuts work wherever the focus is, except while typing.

Keys are sent to whichever widget has the focus, as a user's keyboard would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from mlpgui.ui import names
from mlpgui.ui.focus import Role, role_of
from mlpgui.ui.menus import shortcut_rows
from mlpgui.worker import ModelChange, RequestSnapshot, Status

from .conftest import WAIT_MS


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on the keyboard: it goes to the widget with the focus."""
    qtbot.keyClick(focused(), key, modifier)


def give_focus(qtbot, window, widget: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)


def answered(qtbot, window) -> None:
    """Wait until the worker has handled everything sent to it so far (it answers a
    snapshot request after all of it)."""
    before = window.latest_snapshot()
    window.worker.send(RequestSnapshot())

    def answer_arrived() -> bool:
        snapshot = window.latest_snapshot()
        return snapshot is not before and snapshot.reason is ModelChange.REQUEST

    qtbot.waitUntil(answer_arrived, timeout=WAIT_MS)


def steps(window) -> int:
    return window.latest_state().steps


def diagram(window) -> QWidget:
    view = window.findChild(QWidget, names.NETWORK_VIEW)
    assert view is not None
    return view


def test_focus_starts_in_the_diagram_so_step_and_run_keys_work_at_once(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is diagram(window), timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: steps(window) == 1, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: steps(window) == 2, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)


# Widgets of every kind the focus can be in; none is being edited.
WIDGETS = [
    names.LEARNING_RATE_SPIN,  # a spin box at rest
    names.BATCH_MODE_COMBO,
    names.LOSS_COMBO,
    names.SPEED_SLIDER,
    names.HISTORY_SLIDER,
    names.LOSS_PLOT,
    names.EDGE_QUANTITY_COMBO,  # above the diagram
    names.EDGE_VALUES_CHECK,  # a check box: Space runs, it does not tick
    names.INSPECTOR_DIGITS_SPIN,  # a spin box in a dock
]


@pytest.mark.parametrize("name", WIDGETS)
def test_step_run_and_reset_keys_work_whatever_widget_has_the_focus(qtbot, window, name):
    window.controls.step_action.trigger()  # (the history slider needs a history)
    qtbot.waitUntil(lambda: steps(window) == 1, timeout=WAIT_MS)
    widget = window.findChild(QWidget, name)
    assert widget is not None and widget.isVisible() and widget.isEnabled(), name
    give_focus(qtbot, window, widget)
    text_before = getattr(widget, "text", lambda: None)()
    checked_before = getattr(widget, "isChecked", lambda: None)()
    press(qtbot, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: steps(window) == 2, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: steps(window) == 3, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    assert getattr(widget, "text", lambda: None)() == text_before  # Space typed nothing…
    assert getattr(widget, "isChecked", lambda: None)() == checked_before  # …ticked nothing
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    assert focused() is widget
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Reset
    qtbot.waitUntil(lambda: steps(window) == 0, timeout=WAIT_MS)


def test_typing_a_learning_rate_keeps_the_keys_in_the_field(qtbot, window):
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)  # click into the text
    spin.selectAll()
    for key in (Qt.Key.Key_0, Qt.Key.Key_Period, Qt.Key.Key_2):
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Space)  # neither typed (it blanked the field) nor Run/Pause
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Right)  # moves the cursor: no step
    press(qtbot, Qt.Key.Key_N)  # no step (and not a number: not typed)
    press(qtbot, Qt.Key.Key_5)
    assert spin.text() == "0.25"
    assert window.focus_keys.is_editing()
    answered(qtbot, window)
    assert steps(window) == 0 and window.latest_state().status is Status.IDLE
    press(qtbot, Qt.Key.Key_Return)  # commits, and the focus goes back to the diagram
    qtbot.waitUntil(lambda: window.latest_state().setup.learning_rate == 0.25, timeout=WAIT_MS)
    assert focused() is diagram(window)
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: steps(window) == 1, timeout=WAIT_MS)


def test_space_while_typing_a_learning_rate_during_a_run_changes_nothing(qtbot, window):
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    spin.selectAll()
    press(qtbot, Qt.Key.Key_1)  # typing begins
    press(qtbot, Qt.Key.Key_Space)
    assert spin.text() == "1"
    answered(qtbot, window)
    assert window.latest_state().status is Status.RUNNING
    assert window.controls.intended_running
    press(qtbot, Qt.Key.Key_Escape)  # reverts and leaves
    assert spin.text() == "0.5" and focused() is diagram(window)
    press(qtbot, Qt.Key.Key_Space)  # from the diagram: pauses
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    assert window.latest_state().setup.learning_rate == 0.5


def test_space_in_a_learning_rate_at_rest_runs_and_never_blanks_it(qtbot, window):
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    spin.selectAll()  # as after Tab: a Space would replace the selection by " "
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.RUNNING, timeout=WAIT_MS)
    assert spin.text() == "0.5"
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.latest_state().status is Status.PAUSED, timeout=WAIT_MS)
    assert spin.text() == "0.5" and window.latest_state().setup.learning_rate == 0.5


def test_typing_a_digit_into_a_spin_box_at_rest_starts_editing(qtbot, window):
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    spin.selectAll()
    press(qtbot, Qt.Key.Key_3)
    assert spin.text() == "3" and window.focus_keys.is_editing()
    press(qtbot, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.latest_state().setup.learning_rate == 3.0, timeout=WAIT_MS)
    assert focused() is diagram(window)


def test_escape_reverts_the_typed_number_and_leaves_the_field(qtbot, window):
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    spin.selectAll()
    press(qtbot, Qt.Key.Key_9)
    press(qtbot, Qt.Key.Key_Escape)
    assert spin.text() == "0.5" and spin.value() == 0.5
    assert focused() is diagram(window)
    answered(qtbot, window)
    assert window.latest_state().setup.learning_rate == 0.5


def test_enter_with_a_number_out_of_range_stays_and_says_what_fits(qtbot, window):
    spin = window.controls.learning_rate_spin
    give_focus(qtbot, window, spin)
    spin.selectAll()
    for key in (Qt.Key.Key_2, Qt.Key.Key_E, Qt.Key.Key_9):
        press(qtbot, key)
    assert spin.text() == "2e9"  # beyond the largest learning rate
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is spin and spin.text() == "2e9"
    assert window.banner.text() == "Type a number from 0 to 1e+06."
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is diagram(window) and spin.text() == "0.5"
    assert window.banner.text() == ""  # the sentence went with the typo


def test_the_dataset_table_keeps_its_arrow_keys(qtbot, window):
    window.findChild(QWidget, names.DATASET_DOCK).raise_()
    table = window.findChild(QWidget, names.DATASET_TABLE)
    qtbot.waitUntil(table.isVisible, timeout=WAIT_MS)
    table.setCurrentIndex(table.model().index(0, 0))
    give_focus(qtbot, window, table)
    assert role_of(table) is Role.OWN
    press(qtbot, Qt.Key.Key_Right)
    assert table.currentIndex().column() == 1
    answered(qtbot, window)
    assert steps(window) == 0


def test_a_plain_text_field_keeps_its_keys_and_esc_leaves_it(qtbot, window):
    field = QLineEdit()
    window.add_dock("Notes", "testNotesDock", field, Qt.DockWidgetArea.BottomDockWidgetArea)
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    give_focus(qtbot, window, field)
    assert role_of(field) is Role.TEXT
    for key in (Qt.Key.Key_N, Qt.Key.Key_Space, Qt.Key.Key_N):
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Right)
    assert field.text().lower() == "n n"
    answered(qtbot, window)
    assert steps(window) == 0 and window.latest_state().status is Status.IDLE
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is diagram(window)


def test_a_text_field_that_closes_on_enter_hands_the_focus_to_the_diagram(qtbot, window):
    field = QLineEdit()
    field.returnPressed.connect(field.hide)  # like the diagram's weight editor
    window.add_dock("Value", "testValueDock", field, Qt.DockWidgetArea.BottomDockWidgetArea)
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    give_focus(qtbot, window, field)
    press(qtbot, Qt.Key.Key_1)
    press(qtbot, Qt.Key.Key_Return)
    assert not field.isVisible() and focused() is diagram(window)
    answered(qtbot, window)
    assert steps(window) == 0


# --- the shortcuts dialog ------------------------------------------------------------------


def test_the_shortcuts_dialog_shows_keys_one_can_press(qtbot, window, monkeypatch):
    undo = window.findChild(QAction, names.UNDO_ACTION)
    # What Qt gives on KDE and GNOME: "Ctrl+Z or F14 or Undo".
    undo.setShortcuts([QKeySequence("Ctrl+Z"), QKeySequence("F14"), QKeySequence(Qt.Key.Key_Undo)])
    rows = dict((what, keys) for keys, what in shortcut_rows(window))
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Step"] == "→ or N"
    assert rows["Run / Pause"] == "Space"
    assert rows["Quit"] == "Ctrl+Q"
    assert all(keys.count(" or ") <= 1 for keys in rows.values())
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    give_focus(qtbot, window, diagram(window))
    press(qtbot, Qt.Key.Key_F1)
    assert len(shown) == 1
    assert "<b>Ctrl+Z</b>" in shown[0] and "F14" not in shown[0]
    assert "except while you type in a field" in shown[0]
