"""Screenshot scenes for the README's tutorial (issue #7), in the lecture's order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scenes_plots import arrange, open_plots_window
from screenshot_tools import save, settle, steps

from mlpgui.ui import names


def scene_perceptron_fails_xor() -> Path:
    """A single-layer perceptron (2-1, sigmoid) after 5,000 updates on XOR: one straight
    boundary, at most three of the four points right, the loss stuck."""
    window, plots = open_plots_window("xor", layer_sizes=(2, 1), activations=("sigmoid",))
    arrange(window, [names.LOSS_DOCK, names.OUTPUT_DOCK], [560, 760], 400)
    steps(window, 5000)
    settle(lambda: plots.output.shown_steps == 5000)
    return save(window, "tutorial-perceptron-xor")


def scene_lecture_fit_window() -> Path:
    """The whole window: the lecture's 1-2-2-1 network after 6,000 updates."""
    window, plots = open_plots_window("lecture")
    steps(window, 6000)
    settle(lambda: plots.output.shown_steps == 6000)
    return save(window, "main-window")


SCENES: dict[str, Callable[[], Path]] = {
    "tutorial-perceptron-xor": scene_perceptron_fails_xor,
    "main-window": scene_lecture_fit_window,
}
