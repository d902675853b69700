"""History: every update of a training run, kept compactly and recomputable exactly.

What is stored:
- the loss of every update (8 bytes each);
- checkpoints: θ after some updates — after every update while memory allows, then thinned
  (at most one checkpoint per ``stride`` updates, the stride doubling as the run grows); with
  momentum, the velocity v too, and only after the last update of each ``add_run`` (θ rows
  traced in between carry no velocity, so they could not start a replay);
- eras: the settings (dataset, γ, loss, batch mode, frozen biases, λ₁, λ₂, μ) from a given
  update on, θ set by hand (an edit) before it, and with momentum the velocity it starts from;
- the epoch log: for every shuffled epoch, its sample order and the random generator's state.

Any update's full ``UpdateRecord`` is recomputed from the nearest checkpoint before it by
replaying the updates in between with their batches and settings: the same arithmetic as the
live training, so the record is bit-identical to the one shown live. When even the largest
stride does not fit the memory budget, the oldest updates are forgotten.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .batches import ScheduleState
from .checkpoints import Checkpoints
from .eras import EpochStart, Era, epoch_bytes, era_now
from .errors import HistoryError
from .features import Feature
from .history_replay import HistoryReplay
from .limits import DEFAULT_HISTORY_BYTES
from .record import UpdateRecord
from .trainer import Trainer, TrainerState

DEFAULT_BUDGET_BYTES = DEFAULT_HISTORY_BYTES
MAX_STRIDE = 4096


class History(HistoryReplay):
    """The updates of one training run (one network architecture and trainer seed).

    Not thread-safe: the worker owns it.
    """

    def __init__(
        self,
        layer_sizes: tuple[int, ...],
        activations: tuple[str, ...],
        seed: int,
        first_era: Era,
        budget_bytes: int = DEFAULT_BUDGET_BYTES,
        features: tuple[Feature, ...] = (),
    ) -> None:
        """``features``: the input features of the network (fixed for a run)."""
        if first_era.parameters_before is None:
            raise ValueError("The first era needs the initial parameters.")
        self.layer_sizes = tuple(layer_sizes)
        self.activations = tuple(activations)
        self.features = tuple(features)
        self.seed = seed
        self.budget_bytes = budget_bytes
        self.parameter_count = len(first_era.parameters_before)
        self.stride = 1
        self.first_step = first_era.first_step  # the oldest update still kept
        self._losses = np.empty(1024)
        self._n = 0  # updates stored: steps first_step .. first_step + n − 1
        self._checkpoints = Checkpoints(self.parameter_count, max(0, budget_bytes))
        self._eras: list[Era] = [first_era]
        self._era_firsts: list[int] = [first_era.first_step]  # for bisect, kept up to date
        self._epochs: list[EpochStart] = []
        self._epoch_firsts: list[int] = []
        self._epoch_bytes = 0  # memory of the epoch log, kept up to date
        self._replayers: dict[int, Trainer] = {}

    # --- recording (as training happens) --------------------------------------------------------

    @property
    def last_step(self) -> int:
        """The newest update recorded (first_step − 1 when there is none)."""
        return self.first_step + self._n - 1

    def __len__(self) -> int:
        return self._n

    def begin_era(self, era: Era) -> None:
        """Settings (or θ, by hand) changed: they apply from ``era.first_step`` on."""
        if era.first_step != self.last_step + 1:
            raise ValueError("A new era must start right after the last recorded update.")
        if self._eras[-1].first_step == era.first_step:
            previous = self._eras.pop()  # nothing happened under it: merge
            self._era_firsts.pop()
            if era.parameters_before is None and previous.parameters_before is not None:
                era = _replace(era, parameters_before=previous.parameters_before)
        self._eras.append(era)
        self._era_firsts.append(era.first_step)
        self._replayers.pop(len(self._eras) - 1, None)

    def set_eras(self, eras: list[Era]) -> None:
        """Replace the eras (ascending first_step; the first carries θ)."""
        self._eras = list(eras)
        self._era_firsts = [e.first_step for e in self._eras]
        self._replayers = {}

    def set_epochs(self, epochs: list[EpochStart]) -> None:
        """Replace the epoch log (ascending first_step)."""
        self._epochs = list(epochs)
        self._epoch_firsts = [e.first_step for e in self._epochs]
        self.recount()

    def append(
        self,
        first_step: int,
        losses: np.ndarray,
        parameters: np.ndarray | None,
        last_parameters: np.ndarray,
        epochs: list[tuple[int, int, ScheduleState]] = (),  # type: ignore[assignment]
        last_velocity: np.ndarray | None = None,
    ) -> None:
        """Record updates ``first_step`` … ``first_step + k − 1``: their losses (k,), θ after
        each (k, P) if known, θ after the last (P,), the shuffled epochs that began, and with
        momentum v after the last (then θ rows are not given: they lack their velocities)."""
        if first_step != self.last_step + 1:
            raise ValueError(f"Expected update {self.last_step + 1}, got {first_step}.")
        k = len(losses)
        need = self._n + k
        if need > len(self._losses):
            grown = np.empty(max(need, 2 * len(self._losses)))
            grown[: self._n] = self._losses[: self._n]
            self._losses = grown
        self._losses[self._n : need] = losses
        self._n = need
        for step, epoch, state in epochs:
            self._add_epoch(EpochStart(step, epoch, state))
        if parameters is not None:
            if self.stride == 1:
                self._checkpoints.add_rows(first_step, parameters[:k])
            else:  # thinned: keep the updates that start a bucket of ``stride``
                steps = np.arange(first_step, first_step + k)
                for row in np.flatnonzero(steps % self.stride == 0):
                    self._checkpoints.add(int(steps[row]), parameters[row])
        self._checkpoints.add(self.last_step, last_parameters, last_velocity)
        self._keep_within_budget()

    def truncate(self, step: int) -> None:
        """Forget every update after ``step``, and the settings chosen after it (to continue
        training from there, as it was then)."""
        if not self.first_step <= step <= self.last_step:
            raise ValueError(f"Update {step} is not in the history.")
        self._n = step - self.first_step + 1
        self._checkpoints.remove_after(step)
        self.set_epochs([e for e in self._epochs if e.first_step <= step])
        keep = [e for e in self._eras if e.first_step <= step]
        self.set_eras(keep or self._eras[:1])

    # --- convenience for a live trainer -----------------------------------------------------------

    @classmethod
    def start(cls, trainer: Trainer, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> History:
        """A history for ``trainer`` from now on; turns on its epoch log. A trainer in the
        middle of an epoch (restored from a session without history) has that epoch noted, so
        the batches of its next updates are known."""
        trainer.epoch_log = []
        net = trainer.net
        first = era_now(trainer, parameters_before=net.parameters.copy())
        history = cls(
            net.layer_sizes,
            net.activation_names,
            trainer.seed,
            first,
            budget_bytes,
            trainer.features,
        )
        history._note_current_epoch(trainer)
        return history

    def resume(self, trainer: Trainer) -> None:
        """Continue recording for ``trainer``, restored from a session right after this
        history's last update: turns on its epoch log, begins an era if its settings differ
        from the last era's, and notes its current epoch if no update is kept yet."""
        trainer.epoch_log = []
        last, now = self._eras[-1], era_now(trainer)
        fields = (
            "learning_rate",
            "loss",
            "batch",
            "train_biases",
            "l1_rate",
            "l2_rate",
            "momentum",
        )
        if last.dataset is not now.dataset or any(
            getattr(last, f) != getattr(now, f) for f in fields
        ):
            self.begin_era(now)
        if self._n == 0:
            self.set_epochs([])
            self._note_current_epoch(trainer)

    def settings_changed(self, trainer: Trainer, parameters_set: bool = False) -> None:
        """The trainer's settings (or, with ``parameters_set``, θ by hand) changed."""
        theta = trainer.net.parameters.copy() if parameters_set else None
        self.begin_era(era_now(trainer, parameters_before=theta))

    def add_run(
        self,
        trainer: Trainer,
        first_step: int,
        losses: np.ndarray,
        parameters: np.ndarray | None = None,
    ) -> None:
        """Record what ``trainer`` just did: updates ``first_step`` … ``trainer.steps``
        (``parameters``: θ after each, if traced; ignored with momentum)."""
        log = trainer.epoch_log or []
        epochs = list(log)
        log.clear()
        velocity = trainer.velocity if trainer.momentum > 0.0 else None
        if velocity is not None:
            parameters = None
        self.append(first_step, losses, parameters, trainer.net.parameters, epochs, velocity)

    # --- reading --------------------------------------------------------------------------------

    @property
    def losses(self) -> np.ndarray:
        """loss_before of updates first_step … last_step (a read-only view)."""
        view = self._losses[: self._n]
        view.flags.writeable = False
        return view

    def loss(self, step: int) -> float:
        self._check_step(step)
        return float(self._losses[step - self.first_step])

    def parameters_after(self, step: int) -> np.ndarray:
        """θ after update ``step``."""
        self._check_step(step)
        if step in self._checkpoints:
            return self._checkpoints[step].copy()
        return self.record(step).parameters_after.copy()

    def record(self, step: int) -> UpdateRecord:
        """The full record of update ``step``, recomputed exactly."""
        self._check_step(step)
        theta, velocity = self._state_before(step)
        return self._replay(step, theta, velocity)

    def updates(self) -> Iterator[tuple[int, int, Era, float, np.ndarray]]:
        """(update, epoch, era, loss_before, θ after) for every kept update, in order —
        replaying only where no checkpoint is stored."""
        theta: np.ndarray | None = None
        velocity: np.ndarray | None = None
        for step in range(self.first_step, self.last_step + 1):
            era = self.era_of(step)
            carried = True
            if step in self._checkpoints:
                after = self._checkpoints[step]
                velocity = self._checkpoints.velocity(step)
                carried = era.momentum == 0.0 or velocity is not None
            else:
                manual = era.first_step == step and era.parameters_before is not None
                if theta is None or manual:
                    before, velocity = self._state_before(step)
                else:
                    before = theta
                record = self._replay(step, before, velocity)
                after, velocity = record.parameters_after, record.velocity_after
            theta = after if carried else None
            yield (
                step,
                self._epoch_of(step),
                era,
                float(self._losses[step - self.first_step]),
                after,
            )

    def trainer_state_after(self, step: int) -> TrainerState:
        """Counters and sample order right after update ``step`` (to continue from there)."""
        if step == self.first_step - 1:
            era = self._eras[0]
            epoch = era.epoch_before
        else:
            self._check_step(step)
            era = self.era_of(step)
            epoch = self._epoch_of(step)
        entry = self._epoch_entry(step)
        rng_state = (
            entry.schedule.rng_state
            if entry is not None
            else np.random.default_rng(self.seed).bit_generator.state
        )
        size = self._batch_size(era)
        velocity = self._velocity_after(step)
        if size is None or entry is None or step < self.first_step:
            return TrainerState(step, epoch, ScheduleState(None, 0, rng_state), velocity)
        position = min(len(era.dataset), (step - entry.first_step + 1) * size)
        schedule = ScheduleState(entry.schedule.order, position, rng_state)
        return TrainerState(step, epoch, schedule, velocity)

    def _velocity_after(self, step: int) -> np.ndarray | None:
        """v after update ``step`` (``first_step − 1``: before the first kept one); None when
        it is 0 (no momentum then)."""
        if step < self.first_step:
            return self._eras[0].velocity_before
        if self.era_of(step).momentum == 0.0:
            return None
        stored = self._checkpoints.velocity(step)
        return stored if stored is not None else self.record(step).velocity_after

    @property
    def nbytes(self) -> int:
        """Approximate memory held (arrays only)."""
        return 8 * self._n + self._checkpoints.nbytes + self._epoch_bytes

    def recount(self) -> None:
        """Recompute the epoch log's memory after it was replaced or cut."""
        self._epoch_bytes = sum(epoch_bytes(e) for e in self._epochs)

    def policy(self) -> str:
        """One sentence on what is kept, for the UI."""
        kept = f"updates {self.first_step:,}–{self.last_step:,}" if self._n else "no updates yet"
        if self.stride == 1:
            how = "θ stored after every update"
        else:
            how = f"θ stored every {self.stride:,} updates, the others recomputed exactly"
        return f"History: {kept}; {how} (limit {self.budget_bytes / 2**20:.0f} MB)."

    # --- internals ------------------------------------------------------------------------------

    def _check_step(self, step: int) -> None:
        if not self.first_step <= step <= self.last_step:
            raise HistoryError(
                f"Update {step} is not in the history (it holds {self.first_step}–"
                f"{self.last_step})."
            )

    def _keep_within_budget(self) -> None:
        """Thin, then forget the oldest updates, until within budget — or until nothing more
        can go (the last update and its θ always stay, whatever the budget)."""
        while self.nbytes > self.budget_bytes:
            if self.stride < MAX_STRIDE and len(self._checkpoints) > 2:
                self.stride *= 2
                self._checkpoints.thin(self.stride)
            elif not self._forget_oldest(max(1, self._n // 2)):
                return

    def _forget_oldest(self, count: int) -> bool:
        """Forget up to ``count`` of the oldest updates (never the last); False if none was."""
        new_first = min(self.first_step + count, self.last_step)
        if new_first <= self.first_step:
            return False
        # Everything the new first update needs, computed before anything is dropped.
        theta, velocity = self._state_before(new_first)
        era = self.era_of(new_first)
        epoch_before = self._epoch_of(new_first - 1)
        dropped = new_first - self.first_step
        self._losses = self._losses[dropped:].copy()
        self._n -= dropped
        self.first_step = new_first
        self._checkpoints.remove_before(new_first)
        # Keep the epoch the new first update belongs to, and every later one.
        earlier = [e for e in self._epochs if e.first_step <= new_first]
        later = [e for e in self._epochs if e.first_step > new_first]
        self.set_epochs(earlier[-1:] + later)
        rest = [e for e in self._eras if e.first_step > new_first]
        first = _replace(
            era,
            first_step=new_first,
            parameters_before=theta,
            epoch_before=epoch_before,
            velocity_before=velocity,
        )
        self.set_eras([first, *rest])
        return True

    def _add_epoch(self, entry: EpochStart) -> None:
        self._epochs.append(entry)
        self._epoch_firsts.append(entry.first_step)
        self._epoch_bytes += epoch_bytes(entry)

    def _note_current_epoch(self, trainer: Trainer) -> None:
        """Log the epoch ``trainer`` is in the middle of, if it is not logged (its order was
        drawn before this history existed)."""
        schedule = trainer.state().schedule
        size, n = trainer.batch_size, len(trainer.dataset)
        if schedule.order is None or size >= n or not 0 < schedule.position < n:
            return
        first = trainer.steps + 1 - schedule.position // size
        entry = self._epoch_entry(trainer.steps + 1)
        if entry is not None and entry.first_step == first:
            return
        drawn = ScheduleState(schedule.order, 0, schedule.rng_state)
        self._add_epoch(EpochStart(first, trainer.epoch, drawn))


def _replace(era: Era, **changes: object) -> Era:
    from dataclasses import replace

    return replace(era, **changes)  # type: ignore[arg-type]
