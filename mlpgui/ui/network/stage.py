"""NetworkStage: the window's main view — the diagram with its display options above it, the
walk-through's phase line, and the legend below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mlpgui.ui import names

from .fonts import FontScaler
from .legend import Legend
from .palette import NORMAL, PRESENTER
from .view import NetworkView

EDGE_QUANTITIES = [
    (
        "w before update",
        "w_before",
        "The weights and biases the update shown started from (θ before update k): the ones "
        "its forward pass, δ and gradients were computed with",
    ),
    ("∂L/∂w", "gradient", "The gradient ∂L/∂w of the update shown (δ_i a_j over the batch)"),
    ("Δw", "update", "The change Δw = −γ ∂L/∂w the update made"),
    (
        "w after update",
        "w_after",
        "The weights and biases the update made (θ after update k; the weights now when k is "
        "the latest update and nothing was edited since)",
    ),
]
UNIT_QUANTITIES = [
    ("a", "a", "Activations a = f(d)"),
    ("d", "d", "Drives d = Σ w a + b"),
    ("δ", "delta", "Deltas δ (backpropagated error)"),
    ("none", "none", "No numbers on the units"),
]


def _combo(name: str, items: list[tuple[str, str, str]], tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for k, (text, data, item_tip) in enumerate(items):
        combo.addItem(text, data)
        combo.setItemData(k, item_tip, Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    return combo


STATE_STYLE = "QLabel { color:#1f2328; background:#f0f3f6; padding:2px 8px; }"
PRESENTER_STATE_STYLE = (
    "QLabel { color:#000000; background:#ffffff; border-bottom:2px solid #000000; "
    "padding:2px 8px; }"
)


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" when narrow (full text as tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self.setToolTip(text)
            self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        super().setText(shown)


class NetworkStage(QWidget):
    """Holds the view and the controls of what it shows (the presenter wires them)."""

    def __init__(self, view: NetworkView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.NETWORK_STAGE)
        self.view = view
        self.default_sample = 0
        """The sample chosen when a batch appears: 1 for classification data (its batch mean
        would look like a sample that is none), 0 (the batch mean) otherwise."""
        self._build_options(view)
        self._build_phase_label()
        self._build_state_label()
        self._fonts = FontScaler(self, lambda w: w is view or view.isAncestorOf(w))
        self.legend = Legend()
        self.legend.setObjectName(names.NETWORK_LEGEND)
        self.note = ElidedLabel()
        self.note.setObjectName(names.NETWORK_NOTE_LABEL)
        self.note.setStyleSheet("color:#656d76")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._options_bar())
        layout.addWidget(self.phase_label)
        layout.addWidget(self.state_label)
        layout.addWidget(view, 1)
        layout.addLayout(self._bottom_row())

    def _build_options(self, view: NetworkView) -> None:
        """The display options: what edges and units show, which sample, values on edges,
        Fit and the architecture button."""
        self.edge_combo = _combo(
            names.EDGE_QUANTITY_COMBO, EDGE_QUANTITIES, "What edge colour and width show"
        )
        self.unit_combo = _combo(
            names.UNIT_QUANTITY_COMBO, UNIT_QUANTITIES, "The numbers written on the units"
        )
        self.sample_spin = QSpinBox()
        self.sample_spin.setObjectName(names.SAMPLE_SPIN)
        self.sample_spin.setRange(0, 0)
        self.sample_spin.setSpecialValueText("batch mean")
        self.sample_spin.setPrefix("n = ")
        self.sample_spin.setToolTip(
            "Which sample of the update's batch the units and the inspector show "
            "(batch mean: the mean over the batch of B samples)"
        )
        self.edge_values_check = QCheckBox("Values on edges")
        self.edge_values_check.setObjectName(names.EDGE_VALUES_CHECK)
        self.edge_values_check.setChecked(True)
        self.edge_values_check.setToolTip("Write each edge's value on it (small networks)")
        self.fit_button = QToolButton()
        self.fit_button.setObjectName(names.FIT_VIEW_BUTTON)
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Fit the whole network into the view (Ctrl+0)")
        self.fit_button.clicked.connect(view.fit)
        self.architecture_button = QToolButton()
        self.architecture_button.setObjectName(names.ARCHITECTURE_BUTTON)

    def _options_bar(self) -> QToolBar:
        """The options in a tool bar, so that a narrow window hides some behind "»" instead
        of growing."""
        options = QToolBar("Diagram options")
        options.setObjectName(names.NETWORK_OPTIONS_BAR)
        options.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for text, widget in [
            ("Edges ", self.edge_combo),
            (" Units ", self.unit_combo),
            (" Sample ", self.sample_spin),
        ]:
            label = QLabel(text)
            label.setBuddy(widget)
            options.addWidget(label)
            options.addWidget(widget)
        options.addSeparator()
        options.addWidget(self.edge_values_check)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        options.addWidget(spacer)
        options.addWidget(self.fit_button)
        options.addWidget(self.architecture_button)
        return options

    def _build_phase_label(self) -> None:
        """The walk-through's phase line (hidden until a phase is shown)."""
        self.phase_label = QLabel()
        self.phase_label.setObjectName(names.PHASE_LABEL)
        self.phase_label.setWordWrap(True)
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        self.phase_label.setStyleSheet(
            "QLabel { background:#fff4c2; border:1px solid #f0c000; padding:4px 8px; }"
        )
        self.phase_label.hide()

    def _build_state_label(self) -> None:
        """The line saying what the diagram shows."""
        self.state_label = QLabel()
        self.state_label.setObjectName(names.DIAGRAM_STATE_LABEL)
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setToolTip(
            "What the diagram shows: an update as it was computed — its edges the weights "
            "it started from (or the quantity chosen under Edges), its units the forward pass "
            "at those weights"
        )
        self.state_label.setStyleSheet(STATE_STYLE)

    def _bottom_row(self) -> QHBoxLayout:
        """The legend and the note below the diagram."""
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 2, 6, 2)
        bottom.addWidget(self.legend, 3)
        bottom.addSpacing(12)
        bottom.addWidget(self.note, 2)
        return bottom

    @property
    def edge_quantity(self) -> str:
        return str(self.edge_combo.currentData())

    @property
    def unit_quantity(self) -> str:
        return str(self.unit_combo.currentData())

    def set_batch_size(self, size: int) -> None:
        """Let the sample field choose among ``size`` samples (or the batch mean); when a
        batch appears, choose ``default_sample``."""
        spin = self.sample_spin
        if size <= 1:
            spin.setRange(0, 0)
            spin.setSpecialValueText("one sample" if size == 1 else "–")
            spin.setEnabled(False)
        else:
            spin.setSpecialValueText("batch mean")
            spin.setEnabled(True)
            if spin.maximum() != size:
                appeared = spin.maximum() == 0
                spin.setRange(0, size)
                if appeared:
                    spin.setValue(min(self.default_sample, size))

    def set_default_sample(self, sample: int) -> None:
        """Choose ``sample`` (0: the batch mean) now and whenever a batch appears."""
        self.default_sample = sample
        spin = self.sample_spin
        if spin.isEnabled():
            spin.setValue(min(sample, spin.maximum()))

    def set_presenter(self, on: bool) -> None:
        """Every text of the stage FONT_SCALE times larger (on) or as before (off)."""
        if on:
            self._fonts.scale(PRESENTER.font_scale)
        else:
            self._fonts.restore()
        theme = PRESENTER if on else NORMAL
        self.legend.set_theme(theme)
        self.state_label.setStyleSheet(PRESENTER_STATE_STYLE if on else STATE_STYLE)
        self.note.setStyleSheet(f"color:{theme.muted.name()}")

    @property
    def sample(self) -> int | None:
        """The chosen sample's position in the batch (None: the batch mean)."""
        value = self.sample_spin.value()
        return None if value == 0 else value - 1
