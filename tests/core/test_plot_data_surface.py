"""The loss surface: exact at the current parameters, consistent with the gradient, and
computed without touching the live network."""

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer, load_preset
from mlpgui.core.plot_data_surface import LossSurface, surface_shade
from mlpgui.core.setup import TrainingSetup


def trained(preset: str, steps: int = 50) -> Trainer:
    setup, data = TrainingSetup.for_preset(preset)
    trainer = setup.trainer(setup.network(), data)
    trainer.run(steps)
    return trainer


@pytest.mark.parametrize("preset", ["lecture", "xor", "mazur"])
def test_the_value_at_the_current_parameters_is_the_current_loss(preset):
    trainer = trained(preset)
    record = trainer.step()  # full batch: loss_after is L at the current θ on all samples
    result = LossSurface(0, 3, resolution=21).compute(trainer.net, trainer)
    middle = len(result.xs) // 2
    assert result.xs[middle] == trainer.net.parameters[0]
    assert result.ys[middle] == trainer.net.parameters[3]
    assert result.current_loss == record.loss_after == trainer.evaluate()
    assert result.losses[middle, middle] == result.current_loss


def test_every_grid_value_is_the_loss_with_two_parameters_changed():
    trainer = trained("lecture")
    net = trainer.net
    result = LossSurface(2, 7, resolution=9).compute(net, trainer)
    r, c = 1, 6
    theta = net.parameters.copy()
    theta[2], theta[7] = result.xs[c], result.ys[r]
    other = MLP(net.layer_sizes, net.activation_names, seed=0)
    other.set_flat_parameters(theta)
    assert result.losses[r, c] == Trainer(other, trainer.dataset, 0.1).evaluate()


def test_the_live_network_is_not_modified():
    trainer = trained("xor")
    before, version = trainer.net.parameters.copy(), trainer.net.version
    LossSurface(0, 1, resolution=11).compute(trainer.net, trainer)
    assert np.array_equal(trainer.net.parameters, before)
    assert trainer.net.version == version


def test_the_negative_gradient_is_the_full_batch_gradient_and_points_downhill():
    trainer = trained("lecture", 200)
    p, q = 1, 4
    result = LossSurface(p, q).compute(trainer.net, trainer)
    record = trainer.preview()  # full batch: the gradient over all samples
    assert np.array_equal(result.negative_gradient, -record.gradient[[p, q]])
    # A small step along −∇ lowers the loss (finite differences on the surface itself).
    direction = result.negative_gradient / np.linalg.norm(result.negative_gradient)
    theta = trainer.net.parameters.copy()
    theta[[p, q]] += 1e-4 * direction
    net = trainer.net.copy()
    net.set_flat_parameters(theta)
    assert Trainer(net, trainer.dataset, 0.1).evaluate() < result.current_loss


def test_the_grid_covers_the_requested_box_and_is_centred():
    trainer = trained("xor")
    theta = trainer.net.parameters
    cover = (theta[0] - 5.0, theta[0] + 0.1, theta[1] - 0.1, theta[1] + 0.2)
    result = LossSurface(0, 1, resolution=11, cover=cover).compute(trainer.net, trainer)
    assert result.xs[0] <= cover[0] and result.xs[-1] >= cover[1]
    assert result.ys[0] <= cover[2] and result.ys[-1] >= cover[3]
    assert np.allclose(result.xs - theta[0], -(result.xs[::-1] - theta[0]))
    assert result.losses.shape == (11, 11)
    assert not result.losses.flags.writeable and not result.shade.flags.writeable


def test_requests_that_do_not_fit_give_none():
    trainer = trained("xor", 1)
    P = trainer.net.parameter_count
    assert LossSurface(0, 0).compute(trainer.net, trainer) is None
    assert LossSurface(0, P).compute(trainer.net, trainer) is None
    empty = Dataset(np.empty((0, 2)), np.empty((0, 1)))
    trainer.dataset = empty
    assert LossSurface(0, 1).compute(trainer.net, trainer) is None


def test_a_network_with_a_step_activation_has_a_surface_but_no_gradient():
    net = MLP([2, 2, 1], ["step", "sigmoid"], seed=0)
    trainer = Trainer(net, load_preset("xor"), 0.5)
    result = LossSurface(0, 5, resolution=5).compute(net, trainer)
    assert result.negative_gradient is None
    assert np.all(np.isfinite(result.losses))


def test_shade_is_log_scaled_into_zero_one_and_handles_bad_values():
    losses = np.array([[1e-3, 1e-2], [1e-1, np.inf]])
    shade = surface_shade(losses)
    assert shade[0, 0] == 0 and shade[1, 0] == 1 and shade[1, 1] == 1
    assert shade[0, 1] == pytest.approx(0.5)
    assert np.all(surface_shade(np.full((3, 3), 0.25)) == 0.5)


def test_contours_lie_on_their_loss_levels():
    trainer = trained("lecture", 100)
    result = LossSurface(0, 1, resolution=31).compute(trainer.net, trainer)
    assert len(result.contours) == len(result.contour_losses)
    assert all(a < b for a, b in zip(result.contour_losses, result.contour_losses[1:]))
    lo, hi = result.losses.min(), result.losses.max()
    assert all(lo < v < hi for v in result.contour_losses)
    # Loss evaluated at a contour point is close to that contour's level.
    k = len(result.contours) // 2
    points = result.contours[k]
    assert len(points) > 0 and len(points) % 2 == 0
    x, y = points[0]
    theta = trainer.net.parameters.copy()
    theta[0], theta[1] = x, y
    net = trainer.net.copy()
    net.set_flat_parameters(theta)
    value = Trainer(net, trainer.dataset, 0.1).evaluate()
    assert value == pytest.approx(result.contour_losses[k], rel=0.05)
