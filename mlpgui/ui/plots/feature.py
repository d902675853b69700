"""PlotsFeature: puts the plots into docks of the main window and adds their menu actions.

Bottom area, left: Loss (and Weights as a tab); right: Output (visible by default), Hidden
units and Loss surface as tabs. A plot behind a tab asks the worker for nothing until shown.
File ▸ Export saves any plot as PNG or SVG, or the whole window as PNG (the image entries come
first; exercise mode adds Worked example… and Exercise sheet… below them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QGraphicsItem, QGraphicsScene, QMenu

from mlpgui.ui import names
from mlpgui.ui.loss_plot import LossPlot

from .cover import PlotCover
from .export import ExportError, ask_path, export_graphics, save_window_png
from .hidden_units import HiddenUnitsPlot
from .loss_surface import LossSurfacePlot
from .output_plot import OutputPlot
from .traces import TraceHub
from .trajectories import TrajectoriesPlot

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


class PlotsFeature(QObject):
    """Owns the plot widgets (children of their docks) and the shared TraceHub; registered
    with the FeatureHost (``host.feature(PlotsFeature)``)."""

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        self.setObjectName(names.PLOTS_FEATURE)
        self.host = host
        self.window = host.window
        loss_plot = host.feature(LossPlot)
        assert loss_plot is not None, "the window registers its loss plot"
        self.loss_plot = loss_plot
        self.hub = TraceHub(host)
        self.output = OutputPlot(host)
        self.hidden_units = HiddenUnitsPlot(host)
        self.trajectories = TrajectoriesPlot(host, self.hub)
        self.surface = LossSurfacePlot(host, self.hub)
        self.docks: dict[str, QDockWidget] = {}
        self._add_docks()
        self._add_menus()
        self._add_context_menus()
        self.covers = {
            names.OUTPUT_DOCK: PlotCover(self.output, names.OUTPUT_COVER),
            names.HIDDEN_UNITS_DOCK: PlotCover(self.hidden_units, names.HIDDEN_UNITS_COVER),
        }

    # --- docks --------------------------------------------------------------------------------

    def _add_docks(self) -> None:
        w = self.window
        loss_dock = self.host.dock(names.LOSS_DOCK)
        assert loss_dock is not None, "the window has a loss dock"
        plots: list[
            tuple[str, str, OutputPlot | HiddenUnitsPlot | LossSurfacePlot | TrajectoriesPlot]
        ] = [
            ("Output", names.OUTPUT_DOCK, self.output),
            ("Hidden units", names.HIDDEN_UNITS_DOCK, self.hidden_units),
            ("Loss surface", names.LOSS_SURFACE_DOCK, self.surface),
            ("Weights", names.TRAJECTORIES_DOCK, self.trajectories),
        ]
        for title, name, widget in plots:
            dock = self.host.add_dock(title, name, widget, BOTTOM)
            self.docks[name] = dock
            widget.set_active(False)  # until the dock is actually on screen
            dock.visibilityChanged.connect(widget.set_active)
        output = self.docks[names.OUTPUT_DOCK]
        w.splitDockWidget(loss_dock, output, Qt.Orientation.Horizontal)
        w.tabifyDockWidget(output, self.docks[names.HIDDEN_UNITS_DOCK])
        w.tabifyDockWidget(output, self.docks[names.LOSS_SURFACE_DOCK])
        w.tabifyDockWidget(loss_dock, self.docks[names.TRAJECTORIES_DOCK])
        output.raise_()
        loss_dock.raise_()

    # --- menus --------------------------------------------------------------------------------

    def _add_menus(self) -> None:
        w = self.window
        menu = QMenu("&Export", w)
        menu.setObjectName(names.EXPORT_MENU)
        targets: list[tuple[str, str, str, Callable[[], QGraphicsItem | QGraphicsScene]]] = [
            ("&Loss curve…", names.EXPORT_LOSS_ACTION, "loss",
             lambda: self.loss_plot.plot_widget.getPlotItem()),
            ("&Output…", names.EXPORT_OUTPUT_ACTION, "output", self.output.export_target),
            ("&Hidden units…", names.EXPORT_HIDDEN_UNITS_ACTION, "hidden-units",
             self.hidden_units.export_target),
            ("Weights and &gradient norms…", names.EXPORT_TRAJECTORIES_ACTION, "weights",
             self.trajectories.export_target),
            ("Loss &surface…", names.EXPORT_LOSS_SURFACE_ACTION, "loss-surface",
             self.surface.export_target),
        ]  # fmt: skip
        self.export_actions: dict[str, QAction] = {}
        for text, name, stem, target in targets:
            action = QAction(text, w)
            action.setObjectName(name)
            action.setStatusTip(f"Save the {stem.replace('-', ' ')} plot as PNG or SVG")
            action.triggered.connect(lambda _=False, t=target, s=stem: self.ask_export(t(), s))
            menu.addAction(action)
            self.export_actions[name] = action
        menu.addSeparator()
        window_action = QAction("Window as &PNG…", w)
        window_action.setObjectName(names.EXPORT_WINDOW_ACTION)
        window_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        window_action.setStatusTip("Save the whole window, as shown, as a PNG image")
        window_action.triggered.connect(self.ask_export_window)
        menu.addAction(window_action)
        self.export_actions[names.EXPORT_WINDOW_ACTION] = window_action
        file_menu = self.host.menus.get("file")
        if file_menu is not None:
            actions = file_menu.actions()
            quit_at = next(
                (k for k, a in enumerate(actions) if a.objectName() == names.QUIT_ACTION), None
            )
            before = None if quit_at is None else actions[max(quit_at - 1, 0)]
            if before is not None:
                file_menu.insertMenu(before, menu)
            else:
                file_menu.addMenu(menu)

        recompute = QAction("Recompute loss surface", w)
        recompute.setObjectName(names.SURFACE_RECOMPUTE_ACTION)
        recompute.setShortcut(QKeySequence("Ctrl+F5"))
        recompute.setStatusTip("Compute the loss surface at the current parameters")
        recompute.triggered.connect(self._recompute_surface)
        self.recompute_action = recompute
        view = self.host.menus.get("view")
        if view is not None:
            view.addAction(recompute)
        w.addActions([window_action, recompute])

    def _add_context_menus(self) -> None:
        """ "Save as PNG or SVG…" in the right-click menu of each single plot."""
        items = [
            (self.loss_plot.plot_widget.getPlotItem(), "loss"),
            (self.output.export_target(), "output"),
            (self.surface.export_target(), "loss-surface"),
            (self.trajectories.values_plot, "weights"),
            (self.trajectories.norms_plot, "weights"),
        ]
        menus = [(plot.vb.menu, plot, stem) for plot, stem in items]
        menus.append((self.hidden_units.canvas.menu, None, "hidden-units"))
        for menu, plot, stem in menus:
            menu.addSeparator()
            action = menu.addAction("Save plot as PNG or SVG…")
            if stem == "weights":
                target = self.trajectories.export_target()
            elif stem == "hidden-units":
                target = self.hidden_units.export_target()
            else:
                target = plot
            action.triggered.connect(lambda _=False, t=target, s=stem: self.ask_export(t, s))

    # --- covering what would give answers away ------------------------------------------------

    def cover_current_network(self, note: str | None) -> None:
        """Lay ``note`` over the plots that show the network at the current θ (Output, Hidden
        units) and turn off their image export; None shows them again (exercise mode)."""
        for cover in self.covers.values():
            cover.cover(note)
        for name in (names.EXPORT_OUTPUT_ACTION, names.EXPORT_HIDDEN_UNITS_ACTION):
            self.export_actions[name].setEnabled(note is None)

    # --- actions ------------------------------------------------------------------------------

    def _recompute_surface(self) -> None:
        dock = self.docks[names.LOSS_SURFACE_DOCK]
        dock.show()
        dock.raise_()
        self.surface.recompute()

    def ask_export(self, target: QGraphicsItem | QGraphicsScene, stem: str) -> Path | None:
        path = ask_path(self.window, "Export plot", stem, (".png", ".svg"))
        if path is None:
            return None
        try:
            return export_graphics(target, path)
        except ExportError as exc:
            self.host.show_message("error", str(exc))
            return None

    def ask_export_window(self) -> Path | None:
        path = ask_path(self.window, "Export window", "mlpgui-window", (".png",))
        if path is None:
            return None
        try:
            return save_window_png(self.window, path)
        except ExportError as exc:
            self.host.show_message("error", str(exc))
            return None
