"""Phase stepping: one update walked through as the lecture does it.

forward layer 1 … layer N → loss → δ^(N) … δ^(1) → gradients → parameter update.

The worker computes the whole next update up front (the ``Preview`` intent); the walk-through
only reveals its numbers phase by phase (GUI presentation, no arithmetic), and the last phase
commits it with an ordinary ``Step`` — which makes exactly the same record.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from mlpgui.core import UpdateRecord
from mlpgui.worker import ModelChange, ModelSnapshot, WorkerState


@dataclass(frozen=True)
class Knowledge:
    """Which quantities of an update are known at some point of the walk-through.

    forward: d^(l), a^(l) are known for 1 ≤ l ≤ forward (a^(0) = x when forward ≥ 0;
    −1: nothing at all). loss: L is known. delta_from: δ^(l) is known for l ≥ delta_from
    (n_layers + 1: none). gradients: every ∂L/∂θ is known. update: Δθ and θ_new are known.
    """

    forward: int
    loss: bool
    delta_from: int
    gradients: bool
    update: bool

    @classmethod
    def nothing(cls, n_layers: int) -> Knowledge:
        return cls(-1, False, n_layers + 1, False, False)

    @classmethod
    def everything(cls, n_layers: int) -> Knowledge:
        return cls(n_layers, True, 1, True, True)

    def knows_activation(self, layer: int) -> bool:
        """a^(layer) (and d^(layer)) known? layer 0 = the inputs."""
        return layer <= self.forward

    def knows_delta(self, layer: int) -> bool:
        return layer >= self.delta_from


@dataclass(frozen=True)
class Phase:
    """One phase: ``kind`` is "forward", "loss", "delta", "gradients" or "update"; ``layer``
    is the lecture's l for "forward" and "delta" (else None); ``index`` counts from 0."""

    index: int
    count: int
    kind: str
    layer: int | None
    knowledge: Knowledge

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1


def phases_for(n_layers: int) -> tuple[Phase, ...]:
    """The 2N + 3 phases of one update of an N-layer network, in order."""
    n = n_layers
    count = 2 * n + 3
    steps: list[tuple[str, int | None, Knowledge]] = []
    for layer in range(1, n + 1):
        steps.append(("forward", layer, Knowledge(layer, False, n + 1, False, False)))
    steps.append(("loss", None, Knowledge(n, True, n + 1, False, False)))
    for layer in range(n, 0, -1):
        steps.append(("delta", layer, Knowledge(n, True, layer, False, False)))
    steps.append(("gradients", None, Knowledge(n, True, 1, True, False)))
    steps.append(("update", None, Knowledge.everything(n)))
    return tuple(
        Phase(k, count, kind, layer, knows) for k, (kind, layer, knows) in enumerate(steps)
    )


class WalkState(enum.Enum):
    IDLE = "idle"  # no walk-through: the diagram shows the latest update
    WAITING = "waiting"  # the preview was requested
    WALKING = "walking"  # revealing the preview phase by phase
    COMMITTING = "committing"  # the last phase sent Step; waiting for the record
    DONE = "done"  # the committed update is shown as its last phase


KEEPS_THE_WALK = frozenset(
    {ModelChange.REQUEST, ModelChange.TEST_SET, ModelChange.NAMES, ModelChange.EXERCISES}
)
"""Model changes after which the next update is still the one being walked through."""


class PhaseWalk(QObject):
    """The state machine of a walk-through (GUI thread).

    ``advance()`` is the Step phase action. It asks for a preview (``request_preview``),
    then moves phase by phase; the last phase calls ``request_step``. ``cancel()`` (or any
    event that makes the preview stale: another update, a reset, an edit, a changed setting,
    running) ends the walk. ``changed`` is emitted whenever ``record`` or ``phase`` changes.
    """

    changed = Signal()

    def __init__(
        self,
        request_preview: Callable[[], None],
        request_step: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._request_preview = request_preview
        self._request_step = request_step
        self.state = WalkState.IDLE
        self.record: UpdateRecord | None = None
        self._phases: tuple[Phase, ...] = ()
        self._index = 0

    @property
    def active(self) -> bool:
        """True while the diagram shows the walk-through rather than the latest update."""
        return self.state is not WalkState.IDLE

    @property
    def phase(self) -> Phase | None:
        if self.state in (WalkState.WALKING, WalkState.COMMITTING, WalkState.DONE):
            return self._phases[self._index]
        return None

    def advance(self) -> None:
        """Go to the next phase (starting a new walk-through when none is under way)."""
        if self.state in (WalkState.IDLE, WalkState.DONE, WalkState.WAITING):
            self._set(WalkState.WAITING, None)
            self._request_preview()
        elif self.state is WalkState.WALKING:
            self._index += 1
            if self._phases[self._index].is_last:
                self.state = WalkState.COMMITTING
                self._request_step()
            self.changed.emit()
        # COMMITTING: the update is on its way; one more press waits for it.

    def cancel(self) -> None:
        if self.state is not WalkState.IDLE:
            self._set(WalkState.IDLE, None)

    # --- what the window reports --------------------------------------------------------------

    def on_preview(self, record: UpdateRecord) -> None:
        if self.state is WalkState.WAITING:
            self._phases = phases_for(record.n_layers)
            self._index = 0
            self._set(WalkState.WALKING, record)

    def on_record(self, record: UpdateRecord | None) -> None:
        """The window shows another update (None: reset or new setup). While waiting for the
        preview, records of a run it paused may still arrive; otherwise any other update (a
        Step, a run, a past update picked on the timeline) ends the walk-through."""
        state = self.state
        if state is WalkState.IDLE or (state is WalkState.WAITING and record is not None):
            return
        committed = self.record if state is WalkState.COMMITTING else None
        if committed is not None and record is not None and record.step == committed.step:
            self._set(WalkState.DONE, record)
        else:
            self.cancel()

    def on_model(self, snapshot: ModelSnapshot) -> None:
        """The network or data changed other than by an update (names, the test set and the
        exercise set kept for saving change nothing the next update computes)."""
        if snapshot.reason not in KEEPS_THE_WALK:
            self.cancel()

    def on_state(self, state: WorkerState) -> None:
        """Running, or a changed γ, loss, batch mode, bias setting, λ₁, λ₂ or μ, makes the
        preview stale."""
        if state.running and self.state is not WalkState.WAITING:
            self.cancel()
            return
        record = self.record
        if record is None or self.state is WalkState.DONE:
            return
        setup = state.setup
        if (
            setup.learning_rate != record.learning_rate
            or setup.loss != record.loss_name
            or setup.batch != record.batch_mode
            or setup.train_biases != record.train_biases
            or (setup.l1_rate, setup.l2_rate) != (record.l1_rate, record.l2_rate)
            or setup.momentum != record.momentum
        ):
            self.cancel()

    def on_error(self) -> None:
        """The worker reported an error (e.g. the preview failed)."""
        if self.state in (WalkState.WAITING, WalkState.COMMITTING):
            self.cancel()

    def _set(self, state: WalkState, record: UpdateRecord | None) -> None:
        self.state, self.record = state, record
        self.changed.emit()
