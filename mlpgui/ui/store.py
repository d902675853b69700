"""GuiStore: the GUI thread's one copy of what the worker reported and what the window shows.

Every widget reads the latest state, snapshot and record, the generation, whether training
runs and the selection here, and listens to the store's signals, instead of keeping its own
copy. Only the MainWindow writes (from the worker's messages), except ``select``, which any
widget may call when the user picks something.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from mlpgui.core import UpdateRecord
from mlpgui.worker import ModelSnapshot, Status, WorkerState

from .selection import Selection


class GuiStore(QObject):
    """See the module docstring. All signals and reads happen in the GUI thread.

    Signals:
        record_changed(UpdateRecord | None): the update every display should show now — the
            newest one while training, a past one chosen on the timeline, None after a reset
            or a new setup.
        model_changed(ModelSnapshot): the network and data changed other than by an update.
        state_changed(WorkerState): the worker's status and settings.
        running_changed(bool): training started or stopped (before that state_changed).
        selection_changed(Selection | None): the weight, bias or unit the user picked (in
            the diagram, a plot, ...); every display that can highlight it should.
    """

    record_changed = Signal(object)
    model_changed = Signal(object)
    state_changed = Signal(object)
    running_changed = Signal(bool)
    selection_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: UpdateRecord | None = None
        self._shown: UpdateRecord | None = None
        self._state: WorkerState | None = None
        self._snapshot: ModelSnapshot | None = None
        self._selection: Selection | None = None
        self._generation = 0

    # --- reading ------------------------------------------------------------------------------

    @property
    def latest(self) -> UpdateRecord | None:
        """The newest update received (None before any update of this generation)."""
        return self._latest

    @property
    def shown(self) -> UpdateRecord | None:
        """The update on display: the latest, or a past one chosen on the timeline."""
        return self._shown

    @property
    def state(self) -> WorkerState | None:
        """The worker's latest reported state (None until it reported one)."""
        return self._state

    @property
    def snapshot(self) -> ModelSnapshot | None:
        """The latest network and data the worker reported."""
        return self._snapshot

    @property
    def generation(self) -> int:
        """The current generation: losses, records and plot data of others are stale."""
        return self._generation

    @property
    def status(self) -> Status | None:
        return None if self._state is None else self._state.status

    @property
    def running(self) -> bool:
        """True while training runs (as last reported by the worker)."""
        return self._state is not None and self._state.running

    @property
    def selection(self) -> Selection | None:
        """The weight, bias or unit currently picked (None if nothing is)."""
        return self._selection

    def is_current(self, generation: int) -> bool:
        """True if something of ``generation`` (a LossBatch, plot data) is not stale."""
        return generation == self._generation

    # --- writing ------------------------------------------------------------------------------

    def select(self, selection: Selection | None) -> None:
        """Pick a weight, bias or unit (or nothing); displays follow via selection_changed."""
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)

    def set_latest(self, record: UpdateRecord | None) -> None:
        """The newest update received (shown later, see ``show``). MainWindow only."""
        self._latest = record

    def show(self, record: UpdateRecord | None) -> None:
        """Put ``record`` on display everywhere (record_changed). MainWindow only."""
        self._shown = record
        self.record_changed.emit(record)

    def set_state(self, state: WorkerState) -> None:
        """Take the worker's new state (running_changed, state_changed). MainWindow only."""
        was_running = self.running
        self._state = state
        if state.running != was_running:
            self.running_changed.emit(state.running)
        self.state_changed.emit(state)

    def set_snapshot(self, snapshot: ModelSnapshot) -> None:
        """Take the worker's new model (model_changed); a snapshot that starts a generation
        forgets the latest record. MainWindow only."""
        self._snapshot = snapshot
        self._generation = snapshot.generation
        if snapshot.starts_generation:
            self._latest = None
        self.model_changed.emit(snapshot)
