"""Worked examples and exercises with the additions to the lecture: the numbers read back out
of the Markdown and the LaTeX are the record's, and every result is recomputed from the numbers
shown — ∂L/∂w = ∂L_data/∂w + λ₂ w + λ₁ sign w, L = L_data + L_reg, v_new = μ v_old − γ ∂L/∂w,
w_new = w_old + v_new; exercise hints give what those need. With the additions off, no line of
theirs appears."""

from __future__ import annotations

import numpy as np
import pytest

import tests.core.test_worked_example as worked_tests
from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.exercise_hints import hint_for
from mlpgui.core.exercise_quantity import Quantity, scale, true_value
from mlpgui.core.explain import explain_loss, explain_parameter
from mlpgui.core.features import product
from mlpgui.core.worked_example import worked_parameter, worked_quantity, worked_update
from tests.core.test_worked_example import (
    check_chains,
    check_latex,
    latex_chains,
    markdown_chains,
    markdown_tables,
    python_of_latex,
    python_of_markdown,
    result_of,
    shown,
)


@pytest.fixture(autouse=True)
def greek_in_latex(monkeypatch):
    """λ and μ are LaTeX commands too."""
    allowed = worked_tests.ALLOWED_COMMANDS | {"lambda", "mu"}
    monkeypatch.setattr(worked_tests, "ALLOWED_COMMANDS", allowed)


def record_of(n: int = 3, features=(), **settings):
    rng = np.random.default_rng(2)
    net = MLP([2 + len(features), 3, 1], ["tanh", "sigmoid"], seed=2)
    data = Dataset(rng.normal(size=(n, 2)), rng.uniform(0.1, 0.9, size=(n, 1)))
    trainer = Trainer(net, data, 0.3, features=features, seed=2, **settings)
    trainer.step()
    return trainer.preview()


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.05), (0.02, 0.0), (0.01, 0.03)])
def test_a_regularised_weights_page_adds_each_term_to_the_data_gradient(n, l1, l2, tmp_path):
    record = record_of(n, l1_rate=l1, l2_rate=l2)
    page = worked_parameter(record, "w", 0, 2, 1, digits=8)
    md, tex = page.markdown(), page.latex(standalone=True)
    e = explain_parameter(record, "w", 0, 2, 1)
    chains = markdown_chains(md)
    assert result_of(chains, "∂L_data/∂w₃₂⁽¹⁾", python_of_markdown) == shown(e.data_gradient, 8)
    assert result_of(chains, "∂L/∂w₃₂⁽¹⁾", python_of_markdown) == shown(e.gradient, 8)
    assert result_of(chains, "w_new", python_of_markdown) == shown(e.value_after, 8)
    assert check_chains(chains, 8, python_of_markdown) >= 3
    lhs = r"\frac{\partial L}{\partial w_{32}^{(1)}}"
    assert result_of(latex_chains(tex), lhs, python_of_latex) == shown(e.gradient, 8)
    assert check_chains(latex_chains(tex), 8, python_of_latex) >= 3
    assert ("λ₂ · w_old" in md) is bool(l2) and ("λ₁ · sign(w_old)" in md) is bool(l1)
    check_latex(tex, standalone=True)
    worked_tests.compile_if_possible(tex, tmp_path)


@pytest.mark.parametrize("n", [1, 3])
def test_momentum_pages_show_the_velocity_with_its_numbers(n):
    record = record_of(n, momentum=0.7, l2_rate=0.01)
    page = worked_parameter(record, "w", 1, 0, 2, digits=7)
    md, tex = page.markdown(), page.latex()
    e = explain_parameter(record, "w", 1, 0, 2)
    chains = markdown_chains(md)
    assert result_of(chains, "v_old", python_of_markdown) == shown(e.velocity_before, 7)
    assert result_of(chains, "v_new", python_of_markdown) == shown(e.velocity_after, 7)
    assert result_of(chains, "Δw₁₃⁽²⁾", python_of_markdown) == shown(e.update, 7)
    assert result_of(chains, "w_new", python_of_markdown) == shown(e.value_after, 7)
    assert check_chains(chains, 7, python_of_markdown) >= 4
    assert check_chains(latex_chains(tex), 7, python_of_latex) >= 4
    assert "Δw₁₃⁽²⁾ = v_new is the update" in md and "−γ · ∂L/∂w₁₃⁽²⁾ is the update" not in md
    check_latex(page.latex(standalone=True), standalone=True)


def test_the_whole_update_with_every_addition_reproduces_its_tables():
    features = (product(0, 1),)
    record = record_of(4, features, l1_rate=0.01, l2_rate=0.02, momentum=0.8)
    page = worked_update(record, digits=8)
    md = page.markdown()
    assert "(x₁, x₂, x₁x₂: the raw inputs, then the input features)" in md
    assert "γ = 0.3 · λ₂ = 0.02 · λ₁ = 0.01 · μ = 0.8" in md
    chains = markdown_chains(md)
    e = explain_loss(record)
    assert result_of(chains, "L_data(θ_old)", python_of_markdown) == shown(e.data_value, 8)
    assert result_of(chains, "L_reg", python_of_markdown) == shown(e.regularisation, 8)
    assert result_of(chains, "L(θ_old)", python_of_markdown) == shown(record.loss_before, 8)
    assert check_chains(chains, 8, python_of_markdown) >= 4
    updates = [rows for header, rows in markdown_tables(md) if header[0] == "parameter"]
    header = next(h for h, _ in markdown_tables(md) if h[0] == "parameter")
    assert header[1:] == ["θ_old", "∂L_data/∂θ", "g_reg", "∂L/∂θ", "v_old", "Δθ", "θ_new"]
    mu, gamma = record.momentum, record.learning_rate
    count = 0
    for rows in updates:
        for row in rows:
            old, data, g_reg, g, v_old, step, new = (float(c) for c in row[1:])
            assert g == pytest.approx(data + g_reg, rel=1e-6, abs=1e-9)
            assert step == pytest.approx(mu * v_old - gamma * g, rel=1e-6, abs=1e-9)
            assert new == pytest.approx(old + step, rel=1e-6, abs=1e-9)
            assert (g_reg == 0) is row[0].startswith("b")
            count += 1
    assert count == record.parameters_before.size
    check_latex(page.latex(standalone=True), standalone=True)


@pytest.mark.parametrize("kind", ["weight_gradient", "weight_new", "bias_new"])
def test_quantity_pages_and_hints_give_what_the_additions_need(kind):
    record = record_of(3, l1_rate=0.01, l2_rate=0.02, momentum=0.6)
    q = Quantity(kind, 0, 1, 0 if kind.startswith("weight") else -1)
    page = worked_quantity(record, kind, q.layer, q.i, q.j)
    chains = markdown_chains(page.markdown())
    last = python_of_markdown(chains[-1][-1])
    assert float(eval(last, {"__builtins__": {}})) == shown(true_value(record, q), 6)
    check_chains(chains, 6, python_of_markdown)
    hint = hint_for(record, q)
    given = {g.key: g.value for g in hint.given if g.sample is None}
    answer = true_value(record, q)
    if kind == "weight_gradient":
        terms = [g.value for g in hint.given if g.key[0] == "delta"]
        inputs = [g.value for g in hint.given if g.key[0] == "a"]
        w = given[("w", 0, 1, 0)]
        data = float(np.mean(np.array(terms) * np.array(inputs)))
        computed = data + given[("l2_rate",)] * w + given[("l1_rate",)] * np.sign(w)
        assert "λ₂ · w_old + λ₁ · sign(w_old)" in hint.formula_text()
    else:
        prefix = "w" if kind.startswith("weight") else "b"
        index = (0, 1, 0) if prefix == "w" else (0, 1)
        old, grad = given[(prefix, *index)], given[(f"{prefix}_grad", *index)]
        v_old = given[(f"{prefix}_velocity", *index)]
        computed = old + given[("momentum",)] * v_old - given[("learning_rate",)] * grad
        assert "μ · v_old" in hint.formula_text()
    assert computed == pytest.approx(answer, rel=1e-12, abs=1e-15)
    assert scale(record, q) >= abs(answer)


def test_with_every_addition_off_no_line_of_theirs_appears():
    record = record_of(3)
    pages = [
        worked_parameter(record, "w", 0, 2, 1).markdown(),
        worked_parameter(record, "b", 1, 0).markdown(),
        worked_update(record).markdown(),
        worked_quantity(record, "weight_new", 0, 1, 0).markdown(),
    ]
    for md in pages:
        for word in ("λ", "μ", "L_data", "L_reg", "v_new", "v_old", "g_reg", "raw inputs"):
            assert word not in md
    hint = hint_for(record, Quantity("weight_gradient", 0, 1, 0))
    assert "λ" not in hint.formula_text()
    assert not any(g.key[0] in ("w", "l2_rate", "l1_rate") for g in hint.given)
