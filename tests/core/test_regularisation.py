"""L1/L2 regularisation (an addition to the lecture): L = L_data + λ₂/2 Σw² + λ₁ Σ|w| over the
weights, its parts in the record, agreement with the naive implementation and with finite
differences — and nothing at all changes while it is off."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, TrainingError, gradient_check
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace
from tests.core.naive import naive_update


def _data(n=9, seed=0, inputs=2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, inputs))
    return Dataset(x, np.tanh(x[:, :1] - 0.5 * x[:, -1:]))


def _trainer(batch="full", seed=0, loss="mse", **kw):
    output = "sigmoid" if loss == "cross_entropy" else "linear"
    net = MLP([2, 4, 3, 1], ["tanh", "sigmoid", output], seed=seed)
    data = _data(seed=seed)
    if loss == "cross_entropy":
        data = Dataset(data.inputs, (data.targets > 0).astype(float))
    return Trainer(net, data, 0.2, loss=loss, batch=batch, seed=seed, **kw)


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(float(np.abs(a).max(initial=0)), float(np.abs(b).max(initial=0)), 1e-300)
    return float(np.abs(a - b).max(initial=0)) / scale


def test_with_the_additions_off_every_number_is_that_of_plain_gradient_descent():
    """Switching regularisation and momentum on and off again leaves a trainer that computes
    exactly what a trainer that never had them computes (records compared bit for bit)."""
    plain = _trainer(batch=4)
    toggled = _trainer(batch=4, l1_rate=0.1, l2_rate=0.2, momentum=0.9)
    toggled.l1_rate = toggled.l2_rate = toggled.momentum = 0.0
    for _ in range(3):
        a, b = plain.step(), toggled.step()
        assert a == b
    a, b = plain.run(7), toggled.run(7)
    assert a == b
    assert a.regularisation_gradient is None and a.velocity_before is None
    assert a.gradient is a.data_gradient and a.velocity_after is None
    assert a.loss_before == a.data_loss_before and a.regularisation_before == 0.0
    assert a.l1_rate == a.l2_rate == a.momentum == 0.0


@pytest.mark.parametrize("l1,l2", [(0.0, 0.3), (0.05, 0.0), (0.02, 0.1)])
@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
def test_a_regularised_update_matches_the_naive_implementation(l1, l2, loss):
    trainer = _trainer(loss=loss, l1_rate=l1, l2_rate=l2)
    net = trainer.net
    weights, biases = [np.array(w) for w in net.weights], [np.array(b) for b in net.biases]
    data = trainer.dataset
    r = trainer.step()
    acts = list(net.activation_names)
    naive = naive_update(weights, biases, acts, data.inputs, data.targets, loss, 0.2, l1=l1, l2=l2)
    assert _rel(r.loss_before, naive["loss"]) < 1e-12
    assert _rel(r.data_loss_before, naive["data_loss"]) < 1e-12
    for k in range(net.n_layers):
        assert _rel(r.weight_gradients[k], naive["weight_gradients"][k]) < 1e-12
        assert _rel(r.bias_gradients[k], naive["bias_gradients"][k]) < 1e-12
        assert _rel(r.weights_after[k], naive["weights_after"][k]) < 1e-12
        assert _rel(r.biases_after[k], naive["biases_after"][k]) < 1e-12


def test_the_record_carries_each_part_and_they_add_up_exactly():
    trainer = _trainer(l1_rate=0.01, l2_rate=0.1)
    first, second = trainer.step(), trainer.step()
    for r in (first, second):
        assert r.regularised
        assert r.loss_before == r.data_loss_before + r.regularisation_before
        assert r.loss_after == r.data_loss_after + r.regularisation_after
        assert np.array_equal(r.gradient, r.data_gradient + r.regularisation_gradient)
        assert np.array_equal(r.update, -r.learning_rate * r.gradient)
        weights = np.concatenate([w.ravel() for w in r.weights_before])
        expected = 0.05 * np.sum(weights**2) + 0.01 * np.sum(np.abs(weights))
        assert math.isclose(r.regularisation_before, expected, rel_tol=1e-13)
    # Full batch: the loss after one update is the loss before the next, bit for bit.
    assert second.loss_before == first.loss_after


def test_biases_are_not_regularised():
    r = _trainer(l1_rate=0.5, l2_rate=0.5).step()
    _, bias_terms = r.layout.split(r.regularisation_gradient)
    for k in range(r.n_layers):
        assert not np.any(bias_terms[k])
        assert np.array_equal(r.bias_gradients[k], r.layout.split(r.data_gradient)[1][k])
        w = r.weights_before[k]
        assert np.array_equal(
            r.layout.split(r.regularisation_gradient)[0][k], 0.5 * w + 0.5 * np.sign(w)
        )


def test_run_and_step_agree_bit_for_bit_with_every_addition():
    settings = {"l1_rate": 0.01, "l2_rate": 0.05, "momentum": 0.8}
    stepped, ran = _trainer(batch=3, **settings), _trainer(batch=3, **settings)
    records = [stepped.step() for _ in range(11)]
    losses = np.empty(11)
    last = ran.run(11, losses=losses)
    assert last == records[-1]
    assert np.array_equal(losses, [r.loss_before for r in records])
    assert np.array_equal(ran.velocity, stepped.velocity)


@pytest.mark.parametrize(
    "settings", [{"l1_rate": 0.01}, {"l2_rate": 0.05}, {"l1_rate": 0.01, "l2_rate": 0.05}]
)
def test_a_run_traces_the_total_gradient_as_the_records_show_it(settings):
    """Runs write ∂L/∂θ over the data gradient in the workspace: the traced gradient norms
    are those of the total, and the records that follow are unaffected."""
    stepped, ran = _trainer(batch=3, **settings), _trainer(batch=3, **settings)
    records = [stepped.step() for _ in range(6)]
    trace = RunTrace(gradient_norms=np.empty((6, 3)), layout=ran.net.layout)
    ran.run(6, trace=trace)
    for row, record in zip(trace.gradient_norms, records, strict=True):
        squares = record.gradient * record.gradient
        starts = np.array(record.layout.offsets[:-1])
        assert np.array_equal(row, np.sqrt(np.add.reduceat(squares, starts)))
        assert not np.array_equal(record.gradient, record.data_gradient)
    assert ran.step() == stepped.step()


def test_evaluate_reports_the_total_loss_unless_asked_for_the_data_loss():
    trainer = _trainer(l2_rate=0.3)
    r = trainer.preview()
    assert trainer.evaluate() == r.loss_before
    assert trainer.evaluate(regularised=False) == r.data_loss_before


@pytest.mark.parametrize("l1,l2", [(0.0, 0.7), (0.3, 0.0), (0.2, 0.4)])
def test_the_gradient_check_checks_the_regularised_gradient(l1, l2):
    net = MLP([2, 3, 1], ["tanh", "linear"], seed=2)
    data = _data(seed=2)
    report = gradient_check(net, data, "mse", l1_rate=l1, l2_rate=l2)
    assert report.passed(1e-7), str(report)
    trainer = Trainer(net, data, 0.1, l1_rate=l1, l2_rate=l2)
    r = trainer.preview()
    assert np.array_equal(report.analytic, r.gradient)
    assert math.isclose(report.loss, r.loss_before, rel_tol=1e-12)
    # Without its regularisation term the same gradient fails against L_total.
    plain = gradient_check(net, data, "mse")
    assert not np.allclose(plain.analytic, report.numeric, rtol=1e-6)


def test_a_weight_at_the_kink_of_l1_is_skipped_not_failed():
    net = MLP([2, 2, 1], ["tanh", "linear"], seed=0)
    net.set_weight(0, 1, 0, 0.0)
    report = gradient_check(net, _data(), "mse", l1_rate=0.5)
    index = net.layout.index_of_weight(0, 1, 0)
    assert report.nonsmooth[index] and int(report.nonsmooth.sum()) == 1
    assert report.passed(1e-7)


@pytest.mark.parametrize("value", [-0.1, math.nan, math.inf, True, "x", 2e6])
def test_bad_regularisation_rates_are_refused_with_one_sentence(value):
    trainer = _trainer()
    with pytest.raises(TrainingError, match="regularisation rate"):
        trainer.l2_rate = value
    with pytest.raises(TrainingError, match="regularisation rate"):
        TrainingSetup((2, 1), ("linear",), l1_rate=value)
    assert trainer.l2_rate == 0.0
