"""Dataset: validation messages, immutability, equality and the derived-dataset methods."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import numpy as np
import pytest

from mlpgui.core.dataset import Dataset, count_test_rows, split_mask
from mlpgui.core.errors import DatasetError


def make(n: int = 5) -> Dataset:
    inputs = np.arange(2.0 * n).reshape(n, 2)
    return Dataset(inputs, inputs[:, :1] * 10.0, name="d")


# --------------------------------------------------------------------------- construction


def test_arrays_are_float64_c_contiguous_read_only_copies() -> None:
    source = np.asfortranarray(np.arange(6.0).reshape(3, 2))
    dataset = Dataset(source, [1, 2, 3])
    source[0, 0] = 99.0
    assert dataset.inputs[0, 0] == 0.0
    for array in (dataset.inputs, dataset.targets):
        assert array.dtype == np.float64 and array.flags.c_contiguous
        assert not array.flags.writeable
    with pytest.raises(ValueError):
        dataset.inputs[0, 0] = 1.0
    with pytest.raises(ValueError):
        dataset.inputs.flags.writeable = True
    with pytest.raises(AttributeError):
        dataset.inputs = np.zeros((3, 2))  # type: ignore[misc]


def test_one_dimensional_data_is_a_column_and_defaults_name_it() -> None:
    dataset = Dataset([1, 2, 3], [True, False, True])
    assert dataset.inputs.shape == (3, 1) and dataset.targets.shape == (3, 1)
    assert dataset.input_names == ("x",) and dataset.target_names == ("t",)
    assert dataset.targets[:, 0].tolist() == [1.0, 0.0, 1.0]
    wide = Dataset(np.zeros((2, 3)), np.zeros((2, 2)))
    assert wide.input_names == ("x1", "x2", "x3") and wide.target_names == ("t1", "t2")
    assert (wide.n_samples, wide.input_dim, wide.output_dim, len(wide)) == (2, 3, 2, 2)


def test_strings_that_are_numbers_convert() -> None:
    dataset = Dataset(np.array([["1.5", "2"]]), [[3]])
    assert dataset.inputs.tolist() == [[1.5, 2.0]]


def test_an_empty_dataset_keeps_its_widths_and_names() -> None:
    dataset = Dataset(np.empty((0, 2)), np.empty((0, 1)), input_names=["a", "b"])
    assert dataset.inputs.shape == (0, 2) and len(dataset) == 0
    assert dataset.input_names == ("a", "b") and dataset.target_names == ("t",)
    assert Dataset.from_csv_text(dataset.to_csv_text()) == dataset


@pytest.mark.parametrize(
    ("inputs", "targets", "message"),
    [
        ([[1, 2], [3, 4], [5, np.nan]], [1, 2, 3], "inputs row 3, column 2 is NaN"),
        ([[1, 2], [3, 4]], [[1, 2], [np.inf, 0]], "targets row 2, column 1 is infinite"),
        ([[1, 2], [3, -np.inf]], [1, 2], "inputs row 2, column 2 is infinite"),
        (np.array([[1, 2], ["3", "abc"]], dtype=object), [1, 2], "inputs row 2, column 2 is 'abc'"),
        (np.array([[1, None]], dtype=object), [1], "inputs row 1, column 2 is None"),
        (np.zeros((5, 2)), np.zeros(4), "inputs has 5 rows but targets has 4"),
        ([[1, 2], [3]], [1, 2], "inputs row 2 has 1 values but row 1 has 2"),
        (np.zeros((2, 2, 2)), np.zeros(2), "inputs must be 2-D"),
        (3.0, [1.0], "inputs must be a table"),
        (np.zeros((2, 0)), np.zeros(2), "inputs must have at least 1 column"),
        (np.zeros((2, 1)), np.zeros((2, 0)), "targets must have at least 1 column"),
        (np.zeros((1, 1), dtype=complex), [1], "complex"),
        (np.array([["2020-01-01"]], dtype="datetime64[D]"), [1], "must be numbers"),
    ],
)
def test_invalid_arrays_are_refused_with_the_place(inputs, targets, message: str) -> None:
    with pytest.raises(DatasetError) as info:
        Dataset(inputs, targets)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"input_names": ["a"]}, "input_names has 1 names but inputs has 2 columns"),
        ({"target_names": ["a", "b"]}, "target_names has 2 names but targets has 1 columns"),
        ({"input_names": "ab"}, "must be a sequence of names"),
        ({"input_names": ["a", "b,c"]}, "input column 2: the name 'b,c' contains a comma"),
        ({"input_names": ["a", ""]}, "the name '' is empty"),
        ({"input_names": ["a", " b"]}, "spaces at the start or end"),
        ({"input_names": ["a", "b\nc"]}, "control character"),
        ({"input_names": ["a", 3]}, "is a int, not text"),
        ({"input_names": ["a", "t"]}, "The column name 't' occurs twice"),
        ({"input_names": ["a", "A"]}, "occurs twice"),
        ({"name": 5}, "name must be text or None"),
    ],
)
def test_invalid_names_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(DatasetError) as info:
        Dataset(np.zeros((1, 2)), np.zeros((1, 1)), **kwargs)
    assert message in str(info.value)


def test_the_core_does_not_import_qt() -> None:
    code = (
        "import sys, mlpgui.core.dataset, mlpgui.core.csv_io, mlpgui.core.presets\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide', 'pyqtgraph'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- equality


def test_equality_is_bit_exact_and_includes_names() -> None:
    a = Dataset([[0.0, 1.0]], [[2.0]], name="a")
    assert a == Dataset(np.array([[0.0, 1.0]]), [2], name="a")
    assert a != Dataset([[-0.0, 1.0]], [[2.0]], name="a")
    assert a != Dataset([[0.0, 1.0]], [[2.0]], name="b")
    assert a != Dataset([[0.0, 1.0]], [[2.0]], name="a", input_names=["p", "q"])
    assert a != Dataset([[0.0], [1.0]], [[2.0], [2.0]], name="a")
    assert a != "a"
    with pytest.raises(TypeError):
        hash(a)


def test_repr_names_the_dataset() -> None:
    assert repr(make(3)) == (
        "Dataset(name='d', n_samples=3, input_names=('x1', 'x2'), target_names=('t',))"
    )


def test_pickle_and_copy_keep_it_equal_and_read_only() -> None:
    dataset = make()
    again = pickle.loads(pickle.dumps(dataset))
    assert again == dataset and not again.inputs.flags.writeable
    assert copy.copy(dataset) is dataset and copy.deepcopy(dataset) is dataset


# --------------------------------------------------------------------------- derived datasets


def test_subset_takes_rows_in_the_given_order() -> None:
    dataset = make()
    part = dataset.subset([3, 0, 3])
    assert part.inputs[:, 0].tolist() == [6.0, 0.0, 6.0]
    assert part.targets[:, 0].tolist() == [60.0, 0.0, 60.0]
    assert part.name == "d" and part.input_names == dataset.input_names
    assert not part.inputs.flags.writeable
    assert dataset.subset([]).inputs.shape == (0, 2)
    assert dataset.subset(np.array([4], dtype=np.uint8)).inputs[0, 0] == 8.0


@pytest.mark.parametrize(
    ("indices", "message"),
    [
        ([5], "Row index 5 is out of range for a dataset of 5 rows"),
        ([-1], "Row index -1 is out of range"),
        ([True, False, True, False, True], "whole numbers"),
        ([1.0], "whole numbers"),
        ([[1]], "whole numbers"),
    ],
)
def test_bad_row_indices_are_refused(indices, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        make().subset(indices)
    with pytest.raises(DatasetError, match=message):
        make().without_rows(indices)


def test_with_row_replaces_one_row_and_leaves_the_original() -> None:
    dataset = make()
    changed = dataset.with_row(2, [7, 8], [9])
    assert changed.inputs[2].tolist() == [7.0, 8.0] and changed.targets[2, 0] == 9.0
    assert dataset.inputs[2].tolist() == [4.0, 5.0]
    assert changed.subset([0, 1, 3, 4]) == dataset.subset([0, 1, 3, 4])
    with pytest.raises(DatasetError, match="inputs row 3, column 2 is NaN"):
        dataset.with_row(2, [1, np.nan], [0])
    with pytest.raises(DatasetError, match="have 3 columns but the dataset has 2"):
        dataset.with_row(2, [1, 2, 3], [0])
    with pytest.raises(DatasetError, match="needs one inputs row, but 2 were given"):
        dataset.with_row(2, [[1, 2], [3, 4]], [0])
    with pytest.raises(DatasetError, match="Row index 5 is out of range"):
        dataset.with_row(5, [1, 2], [0])


def test_with_rows_added_inserts_at_a_position() -> None:
    dataset = make(3)
    appended = dataset.with_rows_added([[10, 11], [12, 13]], [[1], [2]])
    assert appended.inputs[:, 0].tolist() == [0.0, 2.0, 4.0, 10.0, 12.0]
    first = dataset.with_rows_added([10, 11], [1], at=0)  # 1-D: one row of width 2
    assert first.inputs[:, 0].tolist() == [10.0, 0.0, 2.0, 4.0]
    middle = dataset.with_rows_added([[10, 11]], [[1]], at=2)
    assert middle.inputs[:, 0].tolist() == [0.0, 2.0, 10.0, 4.0]
    assert middle.targets[:, 0].tolist() == [0.0, 20.0, 1.0, 40.0]
    column = Dataset([1.0], [2.0]).with_rows_added([3, 4], [5, 6])  # width 1: 1-D is a column
    assert column.inputs[:, 0].tolist() == [1.0, 3.0, 4.0]
    empty = Dataset(np.empty((0, 2)), np.empty((0, 1)))
    assert empty.with_rows_added([1, 2], [3]).inputs.tolist() == [[1.0, 2.0]]


def test_with_rows_added_refuses_bad_rows() -> None:
    dataset = make(3)
    with pytest.raises(DatasetError, match="2 inputs rows but 1 targets rows"):
        dataset.with_rows_added([[1, 2], [3, 4]], [[1]])
    with pytest.raises(DatasetError, match="inputs row 3, column 1 is infinite"):
        dataset.with_rows_added([[1, 2], [np.inf, 4]], [[1], [2]], at=1)
    with pytest.raises(DatasetError, match="targets row 4, column 1 is 'x'"):
        dataset.with_rows_added([[1, 2]], np.array([["x"]], dtype=object))
    for at in (-1, 4, 1.5, True):
        with pytest.raises(DatasetError, match="the position must be a whole number from 0 to 3"):
            dataset.with_rows_added([[1, 2]], [[1]], at=at)


def test_without_rows_removes_and_keeps_the_order() -> None:
    dataset = make()
    left = dataset.without_rows([3, 1, 3])
    assert left.inputs[:, 0].tolist() == [0.0, 4.0, 8.0]
    assert dataset.without_rows([]) == dataset
    assert len(dataset.without_rows(range(5))) == 0


def test_split_is_seeded_disjoint_and_keeps_the_order() -> None:
    dataset = Dataset(np.arange(20.0), np.arange(20.0) * 2)
    train, test = dataset.split(0.25, seed=7)
    assert (len(train), len(test)) == (15, 5)
    rows_train, rows_test = train.inputs[:, 0].tolist(), test.inputs[:, 0].tolist()
    assert sorted(rows_train + rows_test) == list(np.arange(20.0))
    assert rows_train == sorted(rows_train) and rows_test == sorted(rows_test)
    assert dataset.split(0.25, seed=7) == (train, test)
    assert dataset.split(0.25, seed=8)[1] != test
    assert train.targets[:, 0].tolist() == [2 * v for v in rows_train]


def test_split_sizes_at_the_edges() -> None:
    dataset = make(4)
    assert [len(part) for part in dataset.split(0.0, 0)] == [4, 0]
    assert [len(part) for part in dataset.split(1.0, 0)] == [0, 4]
    assert [len(part) for part in dataset.split(0.01, 0)] == [3, 1]  # at least one test row
    assert [len(part) for part in dataset.split(0.99, 0)] == [1, 3]  # and one training row
    assert [len(part) for part in make(0).split(0.5, 0)] == [0, 0]


@pytest.mark.parametrize(
    ("fraction", "seed", "message"),
    [
        (1.5, 0, "test fraction must be a number from 0 to 1"),
        (-0.1, 0, "test fraction"),
        (float("nan"), 0, "test fraction"),
        ("0.5", 0, "test fraction"),
        (0.5, -1, "seed must be a whole number"),
        (0.5, 1.0, "seed must be a whole number"),
        (0.5, None, "seed must be a whole number"),
    ],
)
def test_split_refuses_bad_arguments(fraction, seed, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        make().split(fraction, seed)


def test_the_split_mask_marks_the_test_rows_of_split() -> None:
    dataset = Dataset(np.arange(30.0), np.zeros(30))
    mask = split_mask(30, 0.2, seed=3)
    assert mask.dtype == bool and mask.shape == (30,) and int(mask.sum()) == 6
    train, test = dataset.split(0.2, seed=3)
    assert test == dataset.subset(np.flatnonzero(mask))
    assert train == dataset.subset(np.flatnonzero(~mask))
    assert [count_test_rows(n, 0.2) for n in (0, 1, 2, 5, 10, 11)] == [0, 0, 1, 1, 2, 2]
    assert count_test_rows(3, 0.0) == 0 and count_test_rows(3, 1.0) == 3
    with pytest.raises(DatasetError, match="test fraction"):
        count_test_rows(3, 1.5)


def test_class_labels_of_binary_and_one_hot_targets() -> None:
    binary = Dataset(np.zeros((3, 2)), [1, 0, 1])
    assert binary.class_labels().tolist() == [1, 0, 1] and binary.class_count == 2
    assert binary.class_target(1).tolist() == [1.0]
    one_hot = Dataset(np.zeros((3, 2)), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert one_hot.class_labels().tolist() == [2, 0, 1] and one_hot.class_count == 3
    assert one_hot.class_target(1).tolist() == [0.0, 1.0, 0.0]
    assert Dataset(np.zeros((2, 2)), [0.5, 1]).class_labels() is None
    assert Dataset(np.zeros((2, 2)), [[1, 1], [0, 1]]).class_labels() is None
    assert Dataset(np.zeros((0, 2)), np.zeros((0, 1))).class_labels().tolist() == []
    for label in (2, -1, 1.0, True):
        with pytest.raises(DatasetError, match="class must be a whole number from 0 to 1"):
            binary.class_target(label)
