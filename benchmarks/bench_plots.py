"""The real window training at unlimited speed with every plot on screen, side by side with
headless training (issue #6).

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_plots.py [--quick]

Measured in one process, alternating (headless, app, headless, app, …), medians reported, for
each layout:
- ``all docks``: the whole window as it is, with the five plots side by side (loss, weights,
  output, hidden units, loss surface — none behind a tab);
- ``plots only``: the same with every other dock and the central network diagram closed;
- ``default``: the window's default layout (plots partly behind tabs);
- ``no plots``: the default layout with the loss curve and the four plots closed (what the
  rest of the window costs; the plots' own cost is the difference).
Per layout: updates/s in the app ÷ ``Trainer.run`` headless on the 2-8-8-1 tanh network with
200 points (target ≥ 0.7), the GUI event loop's latency (a 10 ms timer's lateness, p99 target
≤ 30 ms) and the GUI thread's CPU share. Then the GUI-thread cost of each plot's update
(median ms per call, calls per second) and of repainting each plot.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from bench_app import app_round, headless_rate, the_case, wait
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from mlpgui.app import MainWindow, application
from mlpgui.ui import loss_plot, names
from mlpgui.ui.plots import hidden_units, loss_surface, output_plot, traces, trajectories
from mlpgui.ui.plots.feature import PlotsFeature

PLOT_DOCKS = (
    names.LOSS_DOCK,
    names.TRAJECTORIES_DOCK,
    names.OUTPUT_DOCK,
    names.HIDDEN_UNITS_DOCK,
    names.LOSS_SURFACE_DOCK,
)

COSTS: dict[str, list[float]] = defaultdict(list)
"""GUI-thread seconds of each instrumented plot method, per call."""


def instrument() -> None:
    """Time the plots' update methods (class level, before any window connects them)."""
    targets = [
        (loss_plot.LossPlot, "_redraw", "loss curve redraw"),
        (output_plot.OutputPlot, "_draw", "output plot draw"),
        (hidden_units.HiddenUnitsPlot, "_draw", "hidden units draw"),
        (trajectories.TrajectoriesPlot, "redraw", "weights redraw"),
        (loss_surface.LossSurfacePlot, "_draw_path", "surface path redraw"),
        (traces.TraceHub, "_on_losses", "trace history append"),
    ]
    for cls, name, label in targets:
        method = getattr(cls, name)

        def timed(self, *args, _method=method, _label=label):
            started = time.perf_counter()
            try:
                return _method(self, *args)
            finally:
                COSTS[_label].append(time.perf_counter() - started)

        timed.__name__ = name
        setattr(cls, name, timed)


def docks(window: MainWindow) -> dict[str, QDockWidget]:
    return {d.objectName(): d for d in window.findChildren(QDockWidget)}


def layout_all_visible(window: MainWindow, others: bool) -> None:
    """The five plots side by side in the bottom area (none behind a tab); the other docks
    shown or closed."""
    found = docks(window)
    plots = [found[n] for n in PLOT_DOCKS]
    for dock in plots:
        window.removeDockWidget(dock)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, plots[0])
    for a, b in itertools.pairwise(plots):
        window.splitDockWidget(a, b, Qt.Orientation.Horizontal)
    for dock in plots:
        dock.show()
    for name, dock in found.items():
        if name not in PLOT_DOCKS:
            dock.setVisible(others)
    window.centralWidget().setVisible(others)  # the network diagram (the stage) too
    window.resizeDocks(plots, [1] * len(plots), Qt.Orientation.Horizontal)
    window.resizeDocks([plots[0]], [320], Qt.Orientation.Vertical)


def layout_without_plots(window: MainWindow) -> None:
    """The default layout with the loss curve and the four plots closed."""
    layout_default(window)
    found = docks(window)
    for name in PLOT_DOCKS:
        found[name].hide()


def layout_default(window: MainWindow) -> None:
    found = docks(window)
    for dock in found.values():
        dock.show()
    window.centralWidget().show()
    output = found[names.OUTPUT_DOCK]
    window.tabifyDockWidget(found[names.LOSS_DOCK], found[names.TRAJECTORIES_DOCK])
    window.tabifyDockWidget(output, found[names.HIDDEN_UNITS_DOCK])
    window.tabifyDockWidget(output, found[names.LOSS_SURFACE_DOCK])
    output.raise_()
    found[names.LOSS_DOCK].raise_()


def app_measure(
    app, window, setup, data, seconds: float
) -> tuple[float, float, float, list[float]]:
    """(headless updates/s, app updates/s, GUI-thread CPU share, timer lateness).

    The headless rate is measured right before and after the app round (the machine's speed
    drifts); the event loop's lateness in a separate round (its probe timer's own wake-ups
    cost training time)."""
    before = headless_rate(setup, data, seconds / 2)
    cpu, wall = time.thread_time(), time.perf_counter()
    rate, _ = app_round(app, window, seconds)
    share = (time.thread_time() - cpu) / (time.perf_counter() - wall)
    after = headless_rate(setup, data, seconds / 2)
    _, late = app_round(app, window, seconds / 2, probe=True)
    return (before + after) / 2, rate, share, late


def summary(rows: list[tuple[float, float, float, list[float]]]) -> dict[str, float]:
    lateness = [x for row in rows for x in row[3]]
    return {
        "headless": statistics.median(r[0] for r in rows),
        "app": statistics.median(r[1] for r in rows),
        "ratio": statistics.median(r[1] / r[0] for r in rows),
        "p50": float(np.percentile(lateness, 50)) * 1000,
        "p99": float(np.percentile(lateness, 99)) * 1000,
        "gui": statistics.median(r[2] for r in rows),
    }


def repaint_costs(app, window: MainWindow, plots: PlotsFeature) -> dict[str, float]:
    """Median ms to repaint each plot widget as it stands (synchronous, offscreen)."""
    widgets: dict[str, Callable[[], object]] = {
        "loss curve": lambda: window.loss_plot.plot_widget,
        "output plot": lambda: plots.output.plot_widget,
        "hidden units": lambda: plots.hidden_units.graphics,
        "weights": lambda: plots.trajectories.graphics,
        "loss surface": lambda: plots.surface.plot_widget,
    }
    result = {}
    for label, get in widgets.items():
        widget = get()
        times = []
        for _ in range(15):
            widget.viewport().update() if hasattr(widget, "viewport") else widget.update()
            started = time.perf_counter()
            widget.repaint()
            app.processEvents()
            times.append(time.perf_counter() - started)
        result[label] = statistics.median(times) * 1000
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    args = parser.parse_args()
    rounds, seconds = (2, 1.5) if args.quick else (5, 2.5)
    instrument()
    app = application()
    setup, data = the_case()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(setup, data, settings=settings)  # the default layout, not the user's
    window.confirm_close = False
    window.resize(1360, 900)
    window.show()
    wait(app, lambda: window.latest_state() is not None)
    plots = window.findChild(PlotsFeature, names.PLOTS_FEATURE)

    layouts: dict[str, Callable[[], None]] = {
        "all docks": lambda: layout_all_visible(window, others=True),
        "plots only": lambda: layout_all_visible(window, others=False),
        "default": lambda: layout_default(window),
        "no plots": lambda: layout_without_plots(window),
    }
    rows: dict[str, list] = defaultdict(list)
    calls: dict[str, tuple[float, float]] = {}
    repaints: dict[str, float] = {}
    for _ in range(rounds):  # interleaved: every layout sees the same machine load
        for label, arrange in layouts.items():
            arrange()
            wait(app, lambda: True)
            COSTS.clear()
            started = time.perf_counter()
            rows[label].append(app_measure(app, window, setup, data, seconds))
            elapsed = time.perf_counter() - started
            if label == "all docks":
                for name, values in COSTS.items():
                    ms, per_second = statistics.median(values) * 1000, len(values) / elapsed
                    old = calls.get(name)
                    calls[name] = (ms, per_second) if old is None else (
                        (old[0] + ms) / 2, (old[1] + per_second) / 2
                    )  # fmt: skip
                if not repaints:
                    repaints = repaint_costs(app, window, plots)
    results = {label: summary(r) for label, r in rows.items()}
    window.close()

    print("2-8-8-1 tanh net, 200 points, full batch, unlimited speed, every plot live")
    print(f"{'layout':<12}{'headless/s':>12}{'app/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'GUI CPU':>9}")  # fmt: skip
    for label, r in results.items():
        print(
            f"{label:<12}{r['headless']:>12.0f}{r['app']:>10.0f}{r['ratio']:>8.2f}"
            f"{r['p50']:>9.1f}{r['p99']:>9.1f}{r['gui']:>8.0%}"
        )
    print("targets: ratio ≥ 0.7, p99 ≤ 30 ms")
    print("\nGUI-thread cost per call while running (all docks visible):")
    for label, (ms, per_second) in sorted(calls.items()):
        print(f"  {label:<24}{ms:7.2f} ms  × {per_second:5.1f}/s")
    print("Repaint of each plot (synchronous, offscreen):")
    for label, ms in repaints.items():
        print(f"  {label:<24}{ms:7.2f} ms")
    ok = all(r["ratio"] >= 0.7 and r["p99"] <= 30 for k, r in results.items() if k != "no plots")
    print("targets", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
