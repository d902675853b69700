"""The inspector and the Numbers panel name the loss as the Loss box does (MSE, SSE,
cross-entropy), not by its id."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.losses import LOSS_TITLES, LOSSES
from mlpgui.ui.network.explain_text import Context, describe_parameter
from mlpgui.ui.network.overview_text import describe_overview
from mlpgui.ui.network.phases import Knowledge
from mlpgui.ui.numbers_panel import describe_record
from mlpgui.ui.selection import Selection


def _sigmoid_record(loss: str):
    net = MLP([1, 2, 1], ["sigmoid", "sigmoid"], seed=0)
    x = np.linspace(0.1, 0.9, 3)
    trainer = Trainer(net, Dataset(x, (x > 0.5).astype(float)), 0.5, loss=loss)
    return trainer.replay(np.arange(3), 1, 1)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_the_inspector_and_numbers_panel_name_the_loss_by_its_title(loss):
    record = _sigmoid_record(loss)
    ctx = Context(record, Knowledge.everything(record.n_layers), None, 6)
    weight = Selection("w", 0, 0, 0)
    pages = [describe_overview(ctx, None).plain(), describe_parameter(ctx, weight).plain()]
    pages.append(describe_record(record))
    for text in pages:
        assert f"loss {LOSS_TITLES[loss]}" in text
        if LOSS_TITLES[loss] != loss:
            assert f"loss {loss}" not in text
