"""CSV reading as a stream: block boundaries, progress and cancelling, limits, files that are
not regular files, and memory that does not grow with Python lists of the whole file."""

from __future__ import annotations

import contextlib
import os
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from mlpgui.core import csv_blocks, csv_read, limits
from mlpgui.core.csv_io import CsvFormatError, parse_csv_bytes, parse_csv_text, read_csv
from mlpgui.core.dataset import Dataset
from mlpgui.core.errors import DatasetError

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = sorted([*(DATA / "good_csv").glob("*.csv"), *(DATA / "bad_csv").glob("*.csv")])


def _outcome(data: bytes) -> tuple:
    """What reading ``data`` gives: the table's names and bits, or the error and its place."""
    try:
        table = parse_csv_bytes(data, "f.csv")
    except CsvFormatError as exc:
        return ("error", str(exc), exc.line, exc.column)
    return (table.input_names, table.target_names, table.inputs.tobytes(), table.targets.tobytes())


@pytest.mark.parametrize("block_size", [1, 2, 3, 7])
def test_tiny_blocks_read_every_corpus_file_the_same(
    block_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks end inside BOMs, between \r and \n, inside multi-byte characters and quotes.
    expected = {path.name: _outcome(path.read_bytes()) for path in CORPUS}
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", block_size)
    for path in CORPUS:
        assert _outcome(path.read_bytes()) == expected[path.name], path.name


def _rows_text(n: int, seed: int = 0) -> tuple[str, np.ndarray]:
    values = np.random.default_rng(seed).standard_normal((n, 3))
    lines = ["x1,x2,t", *(",".join(map(repr, row)) for row in values.tolist())]
    return "\n".join(lines) + "\n", values


def test_many_blocks_give_the_rows_in_order_bit_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", 4096)
    text, values = _rows_text(3000)
    table = parse_csv_text(text.replace("\n", "\r\n"))
    assert table.inputs.tobytes() == np.ascontiguousarray(values[:, :2]).tobytes()
    assert table.targets.tobytes() == np.ascontiguousarray(values[:, 2:]).tobytes()


def test_errors_come_in_line_order_across_routes_and_encodings() -> None:
    # A text error on line 3 comes before a bad UTF-8 byte on line 5 in the same block ...
    with pytest.raises(CsvFormatError, match=r"line 3, column 2 \(t\): 'x' is not a number"):
        parse_csv_bytes(b"x,t\n1,2\n3,x\n4,5\n\xff,6\n")
    # ... and before an unclosed quote on line 4.
    with pytest.raises(CsvFormatError, match=r"line 3, column 1 \(x\) is empty"):
        parse_csv_text('x,t\n1,2\n,2\n"4,5\n')


# --------------------------------------------------------------------------- progress


def _write(tmp_path: Path, rows: int) -> tuple[Path, np.ndarray]:
    text, values = _rows_text(rows)
    path = tmp_path / "rows.csv"
    path.write_text(text)
    return path, values


def test_progress_reports_growing_fractions_of_the_bytes_ending_with_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", 16 * 1024)
    path, _ = _write(tmp_path, 5000)  # about 300 KB: about 19 blocks
    fractions: list[float] = []
    dataset = Dataset.from_csv(path, progress=fractions.append)
    assert len(dataset) == 5000
    assert len(fractions) >= path.stat().st_size // (16 * 1024)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert 0.0 < fractions[0] < 0.2


class Stop(Exception):
    pass


@pytest.mark.parametrize("error", [Stop("cancelled"), OSError(5, "not ours"), DatasetError("x")])
def test_an_exception_from_progress_stops_reading_and_propagates_unchanged(
    error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", 16 * 1024)
    path, _ = _write(tmp_path, 5000)
    calls: list[float] = []

    def progress(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 2:
            raise error

    with pytest.raises(type(error)) as info:
        Dataset.from_csv(path, progress=progress)
    assert info.value is error
    assert len(calls) == 2 and calls[-1] < 0.5


# --------------------------------------------------------------------------- limits


def test_the_row_limit_stops_reading_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", 4096)
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    path, _ = _write(tmp_path, 5000)
    fractions: list[float] = []
    with pytest.raises(CsvFormatError, match=r"^rows\.csv has more than the 100 data rows"):
        read_csv(path, progress=fractions.append)
    assert max(fractions, default=0.0) < 0.1  # refused without reading the rest


def test_the_cell_limit_names_rows_columns_and_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 6)
    assert len(parse_csv_text("x1,x2,t\n1,2,3\n4,5,6\n").inputs) == 2
    with pytest.raises(
        CsvFormatError,
        match=r"^text has more than 2 rows of 3 columns, more than the 6 cells that can be",
    ):
        parse_csv_text("x1,x2,t\n1,2,3\n4,5,6\n7,8,9\n")


def test_a_ten_thousand_column_file_is_refused_naming_the_limit() -> None:
    header = ",".join(f"x{i}" for i in range(1, 10_000)) + ",t"
    with pytest.raises(CsvFormatError) as info:
        parse_csv_text(header + "\n" + ",".join(["1"] * 10_000) + "\n")
    assert str(info.value) == (
        f"text: line 1 names 10,000 columns, more than the {limits.MAX_COLUMNS:,} that can be "
        "loaded."
    )


def test_a_line_longer_than_the_limit_is_refused_before_it_is_split() -> None:
    text = "x,t\n1,2\n" + "1," * 600_000 + "2\n"  # 1.2 million characters on line 3
    with pytest.raises(CsvFormatError) as info:
        parse_csv_text(text)
    assert (info.value.line, str(info.value)) == (
        3,
        f"text: line 3 is longer than {csv_blocks.MAX_LINE:,} characters, too long for a row "
        "of numbers.",
    )


def test_a_long_line_at_the_end_without_a_line_break_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(csv_blocks, "BLOCK_SIZE", 8)
    monkeypatch.setattr(csv_blocks, "MAX_LINE", 20)
    assert len(parse_csv_text("x,t\r\n1,2\r\n3,4").inputs) == 2
    with pytest.raises(CsvFormatError, match=r"^text: line 3 is longer than 20 characters"):
        parse_csv_text("x,t\r\n1,2\r\n" + "3" * 30 + ",4")


# --------------------------------------------------------------------------- non-regular files


def _without_blocking(call: Callable[[], object], fifo: Path) -> BaseException | None:
    """Run ``call()`` in a thread and return what it raised; fail (instead of hanging) if it
    blocks on ``fifo``."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    if thread.is_alive():  # stuck in open(): a writer lets it go on
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=60)
        pytest.fail("reading the FIFO blocked")
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    error = _without_blocking(lambda: Dataset.from_csv(fifo), fifo)
    assert isinstance(error, DatasetError)
    assert str(error) == f"Cannot read {fifo}: it is a named pipe (FIFO), not a regular file."


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_swapped_in_after_the_check_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.csv"
    regular.write_text("x,t\n1,2\n")
    real_stat = os.stat

    def stat_as_if_regular(path: object, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(regular if os.fspath(path) == str(fifo) else path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_read.os, "stat", stat_as_if_regular)
    error = _without_blocking(lambda: read_csv(fifo), fifo)
    assert isinstance(error, DatasetError) and "named pipe (FIFO)" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_is_refused() -> None:
    with pytest.raises(DatasetError) as info:
        Dataset.from_csv("/dev/null")
    assert str(info.value) == "Cannot read /dev/null: it is a character device, not a regular file."


# --------------------------------------------------------------------------- memory


def test_reading_holds_no_python_lists_of_the_whole_file(tmp_path: Path) -> None:
    rows = 300_000
    path = tmp_path / "big.csv"
    rng = np.random.default_rng(3)
    np.savetxt(
        path,
        rng.integers(-999, 999, (rows, 3)) / 8,
        fmt="%g",
        delimiter=",",
        header="x1,x2,t",
        comments="",
    )
    result_bytes = rows * 3 * 8
    tracemalloc.start()
    try:
        table = read_csv(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.inputs.shape == (rows, 2)
    # The result (7.2 MB) is built from per-block tables once; the rest is a few blocks of
    # text. Python lists of the file's lines or numbers would take several times the file.
    assert peak < 2 * result_bytes + 16 * 2**20, f"peak {peak / 2**20:.1f} MiB"
