"""Worked examples read as a lecturer preparing slides would: the batch and its size B are
stated wherever a page divides by B, a sum over a table that lists only its first rows can
still be checked from the page, formulas in the LaTeX notes are math (not "L\\_data"), a
LaTeX fragment says what it needs, the whole update's tables fit the page, and an exercise
sheet states the additions to the lecture that its answers depend on."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.exercise import make_exercises
from mlpgui.core.explain import explain_loss, explain_unit
from mlpgui.core.worked_example import worked_parameter, worked_unit, worked_update
from mlpgui.core.worked_sheet import exercise_sheet
from tests.core.test_worked_example import (
    check_chains,
    markdown_chains,
    markdown_tables,
    python_of_markdown,
    shown,
)
from tests.core.tex import compiled_log, pdflatex_available


def record_of(batch="full", n=8, sizes=(3, 4, 2), activations=("tanh", "sigmoid"), **kw):
    rng = np.random.default_rng(5)
    net = MLP(sizes, activations, seed=5)
    x = rng.normal(size=(n, sizes[0]))
    t = rng.uniform(0.05, 0.95, size=(n, sizes[-1]))
    trainer = Trainer(net, Dataset(x, t), 0.4, batch=batch, seed=5, **kw)
    trainer.step()
    return trainer.preview()


# --- the batch ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("batch", "words"),
    [("full", "full batch (the whole dataset): B = 8 samples"),
     (4, "mini-batch: B = 4 samples"), ("online", "online: B = 1 sample")],
)  # fmt: skip
def test_every_page_says_which_batch_and_what_b_is(batch, words):
    record = record_of(batch)
    pages = [worked_parameter(record, "w", 0, 1, 2), worked_parameter(record, "b", 1, 0),
             worked_unit(record, 1, 2, sample=0), worked_update(record)]  # fmt: skip
    for page in pages:
        md = page.markdown()
        assert words in md, md.splitlines()[2]
        if "/ B" in md:  # a mean over the batch divides by B, which the page gives
            assert f"B = {record.batch_size} sample" in md
    rows = ", ".join(str(int(r) + 1) for r in record.batch_indices)
    update = pages[-1].markdown()
    if batch == "full":
        assert f"{words}, dataset rows 1–8 · γ = 0.4" in update
    else:
        assert f"{words}, dataset row{'s' if batch == 4 else ''} {rows} · γ = 0.4" in update


# --- sums over tables that list only their first rows ----------------------------------------


def _added_up(cells: list[float]) -> object:
    """The sum of rounded cells, to their rounding (terms may cancel)."""
    return pytest.approx(sum(cells), abs=1e-5 * sum(abs(c) for c in cells))


def _split(chain: list[str]) -> tuple[float, float]:
    listed, rest = python_of_markdown(chain[-2]).split(" + ")
    return float(listed.strip("()")), float(rest.strip("()"))


def test_a_units_long_sums_show_the_listed_terms_and_the_rest_apart():
    record = record_of(n=3, sizes=(7, 9, 2))
    md = worked_unit(record, 1, 0, sample=1, max_terms=3).markdown()
    u = explain_unit(record, 1, 0)
    assert "Σ over all 7 terms (the 3 listed + the 4 not listed), plus the bias:" in md
    (header, rows), *_ = markdown_tables(md)
    assert header[-1] == "product" and len(rows) == 3
    chains = markdown_chains(md)
    (drive_sum,) = [c for c in chains if c[0] == "Σⱼ w₁ⱼ⁽¹⁾ aⱼ⁽⁰⁾"]
    listed, rest = _split(drive_sum)
    assert listed == _added_up([float(r[3]) for r in rows])
    assert rest == shown(float(np.sum(u.drive_terms[1, 3:])), 6)
    wide = record_of(n=2, sizes=(2, 3, 8), activations=("sigmoid", "linear"))
    md = worked_unit(wide, 1, 2, sample=0, max_terms=5).markdown()
    assert "Σ over all 8 terms (the 5 listed + the 3 not listed):" in md
    header, rows = markdown_tables(md)[-1]
    assert header[0] == "k" and len(rows) == 5
    (backprop,) = [c for c in markdown_chains(md) if c[0] == "Σₖ δₖ⁽²⁾ wₖ₃⁽²⁾"]
    listed, rest = _split(backprop)
    assert listed == _added_up([float(r[3]) for r in rows])
    assert rest == shown(float(np.sum(explain_unit(wide, 1, 2).backprop_terms[0, 5:])), 6)
    assert check_chains(markdown_chains(md), 6, python_of_markdown) >= 3


def test_the_whole_updates_loss_shows_the_listed_samples_and_the_rest_apart():
    record = record_of(n=9)
    md = worked_update(record, max_terms=4).markdown()
    assert "Σ over all 9 samples of the batch (the 4 listed + the 5 not listed):" in md
    loss_table = next(rows for header, rows in markdown_tables(md) if header[-1] == "Lₙ")
    (chain,) = [c for c in markdown_chains(md) if c[0] == "Σₙ Lₙ"]
    listed, rest = _split(chain)
    assert listed == _added_up([float(r[-1]) for r in loss_table])
    assert rest == shown(float(np.sum(explain_loss(record).per_sample[4:])), 6)
    assert check_chains(markdown_chains(md), 6, python_of_markdown) >= 2


# --- LaTeX ----------------------------------------------------------------------------------


def _pages_with_notes():
    """Pages with every kind of note: regularisation, momentum, frozen biases, relu, a
    linear output, cross-entropy, a sum without 1/B."""
    additions = record_of(l1_rate=0.01, l2_rate=0.02, momentum=0.5, train_biases=False)
    relu = record_of(activations=("relu", "linear"))
    ce = record_of(activations=("tanh", "sigmoid"), loss="cross_entropy")
    sse = record_of(loss="sse", n=3)
    return [worked_parameter(additions, "w", 1, 0, 1), worked_update(additions),
            worked_parameter(additions, "b", 0, 0), worked_unit(relu, 1, 0, 0),
            worked_unit(relu, 2, 1, 0), worked_unit(ce, 2, 0, 0),
            worked_parameter(sse, "w", 0, 0, 0)]  # fmt: skip


def test_formulas_in_latex_notes_are_math_not_escaped_text():
    for page in _pages_with_notes():
        tex = page.latex(standalone=True)
        notes = re.findall(r"\\emph\{(.*)\}", tex)
        assert notes
        for note in notes:
            for text in re.split(r"\$[^$]*\$", note):  # outside math
                assert "\\_" not in text and "textsubscript" not in text, note
                assert not re.search(r" = |'\(", text), note  # relu'(d) = 1, Δb = 0


def test_a_latex_fragment_says_which_package_it_needs():
    page = worked_parameter(record_of(), "w", 0, 0, 0)
    fragment = page.latex()
    first = fragment.splitlines()[:2]
    assert all(line.startswith("%") for line in first)
    assert "\\usepackage{amsmath}" in " ".join(first)
    assert "\\documentclass" not in fragment
    assert page.latex(standalone=True).count("% ") == 0  # a document needs no such note


def test_the_whole_update_with_every_addition_fits_the_page(tmp_path):
    record = record_of(l1_rate=0.01, l2_rate=0.02, momentum=0.5)
    page = worked_update(record)
    table = page.latex().split("\\begin{tabular}{rrrrrrrr}")
    smaller = "\\footnotesize\\setlength{\\tabcolsep}{3pt}"
    assert len(table) > 1 and table[0].rstrip().endswith(smaller)
    if not pdflatex_available():  # the structure is checked above either way
        return
    assert "Overfull \\hbox" not in compiled_log(page.latex(standalone=True), tmp_path, "update")
    body = worked_unit(record_of(n=2, sizes=(2, 3, 8)), 1, 2, 0, max_terms=4).latex()
    fragment = (
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        f"{body}\\end{{document}}\n"
    )
    assert "Overfull \\hbox" not in compiled_log(fragment, tmp_path, "fragment")


# --- the exercise sheet ----------------------------------------------------------------------


def test_the_sheet_states_the_additions_its_answers_depend_on():
    record = record_of(l2_rate=0.02, momentum=0.5, batch=4)
    questions, solutions = exercise_sheet(make_exercises(record, count=4, seed=1))
    for page in (questions, solutions):
        md = page.markdown()
        assert "mini-batch: B = 4 samples" in md
        assert "γ = 0.4 · λ₂ = 0.02 · μ = 0.5" in md


def test_names_with_dollars_and_tildes_are_not_math_or_strikethrough_in_markdown():
    record = record_of(sizes=(2, 2, 1))
    names = {0: "cost$", 1: "~~a", 2: "b$"}
    md = worked_update(record, names=names).markdown()
    assert "Named: cost\\$ = w₁₁⁽¹⁾, \\~\\~a = w₁₂⁽¹⁾, b\\$ = b₁⁽¹⁾" in md
    assert "$" not in md.replace("\\$", "")
