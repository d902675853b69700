"""The inspector with the additions to the lecture: ∂L/∂w = ∂L_data/∂w + λ₂ w + λ₁ sign w,
L = L_data + L_reg and v_new = μ v_old − γ ∂L/∂w, w_new = w_old + v_new, each number shown
and each reproducible from the others shown (the pages are read back as the worked-example
tests do); with everything off, no line of the additions appears."""

from __future__ import annotations

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.explain import explain_loss, explain_parameter
from mlpgui.core.features import product, sine
from mlpgui.ui.formatting import format_number
from mlpgui.ui.network.explain_text import Context, describe_parameter
from mlpgui.ui.network.overview_text import describe_overview, phase_title
from mlpgui.ui.network.phases import Knowledge, phases_for
from mlpgui.ui.network.unit_text import describe_unit
from mlpgui.ui.selection import Selection
from tests.core.test_worked_example import check_chains, python_of_markdown, shown

DIGITS = 8


def record_of(n: int = 4, features=(), **settings):
    rng = np.random.default_rng(5)
    net = MLP([2 + len(features), 3, 1], ["tanh", "sigmoid"], seed=5)
    data = Dataset(rng.normal(size=(n, 2)), rng.uniform(0.1, 0.9, size=(n, 1)))
    trainer = Trainer(net, data, 0.4, features=features, seed=5, **settings)
    trainer.step()
    return trainer.preview()


def page(record, selection=None, sample=None) -> str:
    ctx = Context(record, Knowledge.everything(record.n_layers), sample, DIGITS)
    if selection is None:
        return describe_overview(ctx, None).plain()
    if selection.kind == "unit":
        return describe_unit(ctx, selection).plain()
    return describe_parameter(ctx, selection).plain()


def chains(text: str) -> list[list[str]]:
    """Each line's "a = b = c" parts, without the muted remark "   (after update 2)"."""
    lines = [line.strip().split("   (")[0] for line in text.splitlines()]
    return [line.split(" = ") for line in lines if " = " in line]


def result(text: str, lhs: str) -> float:
    """The number that ends the first line computing ``lhs``."""
    for chain in chains(text):
        last = python_of_markdown(chain[-1])
        if chain[0] == lhs and last is not None:
            return float(eval(last, {"__builtins__": {}}))
    raise AssertionError(f"no line for {lhs}")


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.05), (0.03, 0.0), (0.02, 0.04)])
def test_a_regularised_weight_shows_each_term_of_its_gradient(n, l1, l2):
    record = record_of(n, l1_rate=l1, l2_rate=l2)
    text = page(record, Selection("w", 0, 1, 0))
    e = explain_parameter(record, "w", 0, 1, 0)
    assert result(text, "∂L_data/∂w_21^(1)") == shown(e.data_gradient, DIGITS)
    assert result(text, "∂L/∂w_21^(1)") == shown(e.gradient, DIGITS)
    line = next(c for c in chains(text) if c[0] == "∂L/∂w_21^(1)")
    terms = [t for t in ("λ₂ · w_old", "λ₁ · sign(w_old)") if t in line[1]]
    assert len(terms) == (l1 > 0) + (l2 > 0)
    for value in (e.l2_term if l2 else None, e.l1_term if l1 else None):
        if value is not None:
            assert format_number(value, DIGITS).lstrip("-") in line[3]
    assert check_chains(chains(text), DIGITS, python_of_markdown) >= 3
    assert f"λ₂ = {l2:g}" in text.splitlines()[1] if l2 else "λ₂" not in text.splitlines()[1]


def test_a_bias_is_not_regularised():
    record = record_of(l2_rate=0.1)
    text = page(record, Selection("b", 0, 1))
    assert "λ₂ · " not in text and "∂L_data" not in text
    assert result(text, "∂L/∂b_2^(1)") == shown(record.bias_gradients[0][1], DIGITS)


@pytest.mark.parametrize("n", [1, 4])
def test_momentum_shows_the_velocity_formula_with_its_numbers(n):
    record = record_of(n, momentum=0.8, l2_rate=0.01)
    assert record.velocity_before is not None and np.any(record.velocity_before)
    text = page(record, Selection("w", 1, 0, 2))
    e = explain_parameter(record, "w", 1, 0, 2)
    assert result(text, "v_new") == shown(e.velocity_after, DIGITS)
    assert result(text, "Δw_13^(2)") == shown(e.update, DIGITS)
    assert result(text, "w_new") == shown(e.value_after, DIGITS)
    assert f"v_old = {format_number(e.velocity_before, DIGITS)}" in text
    assert "−γ · ∂L/∂" not in text  # the plain rule's line is replaced
    assert check_chains(chains(text), DIGITS, python_of_markdown) >= 4


def test_the_overview_splits_the_loss_into_data_and_regularisation():
    record = record_of(l1_rate=0.01, l2_rate=0.02, momentum=0.5)
    text = page(record)
    e = explain_loss(record)
    assert result(text, "L_reg") == shown(e.regularisation, DIGITS)
    assert result(text, "L(θ before update 2)") == shown(record.loss_before, DIGITS)
    data_line = next(line for line in text.splitlines() if "L_data(θ before update 2)" in line)
    assert format_number(record.data_loss_before, DIGITS) in data_line
    assert check_chains(chains(text), DIGITS, python_of_markdown) >= 2
    assert "Update v_new = μ v_old − γ ∇L, θ_new = θ_old + v_new" in text
    assert "plus λ₂ w + λ₁ sign w at the weights" in text
    titles = [phase_title(p, record).plain for p in phases_for(record.n_layers)]
    assert any("+ L_reg" in t for t in titles) and titles[-1].startswith("Update: v_new")


def test_input_features_are_named_in_the_unit_and_weight_pages():
    record = record_of(features=(product(0, 1), sine(0)))
    assert page(record, Selection("unit", 0, 3)).startswith("Input sin x₁ = a_4^(0)")
    assert "from unit 3 of layer 0 (x₁x₂)" in page(record, Selection("w", 0, 0, 2))
    assert "a^(0) = (x₁, x₂, x₁x₂, sin x₁) = [" in page(record)


def test_with_everything_off_no_line_of_the_additions_appears():
    record = record_of()
    texts = [
        page(record),
        page(record, Selection("w", 0, 1, 0)),
        page(record, Selection("b", 1, 0)),
        page(record, Selection("unit", 0, 1)),
    ]
    for text in texts:
        for word in ("λ", "μ", "L_data", "L_reg", "v_new", "v_old", "x₁"):
            assert word not in text
    assert texts[3].startswith("Input x2 = a_2^(0)")
    assert "Update θ_new = θ_old − γ ∇L" in texts[0] and "a^(0) = x = [" in texts[0]
