"""The main window's menu bar (File, Edit, Training, View, Help) and the help dialogs."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from mlpgui import __version__
from mlpgui.core import PRESETS, preset_info

from . import names
from .focus import install_focus_keys

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Create the menus and fill ``window.menus``; actions that live only in menus are also
    added to the window, and ``install_focus_keys`` makes every shortcut work wherever the
    focus is (except while the user types in a field)."""
    bar = window.menuBar()
    files, controls, timeline = window.files, window.controls, window.timeline

    file_menu = bar.addMenu("&File")
    file_menu.addAction(files.open_action)
    file_menu.addMenu(files.recent_menu)
    file_menu.addActions([files.save_action, files.save_as_action])
    file_menu.addSeparator()
    preset_menu = file_menu.addMenu("New from &preset")
    preset_menu.setObjectName(names.PRESET_MENU)
    preset_menu.setToolTipsVisible(True)
    for preset in PRESETS:
        info = preset_info(preset)
        action = QAction(info.title, window)
        action.setObjectName(names.preset_action_name(preset))
        action.setToolTip(info.description)
        action.setStatusTip(info.description)
        action.triggered.connect(lambda _=False, p=preset: window.load_preset(p))
        preset_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(files.export_action)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setObjectName(names.QUIT_ACTION)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit is empty on some platforms
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    edit = bar.addMenu("&Edit")
    undo = window.undo_group.createUndoAction(window, "&Undo")
    undo.setObjectName(names.UNDO_ACTION)
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = window.undo_group.createRedoAction(window, "&Redo")
    redo.setObjectName(names.REDO_ACTION)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addActions([undo, redo])

    training = bar.addMenu("&Training")
    c = controls
    training.addActions([c.step_action, c.step_many_action])
    training.addSeparator()
    training.addActions([c.run_action, c.pause_action, c.run_pause_action])
    training.addSeparator()
    training.addActions([c.reset_action, c.new_seed_action])
    training.addSeparator()
    training.addAction(c.train_biases_action)
    training.addSeparator()
    training.addActions(timeline.actions)

    view = bar.addMenu("&View")
    view.addAction(window.loss_dock.toggleViewAction())
    window._view_separator = view.addSeparator()
    view.addAction(timeline.toolbar.toggleViewAction())
    log_action = QAction("Logarithmic loss axis", window)
    log_action.setObjectName(names.LOG_SCALE_ACTION)
    log_action.setCheckable(True)
    log_action.setShortcut(QKeySequence("Ctrl+L"))
    log_action.toggled.connect(window.loss_plot.set_log_scale)
    view.addAction(log_action)
    window.log_scale_action = log_action

    help_menu = bar.addMenu("&Help")
    shortcuts = QAction("Keyboard shortcuts", window)
    shortcuts.setObjectName(names.SHORTCUTS_ACTION)
    shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
    shortcuts.triggered.connect(lambda: show_shortcuts(window))
    about = QAction("About mlpgui", window)
    about.setObjectName(names.ABOUT_ACTION)
    about.triggered.connect(lambda: show_about(window))
    help_menu.addActions([shortcuts, about])

    window.addActions(
        [*c.actions, *files.actions, *timeline.actions, log_action, shortcuts, quit_action,
         undo, redo]
    )  # fmt: skip
    window.menus.update(file=file_menu, edit=edit, training=training, view=view, help=help_menu)
    window.focus_keys = install_focus_keys(window)


# Keys every PC keyboard has (besides letters, digits, punctuation and Space, F1 … F12).
_KEYBOARD_KEYS = {
    Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Backspace,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert, Qt.Key.Key_Delete,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down,
}  # fmt: skip
_ARROWS = {"Left": "←", "Right": "→", "Up": "↑", "Down": "↓"}
MAX_KEYS_SHOWN = 2


def pressable(sequence: QKeySequence) -> bool:
    """True if every key of ``sequence`` is on an ordinary keyboard (not F13 … F35 or a
    special key such as Undo, Copy or Help, which platforms add as alternatives)."""
    for i in range(sequence.count()):
        key = sequence[i].key()
        ordinary = key < Qt.Key.Key_Escape or Qt.Key.Key_F1 <= key <= Qt.Key.Key_F12
        if not (ordinary or key in _KEYBOARD_KEYS):
            return False
    return sequence.count() > 0


def key_text(sequence: QKeySequence) -> str:
    """The portable text of ``sequence`` with arrows as arrows: "Ctrl+→"."""
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return re.sub(r"\b(Left|Right|Up|Down)\b", lambda m: _ARROWS[m.group(1)], text)


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(keys, what) for every action of the window that has a shortcut: the keys one can
    press on any keyboard (at most ``MAX_KEYS_SHOWN``), as the README writes them."""
    rows = []
    for action in window.actions():
        keys = [key_text(k) for k in action.shortcuts() if pressable(k)][:MAX_KEYS_SHOWN]
        if keys:
            rows.append((" or ".join(keys), action.text().replace("&", "").rstrip("…")))
    return rows


SHORTCUTS_NOTE = (
    "These keys work wherever the focus is, except while you type in a field (Enter takes "
    "what you typed, Esc reverts it; both return to the diagram) and in the dataset table, "
    "where the arrow keys move between cells."
)


def show_shortcuts(window: MainWindow) -> None:
    rows = "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(t)}</td></tr>"
        for k, t in shortcut_rows(window)
    )
    QMessageBox.information(
        window,
        "Keyboard shortcuts",
        f"<table cellpadding=4>{rows}</table><p>{html.escape(SHORTCUTS_NOTE)}</p>",
    )


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "About mlpgui",
        f"<b>mlpgui {__version__}</b><br>Train multi-layer perceptrons with backpropagation "
        "and see every number of every update, in the lecture's notation.",
    )
