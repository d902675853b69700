"""Edge widths and unit fills have a floor: rounding noise is drawn as 0 and the legend says so."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox

from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.network.palette import LEVELS, codes, exponent_text, scale_for

from .conftest import choose, network_of, step_and_wait


def test_values_far_below_their_context_are_zero():
    weights = np.array([0.5, -2.0, 1.0])
    tiny_gradient = np.array([1e-11, -3e-11, 0.0])
    scale = scale_for(tiny_gradient, context=2.0)  # the weights' scale
    assert scale.all_zero and scale.floor == 2e-9
    assert np.all(codes(tiny_gradient, scale) == 0)
    assert not scale_for(weights).all_zero
    # a gradient that matters is drawn relative to its own largest value
    gradient = np.array([1e-3, -2e-3, 1e-12])
    scale = scale_for(gradient, context=2.0)
    assert scale.top == 2e-3 and not scale.all_zero
    c = codes(gradient, scale)
    assert c[1] == 2 * LEVELS + 1 and c[0] // 2 == LEVELS // 2 and c[2] == 0


def test_without_context_an_absolute_floor_applies():
    noise = np.array([3e-16, -2e-16, 1e-17])
    scale = scale_for(noise)
    assert scale.all_zero and scale.floor == 1e-12
    assert np.all(codes(noise, scale) == 0)
    # unit fills: activations are measured against at least 1, with the same floor
    fills = np.array([0.25, 1e-13, -0.5])
    scale = scale_for(fills, minimum=1.0)
    assert scale.top == 1.0
    assert list(codes(fills, scale)) == [2 * (LEVELS // 4), 0, 2 * (LEVELS // 2) + 1]
    assert exponent_text(1e-12) == "1e−12" and exponent_text(2e-9) == "2e−9"


def test_a_perceptron_with_weights_of_1e_16_draws_them_as_zero(qtbot, make_window):
    base, data = TrainingSetup.for_preset("xor")
    # a single-layer perceptron on XOR ends with weights that are rounding noise
    setup = base.replace(
        layer_sizes=(2, 1),
        activations=("sigmoid",),
        initial_parameters=(3e-16, -2e-16, 1e-16),
    )
    window = make_window(setup, data)
    step_and_wait(qtbot, window)
    network = network_of(window)
    scene, legend = network.scene, network.stage.legend
    assert np.all(scene._edge_codes == 0)  # thin grey, not thick and saturated
    assert legend.zero_note() == "all |w| < 1e−12: drawn as 0"
    assert legend.end_texts() == ("0", "0")
    assert "all |w| < 1e−12: drawn as 0" in legend.caption()
    combo = window.findChild(QComboBox, names.EDGE_QUANTITY_COMBO)
    for quantity, symbol in [("gradient", "∂L/∂w"), ("update", "Δw"), ("w_after", "w")]:
        choose(combo, quantity)
        assert np.all(scene._edge_codes == 0), quantity
        assert legend.zero_note() == f"all |{symbol}| < 1e−12: drawn as 0"
    choose(combo, "w_before")
    # units are coloured by a, against a scale of at least 1: y ≈ 0.5 is half strength
    assert scene.units.codes[1][0] // 2 == LEVELS // 2


def test_a_trained_network_keeps_its_legend_scale(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    legend = network_of(window).stage.legend
    assert legend.zero_note() == ""
    assert legend.end_texts() == ("−0.6", "+0.6")
