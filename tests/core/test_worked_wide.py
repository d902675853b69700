"""Wide tables in LaTeX worked pages fit the page at any number of digits (issue #13: at 17
digits the whole update of a 2-8-8-1 network overflowed the margin by up to 940 pt): too
wide a table is split into several, each repeating the columns that name its rows."""

from __future__ import annotations

import re

import pytest

from mlpgui.core.worked_example import worked_unit, worked_update
from mlpgui.core.worked_page import MAX_DIGITS, Num
from tests.core.test_worked_example import check_latex, record_of
from tests.core.tex import compiled_log, pdflatex_available


def tabulars(tex: str) -> list[str]:
    return re.findall(r"\\begin\{tabular\}.*?\\end\{tabular\}", tex, re.S)


@pytest.mark.parametrize("additions", [{}, {"l2_rate": 0.02, "l1_rate": 0.01, "momentum": 0.5}])
def test_the_whole_update_of_a_2_8_8_1_network_at_17_digits_fits_the_page(additions, tmp_path):
    record = record_of((2, 8, 8, 1), ("sigmoid", "sigmoid", "linear"), n=5, **additions)
    page = worked_update(record, digits=MAX_DIGITS)
    tex = page.latex(standalone=True)
    check_latex(tex, standalone=True)
    # Every weight of θ_old is still in a table (split, not lost).
    cells = "".join(tabulars(tex))
    for weights in record.weights_before:
        for value in weights.ravel():
            assert f"${Num(value).tex(MAX_DIGITS)}$" in cells
    # A split table repeats its row names: the layer-1 forward pass has n and row in each part.
    parts = [t for t in tabulars(tex) if "d_{1}^{(1)}" in t or "d_{8}^{(1)}" in t]
    assert len(parts) >= 2 and all(t.split("\\\\")[0].count("row") == 1 for t in parts)
    if not pdflatex_available():  # the structure is checked above either way
        return
    log = compiled_log(tex, tmp_path, "update")
    assert "Overfull \\hbox" not in log


def test_a_unit_page_at_17_digits_fits_the_page(tmp_path):
    record = record_of((2, 8, 8, 1), ("tanh", "tanh", "linear"), n=12)
    tex = worked_unit(record, 2, 3, 0, digits=MAX_DIGITS).latex(standalone=True)
    check_latex(tex, standalone=True)
    if pdflatex_available():
        assert "Overfull \\hbox" not in compiled_log(tex, tmp_path, "unit")
