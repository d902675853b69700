"""The fast routes of CSV parsing (numpy.loadtxt on plain blocks, all cells at once) accept
exactly what the exact route (csv module + one cell at a time) accepts, with the same bits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlpgui.core.csv_cells import Columns, parse_row
from mlpgui.core.csv_parse import (
    _plain_block,
    _plain_cells,
    _plain_rows,
    parse_block,
    split_rows,
)
from mlpgui.core.csv_types import CsvFormatError

SEPARATORS = [",", ";", "\t", None]

# Mostly characters numbers are made of, so that many blocks are plain and many are valid.
plain_text = st.lists(
    st.sampled_from([*"0123456789", *"0123456789", *".eE+-", ",", ";", "\t", " ", "\n", "\n", '"']),
    max_size=50,
).map("".join)


def _exact(text: str, columns: Columns) -> np.ndarray | None:
    """The exact route's rows (None if it refuses the text)."""
    rows, error = split_rows(text, 1, columns.separator, columns.source)
    try:
        values = [parse_row(cells, line, columns) for line, cells in rows]
    except CsvFormatError:
        return None
    if error is not None:
        return None
    return np.array(values, dtype=np.float64).reshape(len(rows), len(columns.names))


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.filterwarnings("error")  # numpy.loadtxt warns about blocks without data
@settings(max_examples=600, deadline=None)
@given(st.sampled_from(SEPARATORS), st.integers(1, 3), plain_text)
@example(";", 2, "1,5;2\n-0;1,\n")
@example(",", 2, "1 ,2\n\n+.5e-3,-0\n")
@example("\t", 2, "1,2,3\t4\n")
@example(None, 2, "1  2\n 3\t4 \n")
@example("\t", 1, "\t")
@example(None, 1, " \t\n")
def test_fast_routes_accept_what_the_exact_route_accepts(
    separator: str | None, width: int, text: str
) -> None:
    columns = Columns("text", tuple(f"c{i}" for i in range(width)), separator, 10**6, "many")
    exact = _exact(text, columns)
    fast = _plain_block(text, columns)
    if fast is not None:
        assert exact is not None and _same_bits(fast, exact)
    plain_rows = _plain_rows(text, columns)
    if plain_rows is not None:
        assert exact is not None and _same_bits(plain_rows, exact)
    rows, error = split_rows(text, 1, separator, "text")
    if error is None and all(len(cells) == width for _, cells in rows) and rows:
        cells = _plain_cells((cell for _, row in rows for cell in row), columns)
        if cells is not None:
            assert exact is not None and _same_bits(cells.reshape(-1, width), exact)
    # parse_block (whichever route it takes) agrees with the exact route.
    try:
        block = parse_block(text, 1, columns, 10**6)
    except CsvFormatError:
        assert exact is None
    else:
        assert exact is not None and _same_bits(block, exact)


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=20), st.sampled_from([",", ";"]))
def test_the_numpy_route_reads_repr_floats_bit_exactly(
    rows: list[tuple[float, float]], separator: str
) -> None:
    text = "".join(f"{a!r}{separator}{b!r}\n" for a, b in rows)
    columns = Columns("text", ("x", "t"), separator, 10**6, "many")
    fast = _plain_block(text, columns)
    assert fast is not None  # plain numbers take the fast route ...
    assert fast.tobytes() == np.array(rows, dtype=np.float64).tobytes()  # ... bit-exactly
