"""NetworkFeature: wires the diagram, the inspector, phase stepping, editing and the
architecture editor to the main window (the presenter of this package).

It listens to the window's filtered signals, decides what the diagram and the inspector show
(the latest update, or the walk-through's partly revealed preview) and sends intents to the
worker. Per record it only updates items in place (see scene.py); the scene is rebuilt only
when the architecture changes. The inspector page is rendered at most ~5 times a second while
training runs, and at once otherwise.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QStyle

from mlpgui.core import ParameterLayout, UpdateRecord
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.selection import Selection
from mlpgui.worker import ModelSnapshot, Status, WorkerState

from .architecture import choose_architecture, confirm_architecture
from .diagram_text import DiagramContent, diagram_content, tooltip_text
from .editing import InlineEditor, SetParameterCommand
from .explain_text import Context, describe_parameter, describe_unit
from .inspector import InspectorPanel
from .overview_text import describe_overview
from .phases import Knowledge, PhaseWalk, WalkState
from .rich import Doc, Numbers, bold, muted, text
from .scene import NetworkScene
from .stage import NetworkStage
from .view import NetworkView

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow

INSPECTOR_INTERVAL_MS = 200
"""While training runs, the inspector page is rebuilt at most this often."""

DENSE_INTERVAL_MS = 66
"""While training runs, a dense network's diagram is redrawn at most this often (≈ 15/s)."""


class NetworkFeature(QObject):
    """The network diagram, the update inspector, Step phase and the architecture editor."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.scene = NetworkScene()
        self.view = NetworkView(self.scene, self._tooltip)
        self.stage = NetworkStage(self.view)
        self.inspector = InspectorPanel()
        self.editor = InlineEditor(self.view.viewport())
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName(names.NETWORK_UNDO_STACK)
        window.undo_group.addStack(self.undo_stack)
        worker = window.worker
        self.walk = PhaseWalk(self._request_preview, worker.step_requested.emit, self)
        self._snapshot: ModelSnapshot | None = None
        self._record: UpdateRecord | None = None
        self._parameters: np.ndarray | None = None  # θ as the diagram shows it
        self._live: np.ndarray | None = None  # θ of the network now (edits start from it)
        self._architecture: tuple[tuple[int, ...], tuple[str, ...]] | None = None
        self._running = False
        self.record_costs: deque[float] = deque(maxlen=500)
        """Seconds the diagram took per record (for measurements)."""
        self._inspector_timer = QTimer(self)
        self._inspector_timer.setSingleShot(True)
        self._inspector_timer.timeout.connect(self._render_inspector)
        self._diagram_timer = QTimer(self)
        self._diagram_timer.setSingleShot(True)
        self._diagram_timer.timeout.connect(self._refresh)
        self._build_actions()
        self._place()
        self._connect()

    # --- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        window, controls = self.window, self.window.controls
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

        training = window.menus["training"]
        training.insertAction(controls.step_many_action, self.step_phase_action)
        training.addSeparator()
        training.addAction(self.architecture_action)
        window.addActions([self.step_phase_action, self.architecture_action])

    def _place(self) -> None:
        window = self.window
        window.set_stage(self.stage)
        self.dock = window.add_dock(
            "Inspector", names.INSPECTOR_DOCK, self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        record_dock = getattr(window, "record_dock", None)
        if record_dock is not None:
            window.tabifyDockWidget(self.dock, record_dock)
            self.dock.raise_()
        window.resizeDocks([self.dock], [460], Qt.Orientation.Horizontal)

    def _connect(self) -> None:
        window, controls = self.window, self.window.controls
        window.model_changed.connect(self._on_model)
        window.record_changed.connect(self._on_record)
        window.state_changed.connect(self._on_state)
        window.selection_changed.connect(self._on_selection)
        window.worker.preview_ready.connect(self._on_preview)
        window.worker.message_posted.connect(self._on_message)
        for action in (
            controls.step_action, controls.step_many_action, controls.run_action,
            controls.run_pause_action, controls.reset_action, controls.new_seed_action,
        ):  # fmt: skip
            action.triggered.connect(self.walk.cancel)
        self.walk.changed.connect(self._refresh)
        self.view.picked.connect(window.select)
        self.view.edit_requested.connect(self._open_editor)
        self.view.focused.connect(self.undo_stack.setActive)
        self.view.zoom_changed.connect(self._on_zoom)
        self.editor.committed.connect(self.edit_parameter)
        self.editor.invalid.connect(lambda sentence: window.banner.show_message("error", sentence))
        self.inspector.digits_changed.connect(self._render_inspector)
        self.stage.edge_combo.currentIndexChanged.connect(self._on_option)
        self.stage.unit_combo.currentIndexChanged.connect(self._on_option)
        self.stage.sample_spin.valueChanged.connect(self._refresh)
        self.stage.edge_values_check.toggled.connect(self._refresh_diagram)
        self.dock.visibilityChanged.connect(lambda visible: visible and self._render_inspector())

    # --- intents --------------------------------------------------------------------------------

    def step_phase(self) -> None:
        """The Step phase action: the next phase of the walk-through (starting one if needed)."""
        self.editor.cancel()
        self.walk.advance()

    def _request_preview(self) -> None:
        worker = self.window.worker
        if self._running:
            # Pausing first sends the run's last record and losses, so that what the window
            # shows is the state the preview starts from.
            worker.pause_requested.emit()
        worker.preview_requested.emit()

    def edit_parameter(self, selection: Selection, value: float) -> None:
        """Set a weight or bias (an undoable intent; applies before the next update)."""
        old = self.current_value(selection)
        if old is None:
            return
        self.walk.cancel()
        if old == value:
            return
        send = self.window.worker.parameter_edit_requested.emit
        self.undo_stack.push(SetParameterCommand(send, selection, old, value))
        self.undo_stack.setActive()

    def current_value(self, selection: Selection) -> float | None:
        """The network's value of a weight or bias now (None if there is none)."""
        if self._live is None or self._architecture is None or selection.kind == "unit":
            return None
        if not self.scene.fits(selection):
            return None
        index = selection.parameter_index(ParameterLayout(self._architecture[0]))
        return float(self._live[index])

    def edit_architecture(self) -> None:
        """Open the architecture editor; apply what the user chose."""
        if self._snapshot is not None:
            setup = choose_architecture(self.window, self._snapshot)
            if setup is not None:
                self.apply_architecture(setup)

    def apply_architecture(self, setup: TrainingSetup) -> bool:
        """Ask the worker for ``setup`` (after asking the user when updates would be lost);
        returns False if nothing was sent."""
        if not confirm_architecture(self.window, setup):
            return False
        self.walk.cancel()
        self.window.worker.setup_requested.emit(setup, None)
        return True

    def _open_editor(self, selection: Selection, pos: QPoint) -> None:
        value = self.current_value(selection)
        if value is None:
            return
        self.walk.cancel()
        self.editor.open(selection, pos, value)

    # --- what the window reports ------------------------------------------------------------------

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        self._snapshot = snapshot
        self._parameters = self._live = snapshot.parameters
        setup = snapshot.setup
        architecture = (setup.layer_sizes, setup.activations)
        if snapshot.reason in ("reset", "setup"):
            self.undo_stack.clear()
        self.walk.on_model(snapshot)
        if architecture != self._architecture:
            self._architecture = architecture
            self._record = None
            self.editor.cancel()
            self.scene.build(*architecture)
            self.scene.set_selection(self.window.selection())
            check = self.stage.edge_values_check
            check.setEnabled(self.scene.has_edge_labels)
            check.setToolTip(
                "Write each edge's value on it"
                if self.scene.has_edge_labels
                else "Too many edges to label them all: hover an edge, or pick it"
            )
            self.view.fit()
        self._refresh()

    @Slot(object)
    def _on_record(self, record: UpdateRecord | None) -> None:
        started = time.perf_counter()
        self._record = record
        if record is not None:
            self._parameters = record.parameters_after
            if record is self.window.latest_record():
                self._live = record.parameters_after
        self.walk.on_record(record)  # may refresh through walk.changed
        if self._running and self.scene.dense and self.walk.state is WalkState.IDLE:
            if not self._diagram_timer.isActive():
                self._diagram_timer.start(DENSE_INTERVAL_MS)
            return
        self._refresh()
        self.record_costs.append(time.perf_counter() - started)

    @Slot(object)
    def _on_preview(self, record: UpdateRecord) -> None:
        if self._architecture is not None and record.layer_sizes == self._architecture[0]:
            self.walk.on_preview(record)

    @Slot(object)
    def _on_state(self, state: WorkerState) -> None:
        running = state.status is Status.RUNNING
        if running != self._running:
            self._running = running
            # antialiasing a dense network costs about half of its paint time: only when still
            self.view.set_antialiasing(not (running and self.scene.dense))
            if not running:
                self._refresh()
        self.walk.on_state(state)

    @Slot(str, str)
    def _on_message(self, kind: str, text_: str) -> None:
        if kind == "error":
            self.walk.on_error()

    @Slot(object)
    def _on_selection(self, selection: Selection | None) -> None:
        self.scene.set_selection(selection)
        self._refresh()

    def _on_zoom(self) -> None:
        self.scene.set_zoom(self.view.zoom)
        self._refresh_diagram()

    def _on_option(self) -> None:
        if self.walk.state is WalkState.DONE:
            self.walk.cancel()  # refreshes
        else:
            self._refresh()

    # --- showing ----------------------------------------------------------------------------------

    def shown(self) -> tuple[UpdateRecord | None, Knowledge]:
        """The update the diagram shows and how much of it is revealed."""
        n_layers = len(self._architecture[0]) - 1 if self._architecture else 0
        walk = self.walk
        phase = walk.phase
        if walk.record is not None and phase is not None:
            return walk.record, phase.knowledge
        record = self._record
        if (
            record is not None
            and self._architecture
            and record.layer_sizes != self._architecture[0]
        ):
            record = None
        if record is None:
            return None, Knowledge.nothing(n_layers)
        return record, Knowledge.everything(n_layers)

    def _refresh(self) -> None:
        self._diagram_timer.stop()
        self._refresh_diagram()
        if self._running and self.walk.state is WalkState.IDLE:
            if not self._inspector_timer.isActive():
                self._inspector_timer.start(INSPECTOR_INTERVAL_MS)
        else:
            self._inspector_timer.stop()
            self._render_inspector()

    def _refresh_diagram(self) -> None:
        if self._architecture is None or self._parameters is None:
            return
        record, knowledge = self.shown()
        stage, walk = self.stage, self.walk
        walking = walk.state in (WalkState.WAITING, WalkState.WALKING, WalkState.COMMITTING)
        stage.edge_combo.setEnabled(not walking)
        stage.unit_combo.setEnabled(not walking)
        stage.set_batch_size(0 if record is None else record.batch_size)
        content = diagram_content(
            record=record,
            knowledge=knowledge,
            phase=walk.phase,
            walk_state=walk.state,
            parameters=self._parameters,
            layer_sizes=self._architecture[0],
            edge_quantity=stage.edge_quantity,
            unit_quantity=stage.unit_quantity,
            sample=stage.sample,
            unit_text=self.view.unit_labels_readable(),
            edge_text=stage.edge_values_check.isChecked() and self.scene.has_edge_labels,
            selection=self.scene.selection,
        )
        self._apply(content)

    def _apply(self, c: DiagramContent) -> None:
        scene, stage = self.scene, self.stage
        scene.set_edges(c.edges, c.edge_scale)
        scene.set_units(c.fills, c.fill_scales)
        scene.set_unit_text_visible(c.unit_texts is not None)
        if c.unit_texts is not None:
            scene.set_unit_texts(c.unit_texts)
        scene.set_unit_subtexts(c.unit_subtexts)
        scene.set_edge_labels(c.edge_labels)
        scene.set_selected_label(c.selected_label)
        scene.set_side_texts(c.output_texts, c.loss_text)
        scene.set_band(c.band_kind, c.band_layer)
        stage.legend.set_scale(c.edge_scale, c.legend_caption)
        stage.note.setText(c.note)
        stage.phase_label.setText(c.phase_html)
        stage.phase_label.setVisible(bool(c.phase_html))

    def _render_inspector(self) -> None:
        if not self.dock.isVisible() and self.window.isVisible():
            return
        self.inspector.show_doc(self.inspector_doc())

    def inspector_doc(self) -> Doc | None:
        """The inspector's page for the current selection and update."""
        record, knowledge = self.shown()
        selection = self.scene.selection
        digits = self.inspector.digits
        if record is None:
            if selection is None or selection.kind == "unit":
                return None
            value = self.current_value(selection)
            if value is None:
                return None
            doc = Doc()
            name = text(selection.label())
            doc.title(name, muted("no update yet"))
            doc.line(name + " = " + bold(Numbers(digits)(value)))
            doc.note("press Step (→) or Step phase (Ctrl+→) to see how an update changes it")
            return doc
        current = None
        latest = record is self.window.latest_record()
        if selection is not None and selection.kind != "unit" and latest and not self.walk.active:
            current = self.current_value(selection)
        ctx = Context(record, knowledge, self.stage.sample, digits, current)
        if selection is None:
            return describe_overview(ctx, self.walk.phase)
        if selection.kind == "unit":
            return describe_unit(ctx, selection)
        return describe_parameter(ctx, selection)

    def _tooltip(self, selection: Selection) -> str | None:
        record, knowledge = self.shown()
        value = self.current_value(selection) if not self.walk.active else None
        return tooltip_text(record, knowledge, selection, self.stage.sample, value)
