"""Run comparison: keep several runs, overlay their loss curves, show any of them again.

The Runs dock (RunsPanel, runs_panel.py) lists the runs; Training ▸ Keep run and start again
(Ctrl+K) and Keep run and continue (Ctrl+Shift+K) keep the run shown. The worker owns the runs
(``KeepRun``, ``SwitchRun``, ``RenameRun``, ``DropRun``; mlpgui/worker/runs.py) and tells
every change with ``RunsChanged``, which this feature hands to the panel and to the loss plot
(the kept runs' curves, labelled). Showing a kept run makes it the run trained and shown:
diagram, inspector, plots, timeline and status bar all show it (a new generation).

Kept runs live in memory only: the session file holds the run shown. Removing a kept run,
and closing the window while runs are kept, ask first. GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from mlpgui.core.run_shelf import RunSummary
from mlpgui.worker import (
    DropRun,
    FileAction,
    FileDone,
    KeepRun,
    RenameRun,
    RunsChanged,
    SwitchRun,
    WorkerState,
)

from . import names
from .dataset.guard import guarded
from .formatting import plural
from .loss_plot import LossPlot
from .loss_runs import escaped_rich_text
from .runs_panel import RunsPanel

if TYPE_CHECKING:
    from .host import FeatureHost


def install(host: FeatureHost) -> None:
    """Add the Runs dock, its actions (Training menu) and connections; register RunsFeature."""
    host.register(RunsFeature(host))


class RunsFeature(QObject):
    """The Runs dock and actions (see the module docstring); ``host.feature(RunsFeature)``."""

    def __init__(self, host: FeatureHost) -> None:
        super().__init__(host.window)
        self.host = host
        self.runs: tuple[RunSummary, ...] = ()
        loss_plot = host.feature(LossPlot)
        assert loss_plot is not None, "the window registers its loss plot"
        self.loss_plot = loss_plot
        self._build_actions()
        self.panel = RunsPanel(
            [self.keep_restart_action, self.keep_continue_action], self.report_error
        )
        self.panel.show_requested.connect(self.show_run)
        self.panel.remove_requested.connect(self.remove_run)
        self.panel.rename_requested.connect(self.rename_run)
        self.panel.list.customContextMenuRequested.connect(self._context_menu)
        self.panel.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.panel.list.currentItemChanged.connect(lambda *_: self._update_actions())
        self.dock = host.add_dock(
            "Runs", names.RUNS_DOCK, self.panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        loss_dock = host.dock(names.LOSS_DOCK)  # a tab beside Loss and Weights
        if loss_dock is not None:
            host.window.tabifyDockWidget(loss_dock, self.dock)
            loss_dock.raise_()
        host.worker.runs_changed.connect(self._on_runs)
        host.worker.file_done.connect(self._on_file_done)  # after the window's "Saved …"
        host.store.state_changed.connect(self._on_state)
        self._update_actions()

    def _build_actions(self) -> None:
        window, host = self.host.window, self.host

        def action(name: str, text: str, tip: str, keys: str | None = None) -> QAction:
            a = QAction(text, window)
            a.setObjectName(name)
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if keys is not None:
                a.setShortcut(QKeySequence(keys))
            return a

        self.keep_restart_action = action(
            names.KEEP_RUN_RESTART_ACTION,
            "Keep run and start again",
            "Keep the run shown for comparison and train again from the same initial weights",
            "Ctrl+K",
        )
        self.keep_continue_action = action(
            names.KEEP_RUN_CONTINUE_ACTION,
            "Keep run and continue",
            "Keep a copy of the run shown, as it is now, and train on",
            "Ctrl+Shift+K",
        )
        self.show_action = action(
            names.SHOW_RUN_ACTION, "Show selected run", "Train and show the run selected in Runs"
        )
        self.rename_action = action(
            names.RENAME_RUN_ACTION, "Rename selected run…", "Edit the selected run's label"
        )
        self.remove_action = action(
            names.REMOVE_RUN_ACTION, "Remove selected run…", "Forget the kept run selected"
        )
        self.keep_restart_action.triggered.connect(lambda: self.keep(restart=True))
        self.keep_continue_action.triggered.connect(lambda: self.keep(restart=False))
        self.show_action.triggered.connect(lambda: self._on_selected(self.show_run))
        self.remove_action.triggered.connect(lambda: self._on_selected(self.remove_run))
        self.rename_action.triggered.connect(self._rename_selected)
        actions = [
            self.keep_restart_action,
            self.keep_continue_action,
            self.show_action,
            self.rename_action,
            self.remove_action,
        ]
        training = host.menus.get("training")
        if training is not None:
            training.addSeparator()
            training.addActions(actions)
        window.addActions([self.keep_restart_action, self.keep_continue_action])

    # --- requests -----------------------------------------------------------------------------

    @guarded()
    def keep(self, restart: bool) -> None:
        """Keep the run shown (``restart``: and train again from its initial weights)."""
        self.host.send(KeepRun(restart))

    @Slot(int)
    @guarded()
    def show_run(self, run_id: int) -> None:
        """Make kept run ``run_id`` the run trained and shown."""
        if self._summary(run_id) is not None:
            self.host.send(SwitchRun(run_id))

    @Slot(int)
    @guarded()
    def remove_run(self, run_id: int) -> None:
        """Forget kept run ``run_id``, after asking (its updates are not saved anywhere)."""
        summary = self._summary(run_id)
        if summary is None:
            return
        if summary.active:
            self.report_error("The run shown cannot be removed; show another run first.")
            return
        answer = QMessageBox.question(
            self.host.window,
            "Remove the kept run?",
            escaped_rich_text(
                f"Remove the kept run “{summary.label}” ({plural(summary.steps, 'update')})? "
                "It is not saved anywhere."
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.host.send(DropRun(run_id))

    @Slot(int, str)
    @guarded()
    def rename_run(self, run_id: int, label: str) -> None:
        self.host.send(RenameRun(run_id, label))

    def confirm_close(self) -> bool:
        """Ask before closing while runs are kept (they are not saved); True: go ahead."""
        kept = [r for r in self.runs if not r.active]
        if not kept:
            return True
        labels = ", ".join(f"“{r.label}”" for r in kept)
        answer = QMessageBox.question(
            self.host.window,
            "Discard the kept runs?",
            escaped_rich_text(
                f"Close the window? The {plural(len(kept), 'kept run')} ({labels}) "
                f"{'is' if len(kept) == 1 else 'are'} not saved and will be lost. To keep one, "
                "show it and save it as a session."
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _on_selected(self, request: object) -> None:
        run_id = self.panel.list.selected_run()
        if run_id is None:
            self.report_error("Select a run in the Runs list first.")
        else:
            request(run_id)  # type: ignore[operator]

    def _rename_selected(self) -> None:
        item = self.panel.list.currentItem()
        if item is None:
            self.report_error("Select a run in the Runs list first.")
            return
        self.dock.show()
        self.dock.raise_()
        self.panel.list.editItem(item, 1)

    def _context_menu(self, position: QPoint) -> None:
        if self.panel.list.itemAt(position) is None:
            return
        menu = QMenu(self.panel.list)
        menu.addActions([self.show_action, self.rename_action, self.remove_action])
        menu.popup(self.panel.list.viewport().mapToGlobal(position))

    # --- what the worker reports --------------------------------------------------------------

    @Slot(object)
    @guarded()
    def _on_runs(self, message: RunsChanged) -> None:
        self.runs = message.runs
        self.panel.show_runs(self.runs)
        self.loss_plot.set_runs(self.runs)
        self._update_actions()

    @Slot(object)
    @guarded()
    def _on_file_done(self, message: FileDone) -> None:
        """A session saved while runs are kept holds the run shown only: say so where the
        lecturer looks after saving (the window's "Saved …" sentence, replaced)."""
        kept = [r for r in self.runs if not r.active]
        shown = next((r for r in self.runs if r.active), None)
        if message.action is not FileAction.SAVED or not kept or shown is None:
            return
        self.host.show_message("info", saved_sentence(message.path, shown, len(kept)))

    @Slot(object)
    @guarded()
    def _on_state(self, state: WorkerState) -> None:
        if len(self.runs) > 1:
            self.panel.show_state(state)

    def _update_actions(self) -> None:
        kept = self.panel.selected_kept() is not None
        self.show_action.setEnabled(kept)
        self.remove_action.setEnabled(kept)
        self.rename_action.setEnabled(self.panel.list.currentItem() is not None)

    def _summary(self, run_id: int) -> RunSummary | None:
        return next((r for r in self.runs if r.run_id == run_id), None)

    def report_error(self, text: str) -> None:
        self.host.show_message("error", text)


def saved_sentence(path: str, shown: RunSummary, kept: int) -> str:
    """ "Saved … with the run shown, “γ = 0.5”; the 2 kept runs are not in the file …"."""
    runs = "the kept run is" if kept == 1 else f"the {kept} kept runs are"
    return (
        f"Saved {path} with the run shown, “{shown.label}”; {runs} not in the file "
        "(to save one, show it and save it as another session)."
    )
