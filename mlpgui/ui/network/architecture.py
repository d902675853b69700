"""ArchitectureDialog: hidden layers, units per layer and the activation of every layer.

The input and output sizes follow the dataset. Applying a new architecture re-initialises the
network from the seed (the caller asks first when training progress would be lost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core import ACTIVATIONS
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.formatting import plural

if TYPE_CHECKING:
    from mlpgui.worker import ModelSnapshot, WorkerState

MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 256
NEW_LAYER_UNITS = 4

ACTIVATION_TIPS = {
    "sigmoid": "σ(d) = 1 / (1 + e^(−d)), the lecture's logistic function",
    "tanh": "tanh(d), outputs in (−1, 1)",
    "relu": "max(0, d)",
    "linear": "d (no squashing; the usual output for regression)",
    "step": "the perceptron's Heaviside step: forward only, backpropagation cannot train it",
}


def units_spin_name(layer: int) -> str:
    """objectName of the units field of hidden layer ``layer`` (1-based)."""
    return f"{names.HIDDEN_UNITS_SPIN}{layer}"


def activation_combo_name(layer: int) -> str:
    """objectName of the activation field of layer ``layer`` (1-based; the last is the
    output layer)."""
    return f"{names.ACTIVATION_COMBO}{layer}"


class ArchitectureDialog(QDialog):
    """Edit the hidden layers of ``setup`` for data with ``n_in`` inputs and ``n_out``
    targets; ``result_setup()`` is the edited setup."""

    def __init__(
        self, setup: TrainingSetup, n_in: int, n_out: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(names.ARCHITECTURE_DIALOG)
        self.setWindowTitle("Network architecture")
        self._setup, self._n_in, self._n_out = setup, n_in, n_out
        hidden = list(setup.layer_sizes[1:-1])
        acts = list(setup.activations)
        self._hidden_units: list[int] = hidden
        self._hidden_acts: list[str] = acts[:-1]

        self.layers_spin = QSpinBox()
        self.layers_spin.setObjectName(names.HIDDEN_LAYERS_SPIN)
        self.layers_spin.setRange(0, MAX_HIDDEN_LAYERS)
        self.layers_spin.setValue(len(hidden))
        self.layers_spin.setToolTip("0 hidden layers is a single-layer perceptron")
        self.layers_spin.valueChanged.connect(self._rebuild_rows)

        self.form = QFormLayout()
        self.form.addRow(QLabel(f"Inputs: <b>{n_in}</b> (the dataset's x columns)"))
        self.form.addRow("Hidden layers:", self.layers_spin)
        self._rows_form = QFormLayout()
        self.output_combo = self._activation_combo(acts[-1])
        self.summary = QLabel()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#82071e")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        out_form = QFormLayout()
        plural = "s" if n_out != 1 else ""
        out_form.addRow(f"Output layer ({n_out} unit{plural}):", self.output_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self._rows_form)
        layout.addLayout(out_form)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        note = QLabel(f"Applying re-initialises the network from seed {setup.seed}.")
        note.setStyleSheet("color:#656d76")
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._unit_spins: list[QSpinBox] = []
        self._act_combos: list[QComboBox] = []
        self._rebuild_rows()

    def _activation_combo(self, current: str) -> QComboBox:
        combo = QComboBox()
        for name in ACTIVATIONS:
            combo.addItem(name, name)
            combo.setItemData(
                combo.count() - 1, ACTIVATION_TIPS.get(name, name), Qt.ItemDataRole.ToolTipRole
            )
        combo.setCurrentIndex(combo.findData(current))
        combo.currentIndexChanged.connect(self._refresh)
        return combo

    def _rebuild_rows(self) -> None:
        # remember what was typed, so shrinking and growing again keeps it
        for k, (spin, combo) in enumerate(zip(self._unit_spins, self._act_combos, strict=True)):
            if k < len(self._hidden_units):
                self._hidden_units[k] = spin.value()
                self._hidden_acts[k] = combo.currentData()
        while self._rows_form.rowCount():
            self._rows_form.removeRow(0)
        self._unit_spins, self._act_combos = [], []
        count = self.layers_spin.value()
        while len(self._hidden_units) < count:
            last = self._hidden_units[-1] if self._hidden_units else NEW_LAYER_UNITS
            self._hidden_units.append(last)
            self._hidden_acts.append(self._hidden_acts[-1] if self._hidden_acts else "sigmoid")
        for k in range(count):
            spin = QSpinBox()
            spin.setObjectName(units_spin_name(k + 1))
            spin.setRange(1, MAX_UNITS)
            spin.setValue(self._hidden_units[k])
            spin.setSuffix(" units")
            spin.valueChanged.connect(self._refresh)
            combo = self._activation_combo(self._hidden_acts[k])
            combo.setObjectName(activation_combo_name(k + 1))
            self._rows_form.addRow(f"Hidden layer {k + 1}:", spin)
            self._rows_form.addRow("", combo)
            self._unit_spins.append(spin)
            self._act_combos.append(combo)
        self.output_combo.setObjectName(activation_combo_name(count + 1))
        self._refresh()

    def layer_sizes(self) -> tuple[int, ...]:
        return (self._n_in, *(s.value() for s in self._unit_spins), self._n_out)

    def activations(self) -> tuple[str, ...]:
        return (*(c.currentData() for c in self._act_combos), self.output_combo.currentData())

    def result_setup(self) -> TrainingSetup:
        """The setup with the edited architecture (initial parameters dropped)."""
        return self._setup.replace(layer_sizes=self.layer_sizes(), activations=self.activations())

    def _refresh(self) -> None:
        sizes = self.layer_sizes()
        count = sum((sizes[k] + 1) * sizes[k + 1] for k in range(len(sizes) - 1))
        self.summary.setText(
            f"Network <b>{'-'.join(map(str, sizes))}</b>: {count:,} parameters (weights and biases)"
        )
        acts = self.activations()
        problems = []
        if "step" in acts:
            problems.append("The step activation cannot be trained by backpropagation.")
        if self._setup.loss == "cross_entropy" and acts[-1] != "sigmoid":
            problems.append(
                "Cross-entropy needs a sigmoid output layer; choose sigmoid or change the loss."
            )
        self.warning.setText(" ".join(problems))
        self.warning.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not any("Cross-entropy" in p for p in problems))


def choose_architecture(
    parent: QWidget, state: WorkerState | None, snapshot: ModelSnapshot
) -> TrainingSetup | None:
    """Let the user edit the architecture of the current setup; None if cancelled."""
    setup = state.setup if state is not None else snapshot.setup
    data = snapshot.dataset
    inputs = data.input_dim + len(setup.input_features)  # the raw columns and the features
    dialog = ArchitectureDialog(setup, inputs, data.output_dim, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_setup()


def confirm_architecture(parent: QWidget, state: WorkerState | None, setup: TrainingSetup) -> bool:
    """True if ``setup`` changes the architecture and the user agrees to lose the updates
    made so far (asked only when there are some)."""
    if state is not None and (
        state.setup.layer_sizes == setup.layer_sizes
        and state.setup.activations == setup.activations
    ):
        return False
    if state is None or state.steps == 0:
        return True
    answer = QMessageBox.question(
        parent,
        "Change the architecture?",
        f"A {'-'.join(map(str, setup.layer_sizes))} network starts from new initial weights: "
        f"the {plural(state.steps, 'update')} made so far will be discarded.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
