"""The inspector's explanations reproduce the record's numbers from their terms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.explain import (
    explain_loss,
    explain_parameter,
    explain_unit,
    layer_values,
)
from mlpgui.core.setup import TrainingSetup

EPS = np.finfo(float).eps


def _record(sizes, activations, loss="mse", batch="full", n=7, seed=0, steps=1, **kw):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activations, seed=seed)
    net.set_parameters(
        [rng.normal(scale=0.9, size=w.shape) for w in net.weights],
        [rng.normal(scale=0.4, size=b.shape) for b in net.biases],
    )
    x = rng.normal(size=(n, sizes[0]))
    t = rng.uniform(0.05, 0.95, size=(n, sizes[-1]))
    trainer = Trainer(net, Dataset(x, t), 0.3, loss=loss, batch=batch, seed=seed, **kw)
    for _ in range(steps - 1):
        trainer.step()
    return trainer.step()


def _close(value, reference, magnitude, ulps=8):
    """|value − reference| within a few rounding errors of a sum with this magnitude."""
    return abs(value - reference) <= ulps * EPS * max(magnitude, abs(reference), 1e-300)


def mazur_record():
    setup, data = TrainingSetup.for_preset("mazur")
    net = setup.network()
    return setup.trainer(net, data).step()


def test_mazur_w5_is_explained_with_his_numbers():
    record = mazur_record()
    # Mazur's w5 is w_11^(2): from hidden unit h1 to output o1.
    e = explain_parameter(record, "w", 1, 0, 0)
    assert e.value_before == 0.40
    assert e.inputs[0] == pytest.approx(0.593269992, abs=1e-9)  # out_h1
    assert e.deltas[0] == pytest.approx(0.138498562, abs=1e-9)  # δ_o1
    assert e.gradient == pytest.approx(0.082167041, abs=1e-9)
    assert e.combine == "sum" and e.batch_size == 1
    assert e.combined == e.gradient  # one term: no rounding at all
    assert e.update == -0.5 * e.gradient
    assert e.value_after == pytest.approx(0.35891648, abs=1e-8)
    assert e.value_after == e.value_before + e.update  # bitwise: θ_new = θ_old + Δθ


def test_mazur_hidden_unit_breakdown_has_his_terms():
    record = mazur_record()
    u = explain_unit(record, 1, 0)  # h1
    assert u.form == "hidden"
    # Mazur: ∂E_o1/∂out_h1 = 0.055399425, ∂E_o2/∂out_h1 = −0.019049119, total 0.036350306
    assert u.backprop_terms[0, 0] == pytest.approx(0.055399425, abs=1e-9)
    assert u.backprop_terms[0, 1] == pytest.approx(-0.019049119, abs=1e-9)
    assert u.backprop_sums[0] == pytest.approx(0.036350306, abs=1e-9)
    assert u.derivatives[0] == pytest.approx(0.241300709, abs=1e-9)
    assert np.array_equal(u.recomputed_deltas, u.deltas)


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
@pytest.mark.parametrize("batch", ["full", "online", 3])
def test_every_gradient_is_the_combination_of_its_per_sample_terms(loss, batch):
    record = _record((3, 4, 3, 2), ("tanh", "sigmoid", "sigmoid"), loss, batch, n=9, steps=2)
    for k in range(record.n_layers):
        rows, cols = record.weights_before[k].shape
        for i in range(rows):
            for j in [*range(cols), -1]:
                kind = "w" if j >= 0 else "b"
                e = explain_parameter(record, kind, k, i, j)
                scale = np.abs(e.terms).sum() / (e.batch_size if e.combine == "mean" else 1)
                assert _close(e.combined, e.gradient, scale), (kind, k, i, j)
                assert np.array_equal(e.terms, e.deltas * e.inputs)
                assert e.update == -record.learning_rate * e.gradient or not e.trained
                assert e.value_after == e.value_before + e.update
                assert e.combine == ("sum" if loss == "sse" else "mean")


def test_the_terms_are_delta_times_activation_of_the_right_units():
    record = _record((2, 3, 1), ("sigmoid", "linear"), n=5)
    e = explain_parameter(record, "w", 0, 2, 1)  # w_32^(1): x_2 → unit 3 of layer 1
    assert np.array_equal(e.inputs, record.activations[0][:, 1])
    assert np.array_equal(e.deltas, record.deltas[0][:, 2])
    assert np.array_equal(e.sample_rows, record.batch_indices)
    b = explain_parameter(record, "b", 1, 0)
    assert b.j == -1 and np.array_equal(b.inputs, np.ones(5))
    assert np.array_equal(b.terms, record.deltas[1][:, 0])


def test_a_frozen_bias_reports_its_gradient_but_no_update():
    record = _record((2, 2, 1), ("sigmoid", "sigmoid"), train_biases=False)
    e = explain_parameter(record, "b", 0, 1)
    assert not e.trained and e.update == 0.0 and e.value_after == e.value_before
    assert e.gradient != 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(1, 5), min_size=3, max_size=5),
    hidden=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
    loss=st.sampled_from(["mse", "sse", "cross_entropy"]),
    seed=st.integers(0, 2**16),
)
def test_a_hidden_units_delta_is_the_sum_of_its_terms_times_f_prime(sizes, hidden, loss, seed):
    n_layers = len(sizes) - 1
    output = "sigmoid" if loss == "cross_entropy" else "tanh"
    record = _record(sizes, (hidden,) * (n_layers - 1) + (output,), loss, n=4, seed=seed)
    for layer in range(1, n_layers):
        for i in range(sizes[layer]):
            u = explain_unit(record, layer, i)
            assert u.form == "hidden"
            assert np.array_equal(u.backprop_terms, u.next_deltas * u.next_weights)
            assert np.array_equal(u.next_weights, record.weights_before[layer][:, i])
            for n in range(u.batch_size):
                terms = u.backprop_terms[n]
                # the breakdown's terms sum to the recorded Σ_k δ_k w_ki (to rounding) ...
                assert _close(math.fsum(terms), u.backprop_sums[n], np.abs(terms).sum())
                # ... and times f'(d_i) give the recorded δ_i
                magnitude = np.abs(terms).sum() * abs(u.derivatives[n])
                assert _close(u.recomputed_deltas[n], u.deltas[n], magnitude)


@pytest.mark.parametrize(
    ("loss", "output", "form"),
    [("mse", "sigmoid", "squared"), ("sse", "tanh", "squared"), ("mse", "linear", "squared"),
     ("cross_entropy", "sigmoid", "cross_entropy")],
)  # fmt: skip
def test_an_output_units_delta_is_reproduced_bit_for_bit(loss, output, form):
    record = _record((2, 3, 2), ("tanh", output), loss, n=6)
    for i in range(2):
        u = explain_unit(record, 2, i)
        assert u.form == form and u.is_output
        assert np.array_equal(u.outputs, record.outputs[:, i])
        assert np.array_equal(u.targets, record.targets[:, i])
        if form == "squared":
            assert np.array_equal(u.errors, -(u.targets - u.outputs))
        else:
            assert np.array_equal(u.errors, u.outputs - u.targets)
        assert np.array_equal(u.recomputed_deltas, u.deltas)


def test_an_input_unit_has_only_its_activations():
    record = _record((2, 2, 1), ("sigmoid", "linear"), n=3)
    u = explain_unit(record, 0, 1)
    assert u.form == "input" and u.drives is None and u.deltas is None
    assert np.array_equal(u.activations, record.activations[0][:, 1])


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
def test_the_loss_is_the_combination_of_the_per_sample_losses(loss):
    record = _record((2, 3, 2), ("tanh", "sigmoid"), loss, n=8)
    e = explain_loss(record)
    assert e.value == record.loss_before
    assert e.combined == pytest.approx(e.value, rel=1e-14)
    assert e.per_sample.shape == (8,) and np.all(e.per_sample >= 0)


def test_layer_values_pick_a_sample_or_the_batch_mean():
    record = _record((2, 3, 1), ("sigmoid", "linear"), n=5)
    one = layer_values(record, 3)
    assert np.array_equal(one.activations[1], record.activations[1][3])
    assert np.array_equal(one.deltas[0], record.deltas[0][3])
    assert np.array_equal(one.drives[1], record.drives[1][3])
    mean = layer_values(record, None)
    assert np.allclose(mean.activations[1], record.activations[1].mean(axis=0), rtol=0)
    assert mean.targets.shape == (1,)
    assert not mean.deltas[0].flags.writeable


def test_explanations_are_read_only_copies():
    record = _record((2, 2, 1), ("sigmoid", "linear"))
    e = explain_parameter(record, "w", 0, 0, 0)
    with pytest.raises(ValueError):
        e.terms[0] = 1.0
    with pytest.raises(AttributeError):
        e.gradient = 0.0  # type: ignore[misc]


def test_a_units_drive_is_the_sum_of_its_weighted_inputs_plus_its_bias():
    record = _record((3, 4, 2), ("tanh", "linear"), n=6)
    for layer in (1, 2):
        for i in range(record.layer_sizes[layer]):
            u = explain_unit(record, layer, i)
            assert np.array_equal(u.in_weights, record.weights_before[layer - 1][i])
            assert u.bias == record.biases_before[layer - 1][i]
            for n in range(6):
                terms = [*u.drive_terms[n], u.bias]
                assert _close(math.fsum(terms), u.drives[n], np.abs(terms).sum())


@pytest.mark.parametrize("biases", [True, False])
def test_regularisation_and_momentum_are_explained_with_every_number(biases):
    """∂L/∂w = Σ…/B + λ₂ w + λ₁ sign w and v_new = μ v_old − γ ∂L/∂w, each number reproducing
    the recorded one (the additions bit for bit; the batch sum to rounding)."""
    kw = {"l1_rate": 0.02, "l2_rate": 0.3, "momentum": 0.7, "train_biases": biases}
    record = _record((2, 3, 1), ("tanh", "linear"), batch=3, n=9, steps=4, **kw)
    for k in range(record.n_layers):
        rows, cols = record.weights_before[k].shape
        for i in range(rows):
            for j in [*range(cols), -1]:
                kind = "w" if j >= 0 else "b"
                e = explain_parameter(record, kind, k, i, j)
                scale = np.abs(e.terms).sum() / e.batch_size
                assert _close(e.combined, e.data_gradient, scale)
                assert e.gradient == e.data_gradient + e.regularisation_gradient
                if kind == "w":
                    assert e.regularised and e.l2_term == 0.3 * e.value_before
                    assert e.l1_term == 0.02 * np.sign(e.value_before)
                    assert e.regularisation_gradient == e.l2_term + e.l1_term
                else:
                    assert e.l2_term == e.l1_term == e.regularisation_gradient == 0.0
                assert e.momentum == 0.7 and e.momentum_term == 0.7 * e.velocity_before
                assert e.gradient_step == -0.3 * e.gradient
                if e.trained:
                    assert e.velocity_after == e.momentum_term + e.gradient_step
                else:
                    assert e.velocity_after == 0.0
                assert e.update == e.velocity_after
                assert e.value_after == e.value_before + e.update
    assert explain_parameter(record, "w", 0, 0, 0).velocity_before != 0.0  # step 4: v ≠ 0


def test_the_loss_is_explained_as_data_loss_plus_regularisation():
    record = _record((2, 3, 1), ("tanh", "linear"), steps=2, l1_rate=0.1, l2_rate=0.2)
    e = explain_loss(record)
    assert e.regularised and e.value == record.loss_before
    assert e.value == e.data_value + e.regularisation
    assert _close(e.combined, e.data_value, e.total)
    weights = np.concatenate([w.ravel() for w in record.weights_before])
    assert e.weight_square_sum == pytest.approx(np.sum(weights**2), rel=1e-14)
    assert e.weight_abs_sum == pytest.approx(np.sum(np.abs(weights)), rel=1e-14)
    assert _close(e.l2_term + e.l1_term, e.regularisation, e.regularisation)
    plain = explain_loss(_record((2, 3, 1), ("tanh", "linear"), steps=2))
    assert not plain.regularised and plain.regularisation == 0.0
    assert plain.value == plain.data_value
