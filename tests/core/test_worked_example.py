"""Worked examples: the numbers read back out of the Markdown and the LaTeX are the record's
(to the digits chosen), every result can be recomputed from the numbers shown, and the LaTeX
is well-formed (compiled too, where pdflatex exists)."""

from __future__ import annotations

import math
import re
import subprocess

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, MlpguiError, Trainer
from mlpgui.core.explain import explain_parameter, explain_unit
from mlpgui.core.presets import preset_info
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.worked_example import (
    MAX_LISTED_TERMS,
    WorkedExampleError,
    worked_parameter,
    worked_quantity,
    worked_unit,
    worked_update,
)
from tests.core.tex import pdflatex_available

# --- reading pages back -----------------------------------------------------------------------


def sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def relu(x: float) -> float:
    return max(0.0, x)


FUNCTIONS = {"sigma": sigma, "tanh": math.tanh, "relu": relu}
_TOKEN = re.compile(r"\d+(?:\.\d*)?(?:e[+-]?\d+)?|[a-z]+|\*\*|[-+*/()]|\s+")


def shown(value: float, digits: int) -> float:
    """``value`` as a page with ``digits`` significant digits shows it."""
    return float(f"{value:.{digits}g}")


def python_of_markdown(step: str) -> str | None:
    """A numeric Markdown step as a Python expression (None if it has symbols)."""
    s = step.replace("**", "").strip()
    s = s.replace("−", "-").replace("×", "*").replace("·", "*").replace("²", "**2")
    s = s.replace("σ(", "sigma(")
    return _numeric(s)


def python_of_latex(step: str) -> str | None:
    s = re.sub(r"\\mathbf\{(.*)\}", r"\1", step.strip())
    s = re.sub(r"(\d+(?:\.\d+)?) \\times 10\^\{(-?\d+)\}", r"\1e\2", s)
    for tex, py in ((r"\times", "*"), (r"\cdot", "*"), (r"\left(", "("), (r"\right)", ")"),
                    ("^2", "**2"), (r"\sigma", "sigma"), (r"\tanh", "tanh"),
                    (r"\operatorname{relu}", "relu")):  # fmt: skip
        s = s.replace(tex, py)
    return _numeric(s)


def _numeric(s: str) -> str | None:
    tokens = _TOKEN.findall(s)
    if "".join(tokens) != s or not any(t[0].isdigit() for t in tokens):
        return None
    if any(t.isalpha() and t not in FUNCTIONS and not re.fullmatch(r"e", t) for t in tokens):
        return None
    return s


def evaluate(expression: str) -> tuple[float, float]:
    """(value, magnitude): the magnitude replaces every minus by a plus (a bound on the size
    of the terms, which rounding errors are proportional to)."""
    value = eval(expression, {"__builtins__": {}}, FUNCTIONS)  # our own pages
    tokens = _TOKEN.findall(expression)
    magnitude_expr = "".join("+" if t == "-" else t for t in tokens)
    magnitude = eval(magnitude_expr, {"__builtins__": {}}, FUNCTIONS)
    return float(value), abs(float(magnitude))


def markdown_chains(text: str) -> list[list[str]]:
    return [line[2:].split(" = ") for line in text.splitlines() if line.startswith("- ")]


def latex_chains(text: str) -> list[list[str]]:
    chains = []
    for body in re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", text, re.S):
        body = body.replace(" \\\\\n  &= ", " = ")
        for line in body.split(" \\\\\n"):
            chains.append(line.replace(" &= ", " = ").split(" = "))
    return chains


def check_chains(chains: list[list[str]], digits: int, to_python) -> int:
    """Every numeric step of every chain evaluates to the chain's result, to the digits
    shown; returns how many steps were checked."""
    checked = 0
    for chain in chains:
        result_expr = to_python(chain[-1])
        if result_expr is None:
            continue
        result = float(eval(result_expr, {"__builtins__": {}}, FUNCTIONS))
        for step in chain[1:-1]:
            expression = to_python(step)
            if expression is None:
                continue
            value, magnitude = evaluate(expression)
            tolerance = 3 * 10.0 ** (1 - digits) * (magnitude + abs(result))
            assert abs(value - result) <= tolerance, (chain, value, result)
            checked += 1
    return checked


def result_of(chains: list[list[str]], lhs: str, to_python) -> float:
    """The result of the first chain whose left-hand side is ``lhs``."""
    for chain in chains:
        if chain[0].strip() == lhs:
            return float(eval(to_python(chain[-1]), {"__builtins__": {}}, FUNCTIONS))
    raise AssertionError(f"no line for {lhs}")


def markdown_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip("|").split("|")])
        elif current:
            tables.append((current[0], current[2:]))
            current = []
    return tables


# fmt: off
ALLOWED_COMMANDS = {
    "documentclass", "usepackage", "setlength", "parindent", "parskip", "begin", "end",
    "section", "subsection", "emph", "text", "mathbf", "frac", "partial", "delta", "Delta",
    "gamma", "theta", "sigma", "Sigma", "sum", "times", "cdot", "left", "right", "tanh",
    "operatorname", "odot", "tfrac", "ln", "hline", "ldots", "quad", "textsubscript",
    "textsuperscript", "infty", "mathrm", "textbackslash", "textasciicircum", "textasciitilde",
    "textless", "textgreater", "textbar", "le", "ge", "approx", "pm", "to", "triangleright",
    "footnotesize", "tabcolsep", "medskip", "lambda", "mu",
}
# fmt: on


def check_latex(text: str, standalone: bool = False) -> None:
    """Balanced braces and environments, math delimiters, known commands, no double scripts."""
    assert text.isascii()
    plain = text.replace(r"\{", "").replace(r"\}", "").replace(r"\$", "")
    depth = 0
    for c in plain:
        depth += {"{": 1, "}": -1}.get(c, 0)
        assert depth >= 0, "a } closes nothing"
    assert depth == 0, "unbalanced braces"
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{([^}]*)\}", text):
        if kind == "begin":
            stack.append(name)
        else:
            assert stack and stack.pop() == name, f"\\end{{{name}}} without its \\begin"
    assert not stack
    for paragraph in plain.split("\n\n"):
        assert paragraph.count("$") % 2 == 0, paragraph
    assert text.count(r"\left") == text.count(r"\right")
    assert set(re.findall(r"\\([A-Za-z]+)", text)) <= ALLOWED_COMMANDS
    group = r"\{(?:[^{}]|\{[^{}]*\})*\}"
    assert not re.search(rf"\^{group}\s*\^", text), "double superscript"
    assert not re.search(rf"_{group}\s*_", text), "double subscript"
    for body in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", text, re.S):
        assert "\n\n" not in body and "$" not in body
    if standalone:
        assert text.startswith("\\documentclass{article}")
        assert "\\usepackage{amsmath}" in text
        assert text.rstrip().endswith("\\end{document}")


def compile_if_possible(text: str, tmp_path) -> None:
    """Run pdflatex on a standalone document where it is installed (it is not everywhere;
    check_latex covers the structure either way)."""
    if not pdflatex_available():
        return
    (tmp_path / "page.tex").write_text(text)
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "page.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]


# --- records ----------------------------------------------------------------------------------


def record_of(sizes, activations, loss="mse", batch="full", n=5, seed=0, **kw):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activations, seed=seed)
    net.set_parameters(
        [rng.normal(scale=0.9, size=w.shape) for w in net.weights],
        [rng.normal(scale=0.4, size=b.shape) for b in net.biases],
    )
    x = rng.normal(size=(n, sizes[0]))
    t = rng.uniform(0.05, 0.95, size=(n, sizes[-1]))
    trainer = Trainer(net, Dataset(x, t), 0.3, loss=loss, batch=batch, seed=seed, **kw)
    trainer.step()
    return trainer.preview()


def mazur():
    setup, data = TrainingSetup.for_preset("mazur")
    record = setup.trainer(setup.network(), data).step()
    return record, preset_info("mazur").setup.parameter_names


# --- weights and biases -----------------------------------------------------------------------


@pytest.mark.parametrize("digits", [3, 6, 10])
def test_mazur_w5_reads_back_as_the_record_to_the_digits_chosen(digits, tmp_path):
    record, names = mazur()
    page = worked_parameter(record, "w", 1, 0, 0, digits=digits, names=names)
    md, tex = page.markdown(), page.latex()
    assert "# Weight w5 = w₁₁⁽²⁾ — update 1" in md
    assert r"\text{w5} = w_{11}^{(2)}" in tex
    truth = {
        "w_old": record.weights_before[1][0, 0],
        "∂L/∂w₁₁⁽²⁾": record.weight_gradients[1][0, 0],
        "Δw₁₁⁽²⁾": record.weight_updates[1][0, 0],
        "w_new": record.weights_after[1][0, 0],
        "a₁⁽¹⁾": record.activations[1][0, 0],
        "δ₁⁽²⁾": record.deltas[1][0, 0],
    }
    latex_lhs = {
        "w_old": r"w_{\text{old}}", "∂L/∂w₁₁⁽²⁾": r"\frac{\partial L}{\partial w_{11}^{(2)}}",
        "Δw₁₁⁽²⁾": r"\Delta w_{11}^{(2)}", "w_new": r"w_{\text{new}}",
        "a₁⁽¹⁾": "a_{1}^{(1)}", "δ₁⁽²⁾": r"\delta_{1}^{(2)}",
    }  # fmt: skip
    md_chains, tex_chains = markdown_chains(md), latex_chains(tex)
    for lhs, value in truth.items():
        assert result_of(md_chains, lhs, python_of_markdown) == shown(value, digits), lhs
        assert result_of(tex_chains, latex_lhs[lhs], python_of_latex) == shown(value, digits)
    assert check_chains(md_chains, digits, python_of_markdown) >= 3
    assert check_chains(tex_chains, digits, python_of_latex) >= 3
    assert "θ before update 1" in md and "θ after update 1" in md
    check_latex(page.latex(standalone=True), standalone=True)
    compile_if_possible(page.latex(standalone=True), tmp_path)


@pytest.mark.parametrize("loss", ["mse", "sse", "cross_entropy"])
def test_a_batch_weight_page_lists_every_term_and_combines_them_as_the_loss_does(loss):
    record = record_of((3, 4, 2), ("tanh", "sigmoid"), loss, n=6)
    page = worked_parameter(record, "w", 0, 2, 1)
    md = page.markdown()
    e = explain_parameter(record, "w", 0, 2, 1)
    (header, rows), *_ = markdown_tables(md)
    assert header == ["n", "row", "a₂⁽⁰⁾", "δ₃⁽¹⁾", "δ₃⁽¹⁾ a₂⁽⁰⁾"]
    assert len(rows) == 6
    for n, row in enumerate(rows):
        a, d, term = (float(c) for c in row[2:])
        assert (a, d, term) == (shown(e.inputs[n], 6), shown(e.deltas[n], 6), shown(e.terms[n], 6))
        assert term == pytest.approx(a * d, rel=3e-5, abs=1e-12)
    chains = markdown_chains(md)
    total = sum(float(r[4]) for r in rows)
    if loss == "sse":
        assert "(no 1/B)" in md and "/ B" not in md
        gradient = result_of(chains, "∂L/∂w₃₂⁽¹⁾", python_of_markdown)
        assert gradient == pytest.approx(total, rel=1e-4, abs=1e-9)
    else:
        assert "averages over the batch" in md
        sigma_n = result_of(chains, "Σₙ δ₃,ₙ⁽¹⁾ a₂,ₙ⁽⁰⁾", python_of_markdown)
        assert sigma_n == pytest.approx(total, rel=1e-4, abs=1e-9)
        assert "/ 6 =" in md
    assert check_chains(chains, 6, python_of_markdown) >= 2
    assert check_chains(latex_chains(page.latex()), 6, python_of_latex) >= 2
    check_latex(page.latex(standalone=True), standalone=True)


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_a_long_batch_lists_the_first_terms_and_sums_the_listed_and_the_rest(loss):
    record = record_of((2, 3, 1), ("sigmoid", "linear"), loss, n=11)
    page = worked_parameter(record, "w", 1, 0, 2, max_terms=4)
    md = page.markdown()
    (_, rows), *_ = markdown_tables(md)
    assert len(rows) == 4
    assert "… and 7 more samples (not listed)" in md
    assert "Σ over all 11 samples of the batch (the 4 listed + the 7 not listed):" in md
    e = explain_parameter(record, "w", 1, 0, 2)
    chains = markdown_chains(md)
    lhs = "Σₙ δ₁,ₙ⁽²⁾ a₃,ₙ⁽¹⁾" if loss == "mse" else "∂L/∂w₁₃⁽²⁾"
    (chain,) = [c for c in chains if c[0] == lhs]
    assert float(chain[-1].strip("*")) == shown(e.term_sum, 6)
    # The sum's first part is the listed terms' (a reader can add them up), the second the rest.
    listed, rest = (float(v.strip("()")) for v in python_of_markdown(chain[-2]).split(" + "))
    assert listed == pytest.approx(sum(float(r[4]) for r in rows), rel=1e-5)
    assert rest == shown(float(np.sum(e.terms[4:])), 6)
    assert check_chains(chains, 6, python_of_markdown) >= 2
    assert r"\ldots{} and 7 more samples" in page.latex()


def test_a_frozen_bias_shows_no_update_and_its_unchanged_value():
    record, names = mazur()  # Mazur's biases are not trained
    page = worked_parameter(record, "b", 0, 1, names=names)
    md = page.markdown()
    assert "# Bias b1 = b₂⁽¹⁾ — update 1" in md
    chains = markdown_chains(md)
    assert result_of(chains, "Δb₂⁽¹⁾", python_of_markdown) == 0
    assert result_of(chains, "b_new", python_of_markdown) == 0.35
    assert "kept fixed" in md
    assert result_of(chains, "∂L/∂b₂⁽¹⁾", python_of_markdown) == shown(
        record.bias_gradients[0][1], 6
    )


def test_user_names_are_escaped_for_markdown_and_latex():
    record = record_of((2, 2, 1), ("sigmoid", "linear"))
    index = 0  # w_11^(1)
    page = worked_parameter(record, "w", 0, 0, 0, names={index: "w_1*|#%é"})
    assert "w_1\\*\\|#%é = w₁₁⁽¹⁾" in page.markdown()
    assert "loss MSE" in page.markdown()
    assert worked_parameter(record, "w", 0, 0, 0, names={0: "_w"}).title.startswith("Weight _w =")
    tex = page.latex(standalone=True)
    assert r"\text{w\_1*\textbar{}\#\%é}" in tex
    check_latex(tex.replace("é", "e"), standalone=True)


# --- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("activations", "loss"),
    [(("sigmoid", "sigmoid"), "sse"), (("tanh", "linear"), "mse"), (("relu", "tanh"), "mse"),
     (("tanh", "sigmoid"), "cross_entropy")],
)  # fmt: skip
def test_unit_pages_reproduce_every_number_from_the_numbers_shown(activations, loss, tmp_path):
    record = record_of((3, 4, 2), activations, loss, n=5, seed=3)
    checked = 0
    for layer in (1, 2):
        for i in range(record.layer_sizes[layer]):
            page = worked_unit(record, layer, i, sample=3, digits=7)
            md, tex = page.markdown(), page.latex(standalone=True)
            chains = markdown_chains(md)
            u = explain_unit(record, layer, i)
            for symbol, values in ((f"d{_sub(i)}{_sup(layer)}", u.drives),
                                   (f"a{_sub(i)}{_sup(layer)}", u.activations),
                                   (f"δ{_sub(i)}{_sup(layer)}", u.deltas)):  # fmt: skip
                if symbol.startswith("a") and layer == 2:
                    symbol = f"y{_sub(i)}"
                assert result_of(chains, symbol, python_of_markdown) == shown(values[3], 7)
            checked += check_chains(chains, 7, python_of_markdown)
            checked += check_chains(latex_chains(tex), 7, python_of_latex)
            check_latex(tex, standalone=True)
            assert "ample n = 4 of the batch (dataset row" in md and "θ before update 2" in md
    assert checked >= 20
    compile_if_possible(tex, tmp_path)


def _sub(i: int) -> str:
    return "₀₁₂₃₄₅₆₇₈₉"[i + 1]


def _sup(layer: int) -> str:
    return "⁽" + "⁰¹²³⁴⁵⁶⁷⁸⁹"[layer] + "⁾"


def test_an_output_unit_shows_its_loss_factor_and_a_cross_entropy_unit_y_minus_t():
    squared = worked_unit(record_of((2, 2, 1), ("tanh", "sigmoid"), "mse"), 2, 0, 1).markdown()
    assert "δ₁⁽²⁾ = −(t₁ − y₁) · f₂'(d₁⁽²⁾) = −(" in squared
    ce = worked_unit(record_of((2, 2, 1), ("tanh", "sigmoid"), "cross_entropy"), 2, 0, 1)
    assert "δ₁⁽²⁾ = y₁ − t₁ = " in ce.markdown() and "σ' cancels" in ce.markdown()
    assert r"\delta_{1}^{(2)} &= y_{1} - t_{1} = " in ce.latex()


def test_wide_layers_get_tables_of_terms_with_their_sums():
    record = record_of((6, 7, 2), ("tanh", "sigmoid"), n=3)
    md = worked_unit(record, 1, 2, sample=1, max_terms=5).markdown()
    tables = markdown_tables(md)
    drive_header, drive_rows = tables[0]
    assert drive_header == ["j", "w₃ⱼ⁽¹⁾", "aⱼ⁽⁰⁾", "product"] and len(drive_rows) == 5
    assert "… and 1 more term (not listed)" in md
    u = explain_unit(record, 1, 2)
    chains = markdown_chains(md)
    total = result_of(chains, "Σⱼ w₃ⱼ⁽¹⁾ aⱼ⁽⁰⁾", python_of_markdown)
    assert total == shown(float(np.sum(u.drive_terms[1])), 6)
    check_chains(chains, 6, python_of_markdown)
    wide = record_of((2, 3, 6), ("tanh", "sigmoid"), n=2)
    md = worked_unit(wide, 1, 0, sample=0).markdown()
    header, rows = markdown_tables(md)[0]
    assert header == ["k", "δₖ⁽²⁾", "wₖ₁⁽²⁾", "δₖ⁽²⁾ wₖ₁⁽²⁾"] and len(rows) == 6
    for row in rows:
        assert float(row[3]) == pytest.approx(float(row[1]) * float(row[2]), rel=3e-5)
    assert check_chains(markdown_chains(md), 6, python_of_markdown) >= 3


def test_an_input_unit_is_its_sample_value():
    record = record_of((2, 2, 1), ("sigmoid", "linear"))
    md = worked_unit(record, 0, 1, sample=2).markdown()
    assert f"a₂⁽⁰⁾ = x₂ = **{shown(record.activations[0][2, 1], 6):g}**" in md


# --- one quantity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "layer", "i", "j", "sample"),
    [("drive", 2, 1, -1, 0), ("activation", 1, 0, -1, 2), ("output_delta", 2, 0, -1, 1),
     ("hidden_delta", 1, 2, -1, 3), ("weight_gradient", 1, 1, 2, None),
     ("bias_gradient", 0, 1, -1, None), ("weight_new", 0, 2, 1, None),
     ("bias_new", 1, 0, -1, None)],
)  # fmt: skip
def test_a_quantity_page_computes_just_that_quantity(kind, layer, i, j, sample):
    record = record_of((2, 3, 2), ("sigmoid", "tanh"), n=4)
    page = worked_quantity(record, kind, layer, i, j, sample)
    md, tex = page.markdown(), page.latex()
    values = {
        "drive": lambda: record.drives[layer - 1][sample, i],
        "activation": lambda: record.activations[layer][sample, i],
        "output_delta": lambda: record.deltas[layer - 1][sample, i],
        "hidden_delta": lambda: record.deltas[layer - 1][sample, i],
        "weight_gradient": lambda: record.weight_gradients[layer][i, j],
        "bias_gradient": lambda: record.bias_gradients[layer][i],
        "weight_new": lambda: record.weights_after[layer][i, j],
        "bias_new": lambda: record.biases_after[layer][i],
    }
    chains = markdown_chains(md)
    last = float(eval(python_of_markdown(chains[-1][-1]), {"__builtins__": {}}, FUNCTIONS))
    assert last == shown(values[kind](), 6)
    check_chains(chains, 6, python_of_markdown)
    check_chains(latex_chains(tex), 6, python_of_latex)
    check_latex(page.latex(standalone=True), standalone=True)
    if kind == "drive":
        assert "δ" not in md.split("## ")[-1].split("Which numbers")[-1].replace("and δ are", "")


# --- the whole update -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loss", "biases"), [("mse", True), ("sse", False), ("cross_entropy", True)]
)
def test_the_whole_update_reproduces_every_table_from_the_one_before(loss, biases, tmp_path):
    record = record_of((2, 3, 2), ("tanh", "sigmoid"), loss, n=4, train_biases=biases)
    page = worked_update(record, digits=8)
    md = page.markdown()
    tables = markdown_tables(md)
    num = lambda row: [float(c) for c in row]  # noqa: E731
    weights = [np.array([num(r[1:]) for r in rows]) for h, rows in tables if h[-1] == "bias"]
    inputs = np.array([num(r[2:]) for r in tables[2][1]])
    assert np.array_equal(inputs, np.vectorize(lambda v: shown(v, 8))(record.activations[0]))
    forward = [np.array([num(r[2:]) for r in rows]) for h, rows in tables[3:5]]
    previous = inputs
    for layer, (block, values) in enumerate(zip(weights, forward, strict=True)):
        w, b = block[:, :-1], block[:, -1]
        n_out = w.shape[0]
        d, a = values[:, :n_out], values[:, n_out:]
        assert np.allclose(d, previous @ w.T + b, rtol=1e-6, atol=1e-7)
        f = np.tanh if layer == 0 else (lambda x: 1 / (1 + np.exp(-x)))
        assert np.allclose(a, f(d), rtol=1e-6, atol=1e-7)
        assert np.array_equal(d, np.vectorize(lambda v: shown(v, 8))(record.drives[layer]))
        previous = a
    loss_rows = np.array([num(r[2:]) for r in tables[5][1]])
    t, y, per_sample = loss_rows[:, 0:4:2], loss_rows[:, 1:4:2], loss_rows[:, 4]
    if loss == "cross_entropy":
        expected = -(t * np.log(y) + (1 - t) * np.log(1 - y)).sum(axis=1)
    else:
        expected = 0.5 * ((t - y) ** 2).sum(axis=1)
    assert np.allclose(per_sample, expected, rtol=1e-6)
    chains = markdown_chains(md)
    assert result_of(chains, "L(θ_old)", python_of_markdown) == shown(record.loss_before, 8)
    assert result_of(chains, "L(θ_new)", python_of_markdown) == shown(record.loss_after, 8)
    check_chains(chains, 8, python_of_markdown)
    updates = [rows for h, rows in tables if h[0] == "parameter"]
    assert sum(len(rows) for rows in updates) == record.parameters_before.size
    for rows in updates:
        for row in rows:
            old, g, step, new = num(row[1:])
            assert step == pytest.approx(-record.learning_rate * g, rel=1e-6, abs=1e-12) or (
                not biases and row[0].startswith("b") and step == 0
            )
            assert new == pytest.approx(old + step, rel=1e-6, abs=1e-9)
    flat = [float(c) for rows in updates for r in rows for c in r[4:5]]
    assert flat == [shown(v, 8) for v in record.parameters_after]
    assert ("kept fixed" in md) is (not biases)
    check_latex(page.latex(standalone=True), standalone=True)
    compile_if_possible(page.latex(standalone=True), tmp_path)


def test_the_whole_update_names_mazurs_parameters_and_caps_long_tables():
    record, names = mazur()
    md = worked_update(record, names=names).markdown()
    assert "Named: w1 = w₁₁⁽¹⁾, w2 = w₁₂⁽¹⁾, b1 = b₁⁽¹⁾, w3 = w₂₁⁽¹⁾" in md
    assert "full batch (the whole dataset): B = 1 sample, dataset row 1 · γ = 0.5" in md
    assert "| w5 = w₁₁⁽²⁾ | 0.4 |" in md
    big = record_of((3, 9, 2), ("tanh", "linear"), n=12)
    md = worked_update(big, max_terms=4).markdown()
    assert "… and 8 more samples (not listed)" in md
    assert "… and 5 more units (not listed)" in md
    assert "… and 32 more parameters (not listed)" in md  # 9 × (3 + 1) in layer 1
    assert "… and 16 more parameters (not listed)" in md  # 2 × (9 + 1) in layer 2


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "words"),
    [(lambda r: worked_parameter(r, "w", 2, 0, 0), "no weight into unit 1 of layer 3"),
     (lambda r: worked_parameter(r, "w", 0, 0, 5), "no weight from its unit 6"),
     (lambda r: worked_parameter(r, "x", 0, 0, 0), "weight 'w' or a bias 'b'"),
     (lambda r: worked_unit(r, 3, 0), "no unit 1 in layer 3"),
     (lambda r: worked_unit(r, 1, 0, sample=9), "no sample n = 10"),
     (lambda r: worked_parameter(r, "w", 0, 0, 0, digits=0), "from 1 to 17"),
     (lambda r: worked_parameter(r, "w", 0, 0, 0, digits=True), "whole number"),
     (lambda r: worked_update(r, max_terms=MAX_LISTED_TERMS + 1), "1 to 1,000 terms"),
     (lambda r: worked_quantity(r, "drive", 1, 0), "belongs to one sample"),
     (lambda r: worked_quantity(r, "hidden_delta", 2, 0, sample=0), "output layer"),
     (lambda r: worked_quantity(r, "speed", 1, 0), "Unknown quantity")],
)  # fmt: skip
def test_bad_requests_are_refused_with_one_sentence(call, words):
    record = record_of((2, 2, 1), ("sigmoid", "linear"))
    with pytest.raises(WorkedExampleError) as info:
        call(record)
    message = str(info.value)
    assert words in message and message.endswith(".") and "\n" not in message


def test_malformed_names_are_refused_by_the_setups_rules():
    record = record_of((2, 2, 1), ("sigmoid", "linear"))
    with pytest.raises(MlpguiError, match="index must be a whole number from 0 to 8"):
        worked_parameter(record, "w", 0, 0, 0, names={99: "far"})


def test_the_checks_catch_a_number_that_does_not_follow_from_the_others():
    record, _ = mazur()
    md = worked_parameter(record, "w", 1, 0, 0).markdown()
    tampered = md.replace("= **0.358916**", "= **0.358961**")  # w_new with two digits swapped
    assert tampered != md
    check_chains(markdown_chains(md), 6, python_of_markdown)
    with pytest.raises(AssertionError):
        check_chains(markdown_chains(tampered), 6, python_of_markdown)
    with pytest.raises(AssertionError, match="double superscript"):
        check_latex(r"$1 - a_{4}^{(1)}^2$")
