"""ExerciseFeature: exercise mode — a student computes quantities of the next update and is
checked (issue #13). GUI thread.

Training ▸ Exercise… asks the worker for the next update (the ``Preview`` intent, as Step
phase does) and makes an ``ExerciseSet`` of it (``mlpgui.core.exercise``: seeded, or the values
picked in the diagram). While the exercise is open, the diagram, its tooltips and the inspector
show that update with the quantities asked for hidden (``ExerciseView``, network/hiding.py);
solving or revealing a question shows its quantities again. The Output and Hidden-units
plots and the status bar's loss, which show the network at the current θ, are hidden until
the exercise ends (covering.py). Step, Run, Reset, Step phase, an
edit in the diagram or a new architecture ask first ("End the exercise?"), since the exercise
is about the next update from the current θ; anything else that changes that update (the
data, a setting, opening a session) ends it with one sentence. The score stays in the panel.
The set (with its progress) is kept by the worker (``SetExerciseSet``) and saved with the
session; an opened session brings it back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from mlpgui.core.exercise import (
    Exercise,
    ExerciseError,
    ExerciseSet,
)
from mlpgui.ui import names
from mlpgui.ui.busy import busy_cursor
from mlpgui.ui.network.feature import NetworkFeature
from mlpgui.ui.network.hiding import NOTHING, Hidden
from mlpgui.ui.network.showing import ExerciseView
from mlpgui.ui.slot_guard import guarded
from mlpgui.worker import (
    ModelChange,
    ModelSnapshot,
    Pause,
    Preview,
    PreviewReady,
    Step,
    WorkerState,
)
from mlpgui.worker.intents import SetExerciseSet

from . import describe
from .actions import build_actions
from .covering import hide_answers, withhold_while_reopening
from .dialog import ExerciseDialog, ExerciseRequest
from .docking import place_dock, show_in_presenter_mode
from .making import Pending, make_set, selection_of
from .panel import ExercisePanel
from .picking import Picks
from .sheet import export_sheet

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


class ExerciseFeature(QObject):
    """See the module docstring. Registered with the FeatureHost (tests:
    ``window.feature(ExerciseFeature)``).

    Attributes: ``exercises``: the current set (open, or ended and kept for its score and the
    sheet), None before the first; ``is_open``: the exercise goes on (values are hidden);
    ``picks``: the quantities picked in the diagram for the next exercise (picking.py).
    """

    error_source = "Exercise mode"

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        network = host.feature(NetworkFeature)
        assert network is not None, "exercise mode needs the network feature"
        self.host, self.window, self.store, self.network = host, host.window, host.store, network
        self.exercises: ExerciseSet | None = None
        self.is_open = False
        self.last = ExerciseRequest()
        self._pending: Pending | None = None
        self._hinted: set[int] = set()  # questions whose hint is shown (not their answer)
        self._presenter_watched = False
        self.dialog: ExerciseDialog | None = None
        self.panel = ExercisePanel()
        self.dock = host.add_dock(
            "Exercise", names.EXERCISE_DOCK, self.panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.dock.hide()
        self.picks = Picks(host, self.panel, self.show_dock)
        self.exercise_action, self.sheet_action = build_actions(
            host, network, self.new_exercise, self.export_sheet
        )
        self._connect()

    def _connect(self) -> None:
        store, panel, network = self.store, self.panel, self.network
        store.model_changed.connect(self._on_model)
        store.state_changed.connect(self._on_state)
        store.record_changed.connect(self._on_record)
        self.host.worker.preview_ready.connect(self._on_preview)
        self.host.worker.errored.connect(self._on_error)
        network.value_asked.connect(self.picks.add)
        self.host.controls.add_confirmation(self.confirm)
        panel.answered.connect(self._on_answer)
        panel.hint_requested.connect(self._on_hint)
        panel.reveal_requested.connect(self._on_reveal)
        panel.question_focused.connect(self._show_question)
        panel.new_requested.connect(self.new_exercise)
        panel.apply_requested.connect(self.apply_update)
        panel.end_requested.connect(self._on_end)
        panel.sheet_requested.connect(self.export_sheet)

    def report_error(self, text: str) -> None:
        self.host.show_message("error", text)

    # --- making an exercise --------------------------------------------------------------------

    @Slot()
    @guarded
    def new_exercise(self) -> None:
        """Training ▸ Exercise…: choose what to ask (a dialog), then make the exercise."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = ExerciseDialog(self.window, self.last, len(self.picks.quantities))
        dialog.chosen.connect(self._on_chosen)
        dialog.finished.connect(self._on_dialog_closed)
        self.dialog = dialog
        dialog.open()

    @Slot(object)
    @guarded
    def _on_chosen(self, request: ExerciseRequest) -> None:
        if not self.confirm("A new exercise"):
            return
        self.last = replace(self.last, picked=True) if request.picked else request
        self.start(request)

    @Slot()
    def _on_dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def start(self, what: Pending) -> None:
        """Ask the worker for the next update; the exercise is made when it arrives."""
        self.network.walk.cancel()
        if self.store.running:
            self.host.send(Pause())  # the exercise is about the update after the pause
        self._pending = what
        self.host.send(Preview())

    @Slot(object)
    @guarded
    def _on_preview(self, message: PreviewReady) -> None:
        what, self._pending = self._pending, None
        if what is None:
            return  # Step phase's preview
        try:
            picked = self.picks.quantities
            with busy_cursor():  # a hundred exercises on a large network take a second
                exercises = make_set(what, message.record, picked, self.network.names)
        except ExerciseError as exc:
            if isinstance(what, dict):
                self._withhold(False)
                self.host.send(SetExerciseSet(None))
                self.report_error(f"The session's exercises cannot be opened: {exc}")
            else:
                self.report_error(str(exc))
            return
        self._open(exercises)

    def _open(self, exercises: ExerciseSet) -> None:
        if self.is_open:
            self.end(None)
        self.network.walk.cancel()  # Step phase may have asked for a preview meanwhile
        self.exercises, self.is_open = exercises, True
        self._hinted = set()
        hide_answers(self.host, True)
        self.network.showing.withhold(NOTHING)
        self.panel.show_questions(
            describe.summary(exercises, True), [e.question() for e in exercises]
        )
        for n, exercise in enumerate(exercises, start=1):
            self.panel.question(n).set_status(exercise.status)
        self._refresh()
        self.show_dock()
        self._watch_presenter()
        self._keep()

    def _watch_presenter(self) -> None:
        """Presenter mode (made after the features) hides every dock but two: follow it."""
        action = self.window.findChild(QAction, names.PRESENTER_ACTION)
        if action is not None and not self._presenter_watched:
            action.toggled.connect(self._on_presenter)
            self._presenter_watched = True

    @Slot(bool)
    @guarded
    def _on_presenter(self, on: bool) -> None:
        if on and self.is_open:
            show_in_presenter_mode(self.host, self.dock)

    # --- answering ---------------------------------------------------------------------------

    @Slot(int, str)
    @guarded
    def _on_answer(self, number: int, text: str) -> None:
        exercise = self._exercise(number)
        if exercise is None:
            return
        verdict = exercise.check(text)
        widget = self.panel.question(number)
        widget.show_verdict(verdict.status, verdict.message)
        widget.set_status(exercise.status)
        if verdict.counted:
            self._refresh()
            self._keep()

    @Slot(int)
    @guarded
    def _on_hint(self, number: int) -> None:
        if self._exercise(number) is not None:
            self._hinted.add(number)
            self._show_hint(number)

    def _show_hint(self, number: int) -> None:
        """Question ``number``'s hint; a value another open question hides shows as "?" (and
        appears once that question is answered or revealed: ``_refresh`` shows it again)."""
        exercises = self.exercises
        assert exercises is not None
        hint = exercises.hint(number - 1).markdown(exercises.digits)
        self.panel.question(number).show_details("**Hint.** " + hint)

    @Slot(int)
    @guarded
    def _on_reveal(self, number: int) -> None:
        exercise, exercises = self._exercise(number), self.exercises
        if exercise is None or exercises is None:
            return
        widget = self.panel.question(number)
        try:  # not while it needs a value another open question hides (it would give it away)
            worked = exercises.reveal(number - 1).markdown()
        except ExerciseError as waiting:
            hint = exercises.hint(number - 1).markdown(exercises.digits)
            widget.show_details(f"**Not yet.** {waiting}\n\n**Hint.** {hint}")
            return
        self._hinted.discard(number)  # the worked answer replaces the hint
        widget.show_details(re.sub(r"(?m)^#{1,3} ", "#### ", worked))
        widget.set_status(exercise.status)
        self._refresh()
        self._keep()

    @Slot(int)
    @guarded
    def _show_question(self, number: int) -> None:
        """Pick what question ``number`` is about in the diagram (and its sample), so that
        the inspector shows the formula with the given values."""
        exercise = self._exercise(number)
        if exercise is None:
            return
        q = exercise.quantity
        spin = self.network.stage.sample_spin
        if q.sample is not None and spin.isEnabled():
            spin.setValue(q.sample + 1)
        self.store.select(selection_of(q))

    def _exercise(self, number: int) -> Exercise | None:
        if not self.is_open or self.exercises is None or not 1 <= number <= len(self.exercises):
            return None
        return self.exercises[number - 1]

    def _refresh(self) -> None:
        """The score, Apply, and what the diagram and the inspector hide."""
        exercises = self.exercises
        if exercises is None:
            return
        self.panel.set_score(describe.score_line(exercises))
        self.panel.set_exercise_shown(True, self.is_open)
        done = all(e.status != "open" for e in exercises)
        self.panel.set_apply_enabled(self.is_open and done)
        view = None
        if self.is_open:
            for number in sorted(self._hinted):
                self._show_hint(number)  # a value it waited for may be shown now
            hidden = Hidden(exercises.hidden_quantities())
            view = ExerciseView(exercises.record, hidden, describe.diagram_line(exercises))
        self.network.showing.set_exercise(view)

    def _keep(self) -> None:
        """The worker keeps the set (and its progress) to save it with the session."""
        if self.exercises is not None and self.is_open:
            self.host.send(SetExerciseSet(self.exercises.to_json()))

    # --- ending ------------------------------------------------------------------------------

    def confirm(self, what: str) -> bool:
        """Before ``what`` ("Step", "Editing a weight", …) changes the next update: True if no
        exercise is open, or the user ended it. The training controls ask this before every
        action that changes the next update (``TrainingControls.add_confirmation``)."""
        if not self.is_open or self.exercises is None:
            return True
        answer = QMessageBox.question(
            self.window,
            "End the exercise?",
            f"{what} ends the exercise on update {self.exercises.step:,}: it is about the next "
            "update from the current weights. The score stays in the Exercise panel. End the "
            "exercise?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.end(None)
        return True

    def end(self, reason: str | None, tell: bool = False, keep: bool = False) -> None:
        """End the open exercise (``reason``: what ended it, said in the panel and, with
        ``tell``, in the banner); every value is shown again. The worker forgets the set,
        unless ``keep`` (its run was replaced by an opened session, which has its own)."""
        if not self.is_open or self.exercises is None:
            return
        self.is_open = False
        hide_answers(self.host, False)
        self._refresh()
        ended = describe.summary(self.exercises, False)
        self.panel.set_summary(ended + (f" It ended: {reason}." if reason else ""))
        if not keep:
            self.host.send(SetExerciseSet(None))
        if reason and tell:
            self.host.show_message(
                "info", f"The exercise ended: {reason}. Its score stays in the Exercise panel."
            )

    @Slot()
    @guarded
    def _on_end(self) -> None:
        self.end("ended by hand")

    @Slot()
    @guarded
    def apply_update(self) -> None:
        """Apply the update: the exercise ends and the worker makes the update (Step)."""
        exercises = self.exercises
        if not self.is_open or exercises is None or any(e.status == "open" for e in exercises):
            return
        self.end(f"update {exercises.step:,} was applied")
        self.host.send(Step())

    # --- what the window reports ---------------------------------------------------------------

    @Slot(object)
    @guarded
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        if snapshot.reason is ModelChange.SESSION:
            self.end("another session was opened", keep=True)
            self._pending = None
            self._withhold(snapshot.exercises is not None)  # until its exercise is back
            if snapshot.exercises is not None:
                self.start(dict(snapshot.exercises))
            return
        if self.is_open:
            reason = describe.ended_by_model(snapshot)
            if reason is not None:
                self.end(reason, tell=True)

    @Slot(object)
    @guarded
    def _on_state(self, state: WorkerState) -> None:
        if self.is_open and self.exercises is not None:
            reason = describe.ended_by_settings(state.setup, self.exercises.record, state.running)
            if reason is not None:
                self.end(reason, tell=True)

    @Slot(object)
    @guarded
    def _on_record(self, _: object) -> None:
        if self.is_open and self.exercises is not None:
            reason = describe.ended_by_record(self.store.latest, self.exercises)
            if reason is not None:
                self.end(reason, tell=True)

    @Slot(object)
    @guarded
    def _on_error(self, _: object) -> None:
        if isinstance(self._pending, dict):
            self._withhold(False)  # an opened session's exercise cannot be made
        self._pending = None  # the preview failed (the banner says why)

    def _withhold(self, on: bool) -> None:
        withhold_while_reopening(self.host, self.network.showing, on, self.is_open)

    # --- the dock, the sheet ----------------------------------------------------------------------

    def show_dock(self) -> None:
        place_dock(self.host, self.dock)

    @Slot()
    @guarded
    def export_sheet(self) -> None:
        """File ▸ Export ▸ Exercise sheet…: questions and solutions, two files."""
        if self.exercises is None:
            self.report_error("There is no exercise to export yet: Training ▸ Exercise… makes one.")
            return
        export_sheet(self.window, self.exercises, self.host.show_message)
