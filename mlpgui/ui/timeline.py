"""Timeline: scrub back through the history and continue training from any past update.

Moving the slider asks the worker for that update's full record (recomputed exactly); the
window then shows it everywhere (``GuiStore.record_changed``). Requests are coalesced: while
one is on its way, only the newest wanted update is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QSlider, QToolBar, QWidget

from mlpgui.core import UpdateRecord
from mlpgui.worker import WorkerState

from . import names
from .formatting import format_count


class Timeline(QObject):
    """The history slider with its actions. Emits intents; shows what the window shows."""

    show_update_requested = Signal(int)
    continue_from_requested = Signal(int)
    back_to_latest_requested = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._first, self._last = 1, 0
        self._shown: int | None = None  # the update on display (None: the live state)
        self._in_flight: int | None = None
        self._wanted: int | None = None

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(names.HISTORY_SLIDER)
        self.slider.setMinimumWidth(240)
        self.slider.setTracking(True)
        self.slider.setToolTip("Scrub back through every update (Alt+← / Alt+→)")
        self.slider.valueChanged.connect(self._on_slider)
        self.label = QLabel()
        self.label.setObjectName(names.HISTORY_LABEL)
        self.label.setMinimumWidth(150)

        def action(name: str, text: str, tip: str, keys: str) -> QAction:
            a = QAction(text, window)
            a.setObjectName(name)
            a.setShortcut(QKeySequence(keys))
            a.setToolTip(f"{tip} ({QKeySequence(keys).toString()})")
            return a

        self.back_action = action(
            names.HISTORY_BACK_ACTION, "Previous update", "Show the previous update", "Alt+Left"
        )
        self.forward_action = action(
            names.HISTORY_FORWARD_ACTION, "Next update", "Show the next update", "Alt+Right"
        )
        self.latest_action = action(
            names.BACK_TO_LATEST_ACTION, "Latest", "Back to the latest update", "Alt+End"
        )
        self.continue_action = action(
            names.CONTINUE_FROM_HERE_ACTION,
            "Continue from here",
            "Train on from the update shown, discarding the later ones",
            "Ctrl+Alt+C",
        )
        self.back_action.triggered.connect(lambda: self._nudge(-1))
        self.forward_action.triggered.connect(lambda: self._nudge(+1))
        self.latest_action.triggered.connect(self.show_latest)
        self.continue_action.triggered.connect(self._continue)

        self.toolbar = QToolBar("Timeline", window)
        self.toolbar.setObjectName(names.TIMELINE_TOOLBAR)
        self.toolbar.addWidget(QLabel(" History "))
        self.toolbar.addAction(self.back_action)
        self.toolbar.addWidget(self.slider)
        self.toolbar.addAction(self.forward_action)
        self.toolbar.addWidget(self.label)
        self.toolbar.addAction(self.latest_action)
        self.toolbar.addAction(self.continue_action)
        self._update()

    @property
    def actions(self) -> list[QAction]:
        return [self.back_action, self.forward_action, self.latest_action, self.continue_action]

    @property
    def shown_update(self) -> int | None:
        """The past update on display, or None when the live state is shown."""
        return self._shown

    # --- from the window ----------------------------------------------------------------------

    @Slot(object)
    def show_state(self, state: WorkerState) -> None:
        self._first, self._last = state.history_first, state.history_last
        self.slider.setToolTip(
            f"Scrub back through every update (Alt+← / Alt+→). {state.history_policy}"
        )
        if state.running:
            self._shown = None  # training moves on: follow it
        self._update()

    def record_shown(self, record: UpdateRecord | None, past: bool) -> None:
        """The window now shows ``record`` (a past one when ``past``)."""
        if past and record is not None:
            self._in_flight = None
            self._shown = record.step if record.step < self._last else None
            if self._wanted is not None and self._wanted != record.step:
                wanted, self._wanted = self._wanted, None
                self._request(wanted)
        elif not past:
            self._shown = None
        self._update()

    def request_dropped(self) -> None:
        """The past update last asked for arrived after the user went back to the latest."""
        self._in_flight = None
        self._wanted = None
        self._update()

    def show_latest(self) -> None:
        self._shown = None
        self._wanted = None
        self._in_flight = None  # if it still arrives, the window drops it
        self.back_to_latest_requested.emit()
        self._update()

    # --- internals ----------------------------------------------------------------------------

    def _position(self) -> int | None:
        """The past update shown or on its way (None: the latest)."""
        for step in (self._wanted, self._in_flight, self._shown):
            if step is not None:
                return step
        return None

    def _update(self) -> None:
        has_history = self._last >= self._first
        position = self._position()
        with QSignalBlocker(self.slider):
            self.slider.setEnabled(has_history)
            self.slider.setRange(self._first, max(self._first, self._last))
            self.slider.setValue(self._last if position is None else position)
        if not has_history:
            self.label.setText("no updates yet")
        elif position is None:
            self.label.setText(f"update {format_count(self._last)} (latest)")
        else:
            self.label.setText(f"update {format_count(position)} of {format_count(self._last)}")
        past = position is not None
        self.continue_action.setEnabled(self._shown is not None)
        self.latest_action.setEnabled(past)
        current = self._last if position is None else position
        self.back_action.setEnabled(has_history and current > self._first)
        self.forward_action.setEnabled(past)

    def _on_slider(self, value: int) -> None:
        if value >= self._last:
            self.show_latest()
        else:
            self._request(value)

    def _nudge(self, delta: int) -> None:
        position = self._position()
        current = self._last if position is None else position
        target = min(self._last, max(self._first, current + delta))
        if target >= self._last:
            self.show_latest()
        else:
            self._request(target)

    def _request(self, step: int) -> None:
        if self._in_flight is not None:
            self._wanted = step
        else:
            self._in_flight = step
            self.show_update_requested.emit(step)
        self._update()

    def _continue(self) -> None:
        step = self._shown
        if step is None:
            return
        answer = QMessageBox.question(
            self._window,
            "Continue from here?",
            f"Continue training from update {step:,}? Updates {step + 1:,}–{self._last:,} "
            "will be discarded.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.continue_from_requested.emit(step)
