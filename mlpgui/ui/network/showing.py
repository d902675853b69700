"""Showing: what the diagram, its tooltips and the inspector show — the update shown *as
computed* (convention.py), or the walk-through's partly revealed preview — and how often they
redraw while training runs. Part of NetworkFeature (GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer

from mlpgui.core import UpdateRecord
from mlpgui.ui.selection import Selection

from . import naming
from .diagram_text import DiagramContent, DiagramOptions, diagram_content, hidden_labels_note
from .explain_text import Context, describe_parameter
from .hiding import NOTHING, Hidden
from .overview_text import describe_overview
from .phases import Knowledge, WalkState
from .rich import Doc, Numbers, bold, muted, text
from .tooltips import tooltip_text
from .unit_text import describe_unit

if TYPE_CHECKING:
    from .feature import NetworkFeature

INSPECTOR_INTERVAL_MS = 200
"""While training runs, the inspector page is rebuilt at most this often."""

DENSE_INTERVAL_MS = 66
"""While training runs, a dense network's diagram is redrawn at most this often (≈ 15/s)."""


@dataclass(frozen=True)
class ExerciseView:
    """What an open exercise puts on display: its update (the next one, computed but not
    applied), the quantities it hides (hiding.py), and a line above the diagram (HTML)."""

    record: UpdateRecord
    hidden: Hidden
    html: str


class Showing(QObject):
    """Renders the feature's state into the scene, the stage and the inspector."""

    def __init__(self, feature: NetworkFeature) -> None:
        super().__init__(feature)
        self.f = feature
        self._inspector_timer = QTimer(self)
        self._inspector_timer.setSingleShot(True)
        self._inspector_timer.timeout.connect(self.render_inspector)
        self._diagram_timer = QTimer(self)
        self._diagram_timer.setSingleShot(True)
        self._diagram_timer.timeout.connect(self.refresh)
        self._exercise: ExerciseView | None = None
        self._withheld: Hidden = NOTHING

    # --- an exercise ------------------------------------------------------------------------------

    def set_exercise(self, view: ExerciseView | None) -> None:
        """Show an exercise's update with its hidden quantities (None: the exercise ended)."""
        self._exercise = view
        self.refresh()

    def withhold(self, hidden: Hidden) -> None:
        """Hide ``hidden`` in the update shown while no exercise is on display (an opened
        session's exercise is being made again: the latest update's L(θ after) is the next
        update's loss, which it may ask for); NOTHING ends it."""
        if hidden != self._withheld:
            self._withheld = hidden
            self.refresh()

    @property
    def exercise(self) -> ExerciseView | None:
        """The open exercise on display (None: none, or one for another architecture)."""
        view, architecture = self._exercise, self.f.architecture
        if view is None or not architecture or view.record.layer_sizes != architecture[0]:
            return None
        return view

    @property
    def hidden(self) -> Hidden:
        """What the diagram, its tooltips and the inspector hide now."""
        view = self.exercise
        return self._withheld if view is None else view.hidden

    # --- which update ---------------------------------------------------------------------------

    def shown(self) -> tuple[UpdateRecord | None, Knowledge]:
        """The update the diagram shows and how much of it is revealed."""
        f = self.f
        n_layers = len(f.architecture[0]) - 1 if f.architecture else 0
        exercise = self.exercise
        if exercise is not None:
            return exercise.record, Knowledge.everything(n_layers)
        walk = f.walk
        if walk.record is not None and walk.phase is not None:
            return walk.record, walk.phase.knowledge
        record = f.record
        if record is not None and f.architecture and record.layer_sizes != f.architecture[0]:
            record = None
        if record is None:
            return None, Knowledge.nothing(n_layers)
        return record, Knowledge.everything(n_layers)

    def _is_latest(self, record: UpdateRecord | None) -> bool:
        return record is not None and record is self.f.store.latest

    def edited(self, record: UpdateRecord | None) -> str:
        """The parameters edited since the latest update, e.g. "w₁₁⁽²⁾ = 2.5" ("" if none or
        if ``record`` is not the latest update)."""
        live = self.f.live
        if live is None or record is None or not self._is_latest(record):
            return ""
        if live is record.parameters_after:
            return ""
        if live.shape != record.parameters_after.shape:
            return ""
        changed = np.flatnonzero(live != record.parameters_after)
        if not len(changed):
            return ""
        layout = self.f.layout
        words = []
        for index in changed[:2].tolist():
            kind, k, i, j = layout.describe(index)
            name = naming.shown_name(Selection(kind, k, i, j), self.f.names, layout)
            words.append(f"{name} = {Numbers(6)(float(live[index])).plain}")
        if len(changed) > 2:
            words.append(f"and {len(changed) - 2:,} more")
        return ", ".join(words)

    # --- drawing --------------------------------------------------------------------------------

    def on_record(self) -> bool:
        """A record arrived: redraw now, or soon for a dense network while running (returns
        True if it drew)."""
        f = self.f
        if f.store.running and f.scene.dense and f.walk.state is WalkState.IDLE:
            if not self._diagram_timer.isActive():
                self._diagram_timer.start(DENSE_INTERVAL_MS)
            return False
        self.refresh()
        return True

    def architecture_changed(self) -> None:
        check = self.f.stage.edge_values_check
        check.setEnabled(self.f.scene.has_edge_labels)
        check.setToolTip(
            "Write each edge's value on it"
            if self.f.scene.has_edge_labels
            else "Too many edges to label them all: hover an edge, or pick it"
        )

    def refresh(self) -> None:
        f = self.f
        self._diagram_timer.stop()
        self.refresh_diagram()
        if f.store.running and f.walk.state is WalkState.IDLE:
            if not self._inspector_timer.isActive():
                self._inspector_timer.start(INSPECTOR_INTERVAL_MS)
        else:
            self._inspector_timer.stop()
            self.render_inspector()

    def refresh_diagram(self) -> None:
        f = self.f
        if f.architecture is None or f.live is None:
            return
        record, knowledge = self.shown()
        stage, walk, exercise = f.stage, f.walk, self.exercise
        walking = walk.state in (WalkState.WAITING, WalkState.WALKING, WalkState.COMMITTING)
        stage.edge_combo.setEnabled(not walking)
        stage.unit_combo.setEnabled(not walking)
        stage.set_batch_size(0 if record is None else record.batch_size)
        latest = f.store.latest
        options = DiagramOptions(
            edge_quantity=stage.edge_quantity,
            unit_quantity=stage.unit_quantity,
            sample=stage.sample,
            unit_text=f.view.unit_labels_readable(),
            edge_text=stage.edge_values_check.isChecked() and f.scene.has_edge_labels,
            selection=f.scene.selection,
            names=f.names,
            unit_digits=f.scene.built_geometry().unit_digits,
            hidden=self.hidden,
        )
        content = diagram_content(
            record=record,
            knowledge=knowledge,
            phase=None if exercise is not None else walk.phase,
            walk_state=WalkState.IDLE if exercise is not None else walk.state,
            parameters=f.live,
            layer_sizes=f.architecture[0],
            options=options,
            latest_step=None if latest is None else latest.step,
            edited=self.edited(record),
            pending=exercise is not None,
        )
        self._apply(content, options.edge_text)
        if exercise is not None:
            stage.phase_label.setText(exercise.html)
            stage.phase_label.setVisible(True)

    def _apply(self, c: DiagramContent, edge_text: bool) -> None:
        scene, stage = self.f.scene, self.f.stage
        scene.set_edges(c.edges, c.edge_scale, c.hidden_edges)
        scene.set_units(c.fills, c.fill_scales, c.hidden_units)
        scene.set_unit_text_visible(c.unit_texts is not None)
        if c.unit_texts is not None:
            scene.set_unit_texts(c.unit_texts)
        scene.set_unit_subtexts(c.unit_subtexts)
        scene.set_edge_labels(c.edge_labels)
        scene.set_selected_label(c.selected_label)
        scene.set_side_texts(c.output_texts, c.loss_text)
        scene.set_band(c.band_kind, c.band_layer)
        stage.legend.set_scale(c.edge_scale, c.legend_caption, c.edge_symbol, c.edges_hidden)
        note = c.note
        if edge_text and scene.hidden_labels:
            note = hidden_labels_note(scene.hidden_labels) + " · " + note
        stage.note.setText(note)
        stage.state_label.setText(c.state)
        stage.phase_label.setText(c.phase_html)
        stage.phase_label.setVisible(bool(c.phase_html))

    # --- the inspector --------------------------------------------------------------------------

    def render_inspector(self) -> None:
        f = self.f
        if not f.dock.isVisible() and f.window.isVisible():
            return
        f.inspector.show_doc(self.inspector_doc())

    def inspector_doc(self) -> Doc | None:
        """The inspector's page for the current selection and update."""
        f = self.f
        record, knowledge = self.shown()
        selection = f.scene.selection
        digits = f.inspector.digits
        if record is None:
            return self._no_update_doc(selection, digits)
        current = None
        editable = selection is not None and selection.kind != "unit" and not f.walk.active
        if selection is not None and editable and self._is_latest(record):
            current = f.current_value(selection)
        ctx = Context(record, knowledge, f.stage.sample, digits, current, f.names, self.hidden)
        if selection is None:
            return describe_overview(ctx, None if self.exercise is not None else f.walk.phase)
        if selection.kind == "unit":
            return describe_unit(ctx, selection)
        return describe_parameter(ctx, selection)

    def _no_update_doc(self, selection: Selection | None, digits: int) -> Doc | None:
        f = self.f
        if selection is None or selection.kind == "unit":
            return None
        value = f.current_value(selection)
        if value is None:
            return None
        doc = Doc()
        name = text(selection.label())
        user = naming.name_of(selection, f.names, f.layout)
        called = name if user is None else text(f"{user} = ") + name
        doc.title(called, muted("weights now (no update yet)"))
        doc.line(name + " = " + bold(Numbers(digits)(value)))
        doc.note("press Step (→) or Step phase (Ctrl+→) to see how an update changes it")
        return doc

    def tooltip(self, selection: Selection) -> str | None:
        f = self.f
        record, knowledge = self.shown()
        current = None
        if not f.walk.active and (record is None or self._is_latest(record)):
            current = f.current_value(selection)
        name = None
        if f.architecture is not None and selection.kind != "unit":
            name = naming.name_of(selection, f.names, f.layout)
        return tooltip_text(
            record, knowledge, selection, f.stage.sample, current, name, self.hidden
        )
