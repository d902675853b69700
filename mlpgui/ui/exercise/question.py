"""QuestionWidget: one question of the exercise panel — the question in the lecture's
notation, an answer field (Enter checks), Hint and Reveal, the verdict's sentence, and the
hint or the worked answer (Markdown). It shows what ExerciseFeature tells it and emits what
the user does; no arithmetic. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mlpgui.ui import names

from .looks import DETAILS_BACKGROUND, GREEN, MUTED, ORANGE, RED, set_background, set_look

VERDICT_LOOKS = {"correct": (GREEN, True), "wrong": (ORANGE, False), "unreadable": (RED, False)}
"""(colour, bold) of a verdict's sentence (looks.py: no style sheets, for presenter mode)."""
STATUS_MARKS = {"open": "", "solved": "✓ solved", "revealed": "revealed"}
STATUS_LOOKS = {"solved": (GREEN, True), "revealed": (MUTED, False)}


class AnswerField(QLineEdit):
    """The answer field; ``entered()`` when it gets the keyboard focus."""

    entered = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.entered.emit()


class QuestionWidget(QFrame):
    """Question ``number`` (1-based). Signals carry the number: ``answered(int, str)`` (Enter
    in the answer field), ``hint_requested(int)``, ``reveal_requested(int)``, ``focused(int)``
    (the answer field got the focus: the diagram shows what the question is about)."""

    answered = Signal(int, str)
    hint_requested = Signal(int)
    reveal_requested = Signal(int)
    focused = Signal(int)

    def __init__(self, number: int, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setFrameShape(QFrame.Shape.StyledPanel)
        n = number
        self.question = QLabel(f"<b>{n}.</b> {_escape(question)}")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.answer = AnswerField()
        self.answer.entered.connect(lambda: self.focused.emit(n))
        self.answer.setObjectName(names.exercise_item_name("Answer", n))
        self.answer.setPlaceholderText("e.g. 0.25 — Enter checks it")
        self.answer.setToolTip("Type the value and press Enter (a decimal comma is fine)")
        self.answer.returnPressed.connect(lambda: self.answered.emit(n, self.answer.text()))
        self.hint_button = QPushButton("Hint")
        self.hint_button.setObjectName(names.exercise_item_name("Hint", n))
        self.hint_button.setToolTip("The formula and the values it needs (the score is kept)")
        self.hint_button.clicked.connect(lambda: self.hint_requested.emit(n))
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setObjectName(names.exercise_item_name("Reveal", n))
        self.reveal_button.setToolTip("The worked answer (the question then counts as revealed)")
        self.reveal_button.clicked.connect(lambda: self.reveal_requested.emit(n))
        for button in (self.hint_button, self.reveal_button):
            button.setAutoDefault(False)
        self.verdict = QLabel()
        self.verdict.setObjectName(names.exercise_item_name("Verdict", n))
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        self.details = QLabel()
        self.details.setObjectName(names.exercise_item_name("Details", n))
        self.details.setTextFormat(Qt.TextFormat.MarkdownText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_background(self.details, DETAILS_BACKGROUND)
        self.details.hide()
        head = QHBoxLayout()
        head.addWidget(self.question, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.hint_button)
        row.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)

    def show_verdict(self, status: str, text: str) -> None:
        """The verdict's sentence, coloured by ``status`` ("correct", "wrong", "unreadable")."""
        self.verdict.setText(text)
        set_look(self.verdict, *VERDICT_LOOKS.get(status, (None, False)))
        self.verdict.show()

    def show_details(self, markdown: str) -> None:
        """The hint or the worked answer."""
        self.details.setText(markdown)
        self.details.show()

    def set_status(self, status: str) -> None:
        """ "open", "solved" or "revealed"."""
        self.status.setText(STATUS_MARKS.get(status, status))
        set_look(self.status, *STATUS_LOOKS.get(status, (None, False)))

    def set_active(self, active: bool) -> None:
        """False once the exercise ended: nothing can be answered or asked any more."""
        for widget in (self.answer, self.hint_button, self.reveal_button):
            widget.setEnabled(active)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
