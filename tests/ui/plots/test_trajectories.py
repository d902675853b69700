"""Weight trajectories and gradient norms are the records' parameters and gradients."""

import numpy as np

from mlpgui.ui.selection import Selection
from mlpgui.worker import ContinueFrom, ModelChange

from .helpers import WAIT_MS, feature, load, names, show_dock, step, step_many


def test_the_history_holds_every_parameter_after_every_update(qtbot, window):
    hub = feature(window).hub
    start = window.latest_snapshot().parameters.copy()
    records = step(qtbot, window, 4)
    qtbot.waitUntil(lambda: len(hub.parameters) == 5, timeout=WAIT_MS)
    assert list(hub.parameters.steps) == [0, 1, 2, 3, 4]
    assert np.array_equal(hub.parameters.values[0], start)
    for row, record in zip(hub.parameters.values[1:], records):
        assert np.array_equal(row, record.parameters_after)


def test_gradient_norms_per_layer_are_the_records_gradients(qtbot, window):
    hub = feature(window).hub
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)  # norms are traced while it is shown
    qtbot.waitUntil(lambda: hub._sent is not None and hub._sent.gradient_norms, timeout=WAIT_MS)
    records = step(qtbot, window, 3)
    qtbot.waitUntil(lambda: hub.norms is not None and len(hub.norms) == 3, timeout=WAIT_MS)
    layout = window.latest_snapshot().network().layout
    offsets = layout.offsets
    for row, record in zip(hub.norms.values, records):
        expected = [
            np.linalg.norm(record.gradient[offsets[k] : offsets[k + 1]])
            for k in range(layout.n_layers)
        ]
        assert np.allclose(row, expected, rtol=1e-12)


def test_small_networks_show_every_parameter_and_the_selected_one_is_named(qtbot, window):
    plot = feature(window).trajectories
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)
    step(qtbot, window, 3)
    assert sorted(plot.curves) == list(range(13))
    window.select(Selection("w", 0, 1, 0))
    assert plot.selected_text() == "w_21^(1)"
    qtbot.waitUntil(lambda: len(plot._highlight.getData()[0]) == 4, timeout=WAIT_MS)
    index = window.latest_snapshot().network().layout.index_of_weight(0, 1, 0)
    _, y = plot.curves[index].getData()
    assert list(y)[-1] == window.latest_record().parameters_after[index]


def test_clicking_a_curve_selects_its_weight(qtbot, window):
    plot = feature(window).trajectories
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)
    step(qtbot, window, 2)
    plot.curves[4].sigClicked.emit(plot.curves[4], None)
    assert window.selection() == Selection("w", 1, 0, 0)  # θ[4] is w_11^(2)


def test_long_runs_stay_bounded(qtbot, window):
    hub = feature(window).hub
    step_many(qtbot, window, 30_000)
    qtbot.waitUntil(lambda: hub.parameters.steps[-1] == 30_000, timeout=WAIT_MS)
    assert len(hub.parameters) <= hub.parameters.max_rows + 1
    assert hub.parameters.steps[0] == 0
    final = window.latest_record().parameters_after
    assert np.array_equal(hub.parameters.values[-1], final)


def test_large_networks_trace_the_selected_weights(qtbot, window):
    from mlpgui.core import Dataset
    from mlpgui.core.setup import TrainingSetup

    plot = feature(window).trajectories
    hub = feature(window).hub
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)
    x = np.linspace(-1, 1, 20)
    setup = TrainingSetup((1, 32, 32, 1), ("tanh", "tanh", "linear"), learning_rate=0.01)
    window.load_setup(setup, Dataset(x, x**2))
    qtbot.waitUntil(lambda: hub.layout is not None and hub.layout.size > 512, timeout=WAIT_MS)
    assert not hub.all_traced() and plot.curves == {}
    window.select(Selection("w", 1, 3, 4))
    index = hub.layout.index_of_weight(1, 3, 4)
    assert list(plot.curves) == [index]
    records = step(qtbot, window, 3)
    qtbot.waitUntil(lambda: hub.column(index) is not None and len(hub.column(index)) == 3)
    assert list(hub.column(index)) == [r.parameters_after[index] for r in records]
    load(qtbot, window, "lecture")  # back to a small network: all traced again
    assert hub.all_traced() and sorted(plot.curves) == list(range(13))


def test_going_back_in_history_forgets_the_later_rows(qtbot, window):
    hub = feature(window).hub
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)
    qtbot.waitUntil(lambda: hub._sent is not None and hub._sent.gradient_norms, timeout=WAIT_MS)
    records = step(qtbot, window, 5)
    qtbot.waitUntil(lambda: len(hub.parameters) == 6, timeout=WAIT_MS)
    window.worker.send(ContinueFrom(2))
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.REWIND, timeout=WAIT_MS)
    assert hub.parameters.steps[-1] == 2
    assert np.array_equal(hub.parameters.values[-1], records[1].parameters_after)
    assert hub.norms.steps[-1] <= 2
    more = step(qtbot, window, 1)  # update 3 again, from update 2's parameters
    qtbot.waitUntil(lambda: hub.parameters.steps[-1] == 3, timeout=WAIT_MS)
    assert np.array_equal(hub.parameters.values[-1], more[0].parameters_after)
    assert list(window.loss_plot.train.x) == [1, 2, 3]


def test_gradient_norms_are_traced_only_while_the_weights_plot_is_shown(qtbot, window):
    hub = feature(window).hub
    show_dock(qtbot, window, names.TRAJECTORIES_DOCK)
    qtbot.waitUntil(lambda: hub._sent is not None and hub._sent.gradient_norms, timeout=WAIT_MS)
    show_dock(qtbot, window, names.LOSS_DOCK)  # the Loss tab hides the Weights tab
    qtbot.waitUntil(lambda: not hub._sent.gradient_norms, timeout=WAIT_MS)
