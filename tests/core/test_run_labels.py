"""Run labels name the most important differences first, and never leave out the data
(issue #13: a label of at most three parts could drop "data" for γ, seed and batch)."""

from __future__ import annotations

from mlpgui.core.run_labels import ASPECTS, MAX_LABEL_PARTS, auto_labels, describe
from mlpgui.core.setup import TrainingSetup


def test_runs_on_different_data_say_so_even_when_many_settings_differ_too():
    setup, xor = TrainingSetup.for_preset("xor")
    _, moons = TrainingSetup.for_preset("moons")
    a = describe(setup.replace(learning_rate=0.5, seed=0), xor)
    b = describe(setup.replace(learning_rate=2.0, seed=3, batch="online", loss="sse"), moons)
    differing = [x for x in ASPECTS if a[x] != b[x]]
    assert len(differing) > MAX_LABEL_PARTS  # a label cannot name them all
    first, second = auto_labels([a, b], ["run 1", "run 2"])
    assert first.startswith(a["data"] + ", ") and second.startswith(b["data"] + ", ")
    assert first.endswith(", …") and second.endswith(", …")
    assert first.count(", ") == MAX_LABEL_PARTS  # three parts and "…"


def test_the_model_comes_before_the_training_settings_and_the_seed_comes_last():
    setup, data = TrainingSetup.for_preset("xor")
    a = describe(setup.replace(learning_rate=0.5, seed=0), data)
    wider = setup.replace(layer_sizes=(2, 8, 1), activations=("sigmoid", "sigmoid"))
    b = describe(wider.replace(learning_rate=2.0, seed=3, batch="online"), data)
    first, second = auto_labels([a, b], ["run 1", "run 2"])
    assert first == f"{a['network']}, γ = 0.5, full batch, …"
    assert second == f"{b['network']}, γ = 2, online, …"  # the seed is the one left out
    # With only γ and the seed different, both show, γ first.
    c = describe(setup.replace(learning_rate=2.0, seed=3), data)
    assert auto_labels([a, c], ["run 1", "run 2"]) == ["γ = 0.5, seed 0", "γ = 2, seed 3"]


def test_describe_lists_every_aspect_in_the_order_of_importance():
    setup, data = TrainingSetup.for_preset("xor")
    assert list(describe(setup, data)) == list(ASPECTS)
    assert ASPECTS[0] == "data" and ASPECTS[-1] == "seed"
