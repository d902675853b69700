"""The main window's menu bar (File, Edit, Training, View, Help) and the help dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from mlpgui import __version__
from mlpgui.core import PRESETS, preset_info

from . import names

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Create the menus and fill ``window.menus``; actions that live only in menus are also
    added to the window so that their shortcuts work everywhere."""
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
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
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


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(keys, what) for every action of the window that has a shortcut."""
    rows = []
    native = QKeySequence.SequenceFormat.NativeText
    for action in window.actions():
        keys = [k.toString(native) for k in action.shortcuts()]
        if keys:
            rows.append((" or ".join(keys), action.text().replace("&", "").rstrip("…")))
    return rows


def show_shortcuts(window: MainWindow) -> None:
    rows = "".join(f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in shortcut_rows(window))
    QMessageBox.information(window, "Keyboard shortcuts", f"<table cellpadding=4>{rows}</table>")


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "About mlpgui",
        f"<b>mlpgui {__version__}</b><br>Train multi-layer perceptrons with backpropagation "
        "and see every number of every update, in the lecture's notation.",
    )
