"""``mlpgui train --until-loss L``: stop after the first update that reaches the target.

The loss compared is L(θ_new) over all training samples: the loss of the whole training set
just after each update, the same number as the summary's "loss on all samples". It is checked
after every update, not every chunk:

- full batch: L(θ_new) of update k is the next update's L(θ_old), which training computes
  anyway (``TrainingRun.run(n, losses=...)``), so the check costs nothing;
- online and mini-batches: an update's own loss is that of its batch only, so the whole
  training set is evaluated at θ after every update (one forward pass over the data each).

Training runs in chunks; when an update inside a chunk reached the target, the run is rewound
to just after it (``TrainingRun.continue_from``), so it ends exactly there — bit for bit the
run that had stopped at that update.
"""

from __future__ import annotations

import numpy as np

from mlpgui.core import DivergenceError, Trainer
from mlpgui.core.run import TrainingRun
from mlpgui.core.trace import RunTrace
from mlpgui.worker.values import TRACE_ALL_LIMIT

TRACE_BYTES = 32 * 2**20
"""Memory for θ after every update of a chunk (online and mini-batch training)."""


class LossTarget:
    """The target of --until-loss and the search for the first update that reaches it."""

    def __init__(self, target: float) -> None:
        self.target = float(target)

    def reached(self, run: TrainingRun) -> bool:
        """L(θ) on all training samples is at most the target now."""
        return bool(run.trainer.evaluate() <= self.target)

    def chunk(self, run: TrainingRun, preferred: int) -> int:
        """Updates per chunk: ``preferred``, fewer when θ of each must be kept (big nets)."""
        if run.setup.batch == "full":
            return preferred
        return max(1, min(preferred, TRACE_BYTES // (8 * run.net.parameter_count)))

    def train(self, run: TrainingRun, n: int) -> int | None:
        """Run up to ``n`` updates; if one of them reaches the target, end the run just
        after it and return its number (else None). A DivergenceError after the target was
        reached is not raised: the run ends before the update that diverged."""
        first = run.steps + 1
        full = run.setup.batch == "full"
        losses = np.empty(n)
        trace = dense_trace(run, n) if full else RunTrace(np.empty((n, run.net.parameter_count)))
        failure: DivergenceError | None = None
        try:
            run.run(n, losses=losses, trace=trace)
            done = n
        except DivergenceError as exc:
            failure, done = exc, exc.completed
        if done:
            if full:
                after = _losses_after(run, losses[:done])
            else:
                after = _evaluate_each(run, trace.parameters[:done])  # type: ignore[union-attr, index]
            hits = np.flatnonzero(after <= self.target)
            if hits.size:
                step = first + int(hits[0])
                if step < run.steps:
                    run.continue_from(step)
                return step
        if failure is not None:
            raise failure
        return None


def dense_trace(run: TrainingRun, n: int) -> RunTrace | None:
    """θ after every update for small networks, as the window's worker keeps it (so a saved
    session's history is the window's)."""
    count = run.net.parameter_count
    return RunTrace(parameters=np.empty((n, count))) if count <= TRACE_ALL_LIMIT else None


def _losses_after(run: TrainingRun, before: np.ndarray) -> np.ndarray:
    """Full batch: L(θ_new) of each update = the next one's L(θ_old); the last one's is the
    current loss."""
    after = np.empty(len(before))
    after[:-1] = before[1:]
    after[-1] = run.trainer.evaluate()
    return after


def _evaluate_each(run: TrainingRun, thetas: np.ndarray) -> np.ndarray:
    """L on all training samples at each row of ``thetas`` (k, P), with the training's own
    arithmetic (a copy of the network; the run is not touched)."""
    net = run.net.copy()
    judge = Trainer(net, run.dataset, 0.0, loss=run.setup.loss)
    out = np.empty(len(thetas))
    for k, theta in enumerate(thetas):
        net.set_flat_parameters(theta)
        out[k] = judge.evaluate()
    return out
