"""PlaygroundPanel: the additions to the lecture (as in TensorFlow Playground), all off by
default — L2 and L1 regularisation of the weights (λ₂, λ₁), classical momentum (μ) and
derived input features (x₁², x₂², x₁x₂, sin x₁, sin x₂ of the current raw inputs).

The panel only emits intents (``*_requested``) and shows the worker's setup (``show_setup``)
without echoing it back. The wiring — dock, Training menu, intents, asking before a new input
layer discards updates — is in playground_feature.py. GUI thread only.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core.features import KINDS, Feature, all_features, input_labels
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.update_rule import MAX_REGULARISATION_RATE

from . import names
from .formatting import format_number
from .training_controls import CompactDoubleSpinBox

MAX_FEATURE_INPUTS = 3
"""Input features are offered for data of at most this many raw input columns (3 columns
already give 9 features: 3 squares, 3 products, 3 sines)."""
MAX_MOMENTUM = 0.999999
"""The largest μ the spin box offers: the largest its 6 decimals show below 1 (the core
accepts any μ < 1, as the README and the tooltip say)."""
PENDING_SECONDS = 2.0
"""A value asked for is shown until the worker reports it (its reports meanwhile still carry
the old one), or a refusal comes, or this long has passed."""

L2_TIP = (
    "L2 regularisation (weight decay) λ₂: L = L_data + λ₂/2 Σ w², so every weight's gradient "
    "gains λ₂ w: ∂L/∂w = (Σₙ δᵢ aⱼ)/B + λ₂ w. Biases are not regularised. 0: off (the "
    "lecture's loss). Applies from the next update."
)
L1_TIP = (
    "L1 regularisation λ₁: L = L_data + λ₁ Σ |w|, so every weight's gradient gains "
    "λ₁ sign(w): ∂L/∂w = (Σₙ δᵢ aⱼ)/B + λ₁ sign w, which pushes small weights to 0. Biases are "
    "not regularised. 0: off. Applies from the next update."
)
MOMENTUM_TIP = (
    "Momentum μ (0 ≤ μ < 1): v_new = μ v_old − γ ∂L/∂θ, θ_new = θ_old + v_new — each update "
    "keeps μ of the previous one. 0: plain gradient descent θ_new = θ_old − γ ∂L/∂θ, as in the "
    "lecture (and the velocity v is forgotten). Applies from the next update."
)
FEATURE_TIP = (
    "An extra input unit a⁽⁰⁾ fed with {label} of each sample, computed from the raw inputs. "
    "Changing the input features builds a new input layer: the network starts from new "
    "initial weights."
)


def summary(setup: TrainingSetup) -> str:
    """One sentence saying which additions are on ("All off: …" when none is)."""
    parts = []
    if setup.l2_rate:
        parts.append(f"λ₂ = {format_number(setup.l2_rate)}")
    if setup.l1_rate:
        parts.append(f"λ₁ = {format_number(setup.l1_rate)}")
    if setup.momentum:
        parts.append(f"μ = {format_number(setup.momentum)}")
    if setup.input_features:
        labels = input_labels(setup.raw_input_dim, setup.input_features)
        parts.append("inputs " + ", ".join(labels))
    if not parts:
        return "All off: plain gradient descent on the raw inputs, as in the lecture."
    return "On: " + "; ".join(parts) + "."


class PlaygroundPanel(QWidget):
    """λ₂, λ₁ and μ spin boxes and the input-feature check boxes (see the module docstring).

    Signals:
        regularisation_requested(float, float): (λ₁, λ₂) the user chose.
        momentum_requested(float): μ the user chose.
        features_requested(tuple): the whole new tuple of ``Feature``s the user chose.
    """

    regularisation_requested = Signal(float, float)
    momentum_requested = Signal(float)
    features_requested = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PLAYGROUND_PANEL)
        self._raw_dim: int | None = None
        self._features: tuple[Feature, ...] = ()
        self._pending: dict[str, tuple[object, float]] = {}
        """{"rates" | "momentum": (value asked for, time.monotonic() when)}"""
        self.checks: dict[Feature, QCheckBox] = {}
        self.l2_spin = self._spin(names.L2_RATE_SPIN, MAX_REGULARISATION_RATE, L2_TIP)
        self.l1_spin = self._spin(names.L1_RATE_SPIN, MAX_REGULARISATION_RATE, L1_TIP)
        self.momentum_spin = self._spin(names.MOMENTUM_SPIN, MAX_MOMENTUM, MOMENTUM_TIP)
        self.momentum_spin.setDecimals(6)
        self.momentum_spin.setSingleStep(0.1)
        self.momentum_spin.setStepType(QDoubleSpinBox.StepType.DefaultStepType)
        self.l2_spin.valueChanged.connect(self._on_rates)
        self.l1_spin.valueChanged.connect(self._on_rates)
        self.momentum_spin.valueChanged.connect(self._on_momentum)

        rules = QGroupBox("Update rule")
        form = QFormLayout(rules)
        for text, spin in (
            ("λ₂ (L2)", self.l2_spin),
            ("λ₁ (L1)", self.l1_spin),
            ("Momentum μ", self.momentum_spin),
        ):
            label = QLabel(text)
            label.setBuddy(spin)
            label.setToolTip(spin.toolTip())
            form.addRow(label, spin)
        self.features_box = QGroupBox("Input features")
        self._grid = QGridLayout(self.features_box)
        self.features_note = QLabel()
        self.features_note.setObjectName(names.PLAYGROUND_FEATURES_NOTE)
        self.features_note.setWordWrap(True)
        self.summary_label = QLabel(summary(TrainingSetup((1, 1), ("linear",))))
        self.summary_label.setObjectName(names.PLAYGROUND_SUMMARY)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.addWidget(rules)
        layout.addWidget(self.features_box)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)

    @staticmethod
    def _spin(name: str, maximum: float, tip: str) -> CompactDoubleSpinBox:
        spin = CompactDoubleSpinBox()
        spin.setObjectName(name)
        spin.setDecimals(12)  # stored precision; the text is compact
        spin.setRange(0.0, maximum)
        spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        spin.setKeyboardTracking(False)  # one intent per typed number (Enter or leaving)
        spin.setAccelerated(True)
        spin.setToolTip(tip)
        spin.setStatusTip(tip)
        return spin

    # --- what the worker has ------------------------------------------------------------------

    def show_setup(self, setup: TrainingSetup) -> None:
        """Show the worker's λ₂, λ₁, μ and input features (emits nothing). A spin box the user
        is typing in keeps the typed text."""
        shown = []
        if self._settled("rates", (setup.l1_rate, setup.l2_rate)):
            shown += [(self.l2_spin, setup.l2_rate), (self.l1_spin, setup.l1_rate)]
        if self._settled("momentum", setup.momentum):
            shown.append((self.momentum_spin, setup.momentum))
        for spin, value in shown:
            typing = spin.hasFocus() and spin.lineEdit().isModified()
            if spin.value() != value and not typing:
                with QSignalBlocker(spin):
                    spin.setValue(value)
        if setup.raw_input_dim != self._raw_dim:
            self._build_checks(setup.raw_input_dim)
        self._features = setup.input_features
        for feature, check in self.checks.items():
            with QSignalBlocker(check):
                check.setChecked(feature in self._features)
        text = summary(setup)
        if self.summary_label.text() != text:
            self.summary_label.setText(text)

    def _build_checks(self, raw_dim: int) -> None:
        """One check box per feature of ``raw_dim`` raw inputs (squares, products, sines)."""
        self._raw_dim = raw_dim
        for check in self.checks.values():
            self._grid.removeWidget(check)
            check.deleteLater()
        self.checks = {}
        self._grid.removeWidget(self.features_note)
        if raw_dim > MAX_FEATURE_INPUTS:
            self.features_note.setText(
                f"Input features are offered for data of at most {MAX_FEATURE_INPUTS} input "
                f"columns; these data have {raw_dim}."
            )
            self._grid.addWidget(self.features_note, 0, 0)
            self.features_note.show()
            return
        self.features_note.hide()
        features = all_features(raw_dim)
        labels = input_labels(raw_dim, features)[raw_dim:]
        rows = dict.fromkeys(KINDS, 0)
        for feature, label in zip(features, labels, strict=True):
            check = QCheckBox(label)
            check.setObjectName(names.input_feature_name(feature.code()))
            check.setToolTip(FEATURE_TIP.format(label=label))
            check.toggled.connect(lambda on, f=feature: self.toggle_feature(f, on))
            self._grid.addWidget(check, rows[feature.kind], KINDS.index(feature.kind))
            rows[feature.kind] += 1
            self.checks[feature] = check

    def _settled(self, key: str, reported: object) -> bool:
        """False while a value asked for under ``key`` is on its way (the worker reports
        something else, not long after it was asked for)."""
        pending = self._pending.get(key)
        if pending is None:
            return True
        value, since = pending
        if value != reported and time.monotonic() - since < PENDING_SECONDS:
            return False
        del self._pending[key]
        return True

    def forget_requests(self) -> None:
        """The worker refused something: show what it reports from now on."""
        self._pending.clear()

    # --- the user's choices -------------------------------------------------------------------

    def _on_rates(self) -> None:
        rates = (self.l1_spin.value(), self.l2_spin.value())
        self._pending["rates"] = (rates, time.monotonic())
        self.regularisation_requested.emit(*rates)

    def _on_momentum(self, mu: float) -> None:
        self._pending["momentum"] = (mu, time.monotonic())
        self.momentum_requested.emit(mu)

    def toggle_feature(self, feature: Feature, on: bool) -> None:
        """Ask for the shown features with ``feature`` switched on or off."""
        chosen = set(self._features)
        if on:
            chosen.add(feature)
        else:
            chosen.discard(feature)
        if chosen != set(self._features):
            self.features_requested.emit(tuple(sorted(chosen, key=lambda f: f.sort_key)))
