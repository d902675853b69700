"""PlotDataScheduler: the plot-data requests displays registered, computed in the worker thread.

Plot data (curves, heatmaps, the loss surface; see mlpgui.core.plot_data) are computed from the
current network — all of them after explicit steps and edits, the live ones at display rate
while training runs, and never for more than about a tenth of the worker's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from mlpgui.core import MLP, MlpguiError
from mlpgui.core.run import TrainingRun

from .messages import Message, Notice, PlotDataReady
from .values import PlotDataRequest

Post = Callable[[Message], None]
"""``post(message)``: queue a message for the GUI."""

SHARE = 0.1
"""The largest share of the worker's time spent computing plot data while training runs."""


class PlotDataScheduler:
    """Registered requests by name, and when the live ones are next due."""

    def __init__(self) -> None:
        self._requests: dict[str, PlotDataRequest] = {}
        self._next = 0.0

    def set(self, name: str, request: PlotDataRequest | None) -> bool:
        """Register ``request`` under ``name`` (None drops it); True if it should be computed
        now."""
        if request is None:
            self._requests.pop(name, None)
            return False
        self._requests[name] = request
        return True

    def compute(
        self,
        run: TrainingRun,
        generation: int,
        post: Post,
        force: bool,
        interval: float,
        net: MLP | None = None,
        steps: int | None = None,
    ) -> None:
        """All requests when ``force``; otherwise the live ones, if due (at most once per
        ``interval`` seconds and within the time share). ``net`` replaces the run's network
        (the parameters after past update ``steps``, shown on the timeline)."""
        if not self._requests:
            return
        now = time.perf_counter()
        if not force and now < self._next:
            return
        for name, request in list(self._requests.items()):
            if force or request.live:
                self.compute_one(name, request, run, generation, post, net, steps)
        spent = time.perf_counter() - now
        self._next = now + max(interval, spent * (1 / SHARE - 1))

    @staticmethod
    def compute_one(
        name: str,
        request: PlotDataRequest,
        run: TrainingRun,
        generation: int,
        post: Post,
        net: MLP | None = None,
        steps: int | None = None,
    ) -> None:
        """Compute one request now and post the result (a request that cannot be computed
        posts a ``Notice`` saying why)."""
        try:
            with np.errstate(all="ignore"):
                value = request.compute(run.net if net is None else net, run.trainer)
        except MlpguiError as exc:
            post(Notice(str(exc)))
            return
        shown = run.steps if steps is None else steps
        post(PlotDataReady(name, generation, shown, value))
