"""Rows pasted into a dataset (mlpgui.core.csv_rows): spreadsheets, decimal commas, quotes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpgui.core import limits
from mlpgui.core.csv_io import CsvFormatError
from mlpgui.core.csv_rows import parse_rows
from mlpgui.core.errors import DatasetError
from tests.core.test_csv import _assert_sane, csv_like


@pytest.mark.parametrize(
    ("text", "inputs", "targets"),
    [
        ("1\t2\t3\n4\t5\t6\n", [[1, 2], [4, 5]], [[3], [6]]),  # a spreadsheet
        ("1,5\t2\t0,25\r\n", [[1.5, 2]], [[0.25]]),  # decimal commas between tabs
        ("1;2,5;3\n", [[1, 2.5]], [[3]]),
        ("1,2,3\n\n4,5,6", [[1, 2], [4, 5]], [[3], [6]]),
        ("  1  2   3\n", [[1, 2]], [[3]]),  # spaces
        ('"1",2,-0\n', [[1, 2]], [[-0.0]]),
        ("a,b,c\n7,8,9\n", [[7, 8]], [[9]]),  # a header: read as CSV
        ('"1,5",2,"3"\n', [[1.5, 2]], [[3]]),  # a quoted decimal comma between commas
        ("1,5;2;3\n\n4;5,25;-6\n", [[1.5, 2], [4, 5.25]], [[3], [-6]]),
    ],
)
def test_pasted_rows_are_read_in_the_dataset_columns(text: str, inputs, targets) -> None:
    table = parse_rows(text, ("x1", "x2"), ("t",))
    assert table.inputs.tolist() == inputs and table.targets.tolist() == targets
    assert np.signbit(table.targets).tolist() == np.signbit(np.array(targets, float)).tolist()


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("", None, None, "clipboard holds no rows to paste"),
        ("1\t2\t3\n4\t5\n", 2, None, "clipboard: line 2 has 2 values, but the dataset has 3"),
        ("1\t2\tx\n", 1, 3, "clipboard: line 1, column 3 (t): 'x' is not a number."),
        ("\n1 2 inf\n", 2, 3, "clipboard: line 2, column 3 (t) is infinite"),
        ("1,5,2,3\n", 1, None, "line 1 has 4 values"),  # commas separate: no decimal comma
        ('"1,000",2,3\n', 1, 1, "'1,000' could have a decimal comma or a thousands separator"),
        ('1,2,"3\n', 1, None, "clipboard: line 1: a double quote opens a cell that does not end"),
        ("1\t2\t3\n" * 4, 4, None, "clipboard has more than the 3 data rows that can be loaded"),
        ("x,t\n1,2\n", None, None, "the header names 1 input column and 1 target column"),
        ("x1,x2,t\n", None, None, "has a header but no rows to paste"),
    ],
)
def test_bad_pastes_name_the_place(
    text: str, line, column, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    with pytest.raises(CsvFormatError) as info:
        parse_rows(text, ("x1", "x2"), ("t",))
    assert message in str(info.value) and str(info.value).endswith(".")
    assert (info.value.line, info.value.column) == (line, column)


@settings(max_examples=300, deadline=None)
@given(st.one_of(csv_like, st.text(max_size=80)))
def test_random_pastes_give_rows_or_a_dataset_error(text: str) -> None:
    try:
        table = parse_rows(text, ("x1", "x2"), ("t",))
    except DatasetError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        _assert_sane(table)
        assert table.inputs.shape[1] == 2 and table.targets.shape[1] == 1
        assert len(table.inputs) >= 1
