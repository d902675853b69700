"""The Playground options in the window: the PlaygroundPanel (playground.py) in a dock, hidden
until asked for (Training ▸ Playground options…, Ctrl+Shift+O, or the View menu), and the
Training ▸ Playground options submenu with one checkable action per input feature and
"Switch all off".

λ₁, λ₂ and μ go to the worker as ``SetRegularisation`` and ``SetMomentum`` (from the next
update on). Input features are a new input layer: after asking when updates would be
discarded, ``ReplaceSetup(setup.replace(input_features=…))``. The panel and the actions show
the worker's setup (``store.state_changed``) and never echo it back. GUI thread only; no
exception leaves a slot.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox

from mlpgui.core import MlpguiError
from mlpgui.core.features import Feature, all_features, input_labels
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import ReplaceSetup, WorkerState
from mlpgui.worker.intents import SetMomentum, SetRegularisation

from . import names
from .formatting import plural
from .playground import MAX_FEATURE_INPUTS, PlaygroundPanel

if TYPE_CHECKING:
    from .host import FeatureHost

DOCK_TITLE = "Playground options"


class PlaygroundFeature(QObject):
    """The dock, the menu and the intents of the Playground options (see the module).
    Registered with the FeatureHost: ``window.feature(PlaygroundFeature)``."""

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        self.host = host
        self.panel = PlaygroundPanel()
        self.dock: QDockWidget = host.add_dock(
            DOCK_TITLE, names.PLAYGROUND_DOCK, self.panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.dock.hide()  # off by default: the window looks as without the additions
        self.feature_actions: dict[Feature, QAction] = {}
        self._raw_dim: int | None = None
        self._build_menu()
        self.panel.regularisation_requested.connect(self._send_regularisation)
        self.panel.momentum_requested.connect(self._send_momentum)
        self.panel.features_requested.connect(self._on_features_requested)
        host.store.state_changed.connect(self._on_state)
        host.worker.errored.connect(self._on_error)

    def _build_menu(self) -> None:
        window = self.host.window
        self.show_action = QAction("Playground options…", window)
        self.show_action.setObjectName(names.PLAYGROUND_ACTION)
        self.show_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        tip = "L2/L1 regularisation, momentum and input features (all off by default)"
        self.show_action.setToolTip(f"{tip} (Ctrl+Shift+O)")
        self.show_action.setStatusTip(tip)
        self.show_action.triggered.connect(self.show_panel)
        self.off_action = QAction("Switch all off", window)
        self.off_action.setObjectName(names.PLAYGROUND_OFF_ACTION)
        tip = "Back to the lecture's plain gradient descent on the raw inputs: λ₂ = λ₁ = μ = 0"
        self.off_action.setToolTip(tip)
        self.off_action.setStatusTip(tip)
        self.off_action.triggered.connect(self.switch_all_off)
        self.menu = QMenu("Playground options", window)
        self.menu.setObjectName(names.PLAYGROUND_MENU)
        self.menu.setToolTipsVisible(True)
        training = self.host.menus["training"]
        training.addSeparator()
        training.addMenu(self.menu)
        window.addActions([self.show_action])
        self._fill_menu(0)

    def _fill_menu(self, raw_dim: int) -> None:
        """The menu's actions for data of ``raw_dim`` raw input columns."""
        self._raw_dim = raw_dim
        self.menu.clear()
        for action in self.feature_actions.values():
            action.deleteLater()
        self.feature_actions = {}
        self.menu.addAction(self.show_action)
        self.menu.addSeparator()
        if 0 < raw_dim <= MAX_FEATURE_INPUTS:
            features = all_features(raw_dim)
            labels = input_labels(raw_dim, features)[raw_dim:]
            for feature, label in zip(features, labels, strict=True):
                action = QAction(f"Input feature {label}", self.host.window)
                action.setObjectName(names.input_feature_name(feature.code(), "Action"))
                action.setCheckable(True)
                action.setToolTip(self.panel.checks[feature].toolTip())
                action.toggled.connect(lambda on, f=feature: self._toggle(f, on))
                self.menu.addAction(action)
                self.feature_actions[feature] = action
            self.menu.addSeparator()
        self.menu.addAction(self.off_action)

    # --- showing the worker's state -----------------------------------------------------------

    @Slot(object)
    def _on_state(self, state: WorkerState) -> None:
        try:
            self.show_setup(state.setup)
        except Exception:  # nothing may escape a Qt slot
            traceback.print_exc(file=sys.stderr)

    def show_setup(self, setup: TrainingSetup) -> None:
        """The panel and the menu show ``setup``'s additions (no intents are sent)."""
        self.panel.show_setup(setup)
        if setup.raw_input_dim != self._raw_dim:
            self._fill_menu(setup.raw_input_dim)
        for feature, action in self.feature_actions.items():
            with QSignalBlocker(action):
                action.setChecked(feature in setup.input_features)

    @Slot(object)
    def _on_error(self, _: object) -> None:
        """A refusal (e.g. not enough memory): show what the worker still has."""
        self.panel.forget_requests()
        state = self.host.store.state
        if state is not None:
            self.show_setup(state.setup)

    # --- the user's choices -------------------------------------------------------------------

    def show_panel(self) -> None:
        """Show and raise the dock, with the keyboard focus in λ₂."""
        self.dock.show()
        self.dock.raise_()
        self.panel.l2_spin.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(float, float)
    def _send_regularisation(self, l1_rate: float, l2_rate: float) -> None:
        self.host.send(SetRegularisation(l1_rate, l2_rate))

    @Slot(float)
    def _send_momentum(self, mu: float) -> None:
        self.host.send(SetMomentum(mu))

    def _toggle(self, feature: Feature, on: bool) -> None:
        try:
            self.panel.toggle_feature(feature, on)
        except Exception:  # nothing may escape a Qt slot
            traceback.print_exc(file=sys.stderr)

    @Slot(tuple)
    def _on_features_requested(self, features: tuple[Feature, ...]) -> None:
        try:
            self.request_features(features)
        except Exception as exc:  # nothing may escape a Qt slot
            traceback.print_exc(file=sys.stderr)
            self.host.show_message("error", f"Could not change the input features: {exc}")

    def request_features(self, features: tuple[Feature, ...], **changes: float) -> bool:
        """Ask the worker for a network with these input features (a new input layer; and
        the setup ``changes`` too), after asking the user when that discards updates; False
        if nothing was sent."""
        state = self.host.store.state
        if state is None:
            return False
        try:
            if features == state.setup.input_features:
                return False
            setup = state.setup.replace(input_features=features, **changes)
            if not self._confirm(state, setup):
                self.show_setup(state.setup)  # the boxes go back to what the worker has
                return False
        except MlpguiError as exc:
            self.host.show_message("error", str(exc))
            self.show_setup(state.setup)
            return False
        self.host.send(ReplaceSetup(setup))
        return True

    def _confirm(self, state: WorkerState, setup: TrainingSetup) -> bool:
        if state.steps == 0:
            return True
        labels = input_labels(setup.raw_input_dim, setup.input_features)
        answer = QMessageBox.question(
            self.host.window,
            "Change the input features?",
            f"With the inputs {', '.join(labels)} the network is "
            f"{'-'.join(map(str, setup.layer_sizes))} and starts from new initial weights: "
            f"the {plural(state.steps, 'update')} made so far will be discarded.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def switch_all_off(self) -> None:
        """λ₂ = λ₁ = μ = 0 and no input features (asking first if that discards updates)."""
        state = self.host.store.state
        if state is None:
            return
        setup = state.setup
        if setup.input_features:  # one new setup (or nothing, if the user declines)
            self.request_features((), l1_rate=0.0, l2_rate=0.0, momentum=0.0)
            return
        if setup.l1_rate or setup.l2_rate:
            self.host.send(SetRegularisation(0.0, 0.0))
        if setup.momentum:
            self.host.send(SetMomentum(0.0))


def install(host: FeatureHost) -> None:
    """Add the Playground options (dock, Training menu) and register them."""
    host.register(PlaygroundFeature(host))
