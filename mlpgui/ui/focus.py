"""Keyboard focus: the window's shortcuts work wherever the focus is, except while typing.

``install_focus_keys(window)`` puts the focus in the main view (the network diagram) when the
window is first shown, and watches the widget that has the focus — an event filter on that
one widget, moved along with the focus (an application-wide filter would run Python for every
event of every widget, while the GUI shares Python's GIL with training). For widgets of the
window, a key press first offered to the focused widget as a ShortcutOverride goes:

- **Text fields being edited** — a spin box the user typed or clicked into, and every other
  editable text field: the field keeps its keys (→ moves the cursor, N is typed). Space is
  never typed into a spin box (nor runs training). **Enter** commits (a spin box refuses a
  number out of range with one sentence and stays), **Esc** reverts; both give the focus
  back to the main view.
- **Spin boxes at rest** (focused, not yet typed into — the γ box at startup used to be):
  the window's shortcuts win (Space runs, → and N step), except keys that start typing
  (digits, "e", Backspace, …) and copy/paste.
- **Item views** (the dataset table) and their cell editors keep their own rules: the table
  keeps arrows, Enter and digits (→ moves there), see ``DatasetTable.event``.
- **Everything else** — combo boxes, sliders, buttons, check boxes, plots, the diagram, docks:
  the window's shortcuts win (keys without a shortcut still reach the widget: ↑/↓ in a combo
  box or a slider, Esc and Enter in the diagram).

A widget can opt out (keep all its keys) with the dynamic property ``OWN_KEYS_PROPERTY``.
Runs in the GUI thread; no exception leaves the event filter.
"""

from __future__ import annotations

import enum
import sys
import traceback
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QToolTip,
    QWidget,
)

from . import names

OWN_KEYS_PROPERTY = "mlpguiOwnKeys"
"""A widget with this dynamic property set to True keeps every key (no shortcut wins)."""

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TYPING_SEQUENCES = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


class Role(enum.Enum):
    """How a focused widget shares keys with the window's shortcuts."""

    OWN = "own"  # keeps its keys by its own rules (item views, opted-out widgets)
    SPIN = "spin"  # an editable spin box: at rest or being edited
    TEXT = "text"  # an editable text field: always being edited
    CONTROL = "control"  # anything else: the shortcuts win


def role_of(widget: QWidget) -> Role:
    """The Role of ``widget`` (see the module's docstring)."""
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, QAbstractItemView) or w.property(OWN_KEYS_PROPERTY) is True:
            return Role.OWN
        w = w.parentWidget()
    if isinstance(widget, QAbstractSpinBox):
        return Role.CONTROL if widget.isReadOnly() else Role.SPIN
    if isinstance(widget, QLineEdit):
        return Role.CONTROL if widget.isReadOnly() else Role.TEXT
    if isinstance(widget, QComboBox):
        return Role.TEXT if widget.isEditable() else Role.CONTROL
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return Role.CONTROL if widget.isReadOnly() else Role.TEXT
    return Role.CONTROL


def _plain(event: QKeyEvent) -> bool:
    """No modifier but Shift (or the keypad's)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers in _PLAIN


def _is_space(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Space and _plain(event)


def _validate(spin: QAbstractSpinBox, text: str, pos: int) -> QValidator.State:
    result = spin.validate(text, pos)
    state = result[0] if isinstance(result, tuple) else result
    return QValidator.State(state)


def starts_typing(spin: QAbstractSpinBox, event: QKeyEvent) -> bool:
    """Would ``event`` type into ``spin`` (a character it accepts, Backspace, Delete, or
    copy/paste)? Space never does."""
    if any(event.matches(sequence) for sequence in _TYPING_SEQUENCES):
        return True
    if not _plain(event):
        return False
    if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
        return True
    text = event.text()
    if not text or not text.isprintable() or text.isspace():
        return False
    line = spin.lineEdit()
    current, cursor = line.text(), line.cursorPosition()
    if line.hasSelectedText():
        start = line.selectionStart()
        current = current[:start] + current[start + len(line.selectedText()) :]
        cursor = start
    candidate = current[:cursor] + text + current[cursor:]
    return _validate(spin, candidate, cursor + len(text)) is not QValidator.State.Invalid


class FocusKeys(QObject):
    """Watches the focused widget of ``window`` (see the module's docstring)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._focus: QWidget | None = None
        self._spin_line: QLineEdit | None = None  # the focused spin box's text field
        self._clicked = False  # the user clicked into the focused spin box's text
        self._warning = ""  # the sentence shown about the focused field's input
        self._first_show = _FirstShow(window, self.focus_main_view)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)
        self._on_focus_changed(None, app.focusWidget())

    # --- public ----------------------------------------------------------------------------

    def main_view(self) -> QWidget:
        """The widget that gets the focus back: the network diagram, else the window's
        main view."""
        view = self._window.findChild(QWidget, names.NETWORK_VIEW)
        if view is not None and view.isVisible():
            return view
        stage = getattr(self._window, "stage", None)
        if isinstance(stage, QWidget) and stage.isVisible():
            return stage
        return self._window

    def focus_main_view(self) -> None:
        """Give the keyboard focus to the main view."""
        self._clear_warning()
        self.main_view().setFocus(Qt.FocusReason.OtherFocusReason)

    def is_editing(self) -> bool:
        """True while the focused widget is a text field being edited."""
        focus = self._focus
        if focus is None:
            return False
        role = role_of(focus)
        if role is Role.TEXT:
            return True
        return role is Role.SPIN and self._spin_editing()

    # --- focus tracking ----------------------------------------------------------------------

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        try:
            self._unwatch()
            if new is None or new.window() is not self._window or role_of(new) is Role.OWN:
                return
            self._focus = new
            new.installEventFilter(self)
            if isinstance(new, QAbstractSpinBox):
                line = new.lineEdit()
                line.setModified(False)
                line.installEventFilter(self)
                self._spin_line = line
                # Focus given by a click into the text: the user means to type.
                buttons = QApplication.mouseButtons()
                if buttons & Qt.MouseButton.LeftButton and line.underMouse():
                    self._clicked = True
        except Exception:  # nothing may escape a Qt slot
            traceback.print_exc(file=sys.stderr)

    def _unwatch(self) -> None:
        self._clear_warning()
        for widget in (self._focus, self._spin_line):
            if widget is not None and shiboken6.isValid(widget):  # not already deleted
                widget.removeEventFilter(self)
        self._focus = self._spin_line = None
        self._clicked = False

    def _spin_editing(self) -> bool:
        line = self._spin_line
        return line is not None and (self._clicked or line.isModified())

    # --- events ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        try:
            return self._filter(watched, event)
        except Exception:  # nothing may escape an event filter
            traceback.print_exc(file=sys.stderr)
            return False

    def _filter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and watched is self._spin_line:
            self._clicked = True
            return False
        if watched is not self._focus or not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return self._on_shortcut_override(watched, event)
        if kind == QEvent.Type.KeyPress:
            return self._on_key_press(watched, event)
        return False

    def _on_shortcut_override(self, widget: QWidget, event: QKeyEvent) -> bool:
        """True (with the event ignored) lets a window shortcut win over the widget; True
        with the event accepted keeps the key away from every shortcut."""
        role = role_of(widget)
        if role is Role.TEXT:
            return False  # the field takes what it types
        if isinstance(widget, QAbstractSpinBox) and role is Role.SPIN:
            if _is_space(event):
                if self._spin_editing():
                    event.accept()  # typing: Space neither runs nor is typed
                    return True
                event.ignore()
                return True
            if self._spin_editing() or starts_typing(widget, event):
                return False
        event.ignore()
        return True

    def _on_key_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        role = role_of(widget)
        key = event.key()
        if isinstance(widget, QAbstractSpinBox) and role is Role.SPIN:
            if _is_space(event):
                return True  # never typed into a number
            if key in _ENTER:
                self._commit_spin(widget)
                return True
            if key == Qt.Key.Key_Escape:
                self._revert_spin(widget)
                return True
            return False
        if role is Role.TEXT:
            multiline = isinstance(widget, (QTextEdit, QPlainTextEdit))
            if key == Qt.Key.Key_Escape or (key in _ENTER and not multiline):
                widget.event(event)  # the field commits or cancels by its own rules…
                closed = not widget.isVisible() or not widget.hasFocus()
                if key == Qt.Key.Key_Escape or closed:
                    self.focus_main_view()  # …and, done, hands the focus back
                return True
        return False

    def _commit_spin(self, spin: QAbstractSpinBox) -> None:
        """Enter: take the typed number and leave; a number out of range stays, with one
        sentence saying what fits."""
        if not spin.hasAcceptableInput():
            self._warn(spin, _range_sentence(spin))
            spin.selectAll()
            return
        spin.interpretText()
        self.focus_main_view()

    def _warn(self, widget: QWidget, sentence: str) -> None:
        """Say ``sentence`` in the window's message banner (next to the field without one)."""
        banner = getattr(self._window, "banner", None)
        if banner is not None and hasattr(banner, "show_message"):
            banner.show_message("warning", sentence)
            self._warning = sentence
        else:
            QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), sentence, widget)

    def _clear_warning(self) -> None:
        """The field was left: its warning (if still shown) is stale."""
        banner = getattr(self._window, "banner", None)
        if self._warning and banner is not None and banner.text() == self._warning:
            banner.hide()
        self._warning = ""

    def _revert_spin(self, spin: QAbstractSpinBox) -> None:
        """Esc: back to the value the spin box had, and leave."""
        line = spin.lineEdit()
        if isinstance(spin, (QSpinBox, QDoubleSpinBox)):
            line.setText(spin.prefix() + _number_text(spin, spin.value()) + spin.suffix())
        else:
            while line.isUndoAvailable():
                line.undo()
        self.focus_main_view()


def _number_text(spin: QSpinBox | QDoubleSpinBox, value: float) -> str:
    """``value`` written as ``spin`` writes it (without its prefix and suffix)."""
    if isinstance(spin, QSpinBox):
        return spin.textFromValue(int(value))
    return spin.textFromValue(value)


def _range_sentence(spin: QAbstractSpinBox) -> str:
    """ "Type a number from 0 to 1e+06." for a QSpinBox or QDoubleSpinBox."""
    if isinstance(spin, (QSpinBox, QDoubleSpinBox)):
        low, high = _number_text(spin, spin.minimum()), _number_text(spin, spin.maximum())
        return f"Type a number from {low} to {high}."
    return "Type a valid value."


class _FirstShow(QObject):
    """Calls ``action`` when ``window`` is shown for the first time, then stops watching."""

    def __init__(self, window: QWidget, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._action: Callable[[], None] | None = action
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._action is not None:
            action, self._action = self._action, None
            watched.removeEventFilter(self)
            try:
                action()
            except Exception:  # nothing may escape an event filter
                traceback.print_exc(file=sys.stderr)
        return False


def install_focus_keys(window: QMainWindow) -> FocusKeys:
    """Make the window's shortcuts work wherever the focus is (see the module's docstring);
    call once, from the window's constructor."""
    return FocusKeys(window)
