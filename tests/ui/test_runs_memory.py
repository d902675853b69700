"""Loading larger data or a new setup into the run shown counts the kept runs' memory too,
and is refused with one sentence when all runs together would not fit (H15, item 6)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from mlpgui.core import run_shelf
from mlpgui.core.history import DEFAULT_BUDGET_BYTES
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.dataset import DatasetEditor

from .conftest import WAIT_MS
from .test_runs import answered, train
from .test_switch_undo import keep_and_restart


def test_larger_data_that_would_not_fit_beside_the_kept_run_are_refused(
    qtbot, make_window, monkeypatch, tmp_path
):
    setup, data = TrainingSetup.for_preset("lecture")
    window = make_window(setup, data)
    editor = window.findChild(DatasetEditor, names.DATASET_EDITOR)
    window.findChild(QDockWidget, names.DATASET_DOCK).raise_()
    qtbot.waitUntil(lambda: editor.data is not None and editor.isEnabled(), timeout=WAIT_MS)
    train(qtbot, window, 5)
    keep_and_restart(qtbot, window)
    # A smaller limit for all runs together (the real one needs gigabytes to reach): room for
    # the run shown on 1,000 samples, not on 5,000 beside the kept run.
    limit = run_shelf.setup_bytes(setup, 1_000, DEFAULT_BUDGET_BYTES)
    monkeypatch.setattr(run_shelf, "MAX_TRAINING_BYTES", limit)
    before = editor.data
    path = tmp_path / "more.csv"
    path.write_text("x,t\n" + "".join(f"{k / 5000},{k % 7 / 7}\n" for k in range(5_000)))
    editor.ops.import_csv(str(path))
    qtbot.waitUntil(lambda: "Together with the kept run" in window.banner.text(), timeout=WAIT_MS)
    assert window.banner.kind == "error" and "remove a kept run first" in window.banner.text()
    qtbot.waitUntil(lambda: editor.data.dataset == before.dataset, timeout=WAIT_MS)  # rolled back
    answered(qtbot, window)
    assert len(window.latest_snapshot().dataset) == len(data)  # the worker kept its data
    assert window.latest_state().steps == 0 and len(window.loss_plot.train) == 0
