"""The lecture's story, as tests: a perceptron cannot learn XOR, an MLP can; the lecture's
1-2-2-1 network fits the lecture's regression data."""

import numpy as np
import pytest

from mlpgui.core import MLP, Trainer, load_preset, preset_info


def _trainer_for(name, seed, hidden=None, activations=None):
    info, data = preset_info(name), load_preset(name)
    setup = info.setup
    hidden = setup.hidden_layers if hidden is None else hidden
    activations = setup.activations if activations is None else activations
    net = MLP([info.input_dim, *hidden, info.output_dim], activations, seed=seed)
    trainer = Trainer(net, data, setup.learning_rate, loss=setup.loss, batch=setup.batch, seed=seed)
    return trainer, data


def _xor_accuracy(trainer, data):
    predicted = trainer.net.predict(data.inputs) > 0.5
    return float(np.mean(predicted == (data.targets > 0.5)))


def test_a_2_2_1_sigmoid_network_learns_xor():
    # Gradient descent can end in XOR's well-known local minimum for a few initialisations;
    # most seeds must solve it, and the app's default seed (0 is not special) among them.
    solved = 0
    for seed in range(10):
        trainer, data = _trainer_for("xor", seed)
        assert trainer.net.layer_sizes == (2, 2, 1)
        trainer.run(5000)
        solved += _xor_accuracy(trainer, data) == 1.0 and trainer.evaluate() < 0.01
    assert solved >= 6


@pytest.mark.parametrize("seed", range(5))
def test_a_single_layer_perceptron_cannot_learn_xor(seed):
    trainer, data = _trainer_for("xor", seed, hidden=(), activations=("sigmoid",))
    trainer.run(5000)
    assert _xor_accuracy(trainer, data) <= 0.75  # at most 3 of the 4 rows, ever
    # ...while the same perceptron learns AND, which is linearly separable.
    and_trainer, and_data = _trainer_for("and", seed)
    and_trainer.run(5000)
    assert _xor_accuracy(and_trainer, and_data) == 1.0


def test_the_lecture_network_fits_the_lecture_regression_preset():
    trainer, data = _trainer_for("lecture", seed=0)
    assert trainer.net.layer_sizes == (1, 2, 2, 1) and trainer.net.parameter_count == 13
    start = trainer.evaluate()
    trainer.run(5000)
    y = trainer.net.predict(data.inputs)
    residual = np.mean((y - data.targets) ** 2)
    spread = np.var(data.targets)
    assert trainer.evaluate() < start / 10
    assert residual < 0.1 * spread  # R² > 0.9
    noise = preset_info("lecture").default_noise
    assert residual < 2 * noise**2  # close to the noise floor


@pytest.mark.parametrize("name", ["xor", "and", "or", "lecture", "sine", "circles", "blobs"])
def test_every_presets_suggested_setup_succeeds_from_its_default_start(name):
    from mlpgui.core.setup import TrainingSetup

    setup, data = TrainingSetup.for_preset(name)
    net = setup.network()
    trainer = setup.trainer(net, data)
    start = trainer.evaluate()
    trainer.run(5000)
    y = net.predict(data.inputs)
    if preset_info(name).task == "classification":
        assert np.mean((y > 0.5) == (data.targets > 0.5)) >= 0.97
    else:
        assert trainer.evaluate() < start / 5
