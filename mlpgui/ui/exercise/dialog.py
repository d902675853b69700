"""ExerciseDialog (``exerciseDialog``): which quantities of the next update an exercise asks
for — drawn at random with a seed (the same seed gives the same exercises: a class can share
one), how many and of which kinds, or the values the teacher picked in the diagram ("Ask for
this value"). It only collects an ``ExerciseRequest``; ExerciseFeature makes the exercise.
GUI thread; window-modal, answered with ``chosen(ExerciseRequest)``."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core.exercise import MAX_EXERCISES, QUANTITY_KINDS
from mlpgui.core.limits import MAX_SEED
from mlpgui.ui import names
from mlpgui.ui.formatting import plural

KIND_WORDS = {
    "drive": "drive d of a unit",
    "activation": "activation a of a unit",
    "output_delta": "δ of an output unit",
    "hidden_delta": "δ of a hidden unit",
    "weight_gradient": "gradient ∂L/∂w of a weight",
    "bias_gradient": "gradient ∂L/∂b of a bias",
    "weight_new": "w after the update",
    "bias_new": "b after the update",
}
DEFAULT_COUNT = 5
ERROR_STYLE = "color:#82071e"


@dataclass(frozen=True)
class ExerciseRequest:
    """What to ask: ``picked`` (the values picked in the diagram) or ``count`` quantities of
    ``kinds`` drawn with ``seed``."""

    picked: bool = False
    seed: int = 0
    count: int = DEFAULT_COUNT
    kinds: tuple[str, ...] = QUANTITY_KINDS


def parse_seed(text: str) -> int:
    """The seed typed (spaces and thousands separators allowed); ValueError with a sentence."""
    compact = text.replace(",", "").replace("_", "").replace(" ", "")
    if not compact.isdigit() or int(compact) > MAX_SEED:
        raise ValueError("The seed must be a whole number from 0 to 2^64 − 1.")
    return int(compact)


class ExerciseDialog(QDialog):
    """See the module docstring. ``picked``: how many values are picked in the diagram."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget, last: ExerciseRequest, picked: int) -> None:
        super().__init__(parent)
        self.setObjectName(names.EXERCISE_DIALOG)
        self.setWindowTitle("Exercise on the next update")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.random_radio = QRadioButton("Draw quantities at random")
        self.random_radio.setObjectName(names.EXERCISE_RANDOM_RADIO)
        self.picked_radio = QRadioButton(
            f"Ask for the {plural(picked, 'value')} picked in the diagram"
        )
        self.picked_radio.setObjectName(names.EXERCISE_PICKED_RADIO)
        self.picked_radio.setEnabled(picked > 0)
        self.picked_radio.setToolTip(
            "Right-click a unit or an edge in the diagram: Ask for this value"
        )
        group = QButtonGroup(self)
        group.addButton(self.random_radio)
        group.addButton(self.picked_radio)
        (self.picked_radio if picked and last.picked else self.random_radio).setChecked(True)

        self.seed_edit = QLineEdit(str(last.seed))
        self.seed_edit.setObjectName(names.EXERCISE_SEED_EDIT)
        self.seed_edit.setToolTip(
            "The same seed gives the same exercises on the same update: share it with a class"
        )
        new_seed = QPushButton("New seed")
        new_seed.setObjectName(names.EXERCISE_NEW_SEED_BUTTON)
        new_seed.clicked.connect(self._new_seed)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName(names.EXERCISE_COUNT_SPIN)
        self.count_spin.setRange(1, MAX_EXERCISES)
        self.count_spin.setValue(last.count)
        self.kinds_list = QListWidget()
        self.kinds_list.setObjectName(names.EXERCISE_KINDS_LIST)
        for kind in QUANTITY_KINDS:
            item = QListWidgetItem(KIND_WORDS[kind])
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = kind in last.kinds
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.kinds_list.addItem(item)
        self.kinds_list.setMaximumHeight(self.kinds_list.sizeHintForRow(0) * 9)
        self.error = QLabel()
        self.error.setObjectName(names.EXERCISE_DIALOG_ERROR)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self._layout(new_seed)
        self.random_radio.toggled.connect(self._sync)
        self._sync()

    def _layout(self, new_seed: QPushButton) -> None:
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_edit, 1)
        seed_row.addWidget(new_seed)
        form = QFormLayout()
        form.addRow("Seed", seed_row)
        form.addRow("Questions", self.count_spin)
        form.addRow("Kinds", self.kinds_list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "The questions are about the next update from the current weights; while the "
            "exercise is open, the diagram and the inspector hide the values it asks for."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#656d76")
        layout = QVBoxLayout(self)
        layout.addWidget(self.random_radio)
        layout.addLayout(form)
        layout.addWidget(self.picked_radio)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _sync(self) -> None:
        on = self.random_radio.isChecked()
        for widget in (self.seed_edit, self.count_spin, self.kinds_list):
            widget.setEnabled(on)

    def _new_seed(self) -> None:
        self.seed_edit.setText(str(random.randrange(1_000_000)))

    def kinds(self) -> tuple[str, ...]:
        """The kinds ticked, in the list's order."""
        found = []
        for row in range(self.kinds_list.count()):
            item = self.kinds_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(item.data(Qt.ItemDataRole.UserRole))
        return tuple(found)

    def request(self) -> ExerciseRequest:
        """What the dialog asks for; ValueError (one sentence) if something is missing."""
        if self.picked_radio.isChecked():
            return ExerciseRequest(picked=True)
        kinds = self.kinds()
        if not kinds:
            raise ValueError("Tick at least one kind of quantity.")
        seed = parse_seed(self.seed_edit.text())
        return ExerciseRequest(False, seed, self.count_spin.value(), kinds)

    def _start(self) -> None:
        try:
            request = self.request()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
        self.chosen.emit(request)
