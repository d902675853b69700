"""Large data stay light: plots draw one scatter item per look with a deterministic sample
beyond 20,000 points (and say so), colours are shared objects, and the table creates no
Python object per row."""

from __future__ import annotations

import tracemalloc

import numpy as np
from PySide6.QtCore import QPointF, Qt

from mlpgui.core import Dataset
from mlpgui.core.plot_data import SAMPLE_LIMIT, sample_rows
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.dataset.document import EditorData
from mlpgui.ui.dataset.table import DatasetTableModel
from mlpgui.ui.plots.output_plot import OutputPlot

from ..conftest import WAIT_MS
from ..plots.helpers import feature
from .conftest import click, imported, plot_point, settled

ROWS = 60_000


def two_classes(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(rows, 2))
    targets = (inputs[:, :1] * inputs[:, 1:] > 0).astype(float)
    return inputs, targets


def test_a_large_import_draws_a_sample_and_says_so(qtbot, open_editor, answers, tmp_path):
    window, editor = open_editor()
    inputs, targets = two_classes(ROWS)
    path = tmp_path / "big.csv"
    np.savetxt(path, np.column_stack([inputs, targets]), delimiter=",", header="x1,x2,t",
               comments="", fmt="%.17g")  # fmt: skip
    assert imported(qtbot, editor, path) is True
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    plot = editor.plot
    rows = sample_rows(ROWS)
    drawn = plot.drawn_points()
    assert len(drawn) == SAMPLE_LIMIT
    expected = inputs[rows]
    assert np.array_equal(drawn, expected[np.lexsort(expected.T[::-1])])
    assert plot.sample_label.isVisible()
    assert plot.sample_label.text() == (
        "Showing 20,000 of 60,000 points (an even sample; the table has every row)"
    )
    assert editor.model.rowCount() == ROWS  # the table has every row
    # One scatter item per look (class colour × training/test), fed with arrays.
    assert len(plot._scatters) <= 4
    # A click on a drawn point selects the row of the drawn point under the mouse.
    row = int(rows[123])
    pixel = plot_point(editor, *inputs[row])
    under = plot.hit(plot.view_box.mapSceneToView(plot.mapToScene(pixel)))
    assert under is not None and under in set(rows.tolist())
    click(qtbot, editor, *inputs[row])
    qtbot.waitUntil(lambda: editor.selected_rows() == [under], timeout=WAIT_MS)
    # The output plot draws a sample too, with shared brushes (one per colour, not per point).
    output = feature(window).output
    qtbot.waitUntil(lambda: output.mode == "map", timeout=WAIT_MS)
    x, _ = output._train[0].getData()
    assert len(x) == SAMPLE_LIMIT
    brushes = output._train[0].data["brush"]
    assert len({id(b) for b in brushes}) <= 256
    assert output.sample_note.text() == "Showing 20,000 of 60,000 points (an even sample)"
    # Small data again: everything is drawn and the notes go away.
    path.write_text("x1,x2,t\n0,0,0\n1,1,1\n")
    assert imported(qtbot, editor, path) is True
    assert len(plot.drawn_points()) == 2 and not plot.sample_label.isVisible()
    qtbot.waitUntil(lambda: not output.sample_note.isVisible(), timeout=WAIT_MS)


def test_hits_on_a_sampled_plot_find_drawn_rows_only(qtbot, open_editor):
    _, editor = open_editor()
    inputs, targets = two_classes(SAMPLE_LIMIT + 5_000, seed=3)
    data = EditorData.split(Dataset(inputs, targets))
    editor.plot.show_data(data)
    drawn = sample_rows(len(inputs))
    hidden = np.setdiff1d(np.arange(len(inputs)), drawn)
    for row in (int(drawn[0]), int(drawn[-1])):
        assert editor.plot.hit(QPointF(*inputs[row])) == row
    # A point left out of the sample is not drawn, so it cannot be hit exactly on its spot
    # (unless a drawn one lies within reach).
    row = int(hidden[0])
    found = editor.plot.hit(QPointF(*inputs[row]))
    assert found is None or found in set(drawn.tolist())


def test_the_table_model_holds_a_million_rows_without_an_object_per_row(qapp):
    rows = 1_000_000
    dataset = Dataset(np.zeros((rows, 2)), np.ones((rows, 1)))
    data = EditorData.split(dataset, 0.2)
    edited = data.with_cell(5, 0, 2.5)
    model = DatasetTableModel()
    tracemalloc.start()
    try:
        model.set_data(data)
        assert model.rowCount() == rows and model.columnCount() == 4
        assert model.data(model.index(rows - 1, 2)) == "1"
        checked = model.data(model.index(rows - 1, 3), Qt.ItemDataRole.CheckStateRole)
        assert checked in (Qt.CheckState.Checked, Qt.CheckState.Unchecked)
        model.set_data(edited)  # an edit of the same shape: a refresh
        assert model.data(model.index(5, 0)) == "2.5"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # the data itself (24 MB) is not copied, and no row objects


def test_the_output_plot_of_a_large_regression_draws_a_sample(qtbot, make_window):
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, size=(ROWS, 1))
    setup, _ = TrainingSetup.for_preset("lecture")
    window = make_window(setup, Dataset(x, np.sin(x)))
    output = window.findChild(OutputPlot)
    qtbot.waitUntil(lambda: output.mode == "curve" and output.sample_note.isVisible(),
                    timeout=WAIT_MS)  # fmt: skip
    px, py = output._train[0].getData()
    rows = sample_rows(ROWS)
    assert np.array_equal(px, x[rows, 0]) and np.array_equal(py, np.sin(x[rows, 0]))
    assert output.sample_note.text() == "Showing 20,000 of 60,000 points (an even sample)"
