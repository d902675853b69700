"""Losses are named as people read them (the Loss box's MSE, SSE, cross-entropy) wherever a
page, an exercise or the inspector writes them, never by their ids."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.exercise import make_exercises
from mlpgui.core.losses import LOSS_TITLES, LOSSES, loss_title


def test_every_loss_has_a_title_and_an_unknown_id_is_kept():
    assert set(LOSS_TITLES) == set(LOSSES)
    assert loss_title("cross_entropy") == "cross-entropy"
    assert loss_title("made_up") == "made_up"


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_an_exercise_question_names_the_loss_by_its_title(loss):
    net = MLP([1, 2, 1], ["sigmoid", "sigmoid"], seed=0)
    x = np.linspace(0.1, 0.9, 3)
    trainer = Trainer(net, Dataset(x, (x > 0.5).astype(float)), 0.5, loss=loss)
    record = trainer.replay(np.arange(3), 1, 1)
    question = make_exercises(record, 1, kinds=["weight_gradient"])[0].question()
    assert f"(loss {LOSS_TITLES[loss]}," in question
    assert f"loss {loss}," not in question or LOSS_TITLES[loss] == loss
