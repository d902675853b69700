"""Screenshot scene of run comparison (issue #13): three runs of the lecture network at
γ = 0.5, 2 and 0.1, kept and overlaid, with the Runs dock beside the loss curve."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scenes_plots import arrange
from screenshot_tools import open_window, save, settle

from mlpgui.app import MainWindow
from mlpgui.ui import names
from mlpgui.ui.runs import RunsFeature
from mlpgui.worker import KeepRun, SetLearningRate, Status, StepMany


def train(window: MainWindow, n: int) -> None:
    """``n`` updates through the worker; returns once the window shows the last one."""
    target = window.latest_state().steps + n
    window.worker.send(StepMany(n))
    settle(lambda: window.latest_state().steps == target)
    settle(lambda: window.latest_state().status is not Status.RUNNING)
    settle(lambda: window.latest_record() is not None and window.latest_record().step == target)


def scene_runs_compare() -> Path:
    """γ = 0.5, then Keep and start again at γ = 2, then at γ = 0.1: three labelled curves."""
    window = open_window("lecture")
    runs = window.feature(RunsFeature)
    assert runs is not None
    arrange(window, [names.LOSS_DOCK, names.RUNS_DOCK], [760, 600], 380)
    window.main_menus.log_scale_action.setChecked(True)
    for kept, rate in enumerate((0.5, 2.0, 0.1)):
        if kept:
            window.worker.send(KeepRun(restart=True))
            settle(lambda k=kept: len(runs.runs) == k + 1 and window.latest_state().steps == 0)
        window.worker.send(SetLearningRate(rate))
        settle(lambda r=rate: window.latest_state().setup.learning_rate == r)
        train(window, 3000)
    settle(lambda: runs.runs[-1].label == "γ = 0.1")
    return save(window, "runs-compare")


SCENES: dict[str, Callable[[], Path]] = {"runs-compare": scene_runs_compare}
