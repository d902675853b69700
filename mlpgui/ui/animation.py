"""Animation export (issue #13): record a run as an animated GIF or an MP4 video, for slides.

File ▸ Export image ▸ Record animation… opens RecordDialog (animation_dialog.py); then either

- "the next N updates": the recorder makes N updates one at a time — pressing Step, as the
  user would, the next one a frame period after the previous one was recorded — and records
  one frame per update. (Not Step N at a speed limit: while training runs the window shows
  at most ~20 records a second and redraws the output plot at most 10 times a second, so
  updates could be skipped, or drawn with the output of another update. An explicit step is
  drawn, diagram and output, before the next one is asked for; the speed limit is untouched.)
- "until I stop it": a frame whenever the window shows another update (Step, Run, the
  timeline), at most at the frame rate, until File ▸ Export image ▸ Stop recording or a
  click on the "● REC n frames" button in the status bar.

Each frame (animation_frames.py) draws the diagram and the output plot side by side under
the caption "update k · L(θ before update k) = …", numbers from the record. Frames stream to
an AnimationWriter (animation_writer.py) that encodes them in its own thread into a temporary
file, which replaces the target only once complete: memory stays bounded (a few frames) and
the window responsive.

A reset, a new network or session, going back to an earlier update (Continue from here),
divergence (next N updates), starting a run meanwhile (next N updates) or closing the window
ends a recording early: what was recorded is saved,
and the banner says why the recording stopped. A writing error (a full disk, …) ends it with
one sentence in the banner and leaves no file. Closing the window waits for the file to be
complete, at most CLOSE_WAIT_SECONDS, and otherwise abandons it cleanly.
"""

from __future__ import annotations

import functools
import inspect
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QToolBar, QToolButton, QWidget

from mlpgui.core import UpdateRecord
from mlpgui.worker import ModelChange, ModelSnapshot, Status, Step, WorkerState

from . import names
from .animation_dialog import RecordDialog, RecordingSettings
from .animation_frames import Panel, caption_text, compose, frame_bytes, natural_size
from .animation_writer import AnimationError, AnimationSpec, AnimationWriter, video_problem
from .formatting import plural

if TYPE_CHECKING:
    from .host import FeatureHost

STEP_TIMEOUT_SECONDS = 15.0
"""Next N updates: a step whose update has not been shown after this long ends the recording."""
OUTPUT_WAIT_SECONDS = 0.5
"""How long a frame waits for the output plot to draw the update the diagram shows."""
POLL_MS = 50
CLOSE_WAIT_SECONDS = 10.0
"""Closing the window waits this long at most for the animation file to be complete."""
INDICATOR_STYLE = "QToolButton { color:#cf222e; font-weight:bold; padding:0 6px; }"
REASONS = {
    ModelChange.RESET: "the network was reset",
    ModelChange.SETUP: "the network was replaced",
    ModelChange.SESSION: "a session was opened",
    ModelChange.REWIND: "training went back to an earlier update",
}

F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """No exception leaves a slot, a timer or an event filter: it is printed and the
    recording ends (saving what was recorded) with a sentence in the banner. Signals may pass
    more arguments than the method takes (``triggered(bool)``, ``finished(int)``): the
    extra ones are dropped."""
    takes = len(inspect.signature(method).parameters) - 1  # without self

    @functools.wraps(method)
    def wrapper(self: AnimationRecorder, *args: Any) -> Any:
        try:
            return method(self, *args[:takes])
        except Exception as exc:  # nothing may escape into Qt
            traceback.print_exception(exc, file=sys.stderr)
            self._on_crash(exc)
            return False

    return wrapper  # type: ignore[return-value]


@dataclass
class _Recording:
    """A recording in progress (GUI thread)."""

    settings: RecordingSettings
    writer: AnimationWriter
    panels: list[Panel]
    output: QWidget | None
    """The output plot, when recorded (a frame waits until it shows the frame's update)."""
    generation: int | None
    seen_paused: bool
    """Next N updates: a state other than running arrived since the start (a run that is
    started after that is the user's, and ends the recording)."""
    frames: int = 0
    skipped: int = 0
    last_step: int | None = None
    last_capture: float = float("-inf")
    pending: UpdateRecord | None = None
    pending_since: float = 0.0
    held: bytes | None = None
    """Next N updates: a frame waiting for room in the writer's queue."""
    asked: float | None = None
    """Next N updates: when the step being waited for was asked for."""

    @property
    def counted(self) -> int:
        return self.frames + (self.held is not None)


@dataclass
class _Saving:
    """A finished recording whose file is still being completed (or removed: ``report``
    False, nothing to say when it is done)."""

    writer: AnimationWriter
    skipped: int = 0
    note: str | None = None
    report: bool = True


class AnimationRecorder(QObject):
    """Records the window into an animation (see the module docstring). Registered with the
    FeatureHost (``window.feature(AnimationRecorder)``); ``start(settings)`` and ``stop()``
    are the programmatic API."""

    def __init__(self, host: FeatureHost) -> None:
        window = host.window
        super().__init__(window)
        self.host = host
        self.window = window
        self.store = host.store
        self.last = RecordingSettings(Path.home() / "mlpgui-animation.gif")
        """The settings the dialog starts from (the last ones used)."""
        self.dialog: RecordDialog | None = None
        self.recording: _Recording | None = None
        self._saving: list[_Saving] = []
        self._capture_timer = self._timer(self._capture)
        self._step_timer = self._timer(self._next_step)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        self._build_actions()
        self.indicator = QToolButton()
        self.indicator.setObjectName(names.RECORDING_INDICATOR)
        self.indicator.setAutoRaise(True)
        self.indicator.setStyleSheet(INDICATOR_STYLE)
        self.indicator.clicked.connect(self.stop)
        window.statusBar().addPermanentWidget(self.indicator)
        self.indicator.hide()
        host.store.record_changed.connect(self._on_record)
        host.store.model_changed.connect(self._on_model)
        host.store.state_changed.connect(self._on_state)
        window.installEventFilter(self)
        QCoreApplication.instance().aboutToQuit.connect(self._on_quit)

    @property
    def busy(self) -> bool:
        """True while recording, or while the file of a recording is being completed."""
        return self.recording is not None or bool(self._saving)

    def _timer(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    def _build_actions(self) -> None:
        w = self.window
        self.record_action = QAction("Record &animation…", w)
        self.record_action.setObjectName(names.RECORD_ANIMATION_ACTION)
        self.record_action.setStatusTip(
            "Record the diagram and the output plot as an animated GIF or MP4, for slides"
        )
        self.record_action.triggered.connect(self.open_dialog)
        self.toggle_action = QAction("Start recording…", w)
        self.toggle_action.setObjectName(names.RECORDING_TOGGLE_ACTION)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setStatusTip(
            "Record every update the window shows while you work, until you stop recording"
        )
        self.toggle_action.triggered.connect(self._on_toggle)
        menu = w.findChild(QMenu, names.EXPORT_MENU)
        if menu is None:
            menu = self.host.menus.get("file")
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.record_action, self.toggle_action])
        w.addActions([self.record_action, self.toggle_action])

    # --- starting and stopping ----------------------------------------------------------------

    @Slot()
    @_guarded
    def open_dialog(self) -> None:
        """Ask what and how to record (a window-modal dialog); recording starts on Record."""
        if self.recording is not None or self.dialog is not None:
            return
        dialog = RecordDialog(self.window, self.last, video_problem())
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    @Slot()
    @_guarded
    def _on_dialog_accepted(self) -> None:
        settings = self.dialog.settings() if self.dialog is not None else None
        if settings is not None:
            self.start(settings)

    @Slot()
    @_guarded
    def _on_dialog_finished(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._sync_ui()

    @Slot()
    @_guarded
    def _on_toggle(self) -> None:
        if self.recording is not None:
            self.stop()
        elif self.toggle_action.isChecked():
            self.last = replace(self.last, updates=None)
            self.open_dialog()
        self._sync_ui()

    @_guarded
    def start(self, settings: RecordingSettings) -> bool:
        """Start recording (False, with a sentence in the banner, if that is impossible)."""
        if self.recording is not None:
            return False
        panels, output = self._panels(settings.content)
        size = settings.size or self._screen_size(panels)
        writer = AnimationWriter(AnimationSpec(settings.path, settings.format, *size, settings.fps))
        try:
            writer.start()
        except AnimationError as exc:
            self.host.show_message("error", str(exc))
            return False
        self.last = settings
        snapshot, state = self.store.snapshot, self.store.state
        self.recording = _Recording(
            settings,
            writer,
            panels,
            output,
            generation=None if snapshot is None else snapshot.generation,
            seen_paused=state is None or state.status is not Status.RUNNING,
        )
        self._poll_timer.start()
        self._sync_ui()
        if settings.updates is not None:
            self._ask_step()
        return True

    @Slot()
    @_guarded
    def stop(self) -> None:
        """Stop recording and save what was recorded."""
        self._end(None)

    def _panels(self, content: str) -> tuple[list[Panel], QWidget | None]:
        """The widgets to draw (the output dock is shown and raised if recorded) and the
        output plot among them."""
        window = self.window
        panels: list[Panel] = []
        output: QWidget | None = None
        dock = window.findChild(QDockWidget, names.OUTPUT_DOCK)
        if content in ("both", "output") and dock is not None and dock.widget() is not None:
            if not dock.isVisible():
                dock.show()
            dock.raise_()
            output = dock.widget()
        if content in ("both", "diagram") or output is None:
            from .network.feature import NetworkFeature

            network = self.host.feature(NetworkFeature)
            stage = network.stage if network is not None else self.host.stage
            panels.append(Panel(stage, stage.findChild(QToolBar, names.NETWORK_OPTIONS_BAR)))
        if output is not None:
            panels.append(Panel(output))
        return panels, output

    def _screen_size(self, panels: list[Panel]) -> tuple[int, int]:
        """The frame size of "as shown on screen": the panels side by side in the screen's
        own pixels (twice the widgets' size on a screen with a device pixel ratio of 2)."""
        ratio = max(1.0, self.window.devicePixelRatioF())
        return natural_size([p.source().size() * ratio for p in panels])

    def _end(self, note: str | None) -> None:
        """Stop recording; keep what was recorded (the file is completed in the background).
        ``note``: why the recording stopped early (None: it was stopped or is complete)."""
        rec = self.recording
        if rec is None:
            return
        self.recording = None
        self._capture_timer.stop()
        self._step_timer.stop()
        if rec.held is not None:
            if rec.writer.offer(rec.held, force=True):
                rec.frames += 1
            else:
                rec.skipped += 1
            rec.held = None
        if rec.frames == 0:
            self._discard(rec.writer)
            if note:
                text = (
                    f"Recording stopped: {note}; nothing had been recorded, so no file was written."
                )
            else:
                text = "Nothing was recorded (no update was shown), so no file was written."
            self.host.show_message("warning" if note else "info", text)
        else:
            rec.writer.finish()
            self._saving.append(_Saving(rec.writer, rec.skipped, note))
            self._poll_timer.start()
        self._sync_ui()

    def _discard(self, writer: AnimationWriter) -> None:
        """Abandon ``writer``'s file (its temporary file is removed in the background)."""
        writer.abort()
        self._saving.append(_Saving(writer, report=False))
        self._poll_timer.start()

    def _fail(self, rec: _Recording) -> None:
        """The writer failed: stop recording, leave no file, say why."""
        self.recording = None
        self._capture_timer.stop()
        self._step_timer.stop()
        self._discard(rec.writer)
        text = rec.writer.error or f"Could not write the animation {rec.writer.target.name}."
        self.host.show_message("error", text)
        self._sync_ui()

    def _on_crash(self, exc: Exception) -> None:
        detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
        try:
            if self.recording is not None:
                self._end(f"an unexpected error occurred ({detail})")
            else:
                self.host.show_message("error", f"The animation recorder failed ({detail}).")
        except Exception:  # reporting must not raise either
            traceback.print_exc(file=sys.stderr)

    # --- frames -------------------------------------------------------------------------------

    @Slot(object)
    @_guarded
    def _on_record(self, record: UpdateRecord | None) -> None:
        rec = self.recording
        if rec is None or record is None:
            return
        updates = rec.settings.updates is not None
        if updates:
            if record is not self.store.latest:
                return  # a past update chosen on the timeline meanwhile
            if rec.last_step is not None and record.step <= rec.last_step:
                return
            rec.asked = None
        now = time.perf_counter()
        if rec.pending is None:
            rec.pending_since = now
        rec.pending = record
        if not self._capture_timer.isActive():
            wait = 0.0 if updates else rec.last_capture + 1 / rec.settings.fps - now
            self._capture_timer.start(round(max(0.0, wait) * 1000))

    def _output_lags(self, rec: _Recording, record: UpdateRecord) -> bool:
        """True while the output plot still draws an earlier update than ``record``."""
        output = rec.output
        if output is None or not output.isVisible() or record is not self.store.latest:
            return False
        return getattr(output, "shown_steps", record.step) != record.step

    @Slot()
    @_guarded
    def _capture(self) -> None:
        """Draw the frame of the pending update and hand it to the writer."""
        rec = self.recording
        if rec is None or rec.pending is None:
            return
        record = rec.pending
        now = time.perf_counter()
        if self._output_lags(rec, record) and now - rec.pending_since < OUTPUT_WAIT_SECONDS:
            self._capture_timer.start(15)
            return
        width, height = rec.writer.spec.width, rec.writer.spec.height
        data = frame_bytes(compose(rec.panels, width, height, caption_text(record)))
        rec.pending = None
        rec.last_capture = now
        rec.last_step = record.step
        if rec.writer.offer(data):
            rec.frames += 1
        elif rec.settings.updates is not None:
            rec.held = data  # offered again before the next step
        else:
            rec.skipped += 1  # writing fell behind: this update is left out
        self._sync_ui()
        if rec.settings.updates is not None:
            period = 1 / rec.settings.fps - (time.perf_counter() - now)
            self._step_timer.start(max(0, round(period * 1000)))

    @Slot()
    @_guarded
    def _next_step(self) -> None:
        """Next N updates: the next step, once the last frame is in the writer's queue."""
        rec = self.recording
        if rec is None or rec.settings.updates is None:
            return
        if rec.held is not None:
            if not rec.writer.offer(rec.held):
                self._step_timer.start(20)  # the writer is behind (or failed: see _poll)
                return
            rec.frames += 1
            rec.held = None
            self._sync_ui()
        if rec.frames >= rec.settings.updates:
            self._end(None)
        else:
            self._ask_step()

    def _ask_step(self) -> None:
        """One update, as the Step button makes it (it also ends a phase walk-through)."""
        rec = self.recording
        if rec is None:
            return
        rec.asked = time.perf_counter()
        step = self.host.controls.step_action
        if step.isEnabled():
            step.trigger()
        else:
            self.host.send(Step())

    # --- the window's news --------------------------------------------------------------------

    @Slot(object)
    @_guarded
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        rec = self.recording
        if rec is None:
            return
        replaced = rec.generation is not None and snapshot.generation != rec.generation
        if replaced or snapshot.reason is ModelChange.REWIND:
            self._end(REASONS.get(snapshot.reason, "the network was replaced"))

    @Slot(object)
    @_guarded
    def _on_state(self, state: WorkerState) -> None:
        rec = self.recording
        if rec is None or rec.settings.updates is None:
            return
        if state.status is Status.DIVERGED:
            self._end("training diverged")
        elif state.status is not Status.RUNNING:
            rec.seen_paused = True
        elif rec.seen_paused:
            self._end("training was started meanwhile")

    @Slot()
    @_guarded
    def _poll(self) -> None:
        """Watch the writers: a failure while recording, and files that are complete."""
        rec = self.recording
        if rec is not None:
            if rec.writer.error is not None or rec.writer.done:
                self._fail(rec)
            elif rec.asked is not None and time.perf_counter() - rec.asked > STEP_TIMEOUT_SECONDS:
                seconds = round(STEP_TIMEOUT_SECONDS)
                self._end(f"no update came for {seconds} seconds")
        for saving in list(self._saving):
            if saving.writer.done:
                self._saving.remove(saving)
                self._report(saving)
        if self.recording is None and not self._saving:
            self._poll_timer.stop()
        self._sync_ui()

    def _report(self, saving: _Saving) -> None:
        writer = saving.writer
        if not saving.report:
            return
        if writer.error is not None:
            self.host.show_message("error", writer.error)
            return
        spec, frames = writer.spec, plural(writer.frames_written, "frame")
        if saving.note:
            text = (
                f"Recording stopped: {saving.note}. Saved the {frames} recorded to {writer.target}."
            )
        else:
            text = (
                f"Saved {frames} ({spec.width} × {spec.height}, {spec.fps} frames/s) "
                f"to {writer.target}."
            )
        if saving.skipped:
            text += f" Writing fell behind, so {plural(saving.skipped, 'frame')} could not be kept."
        self.host.show_message("warning" if saving.note else "info", text)

    # --- closing ------------------------------------------------------------------------------

    @_guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown("the window was closed")
        return False

    @Slot()
    @_guarded
    def _on_quit(self) -> None:
        self.shutdown("the program quit")

    def shutdown(self, note: str = "the window was closed") -> None:
        """End a recording and complete its file (waiting at most CLOSE_WAIT_SECONDS; a file
        that is still not complete then is abandoned, leaving the target as it was)."""
        if self.recording is not None:
            self._end(note)
        deadline = time.perf_counter() + CLOSE_WAIT_SECONDS
        for saving in self._saving:
            saving.writer.wait(max(0.0, deadline - time.perf_counter()))
        for saving in self._saving:
            if not saving.writer.done:
                saving.writer.abort()
                saving.writer.wait(2.0)
        self._poll()

    # --- what the user sees -------------------------------------------------------------------

    def _sync_ui(self) -> None:
        rec = self.recording
        with QSignalBlocker(self.toggle_action):
            self.toggle_action.setChecked(rec is not None)
        self.toggle_action.setText("Stop recording" if rec is not None else "Start recording…")
        self.record_action.setEnabled(rec is None and self.dialog is None)
        self.toggle_action.setEnabled(self.dialog is None)
        indicator = self.indicator
        saving = any(s.report for s in self._saving)
        if rec is not None:
            target = rec.settings.updates
            count = rec.counted
            frames = (
                plural(count, "frame")
                if target is None
                else f"{count} of {plural(target, 'frame')}"
            )
            indicator.setText(f"● REC {frames}")
            indicator.setToolTip(f"Recording to {rec.writer.target}; click to stop and save")
            indicator.setEnabled(True)
        elif saving:
            indicator.setText("Saving the animation…")
            indicator.setToolTip("The animation file is being completed")
            indicator.setEnabled(False)
        indicator.setVisible(rec is not None or saving)


def install(host: FeatureHost) -> None:
    """File ▸ Export image ▸ Record animation… and Start/Stop recording; registers the
    AnimationRecorder with the host."""
    host.register(AnimationRecorder(host))
