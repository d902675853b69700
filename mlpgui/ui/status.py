"""The status bar fields and the message banner."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from mlpgui.worker import Status, WorkerState

from . import names
from .formatting import format_count, format_number

STATE_COLOURS = {
    Status.IDLE: "#555555",
    Status.RUNNING: "#1a7f37",
    Status.PAUSED: "#9a6700",
    Status.DIVERGED: "#cf222e",
}


class TrainingStatus(QObject):
    """Update count, epoch, current loss and worker state, as permanent status bar labels.

    A child of the status bar (objectName ``trainingStatus``). While ``loss_hidden`` (exercise
    mode: L(θ after update k) is the loss at the weights the exercise is about), the loss shows
    as "?".
    """

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName(names.TRAINING_STATUS)
        self._state: WorkerState | None = None
        self._loss_hidden = False
        self.update_label = self._label(bar, names.STATUS_UPDATE_LABEL, "Updates made so far")
        self.epoch_label = self._label(bar, names.STATUS_EPOCH_LABEL, "Current epoch")
        self.loss_label = self._label(
            bar,
            names.STATUS_LOSS_LABEL,
            "L(θ after update k): the loss on the latest update's batch at the parameters that "
            "update produced (θ_new); the diagram and the loss curve show L(θ before update k)",
        )
        self.state_label = self._label(bar, names.STATUS_STATE_LABEL, "What training is doing")
        self.show(None)

    @staticmethod
    def _label(bar: QStatusBar, name: str, tip: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setToolTip(tip)
        label.setMinimumWidth(90)
        bar.addPermanentWidget(label)
        return label

    @property
    def loss_hidden(self) -> bool:
        return self._loss_hidden

    def hide_loss(self, hidden: bool) -> None:
        """Show the loss as "?" (True) or as it is (False)."""
        if hidden != self._loss_hidden:
            self._loss_hidden = hidden
            self.show(self._state)

    def show(self, state: WorkerState | None) -> None:
        self._state = state
        if state is None:
            self.update_label.setText("Update 0")
            self.epoch_label.setText("Epoch 0")
            self.loss_label.setText("no update yet")
            self.state_label.setText("starting")
            return
        self.update_label.setText(f"Update {format_count(state.steps)}")
        self.epoch_label.setText(f"Epoch {format_count(state.epoch)}")
        if state.loss is None:
            self.loss_label.setText("no update yet")
        else:
            loss = "?" if self._loss_hidden else format_number(state.loss)
            self.loss_label.setText(f"L(θ after update {format_count(state.loss_step)}) = {loss}")
        colour = STATE_COLOURS[state.status]
        self.state_label.setText(f"<b style='color:{colour}'>{state.status.value}</b>")


class MessageBanner(QFrame):
    """One sentence for the user (an error, a warning, a note), above the work area.

    Errors stay until closed or replaced; notes fade after a few seconds.
    """

    STYLES: ClassVar[dict[str, str]] = {
        "error": "background:#ffebe9; border:1px solid #ff8182; color:#82071e;",
        "warning": "background:#fff8c5; border:1px solid #d4a72c; color:#4d2d00;",
        "info": "background:#ddf4ff; border:1px solid #54aeff; color:#0a3069;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.MESSAGE_BANNER)
        self.label = QLabel()
        self.label.setObjectName(names.MESSAGE_LABEL)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a path or a name "<b>" as typed
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName(names.MESSAGE_CLOSE_BUTTON)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss this message")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.hide)
        self.kind = ""
        self.hide()

    @Slot(str, str)
    def show_message(self, kind: str, text: str, details: str = "") -> None:
        """Show ``text`` ("error", "warning" or "info" ``kind``); ``details`` (e.g. a
        traceback with MLPGUI_DEBUG=1) become the tooltip."""
        self.kind = kind if kind in self.STYLES else "info"
        self.setStyleSheet(f"QFrame#{names.MESSAGE_BANNER} {{{self.STYLES[self.kind]}}}")
        self.label.setText(text)
        self.setToolTip(details)
        self.show()
        if self.kind == "info":
            self._fade.start(6000)
        else:
            self._fade.stop()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
