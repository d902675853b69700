"""ExercisePanel (``exercisePanel``, in the Exercise dock): the exercise on the next update —
what it is about (update, seed, tolerance), the score, one QuestionWidget per question, and
New exercise…, Apply the update, End and Sheet…; also the values picked in the diagram for
the next exercise. It shows what ExerciseFeature tells it and emits what the user does.
GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mlpgui.ui import names

from .looks import MUTED, set_look
from .question import QuestionWidget

PLACEHOLDER = (
    "No exercise yet. Training ▸ Exercise… (or New exercise…) asks for quantities of the "
    "next update — d, a, δ, ∂L/∂w, w after the update — and hides them in the diagram and "
    "the inspector until they are answered. Right-click a unit or an edge: Ask for this value."
)


class ExercisePanel(QWidget):
    """Signals: ``answered(int, str)``, ``hint_requested(int)``, ``reveal_requested(int)``,
    ``question_focused(int)`` (question numbers are 1-based), ``new_requested()``,
    ``apply_requested()``, ``end_requested()``, ``sheet_requested()``,
    ``clear_picked_requested()``."""

    answered = Signal(int, str)
    hint_requested = Signal(int)
    reveal_requested = Signal(int)
    question_focused = Signal(int)
    new_requested = Signal()
    apply_requested = Signal()
    end_requested = Signal()
    sheet_requested = Signal()
    clear_picked_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.EXERCISE_PANEL)
        self.summary = QLabel(PLACEHOLDER)
        self.summary.setObjectName(names.EXERCISE_SUMMARY_LABEL)
        self.summary.setWordWrap(True)
        self.score = QLabel()
        self.score.setObjectName(names.EXERCISE_SCORE_LABEL)
        set_look(self.score, bold=True)
        self.new_button = self._button(
            "New exercise…", names.EXERCISE_NEW_BUTTON, "Make an exercise on the next update",
            self.new_requested,
        )  # fmt: skip
        self.apply_button = self._button(
            "Apply the update", names.EXERCISE_APPLY_BUTTON,
            "Make the update (Step) so that the class sees it happen", self.apply_requested,
        )  # fmt: skip
        self.end_button = self._button("End", names.EXERCISE_END_BUTTON,
                                       "End the exercise: the diagram shows every value again",
                                       self.end_requested)  # fmt: skip
        self.sheet_button = self._button(
            "Sheet…", names.EXERCISE_SHEET_BUTTON,
            "Save the questions and the solutions as two files (Markdown or LaTeX)",
            self.sheet_requested,
        )  # fmt: skip
        self.picked = QLabel()
        self.picked.setObjectName(names.EXERCISE_PICKED_LABEL)
        self.picked.setWordWrap(True)
        set_look(self.picked, MUTED)
        self.clear_picked = self._button("Clear", names.EXERCISE_CLEAR_PICKED_BUTTON,
                                         "Forget the values picked in the diagram",
                                         self.clear_picked_requested)  # fmt: skip
        self.questions: list[QuestionWidget] = []
        self._list = QVBoxLayout()
        self._list.setSpacing(6)
        self._layout()
        self.set_picked("")
        self.set_exercise_shown(False, False)

    def _button(self, text: str, name: str, tip: str, signal: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(signal)
        return button

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.apply_button, self.end_button, self.sheet_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        picked = QHBoxLayout()
        picked.addWidget(self.picked, 1)
        picked.addWidget(self.clear_picked, 0, Qt.AlignmentFlag.AlignTop)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.summary)  # scrolls with the questions: four lines at 720 px in
        inner.addLayout(picked)  # presenter mode left the questions no room
        inner.addLayout(self._list)
        inner.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.score)
        layout.addLayout(buttons)
        layout.addWidget(self.scroll_area, 1)

    # --- what the feature shows ----------------------------------------------------------------

    def show_questions(self, summary: str, questions: list[str]) -> None:
        """A new exercise: its summary line and one QuestionWidget per question."""
        for widget in self.questions:
            self._list.removeWidget(widget)
            widget.deleteLater()
        self.questions = []
        for n, text in enumerate(questions, start=1):
            widget = QuestionWidget(n, text)
            widget.answered.connect(self.answered)
            widget.hint_requested.connect(self.hint_requested)
            widget.reveal_requested.connect(self.reveal_requested)
            widget.focused.connect(self.question_focused)
            self._list.addWidget(widget)
            self.questions.append(widget)
        self.summary.setText(summary)

    def question(self, number: int) -> QuestionWidget:
        return self.questions[number - 1]

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)

    def set_score(self, text: str) -> None:
        self.score.setText(text)

    def set_exercise_shown(self, shown: bool, open_: bool) -> None:
        """``shown``: an exercise is in the panel; ``open_``: it is still going on."""
        for widget in self.questions:
            widget.set_active(open_)
        self.end_button.setEnabled(open_)
        self.sheet_button.setEnabled(shown)
        self.score.setVisible(shown)
        if not open_:
            self.apply_button.setEnabled(False)

    def set_apply_enabled(self, on: bool) -> None:
        self.apply_button.setEnabled(on)
        self.apply_button.setToolTip(
            "Make the update (Step) so that the class sees it happen"
            if on
            else "Once every question is answered or revealed: make the update (Step)"
        )

    def set_picked(self, text: str) -> None:
        """The values picked in the diagram for the next exercise ("" if none)."""
        self.picked.setText(f"Picked for the next exercise: {text}" if text else "")
        self.picked.setVisible(bool(text))
        self.clear_picked.setVisible(bool(text))
