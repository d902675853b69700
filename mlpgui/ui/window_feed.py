"""WindowFeed: the worker's messages into the window — the store, the loss curve, the numbers
panel, the timeline, the status bar and the banner — and the window's own requests out as
intents (GUI thread).

It decides which update the window shows: the newest (at most 20 times a second while
training runs, fewer when drawing is slow) or, after scrubbing the timeline, a past update
the worker recomputed; ``GuiStore.record_changed`` then tells every display.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from mlpgui.core import UpdateRecord
from mlpgui.worker import (
    ContinueFrom,
    Errored,
    FileAction,
    FileDone,
    HistoryRecordReady,
    LossesReady,
    ModelChange,
    ModelChanged,
    Notice,
    Pause,
    RecordReady,
    Reset,
    Run,
    SetBatch,
    SetDisplayInterval,
    SetLearningRate,
    SetLoss,
    SetMaxRate,
    SetTrainBiases,
    ShowLatest,
    ShowUpdate,
    StateChanged,
    Step,
    StepMany,
)

from .plots.throttle import Throttle

if TYPE_CHECKING:
    from .main_window import MainWindow

STALE_MESSAGE_REASONS = frozenset(
    {ModelChange.RESET, ModelChange.SETUP, ModelChange.EDIT, ModelChange.SESSION,
     ModelChange.REWIND, ModelChange.SWITCHED}
)  # fmt: skip
"""Model changes after which an error or warning shown before no longer applies."""

FILE_DONE_TEXT = {
    FileAction.SAVED: "Saved",
    FileAction.OPENED: "Opened",
    FileAction.EXPORTED: "Exported the history to",
}


class WindowFeed(QObject):
    """See the module docstring; created by the MainWindow once its parts exist."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.store = window.store
        self._following_live = True
        """False while the timeline shows (or has asked for) a past update."""
        # While training runs, records are shown at most 20 times a second, and less often
        # when the window is busy (DisplayBudget): the newest one is always shown last.
        self._record_throttle = Throttle(1 / 20, self._display_latest_record, self)
        self._state_throttle = Throttle(1 / 10, self._show_state_text, self)
        self._connect()

    def _connect(self) -> None:
        """The controls' and the timeline's requests become intents; the worker's messages
        go to the store (and the window's own parts)."""
        window = self._window
        c, t, w, send = window.controls, window.timeline, window.worker, window.worker.send
        c.step_requested.connect(lambda: send(Step()))
        c.step_many_requested.connect(lambda n: send(StepMany(n)))
        c.run_requested.connect(lambda: send(Run()))
        c.pause_requested.connect(lambda: send(Pause()))
        c.reset_requested.connect(lambda new_seed: send(Reset(new_seed)))
        c.learning_rate_requested.connect(lambda value: send(SetLearningRate(value)))
        c.loss_requested.connect(lambda name: send(SetLoss(name)))
        c.batch_requested.connect(lambda batch: send(SetBatch(batch)))
        c.max_rate_requested.connect(lambda rate: send(SetMaxRate(rate)))
        c.train_biases_requested.connect(lambda on: send(SetTrainBiases(on)))
        t.show_update_requested.connect(self._show_past)
        t.continue_from_requested.connect(lambda step: send(ContinueFrom(step)))
        t.back_to_latest_requested.connect(self._show_latest)
        w.record_ready.connect(self._on_record)
        w.history_record_ready.connect(self._on_history_record)
        w.losses_ready.connect(self._on_losses)
        w.state_changed.connect(self._on_state)
        w.model_changed.connect(self._on_model)
        w.notice_posted.connect(self._on_notice)
        w.errored.connect(self._on_error)
        w.file_done.connect(self._on_file_done)
        window.files.dirty_changed.connect(self.update_title)
        window.display_budget.scale_changed.connect(self._on_display_scale)

    # --- worker messages ----------------------------------------------------------------------

    @Slot(object)
    def _on_record(self, message: RecordReady) -> None:
        record, latest = message.record, self.store.latest
        if latest is not None and record.step <= latest.step:
            return  # older than what is shown
        self.store.set_latest(record)
        self._record_throttle.request(now=not self.store.running)

    def _display_latest_record(self) -> None:
        if not self._following_live:
            return  # a past update is on display (or on its way): the newest waits
        latest = self.store.latest
        if latest is not None and latest is not self.store.shown:
            self._display(latest, past=False)

    @Slot(int)
    def _show_past(self, step: int) -> None:
        self._following_live = False
        self._window.worker.send(ShowUpdate(step))

    @Slot(object)
    def _on_history_record(self, message: HistoryRecordReady) -> None:
        if self._following_live:  # the user went back to the latest meanwhile
            self._window.timeline.request_dropped()
            return
        self._display(message.record, past=True)

    def _show_latest(self) -> None:
        self._following_live = True
        self._display(self.store.latest, past=False)
        self._window.worker.send(ShowLatest())

    def _display(self, record: UpdateRecord | None, past: bool) -> None:
        self._window.loss_plot.mark(record.step if past and record is not None else None)
        self._window.numbers.show_record(record)
        self._window.timeline.record_shown(record, past)
        self.store.show(record)

    @Slot(object)
    def _on_losses(self, message: LossesReady) -> None:
        if self.store.is_current(message.batch.generation):
            self._window.loss_plot.add_losses(message.batch)

    @Slot(object)
    def _on_state(self, message: StateChanged) -> None:
        state = message.state
        self._window.display_budget.running(state.running)
        self._window.controls.show_state(state)
        self.store.set_state(state)
        if not state.running:
            self._record_throttle.request(now=True)  # show the final record of a run at once
        self._state_throttle.request(now=not state.running)

    @Slot(float)
    def _on_display_scale(self, scale: float) -> None:
        """Drawing takes too much (or little) time: the worker sends frames less (more) often."""
        self._window.worker.send(SetDisplayInterval(scale / 20))

    def _show_state_text(self) -> None:
        """The status bar and the timeline (redrawn at display rate while running)."""
        state = self.store.state
        if state is not None:
            self._window.status.show(state)
            self._window.timeline.show_state(state)

    @Slot(object)
    def _on_model(self, message: ModelChanged) -> None:
        snapshot = message.snapshot
        new_generation = snapshot.starts_generation
        if new_generation:
            self._window.loss_plot.start_generation(snapshot.generation)
        elif snapshot.reason is ModelChange.REWIND:
            self.store.set_latest(None)  # the worker sends the record we went back to next
            self._window.loss_plot.truncate(snapshot.steps)
        banner = self._window.banner
        if snapshot.reason in STALE_MESSAGE_REASONS and banner.kind in ("error", "warning"):
            banner.hide()  # a divergence or an error no longer describes the run
        self.store.set_snapshot(snapshot)
        self.update_title()
        if new_generation:
            self._following_live = True  # a past update of the previous run is gone
            self._display(None, past=False)
            if snapshot.reason not in (ModelChange.START, ModelChange.RESET):
                self.store.select(None)  # a new architecture: old indices mean nothing

    @Slot(object)
    def _on_notice(self, message: Notice) -> None:
        self._window.banner.show_message("warning", message.text)

    @Slot(object)
    def _on_error(self, error: Errored) -> None:
        """The banner says the error's sentence; with MLPGUI_DEBUG=1 the traceback of an
        unexpected error goes to stderr too (and is the banner's tooltip)."""
        details = ""
        if error.traceback is not None and os.environ.get("MLPGUI_DEBUG"):
            print(error.traceback, file=sys.stderr)
            details = error.traceback
        self._window.banner.show_message("error", error.message, details)

    @Slot(object)
    def _on_file_done(self, message: FileDone) -> None:
        self._window.banner.show_message(
            "info", f"{FILE_DONE_TEXT[message.action]} {message.path}."
        )
        self.update_title()

    @Slot()
    def update_title(self) -> None:
        snapshot = self.store.snapshot
        if snapshot is None:
            return
        arch = "-".join(map(str, snapshot.setup.layer_sizes))
        if self._window.files.path:
            name = os.path.basename(self._window.files.path)
        else:
            name = f"{snapshot.dataset.name or 'dataset'}, {arch} network"
        self._window.setWindowTitle(f"mlpgui — {name}{' *' if self._window.files.dirty else ''}")
