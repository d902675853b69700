"""Loss.value averages over the samples (the rows), never over the output units."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, get_loss


def test_one_sample_given_as_a_vector_is_one_sample():
    # Two output units: an averaged loss of one sample is that sample's own loss, not half.
    y, t = np.array([0.2, 0.7]), np.array([0.0, 1.0])
    d = np.log(y / (1 - y))
    own = 0.5 * ((0.0 - 0.2) ** 2 + (1.0 - 0.7) ** 2)
    assert get_loss("mse").value(y, t, d) == pytest.approx(own, rel=1e-15)
    assert get_loss("mse").value(y, t, d) == get_loss("sse").value(y, t, d)
    ce = -(np.log(1 - 0.2) + np.log(0.7))
    assert get_loss("cross_entropy").value(y, t, d) == pytest.approx(ce, rel=1e-12)


def test_a_single_number_is_one_sample_of_one_unit():
    assert get_loss("mse").value(np.float64(0.5), np.float64(1.0), np.float64(0.0)) == 0.125


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
@pytest.mark.parametrize("samples", [1, 2, 3, 5])
def test_value_of_a_record_is_the_loss_the_trainer_computed(loss, samples):
    # Three output units and B samples (B ≠ 3 except by chance of the parameter): the record
    # holds one row per sample, and Loss.value must give the trainer's own L at θ_old.
    rng = np.random.default_rng(samples)
    data = Dataset(rng.normal(size=(samples, 2)), rng.uniform(0.1, 0.9, size=(samples, 3)))
    net = MLP([2, 4, 3], ["tanh", "sigmoid"], seed=samples)
    record = Trainer(net, data, learning_rate=0.1, loss=loss).step()
    value = get_loss(loss).value(record.outputs, record.targets, record.drives[-1])
    assert value == pytest.approx(record.loss_before, rel=1e-13)
