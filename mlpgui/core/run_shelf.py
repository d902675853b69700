"""RunShelf: the runs kept for comparison beside the run being trained (the *active* run).

A lecturer keeps a run ("γ = 0.5"), changes γ, trains again from the same start, and
compares the loss curves; any kept run can become the active one again, the previously
active run then being kept in its place. Every run has a number (its id, 1, 2, …) and a colour
index that stay with it whether it is active or kept, and a label: the user's own, or one
generated from what differs between the runs (run_labels.py).

A kept run is a whole ``TrainingRun`` (network, trainer, history), so it continues exactly
when it becomes active again. It does not train while kept, so its history does not grow.
Memory: the runs together must fit in ``limits.MAX_TRAINING_BYTES`` — the active run as its
setup's estimate (with its history's whole budget), each kept run as its setup's estimate
with the history it actually holds (regularisation and momentum counted as the setup's own
check counts them); and at most ``MAX_RUNS`` runs exist. Both are checked before anything
changes — also when the active run gets larger data or another setup (``check_active``).
Not thread-safe (the training worker owns it).
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .eras import Era
from .errors import TrainingError
from .limits import MAX_TRAINING_BYTES, format_bytes, training_bytes
from .run import TrainingRun
from .run_labels import auto_labels, describe, setup_text
from .setup import MOMENTUM_COPIES, REGULARISATION_COPIES, TrainingSetup

MAX_RUNS = 8
"""Runs that may exist at once: the active one and up to ``MAX_RUNS − 1`` kept ones (one
colour each in the loss plot's colour-blind-safe palette)."""

MAX_LABEL_LENGTH = 60


@dataclass(frozen=True)
class RunSummary:
    """One run as the run list and the loss plot show it (immutable; arrays read-only).

    Attributes:
        run_id: the run's number (1, 2, …), stable while the run exists.
        label: its label (``custom_label``: typed by the user, else generated).
        active: True for the run being trained and shown.
        colour: index into the palette (0 … MAX_RUNS − 1), stable for the run.
        setup_text: its whole setup in one line.
        steps: updates made.
        loss: L(θ after update ``steps``) on that update's batch (None if not known).
        first_step: the first update of ``losses``.
        losses: (k,) loss_before of updates first_step … first_step + k − 1, as its history
            holds them; None for the active run (its curve is the live one).
    """

    run_id: int
    label: str
    custom_label: bool
    active: bool
    colour: int
    setup_text: str
    steps: int
    loss: float | None
    first_step: int = 1
    losses: np.ndarray | None = None


@dataclass
class _Kept:
    run_id: int
    run: TrainingRun
    colour: int
    label: str | None  # the user's own label, or None: generated
    origin: str  # the label when nothing tells it apart ("run 2", "run 1 at update 300")
    loss: float | None
    losses: np.ndarray  # read-only copy of the history's losses when kept


class RunShelf:
    """The kept runs and the active run's number, colour and label (see the module)."""

    def __init__(self) -> None:
        self.active_id = 1
        self.active_colour = 0
        self.active_label: str | None = None
        self._active_origin = "run 1"
        self._kept: list[_Kept] = []
        self._next_id = 2

    def __len__(self) -> int:
        """The number of kept runs."""
        return len(self._kept)

    def kept_runs(self) -> list[TrainingRun]:
        return [k.run for k in self._kept]

    def ids(self) -> list[int]:
        """The kept runs' numbers."""
        return [k.run_id for k in self._kept]

    def run(self, run_id: int) -> TrainingRun:
        """Kept run ``run_id`` (TrainingError if it is not kept)."""
        return self._kept[self._index(run_id)].run

    # --- changes ------------------------------------------------------------------------------

    def keep_and_restart(self, active: TrainingRun, fresh: TrainingRun, loss: float | None) -> None:
        """Keep ``active`` (with its number, colour and label); ``fresh`` becomes the active
        run, with a new number and colour. Refused (TrainingError) beyond the limits."""
        self._check_keepable(active)
        self._check_room([*self.kept_runs(), active], fresh)
        self._kept.append(self._entry_for_active(active, loss))
        self._new_active()

    def keep_copy(self, active: TrainingRun, loss: float | None) -> None:
        """Keep an exact copy of ``active`` as it is now, under a new number and colour; the
        active run goes on. Refused (TrainingError) beyond the limits."""
        self._check_keepable(active)
        self._check_room([*self.kept_runs(), active], active)
        kept = copy_run(active)
        run_id = self._take_id()
        origin = f"run {self.active_id} at update {active.steps:,}"
        self._kept.append(
            _Kept(run_id, kept, self._free_colour(), None, origin, loss, _losses_of(kept))
        )

    def swap(self, run_id: int, active: TrainingRun, loss: float | None) -> TrainingRun:
        """Make kept run ``run_id`` the active one and keep ``active`` in its place; returns
        the run to train from now on."""
        index = self._index(run_id)
        others = [k.run for k in self._kept if k.run_id != run_id]
        entry = self._kept[index]
        self._check_room([*others, active], entry.run)
        self._kept[index] = self._entry_for_active(active, loss)
        self.active_id, self.active_colour = entry.run_id, entry.colour
        self.active_label, self._active_origin = entry.label, entry.origin
        return entry.run

    def check_active(self, setup: TrainingSetup, rows: int, history_budget: int) -> None:
        """Before the active run gets ``setup`` or data of ``rows`` samples (the larger of the
        training and the test set) with a history of ``history_budget`` bytes: refuse with one
        sentence (NetworkError, TrainingError) if that run alone, or together with the kept
        runs, would need more than ``MAX_TRAINING_BYTES``. Allocates nothing."""
        setup.check_memory(rows)
        if not self._kept:
            return
        need = setup_bytes(setup, rows, history_budget) + sum(
            estimated_bytes(k.run, kept=True) for k in self._kept
        )
        if need > MAX_TRAINING_BYTES:
            n = len(self._kept)
            runs = "the kept run" if n == 1 else f"the {n} kept runs"
            raise TrainingError(
                f"Together with {runs}, this would need about {format_bytes(need)} of memory; "
                f"mlpgui allows {format_bytes(MAX_TRAINING_BYTES)} for all runs together "
                "(remove a kept run first, or use fewer samples or a smaller network)."
            )

    def rename(self, run_id: int, label: str) -> None:
        """Label run ``run_id`` (kept or active); an empty label means a generated one."""
        text = " ".join(str(label).split())
        if len(text) > MAX_LABEL_LENGTH:
            raise TrainingError(f"A run's label may have at most {MAX_LABEL_LENGTH} characters.")
        if not text.isprintable():
            raise TrainingError("A run's label may contain only printable characters.")
        if run_id == self.active_id:
            self.active_label = text or None
        else:
            self._kept[self._index(run_id)].label = text or None

    def drop(self, run_id: int) -> None:
        """Forget kept run ``run_id``."""
        if run_id == self.active_id:
            raise TrainingError("The run shown cannot be removed; show another run first.")
        del self._kept[self._index(run_id)]

    def forget_active_label(self) -> None:
        """The active run was replaced by another setup or a session: its label goes."""
        self.active_label = None

    # --- what the GUI is told -----------------------------------------------------------------

    def summaries(self, active: TrainingRun, loss: float | None) -> tuple[RunSummary, ...]:
        """Every run (kept and active) by number, labelled."""
        entries = [(k.run_id, k) for k in self._kept] + [(self.active_id, None)]
        entries.sort(key=lambda e: e[0])
        runs = [active if k is None else k.run for _, k in entries]
        descriptions = [describe(r.setup, r.dataset, used_eras(r)) for r in runs]
        origins = [self._active_origin if k is None else k.origin for _, k in entries]
        owns = [self.active_label if k is None else k.label for _, k in entries]
        labels = [
            own or label
            for own, label in zip(owns, auto_labels(descriptions, origins), strict=True)
        ]
        counts = Counter(labels)  # copies kept at the same update, or a label typed like
        labels = [  # another's: a generated label that repeats gets the run's number
            f"{label} (run {run_id})" if counts[label] > 1 and own is None else label
            for label, own, (run_id, _) in zip(labels, owns, entries, strict=True)
        ]
        result = []
        for (run_id, k), run, text, label, own in zip(
            entries, runs, descriptions, labels, owns, strict=True
        ):
            result.append(
                RunSummary(
                    run_id=run_id,
                    label=label,
                    custom_label=own is not None,
                    active=k is None,
                    colour=self.active_colour if k is None else k.colour,
                    setup_text=setup_text(text),
                    steps=run.steps,
                    loss=loss if k is None else k.loss,
                    first_step=run.history.first_step,
                    losses=None if k is None else k.losses,
                )
            )
        return tuple(result)

    # --- internals ----------------------------------------------------------------------------

    def _entry_for_active(self, active: TrainingRun, loss: float | None) -> _Kept:
        return _Kept(
            self.active_id,
            active,
            self.active_colour,
            self.active_label,
            self._active_origin,
            loss,
            _losses_of(active),
        )

    def _new_active(self) -> None:
        self.active_colour = self._free_colour()  # before the new number: the old one is kept
        self.active_id = self._take_id()
        self.active_label = None
        self._active_origin = f"run {self.active_id}"

    def _take_id(self) -> int:
        run_id, self._next_id = self._next_id, self._next_id + 1
        return run_id

    def _free_colour(self) -> int:
        used = {k.colour for k in self._kept} | {self.active_colour}
        return min(set(range(MAX_RUNS)) - used)

    def _index(self, run_id: int) -> int:
        for index, k in enumerate(self._kept):
            if k.run_id == run_id:
                return index
        raise TrainingError(f"Run {run_id} is not kept (any more).")

    def _check_keepable(self, active: TrainingRun) -> None:
        if active.steps == 0:
            raise TrainingError("The run shown has no updates yet: train it before keeping it.")
        if len(self._kept) + 1 >= MAX_RUNS:
            raise TrainingError(
                f"At most {MAX_RUNS} runs can be compared (the one shown and {MAX_RUNS - 1} "
                "kept); remove a kept run first."
            )

    @staticmethod
    def _check_room(kept: list[TrainingRun], active: TrainingRun) -> None:
        need = estimated_bytes(active, kept=False) + sum(estimated_bytes(r, True) for r in kept)
        if need > MAX_TRAINING_BYTES:
            raise TrainingError(
                f"Keeping this run would need about {format_bytes(need)} of memory for all "
                f"runs together; mlpgui allows {format_bytes(MAX_TRAINING_BYTES)} (remove a "
                "kept run first)."
            )


def estimated_bytes(run: TrainingRun, kept: bool) -> int:
    """The memory ``run`` needs: its setup's training estimate (``setup_bytes``) with its
    history's whole budget while it trains, or, kept, with the history it holds."""
    test = run.test_dataset
    rows = max(len(run.dataset), 0 if test is None else len(test))
    if kept:
        return setup_bytes(run.setup, rows, 0) + run.history.nbytes
    return setup_bytes(run.setup, rows, run.history.budget_bytes)


def setup_bytes(setup: TrainingSetup, rows: int, history_budget: int) -> int:
    """The memory training ``setup`` on ``rows`` samples needs (limits.training_bytes with a
    history of ``history_budget`` bytes, plus the θ-sized arrays regularisation and momentum
    keep, as ``TrainingSetup.check_memory`` counts them)."""
    copies = REGULARISATION_COPIES * bool(setup.l1_rate or setup.l2_rate)
    copies += MOMENTUM_COPIES * bool(setup.momentum)
    extra = 8 * copies * setup.parameter_count
    return training_bytes(setup.layer_sizes, rows, history_budget) + extra


def copy_run(run: TrainingRun) -> TrainingRun:
    """An independent run that continues exactly as ``run`` would (bit for bit): rebuilt the
    way a saved session is opened, with a deep copy of the history (the data are shared:
    datasets are immutable)."""
    history = run.history
    # The replaying trainers are caches; their arrays view each other, which a deep copy
    # would not keep: the copy starts without them.
    copied = copy.deepcopy(history, {id(history._replayers): {}})
    session = dataclasses.replace(run.to_session(), history=copied)
    return TrainingRun.from_session(session)


def used_eras(run: TrainingRun) -> list[Era]:
    """The eras of ``run``'s history in which it made updates, oldest first."""
    history = run.history
    return [e for e in history._eras if e.first_step <= history.last_step]


def _losses_of(run: TrainingRun) -> np.ndarray:
    losses = run.history.losses.copy()
    losses.flags.writeable = False
    return losses
