"""TrainingSetup.parameter_names: validated, kept with the architecture, saved in sessions."""

from __future__ import annotations

import json

import pytest

from mlpgui.core import NetworkError
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session, session_from_json, session_to_json
from mlpgui.core.setup import TrainingSetup

# Mazur's post, "A Step by Step Backpropagation Example": his initial weights by name.
MAZUR = {
    "w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30,
    "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55,
    "b1": 0.35, "b2": 0.60,
}  # fmt: skip


def test_mazur_names_his_weights_and_biases_as_in_his_post():
    setup, _ = TrainingSetup.for_preset("mazur")
    net = setup.network()
    named = {}
    for index, name in setup.parameter_names:
        named.setdefault(name, set()).add(float(net.parameters[index]))
    assert all(len(values) == 1 for values in named.values())  # b1 twice, the same value
    assert {name: min(values) for name, values in named.items()} == MAZUR
    # w5 = w₁₁⁽²⁾ and w8 = w₂₂⁽²⁾ (the README's table); b1 is both hidden units' bias.
    index = dict((name, i) for i, name in reversed(setup.parameter_names))
    layout = net.layout
    assert index["w1"] == layout.index_of_weight(0, 0, 0)
    assert index["w3"] == layout.index_of_weight(0, 1, 0)
    assert index["w5"] == layout.index_of_weight(1, 0, 0)
    assert index["w6"] == layout.index_of_weight(1, 0, 1)
    assert index["w8"] == layout.index_of_weight(1, 1, 1)
    biases = [i for i, name in setup.parameter_names if name == "b1"]
    assert biases == [layout.index_of_bias(0, 0), layout.index_of_bias(0, 1)]
    assert [i for i, _ in setup.parameter_names] == sorted(i for i, _ in setup.parameter_names)


def test_names_are_sorted_by_index_and_validated():
    setup = TrainingSetup((2, 1), ("linear",), parameter_names=[(2, "bias"), (0, "first")])
    assert setup.parameter_names == ((0, "first"), (2, "bias"))
    bad = [
        ([(3, "x")], "from 0 to 2"),
        ([(-1, "x")], "from 0 to 2"),
        ([(True, "x")], "whole number"),
        ([(0, "")], "1 to 24"),
        ([(0, "x" * 25)], "1 to 24"),
        ([(0, "a\nb")], "control character"),
        ([(0, 5)], "text"),
        ([(0, "a"), (0, "b")], "named twice"),
        ([(0, "a", "b")], "pair"),
        ("w1", "list"),
    ]
    for names, message in bad:
        with pytest.raises(NetworkError, match=message):
            TrainingSetup((2, 1), ("linear",), parameter_names=names)


def test_replace_keeps_names_with_the_architecture_and_drops_them_with_a_new_one():
    setup, _ = TrainingSetup.for_preset("mazur")
    assert setup.replace(learning_rate=0.1).parameter_names == setup.parameter_names
    assert setup.replace(layer_sizes=(2, 2, 2)).parameter_names == setup.parameter_names
    assert setup.replace(activations=("tanh", "sigmoid")).parameter_names
    assert setup.replace(layer_sizes=(2, 3, 2)).parameter_names == ()
    renamed = setup.replace(layer_sizes=(2, 3, 2), parameter_names=[(0, "a")])
    assert renamed.parameter_names == ((0, "a"),)


def test_names_are_saved_in_sessions_and_older_sessions_load_without_them(tmp_path):
    setup, data = TrainingSetup.for_preset("mazur")
    run = TrainingRun(setup, data)
    run.step()
    save_session(run.to_session(), tmp_path / "m.json")
    loaded = load_session(tmp_path / "m.json")
    assert loaded.setup.parameter_names == setup.parameter_names
    document = json.loads((tmp_path / "m.json").read_text())
    assert document["setup"]["parameter_names"][0] == [0, "w1"]
    older = session_to_json(run.to_session())
    del older["setup"]["parameter_names"]
    assert session_from_json(older).setup.parameter_names == ()
    older["setup"]["parameter_names"] = [[0, "w1"], [99, "w9"]]
    with pytest.raises(Exception, match="from 0 to 11"):
        session_from_json(older)
