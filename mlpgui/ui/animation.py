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

A reset, a new network or session, Continue from here, divergence or a run started during
"next N updates", or closing the window ends a recording early: what was recorded is saved,
and the banner says why. A writing error (a full disk, …) ends it with one sentence in the
banner and leaves no file. Closing the window waits for the file to be complete, at most
CLOSE_WAIT_SECONDS, and otherwise abandons it cleanly. What the user sees (actions, dialog,
the REC button) is in animation_controls.py.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from mlpgui.core import UpdateRecord
from mlpgui.worker import ModelChange, ModelSnapshot, Status, Step, WorkerState

from . import names
from .animation_controls import RecordingControls
from .animation_dialog import RecordingSettings
from .animation_frames import Panel, caption_text, compose, frame_bytes, natural_size
from .animation_recording import REASONS, Recording, Saving, guarded, nothing_recorded, saved
from .animation_writer import AnimationError, AnimationSpec, AnimationWriter

if TYPE_CHECKING:
    from .host import FeatureHost

STEP_TIMEOUT_SECONDS = 15.0
"""Next N updates: a step whose update has not been shown after this long ends the recording."""
OUTPUT_WAIT_SECONDS = 0.5
"""How long a frame waits for the output plot to draw the update the diagram shows."""
POLL_MS = 50
CLOSE_WAIT_SECONDS = 10.0
"""Closing the window waits this long at most for the animation file to be complete."""


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
        self.recording: Recording | None = None
        self._saving: list[Saving] = []
        self._capture_timer = self._timer(self._capture)
        self._step_timer = self._timer(self._next_step)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        self.controls = RecordingControls(host, self)
        host.store.record_changed.connect(self._on_record)
        host.store.model_changed.connect(self._on_model)
        host.store.state_changed.connect(self._on_state)
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_quit)

    @property
    def busy(self) -> bool:
        """True while recording, or while the file of a recording is being completed."""
        return self.recording is not None or bool(self._saving)

    @property
    def saving(self) -> bool:
        """True while the file of a finished recording is being completed."""
        return any(s.report for s in self._saving)

    def _timer(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # --- starting and stopping ----------------------------------------------------------------

    @guarded
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
        self.recording = Recording(
            settings,
            writer,
            panels,
            output,
            generation=None if snapshot is None else snapshot.generation,
            seen_paused=state is None or state.status is not Status.RUNNING,
        )
        self._poll_timer.start()
        self.controls.sync()
        if settings.updates is not None:
            self._ask_step()
        return True

    @Slot()
    @guarded
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
            self.host.show_message(*nothing_recorded(note))
        else:
            rec.writer.finish()
            self._saving.append(Saving(rec.writer, rec.skipped, note))
            self._poll_timer.start()
        self.controls.sync()

    def _discard(self, writer: AnimationWriter) -> None:
        """Abandon ``writer``'s file (its temporary file is removed in the background)."""
        writer.abort()
        self._saving.append(Saving(writer, report=False))
        self._poll_timer.start()

    def _fail(self, rec: Recording) -> None:
        """The writer failed: stop recording, leave no file, say why."""
        self.recording = None
        self._capture_timer.stop()
        self._step_timer.stop()
        self._discard(rec.writer)
        text = rec.writer.error or f"Could not write the animation {rec.writer.target.name}."
        self.host.show_message("error", text)
        self.controls.sync()

    def on_crash(self, exc: Exception) -> None:
        """An unexpected error in a slot: end the recording (saving what was recorded) or
        say what failed."""
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
    @guarded
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

    def _output_lags(self, rec: Recording, record: UpdateRecord) -> bool:
        """True while the output plot still draws an earlier update than ``record``."""
        output = rec.output
        if output is None or not output.isVisible() or record is not self.store.latest:
            return False
        return getattr(output, "shown_steps", record.step) != record.step

    @Slot()
    @guarded
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
        self.controls.sync()
        if rec.settings.updates is not None:
            period = 1 / rec.settings.fps - (time.perf_counter() - now)
            self._step_timer.start(max(0, round(period * 1000)))

    @Slot()
    @guarded
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
            self.controls.sync()
        if rec.frames >= rec.settings.updates:
            self._end(None)
        else:
            self._ask_step()

    def _ask_step(self) -> None:
        """One update, as the Step button makes it (it also ends a phase walk-through)."""
        rec = self.recording
        if rec is None:
            return
        controls = self.host.controls
        # Ask first as Step would (e.g. "End the exercise?"): a "no" ends the recording, where
        # the recorder would otherwise wait for an update that never comes.
        if not controls.confirm("Step"):
            self._end("the next update was declined")
            return
        rec.asked = time.perf_counter()
        step = controls.step_action
        if step.isEnabled():
            step.trigger()  # asks again, which now passes (or the user changed their mind)
        else:
            self.host.send(Step())

    # --- the window's news --------------------------------------------------------------------

    @Slot(object)
    @guarded
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        rec = self.recording
        if rec is None:
            return
        replaced = rec.generation is not None and snapshot.generation != rec.generation
        if replaced or snapshot.reason is ModelChange.REWIND:
            self._end(REASONS.get(snapshot.reason, "the network was replaced"))

    @Slot(object)
    @guarded
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
    @guarded
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
        self.controls.sync()

    def _report(self, saving: Saving) -> None:
        message = saved(saving)
        if message is not None:
            self.host.show_message(*message)

    # --- closing ------------------------------------------------------------------------------

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown("the window was closed")
        return False

    @Slot()
    @guarded
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


def install(host: FeatureHost) -> None:
    """File ▸ Export image ▸ Record animation… and Start/Stop recording; registers the
    AnimationRecorder with the host."""
    host.register(AnimationRecorder(host))
