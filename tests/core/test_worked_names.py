"""Worked pages name losses as the app does ("MSE", "cross-entropy"), never by their ids
("cross_entropy"), and activation functions by the names the architecture dialog lists
(issue #13)."""

from __future__ import annotations

import pytest

from mlpgui.core.losses import LOSS_TITLES
from mlpgui.core.worked_example import worked_parameter, worked_unit, worked_update
from tests.core.test_worked_example import record_of


def pages(record) -> list[str]:
    """Every kind of page about ``record`` (weight, bias, unit, whole update), as Markdown
    and as LaTeX."""
    built = [
        worked_parameter(record, "w", 0, 0, 0),
        worked_parameter(record, "b", 1, 0),
        worked_unit(record, 1, 0),
        worked_update(record),
    ]
    return [text for page in built for text in (page.markdown(), page.latex())]


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
def test_pages_name_the_loss_as_the_loss_box_does(loss):
    record = record_of((2, 3, 1), ("tanh", "sigmoid"), loss=loss, n=4)
    title = LOSS_TITLES[loss]
    for text in pages(record):
        assert f"loss {title}" in text
        assert f"loss {loss}" not in text and "cross_entropy" not in text
        assert "cross\\_entropy" not in text  # nor escaped for LaTeX


def test_pages_name_activations_as_the_architecture_dialog_does():
    record = record_of((2, 2, 2, 1), ("relu", "tanh", "linear"), n=3)
    markdown = worked_update(record).markdown()
    assert "Network 2-2-2-1 (relu, tanh, linear)" in markdown
