"""The window fits small screens and projectors: 1024×768 and 1280×720 exactly, whatever the
data, and 800×600 with the lecture's data (H17). What held its minimum up: the dataset
editor's preset row, the loss surface's one row of controls (with combos as wide as a large
network's labels) and the class row, laid out before the data came and then hidden."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QImage

from mlpgui.app import MainWindow
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor
from mlpgui.ui.plots.loss_surface import LossSurfacePlot

from .conftest import WAIT_MS
from .test_cli import _cli

SMALL_SCREENS = [(1024, 768), (1280, 720)]


def _least(window) -> QSize:
    """The smallest size the window's layout allows."""
    return window.minimumSize().expandedTo(window.minimumSizeHint())


@pytest.mark.parametrize("preset", ["lecture", "xor"])
def test_the_window_can_be_resized_to_small_screens_exactly(qtbot, make_window, preset):
    setup, dataset = TrainingSetup.for_preset(preset)
    window = make_window(setup, dataset)
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    assert editor is not None
    # XOR has classes: the class row is shown once the editor has the data.
    qtbot.waitUntil(lambda: editor.isEnabled(), timeout=WAIT_MS)
    assert editor.classes.isVisibleTo(editor) == (preset == "xor")
    least = _least(window)
    assert least.width() <= 1024 and least.height() <= 720, least
    for width, height in SMALL_SCREENS:
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=WAIT_MS)  # noqa: B023


def test_the_lecture_window_sized_before_it_is_shown_fits_800x600(qtbot, tmp_path):
    """As ``mlpgui --screenshot --size`` does it: the size is asked for before the window is
    shown and the worker has sent the data (no minimum left over from that moment)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.confirm_close = False
    qtbot.addWidget(window, before_close_func=lambda w: w.worker.shutdown())
    window.resize(800, 600)
    window.show()
    qtbot.waitUntil(lambda: window.latest_state() is not None, timeout=WAIT_MS)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600), timeout=WAIT_MS)
    least = _least(window)
    assert least.width() <= 800 and least.height() <= 600, least


def test_a_large_networks_parameter_names_do_not_widen_the_loss_surface(qtbot, make_window):
    """The combos show w_20,20^(2) in full when there is room, but the dock's minimum width
    is the same as for the lecture's network."""
    small = make_window()
    large_setup, data = TrainingSetup.for_preset("lecture")
    large = make_window(large_setup.replace(layer_sizes=(1, 20, 20, 1)), data)
    widths = []
    for window in (small, large):
        surface = window.findChild(LossSurfacePlot, names.LOSS_SURFACE_PLOT)
        assert surface is not None
        qtbot.waitUntil(lambda: surface.layout_ is not None, timeout=WAIT_MS)  # noqa: B023
        widths.append(surface.minimumSizeHint().width())
    assert surface.first_combo.findText("w_20,20^(2)") >= 0
    assert surface.first_combo.sizeHint().width() > surface.first_combo.minimumWidth()
    assert widths[0] == widths[1]


def test_a_screenshot_for_a_1024x768_screen_comes_out_exactly(tmp_path):
    path = tmp_path / "small.png"
    out = _cli(
        "--screenshot", str(path), "--size", "1024x768", env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert out.returncode == 0, out.stderr
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1024, 768)
