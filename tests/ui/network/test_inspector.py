"""Clicking the diagram picks a weight, bias or unit; the inspector shows its numbers."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QSpinBox

from mlpgui.core.explain import explain_unit
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.formatting import format_number
from mlpgui.ui.selection import Selection

from .conftest import WAIT_MS, click, network_of, step_and_wait

W5 = Selection("w", 1, 0, 0)  # Mazur's w5: from h1 to o1 = w_11^(2)


def test_clicking_an_edge_of_mazur_shows_the_records_numbers(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    record = window.latest_record()
    window.findChild(QSpinBox, names.INSPECTOR_DIGITS_SPIN).setValue(17)
    click(qtbot, window, W5)
    assert window.selection() == W5
    text = network_of(window).inspector.plain_text()
    title = text.splitlines()[0]
    assert title in ("Weight w_11^(2)", "Weight w5 = w_11^(2)")  # (named in the preset, or not)
    values = {
        "w_old": record.weights_before[1][0, 0],
        "a_1^(1)": record.activations[1][0, 0],
        "δ_1^(2)": record.deltas[1][0, 0],
        "∂L/∂w": record.weight_gradients[1][0, 0],
        "Δw": record.weight_updates[1][0, 0],
        "w_new": record.weights_after[1][0, 0],
    }
    for name, value in values.items():
        assert format_number(value, 17) in text, name
    # ... and they are Mazur's published numbers
    assert values["a_1^(1)"] == pytest.approx(0.593269992, abs=1e-9)
    assert values["δ_1^(2)"] == pytest.approx(0.138498562, abs=1e-9)
    assert values["∂L/∂w"] == pytest.approx(0.082167041, abs=1e-9)
    assert values["w_new"] == pytest.approx(0.35891648, abs=1e-8)
    assert "w_new = w_old + Δw_11^(2)" in text


def test_clicking_picks_units_biases_and_nothing(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    for selection in [Selection("unit", 1, 1), Selection("b", 0, 1), Selection("w", 0, 1, 0)]:
        click(qtbot, window, selection)
        assert window.selection() == selection
        assert network_of(window).scene.selection == selection
    view = network_of(window).view
    corner = QPoint(2, 2)  # (QPoint(0, 0) would mean "the centre" to QTest)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert window.selection() is None
    assert network_of(window).inspector.plain_text().startswith("Update 1")


def test_a_hidden_units_breakdown_lists_terms_that_sum_to_its_delta(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    window.findChild(QSpinBox, names.INSPECTOR_DIGITS_SPIN).setValue(17)
    click(qtbot, window, Selection("unit", 1, 0))  # h1
    record = window.latest_record()
    text = network_of(window).inspector.plain_text()
    u = explain_unit(record, 1, 0)
    terms = u.backprop_terms[0]
    for term in terms:
        assert format_number(term, 17) in text
    assert format_number(record.deltas[0][0, 0], 17) in text
    magnitude = sum(abs(t) for t in terms) * u.derivatives[0]
    assert math.fsum(terms) * u.derivatives[0] == pytest.approx(
        record.deltas[0][0, 0], abs=4e-16 * magnitude
    )
    assert "δ_1^(1) = (Σ_k δ_k^(2) w_k1^(2)) · f_1'(d_1^(1))" in text


def test_an_output_unit_shows_minus_t_minus_y_times_f_prime(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    window.select(Selection("unit", 2, 0))
    text = network_of(window).inspector.plain_text()
    assert "δ_1^(2) = −(t_1 − y_1) · f_2'(d_1^(2)) = −(0.01 − 0.751365) × 0.186816 = 0.138499" in (
        text
    )


def test_a_batch_lists_per_sample_terms_and_how_they_combine(qtbot, window):
    step_and_wait(qtbot, window)
    window.select(Selection("w", 0, 1, 0))
    text = network_of(window).inspector.plain_text()
    assert "∂L/∂w_21^(1) = 1/B Σ_n δ_2,n^(1) a_1,n^(0)" in text
    assert "… and 18 more samples (not listed)" in text  # 50 samples, 32 listed
    # the sum comes after the note, and says that it covers every sample
    more = text.index("… and 18 more samples")
    assert text.index("Σ over all 50 samples: Σ_n δ_2,n^(1) a_1,n^(0) = ") > more
    assert "/ 50 = " in text and "averages over the batch" in text
    network_of(window).stage.sample_spin.setValue(40)  # a sample beyond the listed ones
    text = network_of(window).inspector.plain_text()
    assert re.search(r"\*40 +40 ", text)  # marked, and listed although beyond the first 32


def test_digits_and_copy(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    window.select(W5)
    spin = window.findChild(QSpinBox, names.INSPECTOR_DIGITS_SPIN)
    spin.setValue(3)
    assert "= 0.0822" in network_of(window).inspector.plain_text()
    spin.setValue(10)
    assert "= 0.08216704056" in network_of(window).inspector.plain_text()
    network_of(window).inspector.copy_button.click()
    assert QGuiApplication.clipboard().text() == network_of(window).inspector.plain_text()


def test_a_selection_made_elsewhere_is_highlighted_and_inspected(qtbot, mazur_window):
    window = mazur_window
    window.select(W5)  # before any update: the value now
    assert network_of(window).scene.selection == W5
    assert "w_11^(2) = 0.4" in network_of(window).inspector.plain_text()
    network_of(window).scene.set_selection(Selection("w", 5, 0, 0))  # not in this network
    assert network_of(window).scene.selection is None


def test_hover_tooltips_have_full_precision(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    record = window.latest_record()
    tip = network_of(window).showing.tooltip(W5)
    assert repr(float(record.weight_gradients[1][0, 0])) in tip
    assert repr(float(record.weights_after[1][0, 0])) in tip
    tip = network_of(window).showing.tooltip(Selection("unit", 1, 0))
    assert repr(float(record.deltas[0][0, 0])) in tip


def test_the_loss_table_sums_all_samples_after_the_unlisted_ones(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("lecture", n_points=33)
    window = make_window(setup, data)
    step_and_wait(qtbot, window)
    window.select(None)
    text = network_of(window).inspector.plain_text()
    more = text.index("… and 1 more sample (not listed)")  # singular
    assert text.index("Σ over all 33 samples: Σ_n L_n = ") > more
    assert "L(θ before update 1) = " in text and "(mean over the batch of 33 samples)" in text
    assert "L(θ after update 1) = " in text
    assert "Σ\n" not in text and " Σ  " not in text  # no Σ row inside the table


def test_regression_data_shows_the_batch_mean_and_says_so(qtbot, window):
    step_and_wait(qtbot, window)  # the lecture's regression data, 50 samples
    stage = network_of(window).stage
    assert stage.sample is None
    assert "mean over the batch of 50 samples" in stage.state_label.text()
    text = network_of(window).inspector.plain_text()
    assert "Values at θ before update 1 (mean over the batch of 50 samples)" in text
    window.select(Selection("unit", 1, 0))
    text = network_of(window).inspector.plain_text()
    assert "mean over the batch of 50 samples: d_1^(1) = " in text
    tip = network_of(window).showing.tooltip(Selection("unit", 1, 0))
    assert "mean over the batch of 50 samples" in tip


def test_classification_data_shows_a_real_sample_first(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("xor")
    window = make_window(setup, data)
    step_and_wait(qtbot, window)
    stage, scene = network_of(window).stage, network_of(window).scene
    assert stage.sample == 0  # sample n = 1, not the batch mean x = (0.5, 0.5), t = 0.5
    x = window.latest_record().activations[0][0]
    assert [item.text() for item in scene.units.texts[0]] == [format_number(v, 4) for v in x]
    assert (
        scene.text.side[0].text()
        == f"t₁ = {format_number(window.latest_record().targets[0, 0], 4)}"
    )
    assert "sample n = 1" in stage.state_label.text()
    stage.sample_spin.setValue(0)  # the batch mean is still there to choose
    assert "mean over the batch of 4 samples" in stage.state_label.text()
    assert scene.units.texts[0][0].text() == "0.5"


def test_one_sample_is_one_sample(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    window.select(W5)
    assert "batch of 1 sample ·" in network_of(window).inspector.plain_text()


def test_a_hidden_inspector_catches_up_when_its_dock_is_shown_again(qtbot, window):
    dock = window.findChild(QDockWidget, names.INSPECTOR_DOCK)
    step_and_wait(qtbot, window)
    inspector = network_of(window).inspector
    assert inspector.plain_text().startswith("Update 1 ")
    dock.toggleViewAction().trigger()  # View ▸ Inspector off: not rendered meanwhile...
    assert not dock.isVisible()
    step_and_wait(qtbot, window, 2)
    assert inspector.plain_text().startswith("Update 1 ")
    dock.toggleViewAction().trigger()  # ...on again, its tab raised: the latest update
    dock.raise_()
    qtbot.waitUntil(lambda: inspector.plain_text().startswith("Update 3 "), timeout=WAIT_MS)
