"""Unit thumbnails show every unit's activation over the input space, as computed."""

import numpy as np
from PySide6.QtCore import Qt

from mlpgui.ui.plots.style import HIDDEN_LUT, colorize
from mlpgui.ui.selection import Selection

from .helpers import WAIT_MS, feature, load, names, show_dock, step


def test_one_input_curves_are_the_forward_pass_activations(qtbot, window):
    plot = feature(window).hidden_units
    show_dock(qtbot, window, names.HIDDEN_UNITS_DOCK)
    step(qtbot, window, 2)
    qtbot.waitUntil(lambda: plot.shown_steps == 2, timeout=WAIT_MS)
    assert sorted(plot.cells) == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0)]
    net = window.latest_snapshot().network()
    net.set_flat_parameters(window.latest_record().parameters_after)
    x, a = plot.cells[(2, 1)].curve.getData()
    assert np.array_equal(a, net.forward(x[:, None]).activations[2][:, 1])


def test_two_inputs_show_heatmaps_and_the_selected_unit_is_framed(qtbot, window):
    plot = feature(window).hidden_units
    show_dock(qtbot, window, names.HIDDEN_UNITS_DOCK)
    load(qtbot, window, "moons")
    step(qtbot, window, 1)
    qtbot.waitUntil(lambda: plot.shown_steps == 1, timeout=WAIT_MS)
    assert len(plot.cells) == 8 + 8 + 1
    cell = plot.cells[(1, 3)]
    result = plot.plot_data.latest.value
    assert np.array_equal(cell.values, result.layers[0][:, :, 3])
    # ...drawn in its block of the mosaic, through the colour map's fixed range.
    row, column = cell.slot
    block = plot.mosaic.image[row : row + 40, column : column + 40]
    assert np.array_equal(block, colorize(result.layers[0][:, :, 3], -1.0, 1.0, HIDDEN_LUT))
    window.select(Selection("unit", 2, 5))
    assert plot.cells[(2, 5)].frame.pen().widthF() == 2
    assert plot.cells[(2, 4)].frame.pen().widthF() == 1
    # Clicking a thumbnail selects its unit.
    centre = plot.canvas.mapViewToScene(plot.cells[(1, 6)].rect.center())
    point = plot.graphics.mapFromScene(centre)
    qtbot.mouseClick(plot.graphics.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.selection() == Selection("unit", 1, 6), timeout=WAIT_MS)


def test_wide_layers_show_their_first_units_and_say_so(qtbot, window):
    from mlpgui.core import Dataset
    from mlpgui.core.setup import TrainingSetup

    plot = feature(window).hidden_units
    show_dock(qtbot, window, names.HIDDEN_UNITS_DOCK)
    x = np.linspace(-1, 1, 10)
    window.load_setup(TrainingSetup((1, 40, 1), ("relu", "linear")), Dataset(x, x))
    qtbot.waitUntil(lambda: (1, 31) in plot.cells, timeout=WAIT_MS)
    assert (1, 32) not in plot.cells
    assert "first 32 of 40" in plot.note.text()


def test_more_than_two_inputs_say_why_nothing_is_drawn(qtbot, window):
    from mlpgui.core import Dataset
    from mlpgui.core.setup import TrainingSetup

    plot = feature(window).hidden_units
    show_dock(qtbot, window, names.HIDDEN_UNITS_DOCK)
    rng = np.random.default_rng(0)
    window.load_setup(
        TrainingSetup((3, 2, 1), ("tanh", "linear")), Dataset(rng.random((5, 3)), rng.random(5))
    )
    qtbot.waitUntil(lambda: "one or two inputs" in plot.note.text(), timeout=WAIT_MS)
    assert plot.cells == {}
    assert feature(window).output.mode == "predictions"
