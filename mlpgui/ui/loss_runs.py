"""The loss curves of kept runs, overlaid on the live loss curve (run comparison).

``KeptCurves`` owns one pyqtgraph curve per kept run, drawn thin in the run's colour (the
live curve of the run being trained stays the bold one), built once from the losses the
worker sent (``RunSummary.losses``) and bounded like the live curve (``GrowingSeries``). The
colours are Okabe and Ito's palette, which stays distinguishable with every common colour
vision deficiency (its yellow, too light on white, replaced by grey). GUI thread only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from mlpgui.core.run_shelf import RunSummary

from .plots.series import GrowingSeries

RUN_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#7F7F7F",  # grey
)
"""A run's colour by its colour index (``RunSummary.colour``)."""

KEPT_WIDTH = 1.5
ACTIVE_WIDTH = 2.5


def run_colour(index: int) -> str:
    return RUN_COLOURS[index % len(RUN_COLOURS)]


def escaped_rich_text(text: str) -> str:
    """``text`` as rich text that shows it as typed, for a tooltip or a message box: Qt takes
    text that looks like HTML (a run named "<b>x</b>" or "a &lt; b") for HTML, so it is
    escaped and marked as HTML."""
    return f"<p>{html.escape(text, quote=False)}</p>"


class Bounds:
    """The lowest, highest and lowest positive finite value seen so far."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, *series: np.ndarray) -> None:
        self.any = False
        self.low = math.inf
        self.high = -math.inf
        self.low_positive: float | None = None
        for values in series:
            self.include(values)

    def include(self, values: np.ndarray) -> None:
        finite = values[np.isfinite(values)]
        if not finite.size:
            return
        self.any = True
        self.low = min(self.low, float(finite.min()))
        self.high = max(self.high, float(finite.max()))
        positive = finite[finite > 0]
        if positive.size:
            low = float(positive.min())
            self.low_positive = low if self.low_positive is None else min(self.low_positive, low)

    def merged(self, other: Bounds) -> Bounds:
        """A new Bounds holding both."""
        both = Bounds()
        for b in (self, other):
            if b.any:
                both.any = True
                both.low, both.high = min(both.low, b.low), max(both.high, b.high)
                if b.low_positive is not None:
                    lp = both.low_positive
                    both.low_positive = b.low_positive if lp is None else min(lp, b.low_positive)
        return both


@dataclass
class _Curve:
    item: pg.PlotDataItem
    series: GrowingSeries
    losses: np.ndarray  # the array it was built from (a new one means: build it again)
    label: str


@dataclass(frozen=True)
class Hover:
    """What the mouse is nearest to: a run's label (None: the live curve), an update, a loss."""

    label: str | None
    step: int
    value: float


class KeptCurves:
    """One curve per kept run in ``plot`` (see the module docstring)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self._curves: dict[int, _Curve] = {}
        self.bounds = Bounds()
        self.x_last = 0.0

    def __len__(self) -> int:
        return len(self._curves)

    def set_runs(self, kept: Sequence[RunSummary]) -> None:
        """Show exactly these kept runs (curves of others go; labels and colours follow)."""
        wanted = {s.run_id: s for s in kept if s.losses is not None}
        for run_id in [r for r in self._curves if r not in wanted]:
            self._plot.removeItem(self._curves.pop(run_id).item)
        for run_id, summary in wanted.items():
            curve = self._curves.get(run_id)
            losses = summary.losses
            assert losses is not None
            if curve is None or curve.losses is not losses:
                if curve is not None:
                    self._plot.removeItem(curve.item)
                curve = self._curves[run_id] = self._build(summary.first_step, losses)
            curve.label = summary.label
            curve.item.setPen(pg.mkPen(run_colour(summary.colour), width=KEPT_WIDTH))
            curve.item.setToolTip(
                escaped_rich_text(f"Kept run “{summary.label}”: {summary.setup_text}")
            )
        self.bounds.reset(*(c.series.y for c in self._curves.values()))
        self.x_last = max(
            (c.series.x[-1] for c in self._curves.values() if len(c.series)), default=0
        )

    def _build(self, first_step: int, losses: np.ndarray) -> _Curve:
        series = GrowingSeries(min(len(losses), 1 << 19) or 1)
        series.extend(np.arange(first_step, first_step + len(losses), dtype=float), losses)
        item = self._plot.plot(series.x, series.y)
        item.setZValue(-1)  # below the live curve
        item.setClipToView(True)
        item.setDownsampling(auto=True, method="peak")
        return _Curve(item, series, losses, "")

    def legend_entries(self) -> list[tuple[pg.PlotDataItem, str]]:
        return [(c.item, c.label) for c in self._curves.values()]

    def nearest(self, x: float, y: float, live: GrowingSeries, log: bool) -> Hover | None:
        """The point of the live curve or a kept one at update ``x`` nearest (vertically, in
        the view's coordinates: log10 on a log axis) to ``y``, among the curves that reach
        ``x``; else the live curve's nearest point."""
        candidates: list[tuple[str | None, GrowingSeries]] = [(None, live)]
        candidates += [(c.label, c.series) for c in self._curves.values()]
        best: tuple[float, Hover] | None = None
        for label, series in candidates:
            if not len(series) or not series.x[0] - 0.5 <= x <= series.x[-1] + 0.5:
                continue
            k = int(np.clip(np.searchsorted(series.x, x), 0, len(series) - 1))
            if k > 0 and abs(series.x[k - 1] - x) < abs(series.x[k] - x):
                k -= 1
            value = float(series.y[k])
            shown = math.log10(value) if log and value > 0 else value
            distance = abs(shown - y) if math.isfinite(shown) else math.inf
            if best is None or distance < best[0]:
                best = (distance, Hover(label, int(series.x[k]), value))
        if best is not None:
            return best[1]
        if not len(live):
            return None
        k = int(np.clip(np.searchsorted(live.x, x), 0, len(live) - 1))
        return Hover(None, int(live.x[k]), float(live.y[k]))
