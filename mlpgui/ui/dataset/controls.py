"""The editor's small controls: preset generator (with New seed: the same preset drawn again
with a fresh random seed), train/test split and class selector.

They emit intents only; ``show_*`` methods make them reflect the data without echoing. Their
slots are guarded (see guard.py); the slots of the intents report errors themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from mlpgui.core import PRESETS, preset_info
from mlpgui.core.presets import new_seed, preset_point_range
from mlpgui.ui import names

from . import style
from .guard import guarded

MAX_SEED = 2**31 - 1


class PresetControls(QWidget):
    """Preset combo, number of points, noise, seed, New seed and Regenerate.

    Signals:
        preset_chosen(str): a preset was picked (load it with its defaults).
        settings_changed(str, int, float, int): points, noise or seed changed
            (name, n_points, noise, seed): generate again, merging with the last generation.
        regenerate_requested(str, int, float, int): Regenerate was pressed, or New seed (with
            the newly drawn seed, already shown in the Seed box): replace the data (one undo
            step).
    """

    preset_chosen = Signal(str)
    settings_changed = Signal(str, int, float, int)
    regenerate_requested = Signal(str, int, float, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setObjectName(names.PRESET_COMBO)
        self.combo.addItem("Your own data", None)
        self.combo.setItemData(
            0, "Data drawn, typed or imported by you (pick a preset to replace them)",
            Qt.ItemDataRole.ToolTipRole,
        )  # fmt: skip
        for name in PRESETS:
            info = preset_info(name)
            self.combo.addItem(info.title, name)
            self.combo.setItemData(
                self.combo.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        self.combo.setToolTip("Load a preset's data (the network is kept when it fits)")
        # Long titles may be cut short rather than widen the dock (and the window).
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        self.points = QSpinBox()
        self.points.setObjectName(names.PRESET_POINTS_SPIN)
        self.points.setToolTip("Number of points to generate")
        self.noise = QDoubleSpinBox()
        self.noise.setObjectName(names.PRESET_NOISE_SPIN)
        self.noise.setRange(0.0, 5.0)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.01)
        self.noise.setToolTip("Noise (standard deviation); the same seed keeps the same points")
        self.seed = QSpinBox()
        self.seed.setObjectName(names.PRESET_SEED_SPIN)
        self.seed.setRange(0, MAX_SEED)
        self.seed.setToolTip("Seed of the random points")
        self.regenerate, self.new_seed = self._buttons()
        for spin in (self.points, self.noise, self.seed):
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._on_setting)
        self.combo.activated.connect(self._on_activated)
        self._layout()
        self.show_preset(PRESETS[0])

    def _layout(self) -> None:
        """Two columns of (label, field) pairs, narrow enough for an 800-pixel-wide window:

            Preset  [combo ..................]
            Points  [      ]   Noise  [      ]
            Seed    [      ]  (Test   [      ])
                    [New seed] [Regenerate  ]

        ``add_setting`` fills the place in brackets."""
        layout = self.grid = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        fields: list[tuple[str, QWidget, int, int]] = [
            ("Preset", self.combo, 0, 0),
            ("Points", self.points, 1, 0),
            ("Noise", self.noise, 1, 2),
            ("Seed", self.seed, 2, 0),
        ]
        for text, field, row, column in fields:
            label = QLabel(text)
            label.setBuddy(field)
            layout.addWidget(label, row, column)
            layout.addWidget(field, row, column + 1, 1, 3 if field is self.combo else 1)
        layout.addWidget(self.new_seed, 3, 1)
        layout.addWidget(self.regenerate, 3, 2, 1, 2)
        for column in (1, 3):
            layout.setColumnStretch(column, 1)

    def _buttons(self) -> tuple[QPushButton, QPushButton]:
        """Regenerate (with the seed shown) and New seed (with a newly drawn one)."""
        regenerate = QPushButton("Regenerate")
        regenerate.setObjectName(names.REGENERATE_BUTTON)
        regenerate.setToolTip(
            "Generate the preset's points again with these settings (replaces the data)"
        )
        regenerate.clicked.connect(self._on_regenerate)
        fresh = QPushButton("New seed")
        fresh.setObjectName(names.NEW_DATA_SEED_BUTTON)
        fresh.setToolTip(
            "Draw the preset's points again with a new random seed, the same number of points "
            "and noise (replaces the data; Edit ▸ Undo brings them back)"
        )
        fresh.clicked.connect(self._on_new_seed)
        return regenerate, fresh

    def add_setting(self, label: QLabel, widget: QWidget) -> None:
        """Put one more labelled control next to the seed."""
        self.grid.addWidget(label, 2, 2)
        self.grid.addWidget(widget, 2, 3)

    def name(self) -> str | None:
        """The preset shown, or None for "Your own data"."""
        name = self.combo.currentData()
        return None if name is None else str(name)

    def settings(self) -> tuple[str | None, int, float, int]:
        return self.name(), self.points.value(), self.noise.value(), self.seed.value()

    def show_preset(self, name: str | None, n_points: int | None = None) -> None:
        """Show preset ``name`` with its defaults (or ``n_points``), or with None "Your own
        data"; emits nothing."""
        blockers = [QSignalBlocker(w) for w in (self.combo, self.points, self.noise, self.seed)]
        self.combo.setCurrentIndex(max(self.combo.findData(name), 0))
        if name is not None:
            info = preset_info(name)
            self.points.setRange(*preset_point_range(name))
            self.points.setValue(info.default_points if n_points is None else n_points)
            self.noise.setValue(info.default_noise)
            self.seed.setValue(info.default_seed)
        adjustable = name not in (None, "mazur")
        for widget in (self.points, self.noise, self.seed, self.new_seed):
            widget.setEnabled(adjustable)
        self.regenerate.setEnabled(name is not None)
        del blockers

    @guarded()
    def _on_activated(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name is not None:
            self.preset_chosen.emit(name)

    @guarded()
    def _on_setting(self, *_: object) -> None:
        name, n_points, noise, seed = self.settings()
        if name is not None:
            self.settings_changed.emit(name, n_points, noise, seed)

    @guarded()
    def _on_regenerate(self, *_: object) -> None:
        name, n_points, noise, seed = self.settings()
        if name is not None:
            self.regenerate_requested.emit(name, n_points, noise, seed)

    @guarded()
    def _on_new_seed(self, *_: object) -> None:
        """Show a newly drawn seed (different from the one shown) and regenerate with it."""
        name, n_points, noise, seed = self.settings()
        if name is None:
            return
        fresh = new_seed(seed)
        with QSignalBlocker(self.seed):
            self.seed.setValue(fresh)
        self.regenerate_requested.emit(name, n_points, noise, fresh)


class SplitControls(QObject):
    """The share of rows held out for testing, in percent (``testSplitSpin``).

    Signals:
        fraction_changed(float): the new test fraction in [0, 0.9].
    """

    fraction_changed = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setObjectName(names.TEST_SPLIT_SPIN)
        self.spin.setRange(0, 90)
        self.spin.setSingleStep(5)
        self.spin.setSuffix(" %")
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(
            "Share of the points held out for testing: drawn hollow, not trained on; the loss "
            "plot shows their loss"
        )
        self.spin.valueChanged.connect(self._on_value)
        self.label = QLabel("Test")
        self.label.setBuddy(self.spin)

    @guarded()
    def _on_value(self, percent: int) -> None:
        self.fraction_changed.emit(percent / 100.0)

    def show_fraction(self, fraction: float) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(round(100 * fraction))


class ClassControls(QWidget):
    """Which class a click adds (``classCombo``); Shift+click adds the other (next) one.

    Hidden until the editor shows data with classes: a row laid out while hidden data are
    loading would hold the dock's (and the window's) minimum size up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setObjectName(names.CLASS_COMBO)
        self.combo.setToolTip("Class of the points you click in; Shift+click adds the other class")
        label = QLabel("Class")
        label.setBuddy(self.combo)
        hint = QLabel("Shift+click adds the other class")
        hint.setStyleSheet("color: #666")
        hint.setWordWrap(True)  # two lines rather than a wider window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(hint, 1)
        self.show_classes(2)
        self.hide()

    def show_classes(self, count: int) -> None:
        """Offer classes 0 … count − 1 (keeping the choice when possible)."""
        if self.combo.count() == count:
            return
        current = max(self.combo.currentIndex(), 0)
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for k in range(count):
                self.combo.addItem(style.class_icon(k), f"class {k}", k)
            self.combo.setCurrentIndex(min(current, count - 1))

    def label(self, other: bool = False) -> int:
        """The selected class, or with ``other`` the next one."""
        k = max(self.combo.currentIndex(), 0)
        return (k + 1) % self.combo.count() if other else k
