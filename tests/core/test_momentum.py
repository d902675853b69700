"""Classical momentum (an addition to the lecture): v_new = μ v_old − γ ∇L, θ_new = θ_old + v_new,
with the velocity as part of the trainer's state."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, DivergenceError, Trainer, TrainingError
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.update_rule import UpdateRule
from tests.core.naive import naive_update


def _trainer(momentum=0.9, batch="full", seed=0, biases=True, lr=0.1, **kw):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(8, 2))
    net = MLP([2, 4, 1], ["tanh", "linear"], seed=seed)
    data = Dataset(x, np.sin(x[:, :1]) * x[:, 1:])
    return Trainer(
        net, data, lr, batch=batch, seed=seed, momentum=momentum, train_biases=biases, **kw
    )


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(float(np.abs(a).max(initial=0)), float(np.abs(b).max(initial=0)), 1e-300)
    return float(np.abs(a - b).max(initial=0)) / scale


@pytest.mark.parametrize("biases", [True, False])
def test_momentum_matches_the_naive_implementation_over_several_updates(biases):
    trainer = _trainer(momentum=0.7, biases=biases, l2_rate=0.05)
    net, data = trainer.net, trainer.dataset
    weights, biases_ = [np.array(w) for w in net.weights], [np.array(b) for b in net.biases]
    vw = [np.zeros_like(w) for w in weights]
    vb = [np.zeros_like(b) for b in biases_]
    for _ in range(5):
        r = trainer.step()
        naive = naive_update(
            weights, biases_, ["tanh", "linear"], data.inputs, data.targets, "mse", 0.1,
            train_biases=biases, l2=0.05, momentum=0.7, velocity_w=vw, velocity_b=vb,
        )  # fmt: skip
        weights, biases_ = naive["weights_after"], naive["biases_after"]
        vw, vb = naive["velocity_w_after"], naive["velocity_b_after"]
        for k in range(2):
            assert _rel(r.weights_after[k], weights[k]) < 1e-12
            assert _rel(r.biases_after[k], biases_[k]) < 1e-12
        after_w, after_b = r.layout.split(r.velocity_after)
        assert _rel(np.concatenate([a.ravel() for a in after_w]),
                    np.concatenate([v.ravel() for v in vw])) < 1e-12  # fmt: skip
        if not biases:
            assert not any(np.any(b) for b in after_b)


def test_the_record_shows_the_formula_with_its_numbers():
    trainer = _trainer(momentum=0.6)
    first = trainer.step()
    assert not np.any(first.velocity_before)  # v starts at 0
    assert np.array_equal(first.velocity_after, first.update)
    second = trainer.step()
    assert np.array_equal(second.velocity_before, first.velocity_after)
    expected = second.velocity_before * 0.6 + second.gradient * -0.1
    assert np.array_equal(second.update, expected)
    assert np.array_equal(second.parameters_after, second.parameters_before + second.update)
    assert np.array_equal(trainer.velocity, second.velocity_after)


def test_changing_mu_keeps_the_velocity_and_switching_off_forgets_it():
    trainer = _trainer(momentum=0.9)
    last = trainer.run(4)
    trainer.momentum = 0.5  # applies from the next update; v is kept
    r = trainer.step()
    assert r.momentum == 0.5 and np.array_equal(r.velocity_before, last.velocity_after)
    trainer.momentum = 0.0
    plain = trainer.step()
    assert plain.velocity_before is None and not np.any(trainer.velocity)
    assert np.array_equal(plain.update, -0.1 * plain.gradient)
    trainer.momentum = 0.9  # on again: from v = 0
    again = trainer.step()
    assert not np.any(again.velocity_before)


def test_preview_changes_neither_the_parameters_nor_the_velocity():
    trainer = _trainer(momentum=0.9, batch=3)
    trainer.run(5)
    velocity = trainer.velocity.copy()
    preview = trainer.preview()
    assert np.array_equal(trainer.velocity, velocity)
    assert trainer.step() == preview


def test_a_diverging_update_keeps_the_parameters_and_the_velocity():
    trainer = _trainer(momentum=0.9)
    trainer.run(3)
    trainer.learning_rate = 1e4
    with pytest.raises(DivergenceError) as info:
        trainer.run(500)
    done = info.value.completed
    reference = _trainer(momentum=0.9)  # the same updates, stopped before the failing one
    reference.run(3)
    reference.learning_rate = 1e4
    if done:
        reference.run(done)
    assert np.array_equal(trainer.net.parameters, reference.net.parameters)
    assert np.array_equal(trainer.velocity, reference.velocity)
    assert np.all(np.isfinite(trainer.velocity))


def test_the_state_carries_the_velocity_to_another_trainer():
    a = _trainer(momentum=0.8, batch=3)
    a.run(7)
    state = a.state()
    assert state.velocity is not None and np.array_equal(state.velocity, a.velocity)
    b = _trainer(momentum=0.8, batch=3)
    b.net.set_flat_parameters(a.net.parameters)
    b.restore(state)
    assert a.run(6) == b.run(6)
    assert _trainer(momentum=0.0).state().velocity is None


@pytest.mark.parametrize("value", [1.0, 1.5, -0.1, float("nan"), None, "fast"])
def test_bad_momentum_is_refused_with_one_sentence(value):
    trainer = _trainer(momentum=0.0)
    with pytest.raises(TrainingError, match="momentum"):
        trainer.momentum = value
    with pytest.raises(TrainingError, match="momentum"):
        TrainingSetup((2, 1), ("linear",), momentum=value)
    assert trainer.momentum == 0.0
    assert TrainingSetup((2, 1), ("linear",), momentum=0.999).momentum == 0.999


def test_the_update_rule_changes_the_velocity_only_when_the_update_is_committed():
    """A refused (diverging) update is never committed, so v stays v_old."""
    layout = MLP([2, 3, 1], ["tanh", "linear"], seed=0).layout
    rule = UpdateRule(layout, 0.5)
    rule.momentum = 0.9
    v_old = np.linspace(-1.0, 1.0, layout.size)
    rule.set_velocity(v_old)
    gradient = np.full(layout.size, np.inf)  # as from an overflowing backward pass
    delta = rule.descend(gradient)
    assert not np.all(np.isfinite(delta))
    assert np.array_equal(rule.velocity, v_old)
    finite = rule.descend(np.ones(layout.size))
    expected = v_old * 0.9 + np.ones(layout.size) * -0.5
    assert np.array_equal(finite, expected) and np.array_equal(rule.velocity, v_old)
    rule.commit()
    assert np.array_equal(rule.velocity, expected)
