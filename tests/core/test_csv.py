"""CSV reading and writing: round trips, a corpus of bad files, fuzzing."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlpgui.core import csv_blocks, limits
from mlpgui.core.csv_io import CsvFormatError, CsvTable, parse_csv_bytes, parse_csv_text
from mlpgui.core.dataset import Dataset
from mlpgui.core.errors import DatasetError

DATA = Path(__file__).resolve().parent.parent / "data"

# file name -> (line, column or None, substrings the message must contain)
BAD_FILES: dict[str, tuple[int | None, int | None, tuple[str, ...]]] = {
    "text_in_number.csv": (4, 2, ("line 4, column 2 (x2): 'abc' is not a number",)),
    "ragged_short_row.csv": (3, None, ("line 3 has 2 cells, but the header has 3 columns",)),
    "ragged_long_row.csv": (4, None, ("line 4 has 4 cells, but the header has 3 columns",)),
    "trailing_comma.csv": (2, None, ("line 2 has 3 cells",)),
    "nan.csv": (3, 1, ("line 3, column 1 (x) is NaN",)),
    "inf.csv": (2, 2, ("line 2, column 2 (t) is infinite",)),
    "minus_infinity.csv": (3, 2, ("line 3, column 2 (x2) is infinite",)),
    "overflow.csv": (3, 1, ("line 3, column 1 (x): '1e999' is too large",)),
    "empty.csv": (None, None, ("empty.csv is empty", "header")),
    "blank_lines_only.csv": (None, None, ("is empty",)),
    "no_header.csv": (
        1,
        None,
        (
            "line 1 looks like numbers, but the first line must be a header naming the "
            "columns, e.g. x1,x2,t",
        ),
    ),
    "no_header_with_nan.csv": (1, None, ("line 1 looks like numbers",)),
    "header_nan_inf.csv": (1, None, ("line 1 looks like numbers",)),
    "duplicate_names.csv": (1, 3, ("line 1, column 3 (x1) has the same name as column 1",)),
    "duplicate_names_case.csv": (1, 2, ("line 1, column 2 (X) has the same name as column 1",)),
    "single_column.csv": (1, None, ("line 1:", "only 1 column (x)", "input and one target")),
    "inputs_only.csv": (1, None, ("line 1:", "no column is a target")),
    "not_utf8.csv": (3, None, ("line 3: the file is not UTF-8 text",)),
    "latin1_header.csv": (1, None, ("line 1: the file is not UTF-8 text",)),
    "not_utf8_crlf.csv": (4, None, ("line 4: the file is not UTF-8 text",)),
    "utf16.csv": (1, None, ("line 1: the file is not UTF-8 text", "UTF-16")),
    "nul_byte.csv": (3, None, ("line 3: the file is not UTF-8 text",)),
    "empty_cell.csv": (2, 2, ("line 2, column 2 (x2) is empty",)),
    "empty_header_name.csv": (1, 2, ("line 1, column 2: the column name is empty",)),
    "decimal_comma_unquoted.csv": (2, None, ("line 2 has 3 cells, but the header has 2 columns",)),
    "ambiguous_thousands.csv": (
        3,
        1,
        ("line 3, column 1 (x): '1,000' could have a decimal comma or a thousands separator",),
    ),
    "thousands_groups.csv": (
        3,
        1,
        ("line 3, column 1 (x): '1,000,000' is not a number (write numbers without thousands",),
    ),
    "unclosed_quote.csv": (3, None, ("line 3: a double quote opens a cell that does not end",)),
    "text_after_quote.csv": (3, None, ("line 3: text follows the closing double quote",)),
    "sklearn_no_header.csv": (
        1,
        None,
        (
            "line 1 looks like the description line of a scikit-learn dataset (3 samples, "
            "2 features, classes setosa, versicolor), not a header",
            "e.g. x1,x2,t.",
        ),
    ),
    "crlf_error.csv": (3, 2, ("line 3, column 2 (t): 'oops' is not a number",)),
    "bom_error.csv": (2, 2, ("line 2, column 2 (t): 'two' is not a number",)),
    "blank_line_then_error.csv": (4, 2, ("line 4, column 2 (t): 'x' is not a number",)),
    "underscore_number.csv": (2, 1, ("line 2, column 1 (x): '1_000' is not a number",)),
    "hex_number.csv": (2, 1, ("line 2, column 1 (x): '0x10' is not a number",)),
    "space_inside_number.csv": (2, 1, ("line 2, column 1 (x): '1 000' is not a number",)),
    "quote_in_name.csv": (1, 1, ("line 1, column 1: the column name", "double quote")),
    "interleaved_error.csv": (3, 3, ("line 3, column 3 (x2): 'abc' is not a number",)),
}


def test_the_bad_corpus_and_the_table_list_the_same_files() -> None:
    on_disk = {p.name for p in (DATA / "bad_csv").iterdir() if p.suffix == ".csv"}
    assert on_disk == set(BAD_FILES)


@pytest.mark.parametrize("file_name", sorted(BAD_FILES))
def test_each_bad_file_raises_one_located_sentence(file_name: str) -> None:
    line, column, expected = BAD_FILES[file_name]
    path = DATA / "bad_csv" / file_name
    with pytest.raises(CsvFormatError) as info:
        Dataset.from_csv(path)
    message = str(info.value)
    for part in expected:
        assert part in message
    assert message.startswith(file_name)
    assert message.endswith(".") and "\n" not in message
    assert (info.value.line, info.value.column) == (line, column)
    # The same bytes as text (when they are text) give the same sentence about the same place.
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return
    if "\x00" not in text:
        with pytest.raises(DatasetError, match=r"^text") as from_text:
            Dataset.from_csv_text(text)
        assert str(from_text.value) == "text" + message[len(file_name) :]


GOOD_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...], list, list]] = {
    "bom_crlf_spaces.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "semicolon.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "tab.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "interleaved.csv": (("x1", "x2"), ("t1", "t2"), [[2, 3], [6, 7]], [[1, 4], [5, 8]]),
    "other_names.csv": (("age", "height"), ("weight",), [[1, 2], [4, 5]], [[3], [6]]),
    "scientific.csv": (("x",), ("t",), [[0.001], [250.0], [-1.0]], [[-0.0], [0.5], [7.0]]),
    "quoted.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "blank_lines.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "uppercase.csv": (("X1", "X2"), ("T",), [[1, 2], [4, 5]], [[3], [6]]),
    "lone_cr.csv": (("x1", "x2"), ("t",), [[1, 2], [4, 5]], [[3], [6]]),
    "decimal_comma_semicolon.csv": (("x",), ("t",), [[1.5]], [[2]]),
    "decimal_comma_tab.csv": (("x1", "x2"), ("t",), [[1.5, 2], [-3, 0.5]], [[0.25], [1000]]),
    "quoted_separator.csv": (
        ("x1", "x2"),
        ("t",),
        [[1.5, 2], [3, 4], [6, 7]],
        [[-0.25], [5.5], [8]],
    ),
    "sklearn_description.csv": (
        ("x1", "x2"),
        ("t",),
        [[5.1, 3.5], [4.9, 3], [4.7, 3.2]],
        [[0], [1], [0]],
    ),
    "sklearn_boston.csv": (
        ("CRIM", "ZN"),
        ("MEDV",),
        [[0.00632, 18], [0.02731, 0]],
        [[24], [21.6]],
    ),
}


def test_the_good_corpus_and_the_table_list_the_same_files() -> None:
    on_disk = {p.name for p in (DATA / "good_csv").iterdir() if p.suffix == ".csv"}
    assert on_disk == {*GOOD_FILES, "header_only.csv"}


@pytest.mark.parametrize("file_name", sorted(GOOD_FILES))
def test_each_good_file_reads(file_name: str) -> None:
    input_names, target_names, inputs, targets = GOOD_FILES[file_name]
    dataset = Dataset.from_csv(DATA / "good_csv" / file_name)
    assert dataset.name == Path(file_name).stem
    assert (dataset.input_names, dataset.target_names) == (input_names, target_names)
    np.testing.assert_array_equal(dataset.inputs, np.array(inputs, dtype=float))
    np.testing.assert_array_equal(dataset.targets, np.array(targets, dtype=float))


def test_minus_zero_keeps_its_sign() -> None:
    dataset = Dataset.from_csv(DATA / "good_csv" / "scientific.csv")
    assert np.signbit(dataset.targets[0, 0])


def test_header_only_is_an_empty_dataset_with_known_columns() -> None:
    dataset = Dataset.from_csv(DATA / "good_csv" / "header_only.csv")
    assert dataset.inputs.shape == (0, 2) and dataset.targets.shape == (0, 1)
    assert dataset.input_names == ("x1", "x2")


def test_a_header_with_a_comma_is_comma_separated_even_with_semicolons_in_it() -> None:
    with pytest.raises(DatasetError, match="semicolon"):
        parse_csv_text("x1;x2,t\n1,2\n")


def test_the_first_bad_line_is_reported_even_when_an_overflow_comes_first() -> None:
    with pytest.raises(DatasetError, match=r"line 2, column 2 .* too large") as info:
        parse_csv_text("x,t\n1,1e999\nabc,2\n")
    assert info.value.line == 2
    with pytest.raises(DatasetError, match=r"line 3, column 2 .* too large"):
        parse_csv_text('x,t\n1,2\n"3",-1e999\n4,5\n')


def test_a_missing_file_is_one_sentence_with_the_os_reason(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(DatasetError) as info:
        Dataset.from_csv(missing)
    assert str(info.value) == f"Cannot read {missing}: No such file or directory."
    assert not isinstance(info.value, OSError)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"^Cannot read .*: it is a directory, not a regular"):
        Dataset.from_csv(tmp_path)


def test_an_unreadable_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The tests may run as root, which ignores file permissions, so the OS error is simulated.
    path = tmp_path / "secret.csv"
    path.write_text("x,t\n1,2\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(DatasetError, match=r"^Cannot read .*: Permission denied\.$"):
        Dataset.from_csv(path)


def test_too_many_rows_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    parse_csv_text("x,t\n1,1\n2,2\n3,3\n")
    with pytest.raises(DatasetError, match=r"^text has more than the 3 data rows that can be"):
        parse_csv_text("x,t\n1,1\n2,2\n3,3\nnot,parsed\n")


def test_a_huge_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(csv_blocks, "MAX_BYTES", 20)
    path = tmp_path / "big.csv"
    path.write_text("x,t\n" + "1,2\n" * 10)
    with pytest.raises(DatasetError, match="too large"):
        Dataset.from_csv(path)


def test_too_many_columns_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    with pytest.raises(DatasetError, match="line 1 names 4 columns"):
        parse_csv_text("x1,x2,x3,t\n")


# --------------------------------------------------------------------------- writing


def test_written_text_uses_repr_and_the_column_names() -> None:
    dataset = Dataset([[0.1, -0.0], [1e-300, 2.0]], [[1 / 3], [5e-324]])
    assert dataset.to_csv_text() == ("x1,x2,t\n0.1,-0.0,0.3333333333333333\n1e-300,2.0,5e-324\n")


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=100, deadline=None)
@given(st.lists(finite, min_size=2, max_size=2))
def test_plain_and_decorated_cells_read_the_same_bits(row: list[float]) -> None:
    plain = parse_csv_text(f"x,t\n{row[0]!r},{row[1]!r}\n")
    decorated = parse_csv_text(f'x,t\n "{row[0]!r}"\t, \u00a0{row[1]!r}\n')
    assert plain.inputs.tobytes() == decorated.inputs.tobytes()
    assert plain.targets.tobytes() == decorated.targets.tobytes()


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n = draw(st.integers(0, 6))
    n_in = draw(st.integers(1, 3))
    n_out = draw(st.integers(1, 3))
    inputs = draw(hnp.arrays(np.float64, (n, n_in), elements=finite))
    targets = draw(hnp.arrays(np.float64, (n, n_out), elements=finite))
    return Dataset(inputs, targets)


@settings(max_examples=200, deadline=None)
@given(datasets())
def test_text_round_trip_is_bit_exact(dataset: Dataset) -> None:
    again = Dataset.from_csv_text(dataset.to_csv_text())
    assert again == dataset  # names and every bit (-0.0, subnormals, extremes)
    assert again.inputs.tobytes() == dataset.inputs.tobytes()
    assert again.targets.tobytes() == dataset.targets.tobytes()


def test_file_round_trip_is_bit_exact(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    values = rng.standard_normal((40, 5)) * 10.0 ** rng.integers(-300, 300, (40, 5))
    dataset = Dataset(values[:, :3], values[:, 3:], name="round")
    path = tmp_path / "round.csv"
    dataset.to_csv(path)
    assert Dataset.from_csv(path) == dataset
    assert not list(tmp_path.glob(".*.tmp"))


def test_custom_names_round_trip() -> None:
    for names in [(("age", "height"), ("weight",)), (("xa",), ("tb", "tc")), (("a",), ("b",))]:
        dataset = Dataset([[1.0] * len(names[0])], [[2.0] * len(names[1])], None, *names)
        assert Dataset.from_csv_text(dataset.to_csv_text()) == dataset


@pytest.mark.parametrize(
    ("input_names", "target_names", "expected"),
    [
        (("a",), ("b", "c"), "would be read back as 2 input and 1 target columns"),
        (("t1",), ("x1",), "would be read back"),
        (("1",), ("2",), "looks like a number"),
        (("150",), ("4", "setosa"), "taken for the description line of a scikit-learn dataset"),
    ],
)
def test_names_that_would_not_read_back_are_refused_when_writing(
    input_names: tuple[str, ...], target_names: tuple[str, ...], expected: str, tmp_path: Path
) -> None:
    dataset = Dataset([[1.0]], [[2.0] * len(target_names)], None, input_names, target_names)
    with pytest.raises(DatasetError, match=expected):
        dataset.to_csv_text()
    with pytest.raises(DatasetError, match=r"^Cannot write the dataset as CSV"):
        dataset.to_csv(tmp_path / "out.csv")
    assert not list(tmp_path.iterdir())


def test_writing_into_a_missing_directory_is_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.csv"
    with pytest.raises(DatasetError, match=r"^Cannot write .*out\.csv: No such file"):
        Dataset([1.0], [2.0]).to_csv(target)


def test_writing_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("old\n")
    Dataset([1.0], [2.0]).to_csv(path)
    assert path.read_text() == "x,t\n1.0,2.0\n"


# --------------------------------------------------------------------------- fuzzing


def _assert_sane(table: CsvTable) -> None:
    assert table.inputs.dtype == np.float64 and table.targets.dtype == np.float64
    assert table.inputs.shape[0] == table.targets.shape[0]
    assert table.inputs.shape[1] == len(table.input_names) >= 1
    assert table.targets.shape[1] == len(table.target_names) >= 1
    assert np.isfinite(table.inputs).all() and np.isfinite(table.targets).all()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_a_table_or_a_dataset_error(data: bytes) -> None:
    try:
        table = parse_csv_bytes(data)
    except DatasetError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        _assert_sane(table)


csv_like = st.lists(
    st.sampled_from([*'xtXTab,;\t\n\r "0123456789.-+eE_', "nan", "inf", "\ufeff", "é", "\x00"]),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(csv_like, st.text(max_size=80)))
def test_random_text_gives_a_dataset_or_a_dataset_error(text: str) -> None:
    try:
        dataset = Dataset.from_csv_text(text)
    except DatasetError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        _assert_sane(CsvTable(dataset.inputs, dataset.targets, *_names(dataset)))
        assert Dataset.from_csv_text(dataset.to_csv_text()) == dataset


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_valid_files_give_a_dataset_or_a_dataset_error(data: st.DataObject) -> None:
    original = bytearray((DATA / "good_csv" / "bom_crlf_spaces.csv").read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    with contextlib.suppress(DatasetError):
        _assert_sane(parse_csv_bytes(bytes(original)))


def _names(dataset: Dataset) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return dataset.input_names, dataset.target_names
