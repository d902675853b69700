"""The main window's menu bar (File, Edit, Training, View, Help) and the help dialogs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from mlpgui import __version__
from mlpgui.core import PRESETS, preset_info

from . import names
from .undo_actions import guard_undo_actions

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass(frozen=True)
class Menus:
    """The menu bar's menus, and the actions of them that the window uses afterwards."""

    file: QMenu
    edit: QMenu
    training: QMenu
    view: QMenu
    help: QMenu
    view_separator: QAction
    """In the View menu: the docks' toggle actions go above it (MainWindow.add_dock)."""
    log_scale_action: QAction
    """View ▸ Logarithmic loss axis (kept in the window's settings)."""

    def by_name(self) -> dict[str, QMenu]:
        """The menus by the names features look them up with: "file", "edit", … ."""
        return {
            "file": self.file, "edit": self.edit, "training": self.training, "view": self.view,
            "help": self.help,
        }  # fmt: skip


def build_menus(window: MainWindow) -> Menus:
    """Create the menus in the window's menu bar; actions that live only in menus are also
    added to the window, so that their shortcuts work while the menu bar is hidden."""
    bar = window.menuBar()
    file_menu, quit_action = _file_menu(window, bar.addMenu("&File"))
    edit, undo, redo = _edit_menu(window, bar.addMenu("&Edit"))
    training = _training_menu(window, bar.addMenu("&Training"))
    view, separator, log_action = _view_menu(window, bar.addMenu("&View"))
    help_menu, shortcuts = _help_menu(window, bar.addMenu("&Help"))
    window.addActions(
        [*window.controls.actions, *window.files.actions, *window.timeline.actions, log_action,
         shortcuts, quit_action, undo, redo]
    )  # fmt: skip
    return Menus(file_menu, edit, training, view, help_menu, separator, log_action)


def _file_menu(window: MainWindow, menu: QMenu) -> tuple[QMenu, QAction]:
    """File: open, recent, save, the presets, export and quit (returned too)."""
    files = window.files
    menu.addAction(files.open_action)
    menu.addMenu(files.recent_menu)
    menu.addActions([files.save_action, files.save_as_action])
    menu.addSeparator()
    preset_menu = menu.addMenu("New from &preset")
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
    menu.addSeparator()
    menu.addAction(files.export_action)
    menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setObjectName(names.QUIT_ACTION)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit is empty on some platforms
    quit_action.triggered.connect(window.close)
    menu.addAction(quit_action)
    return menu, quit_action


def _edit_menu(window: MainWindow, menu: QMenu) -> tuple[QMenu, QAction, QAction]:
    """Edit: undo and redo (returned too)."""
    undo = window.undo_group.createUndoAction(window, "&Undo")
    undo.setObjectName(names.UNDO_ACTION)
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = window.undo_group.createRedoAction(window, "&Redo")
    redo.setObjectName(names.REDO_ACTION)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    guard_undo_actions(window.undo_group, undo, redo, window.controls.confirm)
    menu.addActions([undo, redo])
    return menu, undo, redo


def _training_menu(window: MainWindow, menu: QMenu) -> QMenu:
    """Training: the training controls' actions and the timeline's."""
    c = window.controls
    menu.addActions([c.step_action, c.step_many_action])
    menu.addSeparator()
    menu.addActions([c.run_action, c.pause_action, c.run_pause_action])
    menu.addSeparator()
    menu.addActions([c.reset_action, c.new_seed_action])
    menu.addSeparator()
    menu.addAction(c.train_biases_action)
    menu.addSeparator()
    menu.addActions(window.timeline.actions)
    return menu


def _view_menu(window: MainWindow, menu: QMenu) -> tuple[QMenu, QAction, QAction]:
    """View: the loss dock, (the docks features add,) the timeline, the logarithmic loss
    axis; returns the menu, the separator docks go above and the log-scale action."""
    menu.addAction(window.loss_dock.toggleViewAction())
    separator = menu.addSeparator()
    menu.addAction(window.timeline.toolbar.toggleViewAction())
    log_action = QAction("Logarithmic loss axis", window)
    log_action.setObjectName(names.LOG_SCALE_ACTION)
    log_action.setCheckable(True)
    log_action.setShortcut(QKeySequence("Ctrl+L"))
    log_action.toggled.connect(window.loss_plot.set_log_scale)
    menu.addAction(log_action)
    return menu, separator, log_action


def _help_menu(window: MainWindow, menu: QMenu) -> tuple[QMenu, QAction]:
    """Help: the keyboard shortcuts (returned too) and About."""
    shortcuts = QAction("Keyboard shortcuts", window)
    shortcuts.setObjectName(names.SHORTCUTS_ACTION)
    shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
    shortcuts.triggered.connect(lambda: show_shortcuts(window))
    about = QAction("About mlpgui", window)
    about.setObjectName(names.ABOUT_ACTION)
    about.triggered.connect(lambda: show_about(window))
    menu.addActions([shortcuts, about])
    return menu, shortcuts


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
        key = sequence[i].key()  # type: ignore[index]  # the stubs lack QKeySequence[i]
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
