"""What ``mlpgui train`` prints: a progress bar on a terminal, and a summary at the end."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

from mlpgui.core.run import TrainingRun


@dataclass
class Outcome:
    """How a ``mlpgui train`` run ended.

    Attributes:
        done: updates made by this command.
        reached: with --until-loss, the update after which the loss reached the target
            (the run's update count before training if it was reached already), else None.
        failure: one sentence if training stopped on an error (e.g. divergence).
        signal_name: "SIGINT" / "SIGTERM" if the user stopped it early, else None.
    """

    done: int = 0
    reached: int | None = None
    failure: str | None = None
    signal_name: str | None = None


class Progress:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    WIDTH = 30

    def __init__(self, err: TextIO, total: int, target: float | None) -> None:
        self.err, self.total, self.target = err, total, target
        self.started = time.perf_counter()

    def show(self, done: int, run: TrainingRun) -> None:
        filled = int(self.WIDTH * done / max(self.total, 1))
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        history = run.history
        loss = history.loss(history.last_step) if len(history) else float("nan")
        goal = "" if self.target is None else f" → {self.target:g}"
        self.err.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{self.total:,}  "
            f"L = {loss:.4g}{goal}  {rate:,.0f}/s"
        )
        self.err.flush()

    def clear(self) -> None:
        self.err.write("\r" + " " * 78 + "\r")
        self.err.flush()


def summary(out: TextIO, run: TrainingRun, outcome: Outcome, seconds: float, start: float) -> None:
    """What was trained, how fast, and the loss on all training samples before and after."""
    setup, data = run.setup, run.dataset
    arch = "-".join(map(str, setup.layer_sizes))
    batch = {"full": "full batch", "online": "online"}.get(
        str(setup.batch), f"batches of {setup.batch}"
    )
    print(
        f"Trained a {arch} network ({', '.join(setup.activations)}) on {data.name or 'the data'} "
        f"({len(data)} samples): {setup.loss}, γ = {setup.learning_rate:g}, {batch}, "
        f"seed {setup.seed}.",
        file=out,
    )
    done = outcome.done
    rate = done / seconds if seconds > 0 else 0.0
    print(
        f"{done:,} updates in {seconds:.2f} s ({rate:,.0f}/s), {run.steps:,} in all: loss on all "
        f"samples {start:.6g} → {run.trainer.evaluate():.6g}.",
        file=out,
    )


def target_report(
    out: TextIO, run: TrainingRun, outcome: Outcome, target: float, limit: int
) -> None:
    """One line on the --until-loss target: reached after which update, or not."""
    loss = run.trainer.evaluate()
    if outcome.reached is not None and outcome.done == 0:
        print(f"The loss on all samples, {loss:.6g}, was already at most {target:g}.", file=out)
    elif outcome.reached is not None:
        print(
            f"Update {outcome.reached:,} reached the target: after it, the loss on all samples "
            f"L(θ_new) = {loss:.6g} ≤ {target:g}.",
            file=out,
        )
    elif outcome.failure is None and outcome.signal_name is None:
        print(
            f"The loss on all samples did not reach {target:g} within {limit:,} updates "
            f"(--max-steps).",
            file=out,
        )
