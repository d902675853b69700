"""EditorData: the edited rows and the train/test split, without Qt."""

from __future__ import annotations

import numpy as np

from mlpgui.core import Dataset, load_preset
from mlpgui.ui.dataset.document import EditorData
from mlpgui.ui.dataset.ranges import follow, nice_range


def test_without_a_split_the_worker_trains_on_the_dataset_itself() -> None:
    dataset = load_preset("lecture")
    data = EditorData.split(dataset)
    assert data.train is dataset and data.test is None
    assert not data.test_rows.flags.writeable


def test_a_split_assigns_rows_once_and_new_rows_keep_the_ratio() -> None:
    data = EditorData.split(Dataset(np.arange(10.0), np.zeros(10)), 0.3)
    assert int(data.test_rows.sum()) == 3
    assert len(data.train) == 7 and len(data.test) == 3
    grown = data.with_rows_added(np.arange(10.0, 20.0), np.zeros(10))
    assert grown.test_rows[:10].tolist() == data.test_rows.tolist()  # old rows stay put
    assert int(grown.test_rows.sum()) == 6
    one = data.with_rows_added([[99.0]], [[1.0]], at=0)
    assert one.test_rows[1:].tolist() == data.test_rows.tolist()
    assert one.dataset.inputs[0, 0] == 99.0


def test_deleting_and_moving_rows_keeps_each_rows_set() -> None:
    data = EditorData.split(Dataset(np.arange(10.0), np.arange(10.0)), 0.5)
    smaller = data.without_rows([0, 9])
    assert smaller.test_rows.tolist() == data.test_rows[1:9].tolist()
    moved = data.with_row(4, [40.0], [4.5])
    assert moved.test_rows is data.test_rows
    assert moved.dataset.inputs[4, 0] == 40.0 and moved.dataset.targets[4, 0] == 4.5
    cell = data.with_cell(2, 1, -1.0)
    assert cell.dataset.targets[2, 0] == -1.0 and cell.dataset.inputs[2, 0] == 2.0
    flipped = data.with_test_rows([0, 1], True)
    assert flipped.test_rows[:2].tolist() == [True, True]


def test_combined_puts_the_test_rows_after_the_training_rows() -> None:
    train, test = Dataset([1.0, 2.0], [1.0, 2.0]), Dataset([3.0], [3.0])
    data = EditorData.combined(train, test)
    assert data.dataset.inputs[:, 0].tolist() == [1.0, 2.0, 3.0]
    assert data.test_rows.tolist() == [False, False, True]
    assert data.train == train and data.test == test
    assert data.test_fraction == 1 / 3


def test_clearing_leaves_an_unnamed_empty_dataset_with_the_columns() -> None:
    data = EditorData.split(load_preset("moons"), 0.2).cleared()
    assert len(data) == 0 and data.dataset.name is None
    assert data.dataset.input_names == ("x1", "x2") and data.test_fraction == 0.2
    assert len(data.with_rows_added([[0.0, 0.0]], [[1.0]])) == 1


def test_ranges_are_round_and_only_grow_while_editing() -> None:
    assert nice_range(np.array([-5.0, 5.0])) == (-6.0, 6.0)
    assert nice_range(np.array([0.15, 0.85])) == (-0.2, 1.2)
    assert nice_range(np.array([])) == (-1.0, 1.0)
    assert follow((-6.0, 6.0), np.array([0.0, 0.1])) == (-6.0, 6.0)  # no zooming in
    low, high = follow((-6.0, 6.0), np.array([9.0]))
    assert low <= -6.0 and high > 9.0
