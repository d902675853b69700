"""Trainer: records, batching, determinism, settings, divergence."""

import numpy as np
import pytest

from mlpgui.core import (
    MLP,
    Dataset,
    DivergenceError,
    Trainer,
    TrainingError,
    UpdateRecord,
    load_preset,
)

CONFIGS = [
    ("sigmoid", "mse", "full"),
    ("tanh", "sse", "online"),
    ("relu", "mse", 4),
    ("sigmoid", "cross_entropy", 3),
]


def _trainer(hidden="tanh", loss="mse", batch="full", seed=0, n=10, lr=0.2, biases=True):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    t = (x[:, :1] * x[:, 1:] > 0).astype(float)
    output = "sigmoid" if loss == "cross_entropy" else "linear"
    net = MLP([2, 5, 3, 1], [hidden, hidden, output], seed=seed)
    return Trainer(net, Dataset(x, t), lr, loss=loss, batch=batch, seed=seed, train_biases=biases)


def test_record_fields_shapes_and_immutability():
    trainer = _trainer(batch=4)
    r = trainer.step()
    assert isinstance(r, UpdateRecord)
    assert (r.step, r.epoch, r.batch_size) == (1, 1, 4)
    assert [d.shape for d in r.drives] == [(4, 5), (4, 3), (4, 1)]
    assert [a.shape for a in r.activations] == [(4, 2), (4, 5), (4, 3), (4, 1)]
    assert [d.shape for d in r.deltas] == [(4, 5), (4, 3), (4, 1)]
    assert [w.shape for w in r.weight_gradients] == [(5, 2), (3, 5), (1, 3)]
    arrays = [
        r.batch_indices, r.parameters_before, r.parameters_after, r.gradient, r.update,
        r.targets, r.errors, *r.drives, *r.activations, *r.deltas, *r.weights_before,
        *r.biases_after, *r.weight_updates, *r.bias_gradients,
    ]  # fmt: skip
    for a in arrays:
        assert not a.flags.writeable
    with pytest.raises(AttributeError):
        r.step = 5  # type: ignore[misc]
    # The update is −γ times the gradient and θ_new = θ_old + Δθ, exactly.
    assert np.array_equal(r.update, -r.learning_rate * r.gradient)
    assert np.array_equal(r.parameters_after, r.parameters_before + r.update)


def test_records_are_snapshots_that_later_updates_do_not_touch():
    trainer = _trainer()
    first = trainer.step()
    copies = {
        "drives": [d.copy() for d in first.drives],
        "deltas": [d.copy() for d in first.deltas],
        "gradient": first.gradient.copy(),
        "after": first.parameters_after.copy(),
    }
    trainer.run(20)
    assert all(np.array_equal(a, b) for a, b in zip(first.drives, copies["drives"]))
    assert all(np.array_equal(a, b) for a, b in zip(first.deltas, copies["deltas"]))
    assert np.array_equal(first.gradient, copies["gradient"])
    assert np.array_equal(first.parameters_after, copies["after"])


def test_loss_after_is_the_loss_at_the_new_parameters_on_the_same_batch():
    trainer = _trainer(batch=3)
    r = trainer.step()
    check = MLP.from_parameters(r.weights_after, r.biases_after, r.activation_names)
    batch = trainer.dataset.subset(r.batch_indices)
    assert r.loss_after == Trainer(check, batch, 0.1).evaluate()
    full = _trainer()
    a, b = full.step(), full.step()
    assert b.loss_before == a.loss_after  # same batch, same parameters


@pytest.mark.parametrize("hidden,loss,batch", CONFIGS)
def test_run_and_step_give_bit_identical_parameters(hidden, loss, batch):
    by_step, by_run, mixed = (_trainer(hidden, loss, batch) for _ in range(3))
    records = [by_step.step() for _ in range(37)]
    last = by_run.run(37)
    mixed.run(10)
    mixed.step()
    mixed.run(25)
    mixed.step()
    for t in (by_run, mixed):
        assert np.array_equal(t.net.parameters, by_step.net.parameters)
        assert (t.steps, t.epoch) == (by_step.steps, by_step.epoch)
    assert last == records[-1]


@pytest.mark.parametrize("hidden,loss,batch", CONFIGS)
def test_same_seed_same_everything_is_bit_identical_after_1000_updates(hidden, loss, batch):
    a, b = _trainer(hidden, loss, batch, seed=4), _trainer(hidden, loss, batch, seed=4)
    ra, rb = a.run(1000), b.run(1000)
    assert ra == rb
    assert np.array_equal(a.net.parameters, b.net.parameters)
    c = _trainer(hidden, loss, batch, seed=5)
    c.run(1000)
    assert not np.array_equal(a.net.parameters, c.net.parameters)


def test_run_reports_the_loss_of_every_update():
    trainer, twin = _trainer(batch=4), _trainer(batch=4)
    losses = np.full(12, np.nan)
    trainer.run(12, losses=losses)
    assert np.array_equal(losses, [twin.step().loss_before for _ in range(12)])


def test_full_batch_uses_every_sample_in_order_and_counts_epochs():
    trainer = _trainer(n=7)
    for k in range(1, 4):
        r = trainer.step()
        assert list(r.batch_indices) == list(range(7)) and r.epoch == k


@pytest.mark.parametrize("batch,size", [("online", 1), (3, 3)])
def test_online_and_minibatch_use_every_sample_once_per_shuffled_epoch(batch, size):
    trainer = _trainer(n=7, batch=batch)
    per_epoch = -(-7 // size)
    orders = []
    for epoch in range(1, 4):
        seen = []
        for _ in range(per_epoch):
            r = trainer.step()
            assert r.epoch == epoch
            seen.extend(r.batch_indices)
        assert sorted(seen) == list(range(7))
        orders.append(seen)
    assert orders[0] != orders[1] or orders[1] != orders[2]  # reshuffled


def test_a_minibatch_at_least_as_large_as_the_dataset_is_a_full_batch():
    r = _trainer(n=5, batch=8).step()
    assert list(r.batch_indices) == [0, 1, 2, 3, 4]


def test_averaged_and_summed_losses_differ_by_the_batch_size():
    mse, sse = _trainer(loss="mse", n=6), _trainer(loss="sse", n=6)
    a, b = mse.step(), sse.step()
    assert a.loss_before == pytest.approx(b.loss_before / 6, rel=1e-15)
    np.testing.assert_allclose(a.gradient, b.gradient / 6, rtol=1e-14, atol=1e-17)
    assert all(np.array_equal(x, y) for x, y in zip(a.deltas, b.deltas))  # per-sample δ


def test_frozen_biases_keep_their_values_but_report_gradients():
    trainer = _trainer(biases=False)
    before = [b.copy() for b in trainer.net.biases]
    r = trainer.step()
    trainer.run(5)
    assert all(np.array_equal(a, b) for a, b in zip(before, trainer.net.biases))
    assert all(np.all(u == 0) and not np.signbit(u).any() for u in r.bias_updates)
    assert any(np.any(g != 0) for g in r.bias_gradients)
    trainer.train_biases = True
    trainer.step()
    assert not all(np.array_equal(a, b) for a, b in zip(before, trainer.net.biases))


def test_settings_changes_apply_to_the_next_update():
    trainer = _trainer(batch="online")
    trainer.step()
    trainer.learning_rate = 0.05
    trainer.loss = "sse"
    trainer.batch = 5
    r = trainer.step()
    assert (r.learning_rate, r.loss_name, r.batch_mode, r.batch_size) == (0.05, "sse", 5, 5)
    assert r.epoch == 2  # a new batch setting starts a new epoch


def test_editing_a_weight_between_updates_is_used_by_the_next_update():
    trainer = _trainer()
    trainer.step()
    trainer.net.set_weight(1, 0, 2, 1.5)
    r = trainer.step()
    assert r.weights_before[1][0, 2] == 1.5


def test_replacing_the_dataset_checks_widths():
    trainer = _trainer()
    with pytest.raises(TrainingError, match="2 input and 2 target"):
        trainer.dataset = Dataset(np.zeros((3, 2)), np.zeros((3, 2)))
    trainer.dataset = Dataset(np.ones((4, 2)), np.zeros((4, 1)))
    assert trainer.step().batch_size == 4


def test_empty_dataset_and_bad_settings_are_refused_clearly():
    trainer = _trainer()
    trainer.dataset = Dataset(np.zeros((0, 2)), np.zeros((0, 1)))
    with pytest.raises(TrainingError, match="empty"):
        trainer.step()
    with pytest.raises(TrainingError, match="learning rate"):
        trainer.learning_rate = -1
    with pytest.raises(TrainingError, match="learning rate"):
        trainer.learning_rate = float("inf")
    with pytest.raises(TrainingError, match="batch"):
        trainer.batch = 0
    with pytest.raises(TrainingError, match="batch"):
        trainer.batch = "mini"
    with pytest.raises(TrainingError, match="whole number"):
        trainer.run(0)


def _diverge(trainer: Trainer, use_run: bool, limit: int) -> DivergenceError:
    """The DivergenceError of training by ``run`` or by ``step`` within ``limit`` updates."""
    with pytest.raises(DivergenceError) as info:
        if use_run:
            trainer.run(limit)
        else:
            for _ in range(limit):
                trainer.step()
    return info.value


@pytest.mark.parametrize("use_run", [False, True])
def test_divergence_stops_with_finite_parameters_and_a_sentence(use_run):
    net = MLP([1, 8, 1], ["relu", "linear"], seed=0)
    data = Dataset(np.linspace(-3, 3, 20), np.linspace(-3, 3, 20) ** 3)
    trainer = Trainer(net, data, 5.0)
    err = _diverge(trainer, use_run, 10_000)
    assert err.step == trainer.steps + 1
    assert np.all(np.isfinite(net.parameters))
    assert "γ = 5 is probably too large" in str(err) and "Reset and lower γ." in str(err)
    assert f"Update {err.step}" in str(err)
    if use_run:
        assert err.completed == trainer.steps


@pytest.mark.parametrize("use_run", [False, True])
def test_divergence_by_the_l2_term_blames_it_not_the_learning_rate(use_run):
    """γ = 0.5 is fine for this data; γ·λ₂ = 5 > 2 makes every weight flip and grow."""
    net = MLP([1, 4, 1], ["tanh", "linear"], seed=0)
    data = Dataset(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    trainer = Trainer(net, data, 0.5, l2_rate=10.0)
    message = str(_diverge(trainer, use_run, 100_000))
    assert "γ·λ₂ = 0.5 × 10 = 5 > 2, so the L2 term alone overshoots" in message
    assert message.endswith("Reset and lower λ₂ or γ.")
    assert np.all(np.isfinite(net.parameters))


def test_evaluate_on_another_dataset():
    trainer = _trainer()
    other = Dataset(np.zeros((2, 2)), np.ones((2, 1)))
    y = trainer.net.predict(other.inputs)
    assert trainer.evaluate(other) == pytest.approx(0.5 * np.sum((1 - y) ** 2) / 2, rel=1e-14)


def test_lecture_quickstart_from_the_package_docstring_runs():
    net = MLP([1, 2, 2, 1], ["sigmoid", "sigmoid", "linear"], seed=0)
    trainer = Trainer(net, load_preset("lecture"), learning_rate=0.5)
    r = trainer.step()
    assert r.step == 1 and len(r.deltas) == 3


@pytest.mark.parametrize("hidden,loss,batch", CONFIGS)
def test_preview_shows_the_next_update_without_applying_it(hidden, loss, batch):
    trainer, twin = _trainer(hidden, loss, batch), _trainer(hidden, loss, batch)
    trainer.run(5)
    twin.run(5)
    theta = trainer.net.parameters.copy()
    preview = trainer.preview()
    assert np.array_equal(trainer.net.parameters, theta) and trainer.steps == 5
    assert trainer.preview() == preview
    assert trainer.step() == preview
    assert twin.step() == preview
    assert np.array_equal(trainer.net.parameters, twin.net.parameters)


@pytest.mark.parametrize("hidden,loss,batch", CONFIGS)
def test_run_trace_matches_the_records_of_single_steps(hidden, loss, batch):
    from mlpgui.core.trace import RunTrace

    trainer, twin = _trainer(hidden, loss, batch), _trainer(hidden, loss, batch)
    n, P = 9, trainer.net.parameter_count
    trace = RunTrace(
        parameters=np.empty((n, P)),
        gradient_norms=np.empty((n, 3)),
        batches=[],
        layout=trainer.net.layout,
    )
    picked = RunTrace(parameters=np.empty((n, 2)), parameter_indices=np.array([0, P - 1]))
    trainer.run(n, trace=trace)
    _trainer(hidden, loss, batch).run(n, trace=picked)
    records = [twin.step() for _ in range(n)]
    for k, r in enumerate(records):
        assert np.array_equal(trace.parameters[k], r.parameters_after)
        assert np.array_equal(picked.parameters[k], r.parameters_after[[0, P - 1]])
        assert np.array_equal(trace.batches[k], r.batch_indices)
        norms = [np.sqrt(np.sum(np.square(g)) + np.sum(np.square(b)))
                 for g, b in zip(r.weight_gradients, r.bias_gradients)]  # fmt: skip
        np.testing.assert_allclose(trace.gradient_norms[k], norms, rtol=1e-12)
