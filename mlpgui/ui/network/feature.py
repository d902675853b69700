"""NetworkFeature: wires the diagram, the inspector, phase stepping, editing and the
architecture editor to the main window (the presenter of this package).

It listens to the GuiStore's signals, decides what the diagram and the inspector show
(the update shown, as computed — see convention.py — or the walk-through's partly revealed
preview) and sends intents to the worker. Per record it only updates items in place (see
scene.py); the scene is rebuilt only when the architecture or presenter mode changes. The
inspector page is rendered at most ~5 times a second while training runs, and at once
otherwise.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QStyle

from mlpgui.core import ParameterLayout, UpdateRecord
from mlpgui.core.features import input_labels
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.selection import Selection
from mlpgui.ui.undo_actions import ASKS_PROPERTY
from mlpgui.worker import (
    Errored,
    ModelSnapshot,
    Pause,
    Preview,
    PreviewReady,
    ReplaceSetup,
    SetParameterNames,
    Step,
    WorkerState,
)

from . import naming
from .architecture import choose_architecture, confirm_architecture
from .context_menu import open_context_menu
from .editing import InlineEditor, SetParameterCommand
from .geometry import Geometry
from .inspector import InspectorPanel
from .palette import NORMAL, PRESENTER
from .phases import Knowledge, PhaseWalk, WalkState
from .rich import Doc
from .scene import NetworkScene
from .showing import Showing
from .stage import NetworkStage
from .view import NetworkView
from .worked import WorkedExport

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


class NetworkFeature(QObject):
    """The network diagram, the update inspector, Step phase and the architecture editor.

    Registered with the FeatureHost: other features find it with
    ``host.feature(NetworkFeature)``.

    Signals: ``names_requested(tuple)``: the user named a parameter; the argument is the whole
    new ``TrainingSetup.parameter_names`` tuple ((index into θ, name), …), sent to the worker.
    ``value_asked(kind, Selection, sample)``: "Ask for this value" (context_menu.py).
    Step phase, an edit in the diagram and a new architecture ask first through
    ``host.controls.confirm(what)``, as the training actions do (exercise mode asks the user;
    False: do nothing).
    """

    names_requested = Signal(tuple)
    value_asked = Signal(str, object, object)

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        self.host = host
        self.window = host.window
        self.store = host.store
        self.scene = NetworkScene()
        self.showing = Showing(self)
        self.view = NetworkView(self.scene, self.showing.tooltip)
        self.stage = NetworkStage(self.view)
        self.inspector = InspectorPanel()
        self.editor = InlineEditor(self.view.viewport())
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName(names.NETWORK_UNDO_STACK)
        self.undo_stack.setProperty(ASKS_PROPERTY, True)  # undoing an edit asks as editing does
        host.undo_group.addStack(self.undo_stack)
        self.walk = PhaseWalk(self._request_preview, lambda: host.send(Step()), self)
        self.snapshot: ModelSnapshot | None = None
        self.record: UpdateRecord | None = None
        self.live: np.ndarray | None = None
        """θ of the network now (edits start from it; the diagram shows it before any update)."""
        self.architecture: tuple[tuple[int, ...], tuple[str, ...]] | None = None
        self.input_labels: tuple[str, ...] = ()  # with input features: x₁, x₂, x₁x₂, …
        self.names: dict[int, str] = {}
        """The user's names of parameters {index into θ: name}."""
        self.presenter = False
        self._dataset: object = None
        self.record_costs: deque[float] = deque(maxlen=500)
        """Seconds the diagram took per record (for measurements)."""
        self._build_actions()
        self._place()
        self._connect()
        self.worked = WorkedExport(self)

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        window, controls = self.window, self.host.controls
        icon = window.style().standardIcon
        self.step_phase_action = QAction("Step phase", window)
        self.step_phase_action.setObjectName(names.STEP_PHASE_ACTION)
        self.step_phase_action.setIcon(icon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_phase_action.setShortcuts([QKeySequence("Ctrl+Right"), QKeySequence("Shift+N")])
        tip = (
            "Walk through the next update phase by phase: forward pass layer by layer, loss, "
            "δ from the output back, gradients, update (Ctrl+→ or Shift+N)"
        )
        self.step_phase_action.setToolTip(tip)
        self.step_phase_action.setStatusTip(tip)
        self.step_phase_action.triggered.connect(self.step_phase)
        controls.toolbar.insertAction(controls.run_action, self.step_phase_action)

        self.architecture_action = QAction("Architecture…", window)
        self.architecture_action.setObjectName(names.ARCHITECTURE_ACTION)
        self.architecture_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        tip = "Hidden layers, units per layer and activations (re-initialises the network)"
        self.architecture_action.setToolTip(tip + " (Ctrl+Shift+A)")
        self.architecture_action.setStatusTip(tip)
        self.architecture_action.triggered.connect(self.edit_architecture)
        self.stage.architecture_button.setDefaultAction(self.architecture_action)

        training = self.host.menus["training"]
        training.insertAction(controls.step_many_action, self.step_phase_action)
        training.addSeparator()
        training.addAction(self.architecture_action)
        window.addActions([self.step_phase_action, self.architecture_action])

    def _place(self) -> None:
        window, host = self.window, self.host
        host.set_stage(self.stage)
        self.dock = host.add_dock(
            "Inspector", names.INSPECTOR_DOCK, self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        record_dock = host.dock(names.RECORD_DOCK)
        if record_dock is not None:
            window.tabifyDockWidget(self.dock, record_dock)
            self.dock.raise_()
        window.resizeDocks([self.dock], [460], Qt.Orientation.Horizontal)

    def _connect(self) -> None:
        host, store, controls, showing = self.host, self.store, self.host.controls, self.showing
        store.model_changed.connect(self._on_model)
        store.record_changed.connect(self._on_record)
        store.state_changed.connect(self._on_state)
        store.running_changed.connect(self._on_running)
        store.selection_changed.connect(self._on_selection)
        host.worker.preview_ready.connect(self._on_preview)
        host.worker.errored.connect(self._on_error)
        self.names_requested.connect(self._send_names)
        for action in (
            controls.step_action, controls.step_many_action, controls.run_action,
            controls.run_pause_action, controls.reset_action, controls.new_seed_action,
        ):  # fmt: skip
            action.triggered.connect(self.walk.cancel)
        self.walk.changed.connect(showing.refresh)
        self.view.picked.connect(store.select)
        self.view.edit_requested.connect(self._open_editor)
        self.view.context_requested.connect(self._open_context_menu)
        self.view.focused.connect(self.undo_stack.setActive)
        self.view.zoom_changed.connect(self._on_zoom)
        self.editor.committed.connect(self.edit_parameter)
        self.editor.invalid.connect(lambda sentence: host.show_message("error", sentence))
        self.inspector.digits_changed.connect(showing.render_inspector)
        self.stage.edge_combo.currentIndexChanged.connect(self._on_option)
        self.stage.unit_combo.currentIndexChanged.connect(self._on_option)
        self.stage.sample_spin.valueChanged.connect(showing.refresh)
        self.stage.edge_values_check.toggled.connect(showing.refresh_diagram)
        self.dock.visibilityChanged.connect(self._on_dock_visible)

    # --- intents --------------------------------------------------------------------------------

    def step_phase(self) -> None:
        """The Step phase action: the next phase of the walk-through (starting one if needed)."""
        self.editor.cancel()
        if not self.walk.active and not self.host.controls.confirm("Step phase"):
            return
        self.walk.advance()

    def _request_preview(self) -> None:
        if self.store.running:
            # Pausing first sends the run's last record and losses, so that what the window
            # shows is the state the preview starts from.
            self.host.send(Pause())
        self.host.send(Preview())

    def edit_parameter(self, selection: Selection, value: float) -> None:
        """Set a weight or bias now (an undoable intent; applies before the next update)."""
        old = self.current_value(selection)
        if old is None:
            return
        self.walk.cancel()
        if old == value:
            return
        self.undo_stack.push(SetParameterCommand(self.host.send, selection, old, value))
        self.undo_stack.setActive()

    def current_value(self, selection: Selection) -> float | None:
        """The network's value of a weight or bias now (None if there is none)."""
        if self.live is None or self.architecture is None or selection.kind == "unit":
            return None
        if not self.scene.fits(selection):
            return None
        index = selection.parameter_index(self.layout)
        return float(self.live[index])

    @property
    def layout(self) -> ParameterLayout:
        assert self.architecture is not None
        return ParameterLayout(self.architecture[0])

    def name_parameter(self, selection: Selection) -> None:
        """Ask for a name of a weight or bias and send the new names (``names_requested``)."""
        if self.architecture is None or not self.scene.fits(selection):
            return
        index = selection.parameter_index(self.layout)
        if index is None:
            return
        typed = naming.ask_name(self.window, selection, self.names.get(index))
        if typed is None:
            return
        try:
            name = naming.check_name(typed)
        except ValueError as exc:
            self.host.show_message("error", str(exc))
            return
        if name != self.names.get(index, ""):
            self.names_requested.emit(naming.renamed(self.names, index, name))

    @Slot(tuple)
    def _send_names(self, parameter_names: tuple[tuple[int, str], ...]) -> None:
        self.host.send(SetParameterNames(parameter_names))

    def set_presenter(self, on: bool) -> None:
        """Presenter mode: every text of the diagram and the inspector 1.6 times larger,
        thicker lines, stronger colours and black text (off: everything as before)."""
        if on == self.presenter:
            return
        self.presenter = on
        self.stage.set_presenter(on)
        self.inspector.set_presenter(on)
        if self.architecture is not None:
            self.editor.cancel()
            self._set_aspect()
            self.scene.build(*self.architecture, PRESENTER if on else NORMAL)
            self.scene.set_selection(self.store.selection)
            self.view.fit()
        else:
            self.scene.theme = PRESENTER if on else NORMAL
        self.showing.refresh()

    def edit_architecture(self) -> None:
        """Open the architecture editor; apply what the user chose."""
        if self.snapshot is not None and self.host.controls.confirm("Changing the architecture"):
            setup = choose_architecture(self.window, self.store.state, self.snapshot)
            if setup is not None:
                self.apply_architecture(setup)

    def apply_architecture(self, setup: TrainingSetup) -> bool:
        """Ask the worker for ``setup`` (after asking the user when updates would be lost);
        returns False if nothing was sent."""
        if not confirm_architecture(self.window, self.store.state, setup):
            return False
        self.walk.cancel()
        self.host.send(ReplaceSetup(setup))
        return True

    def _open_editor(self, selection: Selection, pos: QPoint) -> None:
        value = self.current_value(selection)
        if value is None or not self.host.controls.confirm("Editing a weight"):
            return
        self.walk.cancel()
        self.editor.open(selection, pos, value)

    @Slot(object, QPoint)
    def _open_context_menu(self, selection: Selection, pos: QPoint) -> None:
        open_context_menu(self, selection, pos)

    # --- what the window reports ------------------------------------------------------------------

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        self.snapshot = snapshot
        self.live = snapshot.parameters
        setup = snapshot.setup
        architecture = (setup.layer_sizes, setup.activations)
        labels = input_labels(setup.raw_input_dim, setup.input_features)
        labels = labels if setup.input_features else ()
        if snapshot.starts_generation:  # edits were made on the run before (or another run)
            self.undo_stack.clear()
        self.walk.on_model(snapshot)
        if snapshot.dataset is not self._dataset:
            self._dataset = snapshot.dataset
            classification = snapshot.dataset.class_labels() is not None
            self.stage.set_default_sample(1 if classification else 0)
        new_names = naming.names_of(setup)
        if architecture != self.architecture or labels != self.input_labels:
            self.architecture, self.input_labels = architecture, labels
            self.record = None
            self.editor.cancel()
            self.names = new_names
            self._set_aspect()
            self.scene.build(*architecture, prefixes=self._prefixes(), input_labels=labels)
            self.scene.set_selection(self.store.selection)
            self.showing.architecture_changed()
            self.view.fit()
        elif new_names != self.names:
            self.names = new_names
            self._set_label_names()
        self.showing.refresh()

    def _set_aspect(self) -> None:
        """Tell the scene the view's shape (it places the loss where the diagram comes out
        largest)."""
        size = self.view.viewport().size()
        if size.width() > 50 and size.height() > 50:
            self.scene.aspect = min(4.0, max(1.0, size.width() / size.height()))

    def _prefixes(self) -> dict[tuple[int, int, int], str]:
        """{edge: "w5 = "} for the named parameters."""
        keys = Geometry(self.architecture[0]).edge_keys() if self.architecture else []
        return naming.label_prefixes(self.names, keys)

    def _set_label_names(self) -> None:
        self.scene.layout_labels(self._prefixes())

    @Slot(object)
    def _on_record(self, record: UpdateRecord | None) -> None:
        started = time.perf_counter()
        self.record = record
        if record is not None and record is self.store.latest:
            self.live = record.parameters_after
        self.walk.on_record(record)  # may refresh through walk.changed
        if self.showing.on_record():
            self.record_costs.append(time.perf_counter() - started)

    @Slot(object)
    def _on_preview(self, message: PreviewReady) -> None:
        record = message.record
        if self.architecture is not None and record.layer_sizes == self.architecture[0]:
            self.walk.on_preview(record)

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        # antialiasing a dense network costs about half of its paint time: only when still
        self.view.set_antialiasing(not (running and self.scene.dense))
        if not running:
            self.showing.refresh()

    @Slot(object)
    def _on_state(self, state: WorkerState) -> None:
        self.walk.on_state(state)

    @Slot(object)
    def _on_error(self, _: Errored) -> None:
        self.walk.on_error()

    @Slot(bool)
    def _on_dock_visible(self, visible: bool) -> None:
        if visible:
            self.showing.render_inspector()

    @Slot(object)
    def _on_selection(self, selection: Selection | None) -> None:
        self.scene.set_selection(selection)
        self.showing.refresh()

    def _on_zoom(self) -> None:
        self.scene.set_zoom(self.view.zoom)
        self.showing.refresh_diagram()

    def _on_option(self) -> None:
        if self.walk.state is WalkState.DONE:
            self.walk.cancel()  # refreshes
        else:
            self.showing.refresh()

    # --- what is shown (see showing.py) ---------------------------------------------------------

    def shown(self) -> tuple[UpdateRecord | None, Knowledge]:
        """The update the diagram shows and how much of it is revealed."""
        return self.showing.shown()

    def inspector_doc(self) -> Doc | None:
        """The inspector's page for the current selection and update."""
        return self.showing.inspector_doc()
