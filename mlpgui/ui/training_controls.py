"""TrainingControls: the Step / Run / Pause / Reset actions and the toolbar's settings.

The controls only emit intents (``*_requested``); ``show_state`` makes them reflect what the
worker reports, without echoing it back as new intents.

Run and Pause show the state last asked for, at once: the worker reports its status a little
later, so toggling on the reported status would get quick toggles wrong. The controls count
the run/pause changes they asked for that the worker has not reported yet, and take over the
worker's status only when none is outstanding (a divergence, a finished Step N, an error or
a reset then show as paused).

Before Step, Step N, Run, Run / Pause (when it would run) and Reset send anything, the
controls ask every function given to ``add_confirmation`` (exercise mode asks "End the
exercise?"); features ask the same functions through ``confirm`` before their own actions that
change the next update. However the action is triggered — shortcut, button, menu, or
``action.trigger()`` from code — the question comes first.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QInputDialog,
    QLabel,
    QStyle,
    QToolBar,
    QWidget,
)

from mlpgui.core.trainer import MAX_LEARNING_RATE
from mlpgui.worker import Status, WorkerState

from . import names
from .compact_spin import CompactDoubleSpinBox
from .speed_control import SpeedControl

Confirmation = Callable[[str], bool]
"""Asked before an action that changes the next update: ``ask("Step")``; False: don't."""

RECONCILE_SECONDS = 2.0
"""Run/pause requests the worker has not answered after this long are taken as lost: the
next report of its status is shown as it is."""
BATCHES: list[tuple[str, object]] = [
    ("Full batch", "full"),
    ("Online (1 sample)", "online"),
    *((f"Mini-batch {n}", n) for n in (2, 4, 8, 16, 32, 64, 128)),
]
LOSSES: list[tuple[str, str, str]] = [
    ("MSE", "mse", "Mean squared error, the lecture's L = 1/N Σ ½ (t − y)²"),
    ("SSE", "sse", "Sum of squared errors L = Σ ½ (t − y)² (no 1/N), as in Mazur's example"),
    ("Cross-entropy", "cross_entropy", "L = −1/N Σ [t ln y + (1 − t) ln(1 − y)], sigmoid outputs"),
]


def _action(parent: QObject, name: str, text: str, tip: str, *keys: str) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        native = QKeySequence.SequenceFormat.NativeText
        shown = ", ".join(QKeySequence(k).toString(native) for k in keys)
        tip = f"{tip} ({shown})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


class TrainingControls(QObject):
    """Owns the training actions and the toolbar; emits intents."""

    step_requested = Signal()
    step_many_requested = Signal(int)
    run_requested = Signal()
    pause_requested = Signal()
    reset_requested = Signal(bool)
    learning_rate_requested = Signal(float)
    loss_requested = Signal(str)
    batch_requested = Signal(object)
    max_rate_requested = Signal(float)
    train_biases_requested = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._shown_settings: tuple[object, ...] | None = None
        self._intended_running = False  # what the user asked for last (shown)
        self._reported_running = False  # what the worker reported last
        self._outstanding = 0  # run/pause changes asked for, not yet reported
        self._last_request = 0.0
        self._confirmations: list[Confirmation] = []
        self._build_actions(window)
        self._connect_actions()
        self._build_settings()
        self._build_toolbar(window)
        self._update_enabled()

    # --- construction -------------------------------------------------------------------------

    def _build_actions(self, window: QWidget) -> None:
        """Step, Step N, Run, Pause, Run / Pause, Reset, Reset with new seed, Train biases."""
        icon = window.style().standardIcon
        px = QStyle.StandardPixmap
        self.step_action = _action(
            window, names.STEP_ACTION, "Step", "Make exactly one update", "Right", "N"
        )
        self.step_action.setIcon(icon(px.SP_MediaSeekForward))
        self.step_many_action = _action(
            window,
            names.STEP_MANY_ACTION,
            "Step N updates…",
            "Make N updates, then pause",
            "Shift+Right",
        )
        self.run_action = _action(window, names.RUN_ACTION, "Run", "Train until paused")
        self.run_action.setIcon(icon(px.SP_MediaPlay))
        self.pause_action = _action(window, names.PAUSE_ACTION, "Pause", "Pause training")
        self.pause_action.setIcon(icon(px.SP_MediaPause))
        self.run_pause_action = _action(
            window, names.RUN_PAUSE_ACTION, "Run / Pause", "Run, or pause when running", "Space"
        )
        self.reset_action = _action(
            window,
            names.RESET_ACTION,
            "Reset",
            "Re-initialise the network from its seed and start counting anew",
            "Ctrl+R",
        )
        self.reset_action.setIcon(icon(px.SP_BrowserReload))
        self.new_seed_action = _action(
            window,
            names.NEW_SEED_ACTION,
            "Reset with new seed",
            "Re-initialise the network from a newly drawn seed",
            "Ctrl+Shift+R",
        )
        self.train_biases_action = _action(
            window,
            names.TRAIN_BIASES_ACTION,
            "Train biases",
            "Update the biases b too (off: they keep their values, as in Mazur's example)",
        )
        self.train_biases_action.setCheckable(True)
        self.train_biases_action.setChecked(True)
        self.run_action.setToolTip(self.run_action.toolTip() + " (Space)")
        self.pause_action.setToolTip(self.pause_action.toolTip() + " (Space)")

    def _connect_actions(self) -> None:
        self.step_action.triggered.connect(self._step)
        self.step_many_action.triggered.connect(self._ask_step_many)
        self.run_action.triggered.connect(self._run)
        self.pause_action.triggered.connect(self._pause)
        self.run_pause_action.triggered.connect(self._toggle_run)
        self.reset_action.triggered.connect(self._reset_same_seed)
        self.new_seed_action.triggered.connect(self._reset_new_seed)
        self.train_biases_action.toggled.connect(self.train_biases_requested)

    def _build_settings(self) -> None:
        """The γ spin box, the batch and loss combo boxes and the speed control."""
        self.learning_rate_spin = CompactDoubleSpinBox()
        self.learning_rate_spin.setObjectName(names.LEARNING_RATE_SPIN)
        self.learning_rate_spin.setDecimals(12)  # stored precision; the text is compact
        self.learning_rate_spin.setRange(0.0, MAX_LEARNING_RATE)
        self.learning_rate_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.learning_rate_spin.setKeyboardTracking(False)
        self.learning_rate_spin.setAccelerated(True)
        self.learning_rate_spin.setToolTip(
            "Learning rate γ in θ_new = θ_old − γ ∇L (applies from the next update)"
        )
        self.learning_rate_spin.valueChanged.connect(self.learning_rate_requested)

        self.batch_combo = QComboBox()
        self.batch_combo.setObjectName(names.BATCH_MODE_COMBO)
        for text, value in BATCHES:
            self.batch_combo.addItem(text, value)
        self.batch_combo.setToolTip(
            "Which samples each update uses: all (full batch), one at a time (online), or "
            "shuffled mini-batches"
        )
        self.batch_combo.activated.connect(
            lambda i: self.batch_requested.emit(self.batch_combo.itemData(i))
        )

        self.loss_combo = QComboBox()
        self.loss_combo.setObjectName(names.LOSS_COMBO)
        for i, (text, value, tip) in enumerate(LOSSES):
            self.loss_combo.addItem(text, value)
            self.loss_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.loss_combo.setToolTip("The loss function L")
        self.loss_combo.activated.connect(
            lambda i: self.loss_requested.emit(self.loss_combo.itemData(i))
        )

        self.speed = SpeedControl()
        self.speed.rate_requested.connect(self.max_rate_requested)

    def _build_toolbar(self, window: QWidget) -> None:
        self.toolbar = QToolBar("Training", window)
        self.toolbar.setObjectName(names.TRAINING_TOOLBAR)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.step_action, self.run_action, self.pause_action])
        self.toolbar.addAction(self.reset_action)
        self.toolbar.addSeparator()
        for text, widget, buddy in [
            ("γ", self.learning_rate_spin, self.learning_rate_spin),
            ("Batch", self.batch_combo, self.batch_combo),
            ("Loss", self.loss_combo, self.loss_combo),
            ("Speed", self.speed, self.speed.slider),
        ]:
            label = QLabel(f" {text} ")
            label.setBuddy(buddy)
            self.toolbar.addWidget(label)
            self.toolbar.addWidget(widget)

    # --- asking first ---------------------------------------------------------------------------

    def add_confirmation(self, ask: Confirmation) -> None:
        """Ask ``ask(what)`` before an action changes the next update — Step, Step N updates,
        Run, Reset, Reset with new seed here, and what other features pass to ``confirm``
        (Step phase, an edit, a new architecture). ``what`` names the action ("Step");
        False means: do nothing. Pausing never asks."""
        self._confirmations.append(ask)

    def confirm(self, what: str) -> bool:
        """True if every confirmation agrees to ``what`` (see ``add_confirmation``); one that
        raises counts as a no (the traceback goes to stderr)."""
        try:
            return all(ask(what) for ask in self._confirmations)
        except Exception:  # called from slots: nothing may escape
            traceback.print_exc(file=sys.stderr)
            return False

    @property
    def actions(self) -> list[QAction]:
        return [
            self.step_action,
            self.step_many_action,
            self.run_action,
            self.pause_action,
            self.run_pause_action,
            self.reset_action,
            self.new_seed_action,
            self.train_biases_action,
        ]

    @property
    def intended_running(self) -> bool:
        """True when the user's last request was to train (Run, Step N); the actions show it."""
        return self._intended_running

    @property
    def settled(self) -> bool:
        """True when the worker has reported every run/pause change asked for."""
        return self._outstanding == 0

    @Slot(object)
    def show_state(self, state: WorkerState) -> None:
        """Make every control show the worker's settings (emits no intents). Only what
        changed is touched: this runs many times a second while training."""
        self._reconcile(state.status is Status.RUNNING)
        self.speed.show_rate(state.max_rate)
        setup = state.setup
        key = (setup.learning_rate, setup.train_biases, setup.loss, setup.batch)
        if key == self._shown_settings:
            return
        self._shown_settings = key
        spin = self.learning_rate_spin
        typing = spin.hasFocus() and spin.lineEdit().isModified()
        if spin.value() != setup.learning_rate and not typing:
            with QSignalBlocker(spin):
                spin.setValue(setup.learning_rate)
        with QSignalBlocker(self.train_biases_action):
            self.train_biases_action.setChecked(setup.train_biases)
        self._select(self.loss_combo, setup.loss)
        if self.batch_combo.findData(setup.batch) < 0:
            self.batch_combo.addItem(f"Mini-batch {setup.batch}", setup.batch)
        self._select(self.batch_combo, setup.batch)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        with QSignalBlocker(combo):
            combo.setCurrentIndex(combo.findData(value))

    # --- run / pause: the state last asked for ------------------------------------------------

    def _reconcile(self, running: bool) -> None:
        """The worker reports ``running``. A change of its status answers the oldest
        outstanding request (or is the worker's own: a divergence, a finished Step N, …); with
        none outstanding, the controls show what the worker does."""
        if running != self._reported_running:
            self._reported_running = running
            self._outstanding = max(0, self._outstanding - 1)
        if self._outstanding and time.monotonic() - self._last_request > RECONCILE_SECONDS:
            self._outstanding = 0  # an answer got lost: believe the worker
        if not self._outstanding and self._intended_running != running:
            self._intended_running = running
            self._update_enabled()

    def _request(self, running: bool) -> None:
        """The user asked to train (True) or to stop; show it at once."""
        if running != self._intended_running:
            self._intended_running = running
            self._outstanding += 1
        self._last_request = time.monotonic()
        self._update_enabled()

    def _update_enabled(self) -> None:
        running = self._intended_running
        if self.pause_action.isEnabled() != running or self.run_action.isEnabled() == running:
            self.run_action.setEnabled(not running)
            self.pause_action.setEnabled(running)

    @Slot()
    def _run(self) -> None:
        if self.confirm("Run"):
            self._start_running()

    def _start_running(self) -> None:
        self._request(True)
        self.run_requested.emit()

    @Slot()
    def _pause(self) -> None:
        self._request(False)
        self.pause_requested.emit()

    @Slot()
    def _toggle_run(self) -> None:
        if self._intended_running:
            self._pause()
        elif self.confirm("Run"):
            self._start_running()

    @Slot()
    def _step(self) -> None:
        if self.confirm("Step"):
            self._request(False)  # a step pauses a run first
            self.step_requested.emit()

    @Slot()
    def _reset_same_seed(self) -> None:
        self._reset(False)

    @Slot()
    def _reset_new_seed(self) -> None:
        self._reset(True)

    def _reset(self, new_seed: bool) -> None:
        if self.confirm("Reset with a new seed" if new_seed else "Reset"):
            self._request(False)
            self.reset_requested.emit(new_seed)

    @Slot()
    def _ask_step_many(self) -> None:
        if not self.confirm("Step N updates"):
            return
        parent = self.parent()
        n, ok = QInputDialog.getInt(
            parent if isinstance(parent, QWidget) else None,
            "Step N updates",
            "Number of updates:",
            100,
            1,
            100_000_000,
        )
        if ok:
            self._request(True)  # until the worker reports that the N updates are made
            self.step_many_requested.emit(n)
