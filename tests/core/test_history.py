"""History: every past update recomputed bit-identically, within a memory budget."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.history import History
from mlpgui.core.setup import TrainingSetup


def _data(n=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    return Dataset(x, np.tanh(x[:, :1] - x[:, 1:]))


def _trainer(batch="full", seed=3):
    net = MLP([2, 4, 1], ["tanh", "linear"], seed=seed)
    return Trainer(net, _data(), 0.1, batch=batch, seed=seed)


def _train(trainer, history, records, n, chunk):
    """Train like the worker does: run in chunks, record into the history."""
    while n > 0:
        k = min(chunk, n)
        first = trainer.steps + 1
        losses = np.empty(k)
        params = np.empty((k, trainer.net.parameter_count))
        from mlpgui.core.trace import RunTrace

        last = trainer.run(k, losses=losses, trace=RunTrace(parameters=params))
        records[last.step] = last
        history.add_run(trainer, first, losses, params)
        n -= k


def _scenario(budget=50 * 2**20):
    """A run with every kind of change: settings, batch modes, a new dataset, a hand edit."""
    trainer = _trainer()
    history = History.start(trainer, budget_bytes=budget)
    live: dict[int, object] = {}
    for _ in range(5):  # single steps: full records of every update
        r = trainer.step()
        live[r.step] = r
        history.add_run(trainer, r.step, np.array([r.loss_before]), None)
    _train(trainer, history, live, 40, 7)
    trainer.batch = "online"
    history.settings_changed(trainer)
    _train(trainer, history, live, 30, 4)
    trainer.learning_rate = 0.05
    history.settings_changed(trainer)
    _train(trainer, history, live, 9, 3)
    trainer.batch = 5
    trainer.loss = "sse"
    history.settings_changed(trainer)
    _train(trainer, history, live, 20, 6)
    trainer.net.set_weight(0, 1, 1, 0.75)
    history.settings_changed(trainer, parameters_set=True)
    trainer.train_biases = False
    history.settings_changed(trainer)
    _train(trainer, history, live, 10, 10)
    trainer.dataset = _data(9, seed=1)
    history.settings_changed(trainer)
    _train(trainer, history, live, 25, 8)
    return trainer, history, live


def test_every_update_is_recomputed_bit_identically():
    trainer, history, live = _scenario()
    assert history.last_step == trainer.steps == 139
    for step, record in live.items():
        assert history.record(step) == record, step
    # every update, also those only traced: θ after it and its loss
    checkpoints = {s: history._checkpoints[s] for s in history._checkpoints}
    for step in range(1, history.last_step + 1):
        r = history.record(step)
        assert r.loss_before == history.loss(step)
        if step in checkpoints:
            assert np.array_equal(r.parameters_after, checkpoints[step])


def test_thinning_keeps_records_exact_within_a_small_budget():
    _, history, live = _scenario(budget=6000)
    assert history.stride > 1
    assert history.nbytes <= 6000 or history.first_step > 1
    for step, record in live.items():
        if step >= history.first_step:
            assert history.record(step) == record, step
    assert "recomputed exactly" in history.policy()


def test_forgetting_the_oldest_updates_when_even_thinning_is_not_enough(monkeypatch):
    from mlpgui.core import history as history_module

    monkeypatch.setattr(history_module, "MAX_STRIDE", 2)
    _, history, live = _scenario(budget=3000)
    assert history.first_step > 1
    with pytest.raises(IndexError, match="not in the history"):
        history.record(1)
    for step, record in live.items():
        if step >= history.first_step:
            assert history.record(step) == record, step


@pytest.mark.parametrize("k", [3, 47, 60, 80, 100, 122])
def test_continuing_from_a_past_update_retraces_the_original_run(k):
    trainer, history, _ = _scenario()
    # A second trainer, put back at update k from the history, continues like the first did.
    era = history.era_of(k)
    net = MLP(trainer.net.layer_sizes, trainer.net.activation_names, seed=0)
    net.set_flat_parameters(history.parameters_after(k))
    again = Trainer(net, era.dataset, era.learning_rate, loss=era.loss, batch=era.batch,
                    train_biases=era.train_biases, seed=trainer.seed)  # fmt: skip
    again.restore(history.trainer_state_after(k))
    record = again.step()  # (k is never the last update before a settings change)
    assert record == history.record(k + 1)


def test_truncate_then_continue_records_a_new_branch():
    _, history, _ = _scenario()
    history.truncate(50)
    assert history.last_step == 50
    era = history.era_of(50)
    assert era.batch == "online"
    with pytest.raises(IndexError):
        history.record(51)


def test_the_lecture_network_keeps_100k_updates_in_under_50_mb():
    setup, data = TrainingSetup.for_preset("lecture")
    trainer = setup.trainer(setup.network(), data)
    history = History.start(trainer)
    from mlpgui.core.trace import RunTrace

    chunk = 5000
    for _ in range(20):
        first = trainer.steps + 1
        losses, params = np.empty(chunk), np.empty((chunk, 13))
        trainer.run(chunk, losses=losses, trace=RunTrace(parameters=params))
        history.add_run(trainer, first, losses, params)
    assert history.last_step == 100_000 and history.first_step == 1
    assert history.stride == 1
    assert history.nbytes < 50 * 2**20
    assert np.array_equal(history.parameters_after(100_000), trainer.net.parameters)
