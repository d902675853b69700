"""While an exercise is open, the values it asks for are absent from the diagram's texts, its
tooltips and the inspector's text, and come back once answered or revealed."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mlpgui.core import UpdateRecord
from mlpgui.core.explain import explain_parameter, explain_unit, layer_values
from mlpgui.core.run import TrainingRun
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.formatting import format_number
from mlpgui.ui.network.hiding import NOTHING, Hidden

from ..conftest import network_of
from .conftest import (
    OFFSCREEN_POPUP,
    diagram_texts,
    exercise_of,
    inspector_texts,
    start_exercise,
    tooltip_texts,
)


def key_value(record: UpdateRecord, key: tuple) -> float:
    """The value a hidden key stands for, in a record of a batch of one sample."""
    name, *index = key
    if name in ("loss", "loss_after"):
        return record.loss_before if name == "loss" else record.loss_after
    if name in ("d", "a", "fprime", "delta"):
        layer, i, *_ = index  # the batch position (0 here) may follow
        if name == "fprime":
            return float(explain_unit(record, layer, i).derivatives[0])
        if name == "a":
            return float(record.activations[layer][0, i])
        arrays = record.drives if name == "d" else record.deltas
        return float(arrays[layer - 1][0, i])
    kind, what = name.split("_")
    k, i, *j = index
    e = explain_parameter(record, kind, k, i, j[0] if j else -1)
    return {"grad": e.gradient, "update": e.update, "new": e.value_after}[what]


def mentions(text: str, value: float, fewest: int = 4) -> bool:
    """Does ``text`` write ``value`` with 4 (at least ``fewest``) or 6 significant digits, or
    every digit?"""
    shown = {format_number(value, d) for d in (4, 6) if d >= fewest} | {repr(float(value))}
    return any(re.search(rf"(?<![\d.\-−]){re.escape(s)}(?!\d)", text) for s in shown)


def everything(qtbot, window) -> str:
    return "\n".join([diagram_texts(window), tooltip_texts(window), inspector_texts(qtbot, window)])


@OFFSCREEN_POPUP
def test_the_values_asked_for_are_hidden_until_answered_or_revealed(qtbot, mazur_window):
    window = mazur_window
    network = network_of(window)
    network.stage.edge_combo.setCurrentIndex(network.stage.edge_combo.findData("gradient"))
    exercises = start_exercise(qtbot, window, seed=3, count=6)
    record = exercises.record
    assert record.step == 1  # the next update, from Mazur's weights
    keys = exercises.hidden_quantities()
    assert keys and network.showing.hidden == Hidden(keys)
    texts = everything(qtbot, window)
    assert "?" in diagram_texts(window) and "?" in texts
    frozen = {"b_update", "b_new"} if not record.train_biases else set()  # b_new = b_old
    for key in (k for k in keys if k[0] not in frozen):
        value = key_value(record, key)
        if mentions(texts, value):
            shown = {format_number(value, 4), format_number(value, 6), repr(float(value))}
            lines = [t for t in texts.splitlines() if any(x in t for x in shown)]
            raise AssertionError(f"{key}: {lines}")
    for exercise in exercises:
        assert not mentions(texts, exercise.value), exercise.question()
    assert "exercise; not applied yet" in network.stage.state_label.text()

    panel = exercise_of(window).panel
    first = exercises[0]
    qtbot.keyClicks(panel.question(1).answer, repr(first.value))
    qtbot.keyClick(panel.question(1).answer, Qt.Key.Key_Return)
    assert first.status == "solved"
    for n in range(2, len(exercises) + 1):
        qtbot.mouseClick(panel.question(n).reveal_button, Qt.MouseButton.LeftButton)
    assert all(e.status != "open" for e in exercises)
    assert network.showing.hidden == NOTHING  # solved and revealed show their values again
    texts = everything(qtbot, window)
    for exercise in exercises:
        assert mentions(texts, exercise.value), exercise.question()
    assert "?" not in diagram_texts(window)


def test_hiding_masks_a_quantity_and_the_terms_that_compute_it():
    setup, data = TrainingSetup.for_preset("mazur")
    record = TrainingRun(setup, data).preview()
    hidden = Hidden({("delta", 1, 0), ("w_grad", 0, 0, 0), ("w_update", 0, 0, 0),
                     ("w_new", 0, 0, 0), ("a", 2, 1)})  # fmt: skip
    e = hidden.mask_parameter(explain_parameter(record, "w", 0, 0, 0))
    assert np.isnan(e.deltas).all() and np.isnan(e.terms).all()
    assert np.isnan([e.gradient, e.update, e.value_after]).all()
    assert e.value_before == record.weights_before[0][0, 0]  # w_old is given
    other = hidden.mask_parameter(explain_parameter(record, "w", 0, 1, 0))
    assert not np.isnan([other.gradient, other.value_after]).any()
    hidden_unit = hidden.mask_unit(explain_unit(record, 1, 0))
    assert np.isnan(hidden_unit.deltas).all() and np.isnan(hidden_unit.backprop_sums).all()
    assert not np.isnan(hidden_unit.drives).any()
    output = hidden.mask_unit(explain_unit(record, 2, 1))
    assert np.isnan(output.activations).all() and np.isnan(output.outputs).all()
    assert hidden.loss(2) and not Hidden({("a", 1, 0)}).loss(2)
    values = hidden.mask_values(layer_values(record, 0))
    assert np.isnan(values.deltas[0][0]) and not np.isnan(values.deltas[0][1])
    assert np.isnan(values.activations[2][1]) and not np.isnan(values.activations[2][0])
    unmasked = layer_values(record, 0)
    assert NOTHING.mask_values(unmasked) is unmasked  # nothing copied without an exercise


@pytest.mark.parametrize("digits", [4, 6])
def test_mentions_finds_a_number_only_as_a_whole(digits):
    value = 0.377512345
    assert mentions(f"d = {format_number(value, digits)} ·", value)
    assert not mentions("d = 10.3775 · 0.37751 · -0.3775", 0.3775)
    assert mentions("δ = -0.3775", -0.3775)
