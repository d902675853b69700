"""Presets: defaults, determinism, shapes, balance, exact values, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core.dataset import Dataset
from mlpgui.core.errors import DatasetError
from mlpgui.core.presets import (
    MAX_PRESET_SEED,
    PRESETS,
    load_preset,
    new_seed,
    preset_info,
    preset_point_range,
    regenerate,
)

CLASSIFIERS = [name for name in PRESETS if preset_info(name).task == "classification"]
NOISY = ["lecture", "sine", "circles", "moons", "spiral", "blobs"]
ACTIVATIONS = {"sigmoid", "tanh", "relu", "linear", "step"}


def test_the_menu_lists_every_preset_once_in_order() -> None:
    assert PRESETS == (
        "lecture", "sine", "xor", "and", "or", "circles", "moons", "spiral", "blobs", "mazur"
    )  # fmt: skip


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads_with_defaults_and_matches_its_info(name: str) -> None:
    info = preset_info(name)
    dataset = load_preset(name)
    assert isinstance(dataset, Dataset) and dataset.name == name == info.name
    assert dataset.inputs.shape == (info.default_points, info.input_dim)
    assert dataset.targets.shape == (info.default_points, info.output_dim)
    assert info.title and info.description and info.task in ("regression", "classification")
    assert load_preset(name, info.default_points, info.default_noise, info.default_seed) == dataset
    assert Dataset.from_csv_text(dataset.to_csv_text()).inputs.tobytes() == dataset.inputs.tobytes()


@pytest.mark.parametrize("name", PRESETS)
def test_suggested_setups_are_consistent(name: str) -> None:
    info = preset_info(name)
    setup = info.setup
    assert len(setup.activations) == len(setup.hidden_layers) + 1
    assert set(setup.activations) <= ACTIVATIONS
    assert setup.loss in ("mse", "sse", "cross_entropy")
    assert setup.learning_rate > 0
    assert setup.batch in ("full", "online") or (isinstance(setup.batch, int) and setup.batch > 0)
    if setup.loss == "cross_entropy":
        assert setup.activations[-1] == "sigmoid" and info.task == "classification"
    sizes = (info.input_dim, *setup.hidden_layers, info.output_dim)
    if setup.weights is not None:
        assert [np.shape(w) for w in setup.weights] == list(zip(sizes[1:], sizes[:-1], strict=True))
    if setup.biases is not None:
        assert [np.shape(b) for b in setup.biases] == [(n,) for n in sizes[1:]]


@pytest.mark.parametrize("name", PRESETS)
def test_same_arguments_give_bit_identical_data(name: str) -> None:
    n = preset_info(name).default_points
    first, second = load_preset(name, n, seed=3), load_preset(name, n, seed=3)
    assert first.inputs.tobytes() == second.inputs.tobytes()
    assert first.targets.tobytes() == second.targets.tobytes()


@pytest.mark.parametrize("name", NOISY)
def test_another_seed_gives_other_data(name: str) -> None:
    assert load_preset(name, seed=1) != load_preset(name, seed=2)
    assert load_preset(name, seed=None) == load_preset(name, seed=preset_info(name).default_seed)


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("n_points", [4, 200, 201])
def test_classes_are_balanced_and_binary(name: str, n_points: int) -> None:
    dataset = load_preset(name, n_points)
    labels = dataset.targets[:, 0]
    assert set(labels.tolist()) <= {0.0, 1.0}
    ones = int(labels.sum())
    if name in ("xor", "and", "or"):  # the truth table, repeated
        table = {"xor": [0, 1, 1, 0], "and": [0, 0, 0, 1], "or": [0, 1, 1, 1]}[name]
        assert ones == sum(table[i % 4] for i in range(n_points))
    else:
        assert ones == n_points // 2 and len(labels) - ones == n_points - n_points // 2


@pytest.mark.parametrize("name", ["circles", "moons", "spiral"])
def test_classification_inputs_fit_the_fixed_plot_range(name: str) -> None:
    inputs = load_preset(name).inputs
    assert np.abs(inputs).max() < 1.6
    assert np.abs(inputs).max() > 1.0  # and use it


def test_classification_rows_are_shuffled() -> None:
    labels = load_preset("moons").targets[:, 0]
    assert 0 < np.flatnonzero(labels == 1.0)[0] < 20


def test_circles_inner_class_is_one() -> None:
    dataset = load_preset("circles", noise=0.0)
    radius = np.hypot(dataset.inputs[:, 0], dataset.inputs[:, 1])
    np.testing.assert_allclose(radius[dataset.targets[:, 0] == 1.0], 0.5)
    np.testing.assert_allclose(radius[dataset.targets[:, 0] == 0.0], 1.0)


def test_blobs_are_centred_at_minus_one_and_one() -> None:
    dataset = load_preset("blobs", 4000)
    labels = dataset.targets[:, 0]
    np.testing.assert_allclose(dataset.inputs[labels == 0.0].mean(0), [-1, -1], atol=0.05)
    np.testing.assert_allclose(dataset.inputs[labels == 1.0].mean(0), [1, 1], atol=0.05)
    np.testing.assert_allclose(dataset.inputs[labels == 1.0].std(0), [0.5, 0.5], atol=0.05)
    wider = load_preset("blobs", 4000, noise=0.5)
    np.testing.assert_allclose(wider.inputs[labels == 1.0].std(0), [1.0, 1.0], atol=0.1)


def test_lecture_follows_the_curve_on_sorted_x() -> None:
    clean = load_preset("lecture", noise=0.0)
    x, t = clean.inputs[:, 0], clean.targets[:, 0]
    assert np.all(np.diff(x) >= 0) and x.min() >= -5.0 and x.max() <= 5.0
    np.testing.assert_allclose(t, 0.15 + 0.7 * np.exp(-((x - 0.5) ** 2) / 4), rtol=0, atol=1e-15)
    noisy = load_preset("lecture")
    assert noisy.inputs.tobytes() == clean.inputs.tobytes()  # noise moves t only
    residual = noisy.targets[:, 0] - t
    assert 0.02 < residual.std() < 0.09


def test_sine_is_sin_on_sorted_x_in_minus_pi_to_pi() -> None:
    clean = load_preset("sine", 100, noise=0.0)
    x = clean.inputs[:, 0]
    assert np.all(np.diff(x) >= 0) and -np.pi <= x.min() and x.max() <= np.pi
    np.testing.assert_array_equal(clean.targets[:, 0], np.sin(x))


@pytest.mark.parametrize(
    ("name", "targets"), [("xor", [0, 1, 1, 0]), ("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1])]
)
def test_truth_tables_in_the_lecture_order(name: str, targets: list[int]) -> None:
    dataset = load_preset(name)
    assert dataset.inputs.tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]
    assert dataset.targets[:, 0].tolist() == targets
    longer = load_preset(name, 6)
    assert longer.inputs.tolist() == [[0, 0], [1, 0], [0, 1], [1, 1], [0, 0], [1, 0]]
    assert longer.targets[:, 0].tolist() == targets + targets[:2]
    jittered = load_preset(name, 8, noise=0.1)
    assert jittered.targets.tolist() == longer.targets.tolist() + [[t] for t in targets[2:]]
    offset = jittered.inputs - np.tile([[0, 0], [1, 0], [0, 1], [1, 1]], (2, 1))
    assert 0 < np.abs(offset).max() < 0.6


def test_mazur_values_are_exact() -> None:
    dataset = load_preset("mazur")
    assert dataset.inputs.tolist() == [[0.05, 0.10]]
    assert dataset.targets.tolist() == [[0.01, 0.99]]
    setup = preset_info("mazur").setup
    assert setup.hidden_layers == (2,) and setup.activations == ("sigmoid", "sigmoid")
    assert (setup.loss, setup.learning_rate, setup.batch) == ("sse", 0.5, "full")
    assert setup.train_biases is False
    assert setup.weights == (((0.15, 0.20), (0.25, 0.30)), ((0.40, 0.45), (0.50, 0.55)))
    assert setup.biases == ((0.35, 0.35), (0.60, 0.60))
    # Mazur's forward pass: out_o1 = 0.75136507, out_o2 = 0.772928465 (his post).
    w1, w2 = (np.array(w) for w in setup.weights)
    b1, b2 = (np.array(b) for b in setup.biases)
    hidden = 1 / (1 + np.exp(-(w1 @ dataset.inputs[0] + b1)))
    out = 1 / (1 + np.exp(-(w2 @ hidden + b2)))
    np.testing.assert_allclose(out, [0.75136507, 0.772928465], atol=1e-8)


def test_the_documented_setups() -> None:
    lecture = preset_info("lecture").setup
    assert (lecture.hidden_layers, lecture.activations) == (
        (2, 2),
        ("sigmoid", "sigmoid", "linear"),
    )
    assert preset_info("spiral").setup.batch == 32
    assert preset_info("and").setup.hidden_layers == ()
    assert preset_info("xor").setup.hidden_layers == (2,)


def test_unknown_names_list_the_valid_ones() -> None:
    for call in (lambda: load_preset("nope"), lambda: preset_info("nope")):
        with pytest.raises(DatasetError) as info:
            call()
        assert "'nope'" in str(info.value) and all(name in str(info.value) for name in PRESETS)


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("sine", {"n_points": 0}, "needs from 1 to 100,000 points, not 0"),
        ("sine", {"n_points": -3}, "not -3"),
        ("sine", {"n_points": 100_001}, "not 100001"),
        ("sine", {"n_points": 2.5}, "whole number"),
        ("sine", {"n_points": True}, "whole number"),
        ("circles", {"n_points": 1}, "from 2 to"),
        ("xor", {"n_points": 3}, "needs from 4 to"),
        ("mazur", {"n_points": 2}, "needs exactly 1 points"),
        ("sine", {"noise": -0.1}, "noise must be a number ≥ 0"),
        ("sine", {"noise": float("nan")}, "noise must be"),
        ("sine", {"noise": float("inf")}, "noise must be"),
        ("sine", {"noise": "0.1"}, "noise must be"),
        ("mazur", {"noise": 0.1}, "has no noise"),
        ("moons", {"seed": -1}, "seed must be a whole number ≥ 0"),
        ("moons", {"seed": 1.5}, "seed must be"),
    ],
)
def test_bad_arguments_are_refused(name: str, kwargs: dict, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_preset(name, **kwargs)


def test_numpy_integers_are_fine() -> None:
    assert len(load_preset("sine", np.int64(7), np.float32(0.0), np.uint8(3))) == 7


def test_the_point_ranges_are_what_load_preset_accepts() -> None:
    assert preset_point_range("lecture") == (1, 100_000)
    assert preset_point_range("moons") == (2, 100_000)
    assert preset_point_range("xor") == (4, 100_000)
    assert preset_point_range("mazur") == (1, 1)
    for name in PRESETS:
        low, high = preset_point_range(name)
        assert len(load_preset(name, low)) == low
        for outside in (low - 1, high + 1):
            with pytest.raises(DatasetError):
                load_preset(name, outside)


def test_regenerate_draws_new_points_with_a_new_seed():
    seeds = {new_seed(7) for _ in range(50)}
    assert 7 not in seeds and all(0 <= s <= MAX_PRESET_SEED for s in seeds) and len(seeds) > 40
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    assert new_seed(None, rng_a) == new_seed(None, rng_b)  # reproducible when seeded
    old = load_preset("moons", 30, 0.1, seed=7)
    seed, fresh = regenerate("moons", 30, 0.1, seed=7)
    assert seed != 7 and len(fresh) == 30 and fresh.name == "moons"
    assert not np.array_equal(fresh.inputs, old.inputs)
    assert fresh == load_preset("moons", 30, 0.1, seed=seed)  # the new seed reproduces them
