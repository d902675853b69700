"""The loss surface plot: exact at the current parameters, its path is the parameters'
history, and it follows the selection."""

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction

from mlpgui.ui.formatting import format_number
from mlpgui.ui.selection import Selection

from .helpers import WAIT_MS, feature, load, names, show_dock, step


def test_the_surface_value_at_the_current_parameters_is_the_current_loss(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    records = step(qtbot, window, 4)
    qtbot.waitUntil(lambda: surface.shown_steps == 4, timeout=WAIT_MS)
    result = surface.result
    p, q = surface.pair
    middle = len(result.xs) // 2
    theta = records[-1].parameters_after
    assert (result.xs[middle], result.ys[middle]) == (theta[p], theta[q])
    # Full batch: the current loss is the last update's loss after it, on all samples.
    assert result.losses[middle, middle] == result.current_loss == records[-1].loss_after
    assert window.latest_state().loss == result.current_loss
    # The image shows the grid (log colour scale with fixed levels).
    assert surface.plot_widget.image.image.shape[:2] == result.losses.shape


def test_the_descent_path_is_the_history_of_the_two_parameters(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    start = window.latest_snapshot().parameters.copy()
    records = step(qtbot, window, 5)
    p, q = surface.pair
    qtbot.waitUntil(lambda: len(surface.plot_widget.path.getData()[0]) == 6, timeout=WAIT_MS)
    x, y = surface.plot_widget.path.getData()
    assert x[0] == start[p] and y[0] == start[q]
    assert list(x[1:]) == [r.parameters_after[p] for r in records]
    assert list(y[1:]) == [r.parameters_after[q] for r in records]


def test_selecting_a_weight_puts_it_on_the_horizontal_axis(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    layout = surface.layout_
    old_first = surface.pair[0]
    window.select(Selection("w", 1, 0, 1))
    index = layout.index_of_weight(1, 0, 1)
    assert surface.pair == (index, old_first)
    qtbot.waitUntil(
        lambda: surface.result is not None and surface.result.first == index, timeout=WAIT_MS
    )
    assert surface.first_combo.currentIndex() == index
    assert "w<sub>12</sub><sup>(2)</sup>" in surface.plot.getAxis("bottom").labelText


def test_choosing_parameters_in_the_combos_and_swapping(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    _, second = surface.pair
    surface.first_combo.setCurrentIndex(7)
    surface.first_combo.activated.emit(7)
    assert surface.pair == (7, second)
    surface.second_combo.setCurrentIndex(7)  # the other axis's parameter: swap
    surface.second_combo.activated.emit(7)
    assert surface.pair == (second, 7)


def test_hidden_surface_asks_for_nothing_and_recomputes_when_shown(qtbot, window):
    surface = feature(window).surface
    assert not surface.plot_data.active  # behind the Output tab
    step(qtbot, window, 2)
    assert surface.result is None
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    qtbot.waitUntil(lambda: surface.shown_steps == 2, timeout=WAIT_MS)
    shown = surface.result
    action = window.findChild(QAction, names.SURFACE_RECOMPUTE_ACTION)
    action.trigger()  # F5: computed again (a new result object, the same numbers)
    qtbot.waitUntil(lambda: surface.result is not shown, timeout=WAIT_MS)
    assert np.array_equal(surface.result.losses, shown.losses)


def test_the_gradient_arrow_points_along_minus_the_gradient(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    step(qtbot, window, 1)
    qtbot.waitUntil(lambda: surface.shown_steps == 1, timeout=WAIT_MS)
    record = window.latest_record()
    p, q = surface.pair
    x, y = surface.plot_widget.arrow_line.getData()
    direction = np.array([x[1] - x[0], y[1] - y[0]])
    g = surface.result.negative_gradient
    assert np.allclose(direction / np.linalg.norm(direction), g / np.linalg.norm(g))
    # −∇L at θ_new (the arrow) is the next update's direction on a full batch.
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_record().step == record.step + 1, timeout=WAIT_MS)
    update = window.latest_record().update[[p, q]]
    assert np.allclose(update / np.linalg.norm(update), g / np.linalg.norm(g))


def test_a_new_architecture_resets_the_pair_and_draws_again(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    load(qtbot, window, "xor")
    assert surface.layout_.layer_sizes == (2, 2, 1)
    assert surface.pair == (0, 1)
    assert surface.first_combo.count() == 9
    step(qtbot, window, 3)
    qtbot.waitUntil(lambda: surface.shown_steps == 3, timeout=WAIT_MS)


def test_hovering_reads_out_the_nearest_grid_value(qtbot, window):
    surface = feature(window).surface
    show_dock(qtbot, window, names.LOSS_SURFACE_DOCK)
    step(qtbot, window, 1)
    qtbot.waitUntil(lambda: surface.shown_steps == 1, timeout=WAIT_MS)
    result, view = surface.result, surface.plot_widget
    r, c = 7, 30
    point = view.plot.vb.mapViewToScene(QPointF(result.xs[c], result.ys[r]))
    view.plot.scene().sigMouseMoved.emit(point)
    qtbot.waitUntil(view.readout.isVisible, timeout=WAIT_MS)
    text = view.readout.textItem.toPlainText()
    assert f"L = {format_number(result.losses[r, c], 5)}" in text
    assert f"= {format_number(result.xs[c], 4)}" in text
