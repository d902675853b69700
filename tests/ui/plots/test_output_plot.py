"""The output plot draws exactly what the network computes, in the right picture."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mlpgui.core import MLP, Dataset, load_preset
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.plots.output_plot import OutputPlot
from mlpgui.ui.plots.style import BACKGROUND_LUT, colorize
from mlpgui.worker import ReplaceDataset, StepMany

from .helpers import WAIT_MS, feature, load, names, show_dock, step


def network_after(record) -> MLP:
    net = MLP(record.layer_sizes, record.activation_names, seed=0)
    net.set_flat_parameters(record.parameters_after)
    return net


def test_the_output_plot_is_visible_beside_the_loss_plot_by_default(window):
    plot = window.findChild(OutputPlot, names.OUTPUT_PLOT)
    assert plot is not None and plot.isVisible()
    assert window.loss_plot.isVisible()
    assert plot.plot_data.active


def test_the_output_curve_equals_net_forward_on_the_plotted_grid(qtbot, window):
    plot = feature(window).output
    assert plot.mode == "curve"
    records = step(qtbot, window, 3)
    qtbot.waitUntil(lambda: plot.shown_steps == 3, timeout=WAIT_MS)
    x, y = plot.curve_data()
    assert len(x) > 100
    data = window.latest_snapshot().dataset
    assert x[0] < data.inputs.min() and x[-1] > data.inputs.max()  # over the data's range
    expected = network_after(records[-1]).forward(x[:, None]).outputs[:, 0]
    assert np.array_equal(y, expected)
    # The points are the data (targets over inputs).
    px, py = plot._train[0].getData()
    assert np.array_equal(px, data.inputs[:, 0]) and np.array_equal(py, data.targets[:, 0])


def test_two_inputs_show_a_decision_map_that_equals_the_network(qtbot, window):
    load(qtbot, window, "xor", seed=1)
    plot = feature(window).output
    qtbot.waitUntil(lambda: plot.mode == "map", timeout=WAIT_MS)
    window.worker.send(StepMany(1500))
    qtbot.waitUntil(lambda: window.latest_state().steps == 1500, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: plot.shown_steps == 1500, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_record().step == 1500, timeout=WAIT_MS)
    image = plot.image_data()
    result = plot.plot_data.latest.value
    net = network_after(window.latest_record())
    gx, gy = np.meshgrid(result.xs, result.ys)
    expected = net.forward(np.column_stack([gx.ravel(), gy.ravel()])).outputs
    assert np.array_equal(image, expected.reshape(image.shape))
    pixels = plot._image.image  # through the colour map, with the fixed levels 0..1
    assert np.array_equal(pixels, colorize(image, 0.0, 1.0, BACKGROUND_LUT))
    # XOR learned: each corner's point lies in its own class's region, and there is a
    # decision boundary between them.
    assert len(result.boundary) > 0
    data = window.latest_snapshot().dataset
    outputs = net.forward(data.inputs).outputs[:, 0]
    assert np.array_equal(outputs > 0.5, data.targets[:, 0] > 0.5)


def test_other_shapes_show_predicted_against_target(qtbot, window):
    load(qtbot, window, "mazur")  # 2 inputs, 2 outputs
    plot = feature(window).output
    qtbot.waitUntil(lambda: plot.mode == "predictions", timeout=WAIT_MS)
    records = step(qtbot, window, 2)
    qtbot.waitUntil(lambda: plot.shown_steps == 2, timeout=WAIT_MS)
    net = network_after(records[-1])
    data = window.latest_snapshot().dataset
    outputs = net.forward(data.inputs).outputs
    for k in range(2):
        t, y = plot._train[k].getData()
        assert np.array_equal(t, data.targets[:, k]) and np.array_equal(y, outputs[:, k])


def test_test_points_are_drawn_hollow_beside_the_training_points(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("lecture")
    test = Dataset([[0.0], [1.0]], [[0.5], [0.6]])
    window = make_window(setup, data, test)
    plot = feature(window).output
    x, y = plot._test[0].getData()
    assert list(x) == [0.0, 1.0] and list(y) == [0.5, 0.6]
    assert plot._test[0].opts["brush"].color().name() == "#ffffff"
    assert "test data" in plot.legend_text


def test_the_legend_is_a_line_above_the_plot_and_covers_no_point(qtbot, make_window):
    """A legend inside the plot covered data points (and the points hid its text)."""
    setup, data = TrainingSetup.for_preset("lecture")
    window = make_window(setup, data)
    plot = feature(window).output
    items = plot.plot.scene().items()
    assert not any(isinstance(item, pg.LegendItem) for item in items)
    assert "training data t" in plot.legend_text and "network y(x)" in plot.legend_text
    assert "test" not in plot.legend_text  # no test data here
    title = plot.plot.titleLabel
    assert title.isVisible() and "training data t" in title.text
    assert not title.sceneBoundingRect().intersects(plot.plot.vb.sceneBoundingRect())


def test_a_new_dataset_moves_the_points_and_the_curve(qtbot, window):
    plot = feature(window).output
    x = np.linspace(10, 20, 7)
    window.worker.send(ReplaceDataset(Dataset(x, np.sin(x))))
    qtbot.waitUntil(lambda: plot.plot_data.request.x_min < 10 < 20 < plot.plot_data.request.x_max)
    qtbot.waitUntil(lambda: plot.curve_data()[0].size and plot.curve_data()[0][0] < 10)
    px, _ = plot._train[0].getData()
    assert np.array_equal(px, x)


def test_every_preset_draws_without_errors(qtbot, window):
    plot = feature(window).output
    for preset in ("sine", "circles", "spiral", "and", "mazur", "lecture"):
        load(qtbot, window, preset)
        qtbot.waitUntil(lambda: plot.plot_data.latest is not None, timeout=WAIT_MS)
        step(qtbot, window, 1)
        qtbot.waitUntil(lambda: plot.shown_steps == 1, timeout=WAIT_MS)
        assert not plot.note.isVisibleTo(plot)
    assert isinstance(plot, QWidget)
    assert load_preset("lecture") == window.latest_snapshot().dataset


def test_an_empty_dataset_leaves_every_plot_working(qtbot, window):
    plots = feature(window)
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    window.worker.send(ReplaceDataset(Dataset(np.empty((0, 1)), np.empty((0, 1)))))
    qtbot.waitUntil(lambda: len(window.latest_snapshot().dataset) == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "needs training data" in plots.surface.note.text(), timeout=WAIT_MS)
    assert plots.surface.result is None
    assert plots.output._train[0].getData()[0].size == 0
    qtbot.waitUntil(lambda: plots.output.curve_data()[0].size > 0, timeout=WAIT_MS)
    window.worker.send(ReplaceDataset(load_preset("lecture")))  # data again: all back
    qtbot.waitUntil(lambda: plots.surface.result is not None, timeout=WAIT_MS)


def flat_window(make_window):
    """XOR and a single sigmoid unit whose output is 0.5 up to rounding (weights ±1e-15): the
    state the single-layer perceptron ends in on XOR."""
    from mlpgui.core.setup import TrainingSetup

    setup, data = TrainingSetup.for_preset("xor")
    setup = setup.replace(
        layer_sizes=(2, 1), activations=("sigmoid",), initial_parameters=(1e-15, -1e-15, 0.0)
    )
    return make_window(setup, data)


def test_a_flat_output_draws_no_boundary_and_no_gradient_from_rounding_noise(qtbot, make_window):
    window = flat_window(make_window)
    plot = feature(window).output
    qtbot.waitUntil(lambda: plot.mode == "map" and plot.image_data() is not None,
                    timeout=WAIT_MS)  # fmt: skip
    result = plot.plot_data.latest.value
    grid = plot.image_data()
    assert grid.min() < 0.5 < grid.max()  # rounding puts the output on both sides of 0.5 …
    assert result.flat and len(result.boundary) == 0  # … yet that is no boundary
    x, _ = plot._boundary.getData()
    assert x is None or len(x) == 0
    pixels = plot._image.image
    assert np.all(pixels == pixels[0, 0])  # one colour: the colour of y = 0.5
    assert np.array_equal(pixels[0, 0], colorize(np.array([0.5]), 0.0, 1.0, BACKGROUND_LUT)[0])


def test_the_dataset_editor_draws_flat_regions_in_one_colour(qtbot, make_window):
    from mlpgui.ui.dataset import DatasetEditor

    window = flat_window(make_window)
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    show_dock(qtbot, window, names.DATASET_DOCK)
    qtbot.waitUntil(lambda: editor.output.results > 0, timeout=WAIT_MS)
    image = editor.plot.regions.image
    assert image is not None and np.all(image == image.flat[0])
    assert abs(image.flat[0] - 0.5) < 1e-15
