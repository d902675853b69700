"""The dataset editor with input features on: the data keep their raw columns, edits are
trained on with the features kept, and data of another width adapt the network (dropping the
features, which would name other columns)."""

from __future__ import annotations

from mlpgui.core.features import product
from mlpgui.core.setup import TrainingSetup

from ..conftest import WAIT_MS
from .conftest import imported, settled, worker_dataset


def xor_with_a_product(open_editor):
    setup, data = TrainingSetup.for_preset("xor")
    return open_editor(setup.replace(input_features=(product(0, 1),)), data)


def test_an_edit_keeps_the_features_and_asks_nothing(qtbot, open_editor, answers):
    window, editor = xor_with_a_product(open_editor)
    assert editor.plot.mode == "plane"  # drawn over the raw inputs
    assert editor.ops.add_point(0.5, 0.5, 1)
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    train, _ = worker_dataset(qtbot, window)
    assert len(train) == 5 and train.input_dim == 2
    setup = window.latest_snapshot().setup
    assert setup.input_features == (product(0, 1),) and setup.layer_sizes == (3, 2, 1)
    assert answers.asked == []


def test_data_of_another_width_adapt_the_network_without_the_features(
    qtbot, open_editor, answers, tmp_path
):
    window, editor = xor_with_a_product(open_editor)
    path = tmp_path / "line.csv"
    path.write_text("x,t\n0,0\n1,1\n2,0\n")
    assert imported(qtbot, editor, path) is True
    assert answers.asked and "the 3-2-1 network" in answers.asked[0]
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    setup = window.latest_snapshot().setup
    assert setup.layer_sizes == (1, 2, 1) and setup.input_features == ()
    assert worker_dataset(qtbot, window)[0].input_dim == 1
