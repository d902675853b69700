"""Run labels at the edges (issue #13): runs on different presets say so first, in English
('1 point', not '1 points'), copies of one run are told apart by their fallbacks."""

from __future__ import annotations

import numpy as np

from mlpgui.core import Dataset
from mlpgui.core.run_labels import auto_labels, describe
from mlpgui.core.setup import TrainingSetup


def test_a_one_sample_preset_is_one_point_and_data_comes_first():
    presets = ["mazur", "xor", "lecture"]
    descriptions = [describe(*TrainingSetup.for_preset(p)) for p in presets]
    labels = auto_labels(descriptions, ["run 1", "run 2", "run 3"])
    assert labels[0].startswith("mazur (1 point),")
    assert labels[1].startswith("xor (4 points),")
    assert labels[2].startswith("lecture (50 points),")
    assert all(label.endswith(", …") for label in labels)  # more differs than a label names


def test_large_own_data_counts_with_thousands_separators():
    setup = TrainingSetup((1, 2, 1), ("tanh", "linear"), seed=0)
    x = np.linspace(-1, 1, 1200)[:, None]
    one = describe(setup, Dataset(x[:1], x[:1]))
    many = describe(setup, Dataset(x, x))
    assert one["data"] == "own data (1 point)"
    assert many["data"] == "own data (1,200 points)"
    assert auto_labels([one, many], ["run 1", "run 2"]) == [one["data"], many["data"]]


def test_copies_that_differ_in_nothing_are_named_by_their_fallbacks():
    setup, data = TrainingSetup.for_preset("xor")
    same = [describe(setup, data)] * 3
    fallbacks = ["run 1", "run 1 at update 300", "run 1 at update 301"]
    assert auto_labels(same, fallbacks) == fallbacks
