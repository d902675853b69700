"""Worked pages at the extremes (issue #13): the whole update of a 4-32-32-3 network at 17
digits and of a one-unit network at 1 digit, with parameter names made of every character
Markdown and LaTeX treat specially; both compile with pdflatex without overfull lines."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mlpgui.core.setup import MAX_NAME_LENGTH
from mlpgui.core.worked_escape import escape_markdown
from mlpgui.core.worked_example import worked_parameter, worked_unit, worked_update
from mlpgui.core.worked_page import MAX_DIGITS, MIN_DIGITS, Num
from tests.core.test_worked_example import check_latex, record_of
from tests.core.tex import compiled_log, pdflatex_available

SPECIAL = "$ ~ _ ^ & % # { } \\"


def special_names(parameters: int) -> list[tuple[int, str]]:
    return [
        (0, SPECIAL),
        (1, "\\" * MAX_NAME_LENGTH),
        (2, "w_1^2 {x}"),
        (3, "&lt;b&gt; &amp; &#36;"),
        (parameters - 1, "%#&"),
    ]


def parameter_count(record) -> int:
    return sum(w.size for w in record.weights_before) + sum(b.size for b in record.biases_before)


def no_overfull(tex: str, tmp_path, name: str) -> None:
    if pdflatex_available():
        log = compiled_log(tex, tmp_path, name)
        assert "Overfull \\hbox" not in log


def test_the_whole_update_of_a_4_32_32_3_network_at_17_digits_with_odd_names(tmp_path):
    record = record_of((4, 32, 32, 3), ("sigmoid", "tanh", "linear"), n=7)
    page = worked_update(record, digits=MAX_DIGITS, names=special_names(parameter_count(record)))
    tex = page.latex(standalone=True)
    assert tex.isascii()
    md = page.markdown()
    for weights in record.weights_before:  # θ_old in full (later tables show max_terms rows)
        for value in weights.ravel():
            assert f"${Num(value).tex(MAX_DIGITS)}$" in tex
            assert Num(value).md(MAX_DIGITS) in md
    assert r"\$ \textasciitilde{} \_ \textasciicircum{} \& \% \# \{ \} \textbackslash{}" in tex
    no_overfull(tex, tmp_path, "update")


def test_a_one_unit_network_at_one_digit_every_page(tmp_path):
    record = record_of((1, 1), ("linear",), n=1)
    names = [*special_names(parameter_count(record))[:1], (1, "%#&")]
    pages = [
        worked_update(record, digits=MIN_DIGITS, names=names),
        worked_unit(record, 0, 0, 0, digits=MIN_DIGITS),
        worked_unit(record, 1, 0, 0, digits=MIN_DIGITS),
        worked_parameter(record, "w", 0, 0, 0, digits=MIN_DIGITS, names=names),
        worked_parameter(record, "b", 0, 0, 0, digits=MIN_DIGITS, names=names),
    ]
    for k, page in enumerate(pages):
        tex = page.latex(standalone=True)
        assert tex.isascii() and "nan" not in tex.lower()
        w_new = float(record.weights_after[0][0, 0])
        if k in (0, 3):
            assert Num(w_new).md(MIN_DIGITS) in page.markdown()
        no_overfull(tex, tmp_path, f"one{k}")
    check_latex(pages[1].latex(standalone=True), standalone=True)


@pytest.mark.parametrize("text", ["&lt;b&gt;", "&amp;", "&#36;", "&#x24;", "&copy; 2026"])
def test_a_name_that_looks_like_an_html_entity_is_not_turned_into_its_character(text):
    escaped = escape_markdown(text)
    # CommonMark turns &name; and &#n; into their characters; a backslash before & stops it.
    assert not re.search(r"(?<!\\)&#?[0-9A-Za-z]+;", escaped)
    assert escaped.replace("\\&", "&") == text
    assert escape_markdown("R&D, x & y") == "R&D, x & y"  # no entity: left as typed


def test_digits_at_the_limits_give_finite_numbers_for_tiny_and_huge_values():
    for value in (5e-324, 1.7976931348623157e308, -0.0, 1e-300):
        for digits in (MIN_DIGITS, MAX_DIGITS):
            tex, md = Num(value).tex(digits), Num(value).md(digits)
            assert "inf" not in (tex + md).lower() and "nan" not in (tex + md).lower()
            assert np.isfinite(float(md.replace("−", "-").replace("×10", "e").split("e")[0]))
