"""What every worked-example page shares: the ``WorkedExample`` result, validated options
and indices, and the title, settings and state lines (see worked_example for the API)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import worked_additions as additions
from .layout import ParameterLayout
from .losses import loss_title
from .record import UpdateRecord
from .setup import check_parameter_names
from .worked_latex import to_latex
from .worked_markdown import prose_text, to_markdown
from .worked_page import (
    EQ,
    GAMMA,
    Num,
    Page,
    PageBuilder,
    ProsePart,
    WorkedExampleError,
    check_digits,
)
from .worked_sections import WorkedContext

DEFAULT_MAX_TERMS = 32
MAX_LISTED_TERMS = 1000
"""Longest list or table a worked example writes (it is refused before anything is built)."""

QUANTITY_KINDS = (
    "drive",
    "activation",
    "output_delta",
    "hidden_delta",
    "weight_gradient",
    "bias_gradient",
    "weight_new",
    "bias_new",
)
"""What ``worked_quantity`` (and an exercise) can be about: d_i^(l), a_i^(l), δ_i^(L),
δ_i^(l) of a hidden layer (these four for one sample, layer = the lecture's l), ∂L/∂w_ij,
∂L/∂b_i, w_new, b_new (layer = the 0-based k of W^(k+1))."""

PER_SAMPLE_KINDS = frozenset(QUANTITY_KINDS[:4])

Names = Mapping[int, str] | Iterable[tuple[int, str]] | None


@dataclass(frozen=True)
class WorkedExample:
    """A worked example, ready to render. ``title``: plain text (Unicode), e.g. for a file
    name or a window title."""

    page: Page

    @property
    def title(self) -> str:
        return self.page.title

    def markdown(self) -> str:
        """Markdown with Unicode math (w₂₁⁽¹⁾, δ, ∂L/∂w), GitHub-flavoured tables."""
        return to_markdown(self.page)

    def latex(self, standalone: bool = False) -> str:
        """LaTeX (amsmath ``align*``, ``tabular``); ``standalone``: a whole document."""
        return to_latex(self.page, standalone)


# --- options ----------------------------------------------------------------------------------


def make_context(record: UpdateRecord, digits: int, max_terms: int, names: Names) -> WorkedContext:
    """Validated options (WorkedExampleError, or NetworkError for malformed names)."""
    check_digits(digits)
    if isinstance(max_terms, bool) or not isinstance(max_terms, int):
        raise WorkedExampleError(f"max_terms must be a whole number, not {max_terms!r}.")
    if not 1 <= max_terms <= MAX_LISTED_TERMS:
        raise WorkedExampleError(
            f"A worked example lists from 1 to {MAX_LISTED_TERMS:,} terms, not {max_terms:,}."
        )
    pairs = names.items() if isinstance(names, Mapping) else (names or ())
    count = ParameterLayout(record.layer_sizes).size
    checked = dict(check_parameter_names(tuple(pairs), count))
    return WorkedContext(record, digits, max_terms, checked)


def check_parameter(record: UpdateRecord, kind: str, layer: int, i: int, j: int) -> int:
    """The index into θ of the weight or bias, or WorkedExampleError if it does not exist."""
    sizes = record.layer_sizes
    if kind not in ("w", "b"):
        raise WorkedExampleError(f"A parameter is a weight 'w' or a bias 'b', not {kind!r}.")
    if not _is_index(layer, len(sizes) - 1) or not _is_index(i, sizes[layer + 1]):
        raise WorkedExampleError(
            f"There is no {'weight' if kind == 'w' else 'bias'} into unit {_show(i)} of layer "
            f"{_show(layer, 1)} in a {'-'.join(map(str, sizes))} network."
        )
    layout = ParameterLayout(sizes)
    if kind == "b":
        return layout.index_of_bias(layer, i)
    if not _is_index(j, sizes[layer]):
        raise WorkedExampleError(
            f"Layer {layer} has {sizes[layer]} units, so there is no weight from its unit "
            f"{_show(j)}."
        )
    return layout.index_of_weight(layer, i, j)


def check_unit(record: UpdateRecord, layer: int, i: int, sample: int | None) -> None:
    """WorkedExampleError unless unit i of layer l and batch position ``sample`` exist."""
    sizes = record.layer_sizes
    if not _is_index(layer, len(sizes)) or not _is_index(i, sizes[layer]):
        raise WorkedExampleError(
            f"There is no unit {_show(i)} in layer {_show(layer, 0)} of a "
            f"{'-'.join(map(str, sizes))} network."
        )
    if sample is not None and not _is_index(sample, record.batch_size):
        raise WorkedExampleError(
            f"The update's batch has {record.batch_size:,} samples, so there is no sample "
            f"n = {_show(sample)}."
        )


def plural(count: int, noun: str) -> str:
    """ "1 sample", "1,000 samples" (as mlpgui.ui.formatting.plural; the core has no UI)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _is_index(value: object, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _show(value: object, offset: int = 1) -> str:
    """A 0-based index as the 1-based number users see (or its repr if not an int)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value + offset) if offset else str(value)
    return repr(value)


# --- page parts -------------------------------------------------------------------------------


def batch_words(record: UpdateRecord) -> str:
    """The batch and its size B (which "/ B" on the page divides by): "full batch (the whole
    dataset): B = 50 samples", "mini-batch: B = 4 samples", "online: B = 1 sample"."""
    count = record.batch_size
    kind = {"full": "full batch (the whole dataset)", "online": "online"}
    return f"{kind.get(str(record.batch_mode), 'mini-batch')}: B = {plural(count, 'sample')}"


def row_words(record: UpdateRecord, limit: int) -> str:
    """The batch's dataset rows (1-based): "dataset row 3", "dataset rows 1–50" for a run of
    consecutive rows, else the first ``limit`` of them and "…"."""
    rows = [int(r) + 1 for r in record.batch_indices]
    if len(rows) == 1:
        return f"dataset row {rows[0]:,}"
    if len(rows) > 2 and rows == list(range(rows[0], rows[0] + len(rows))):
        return f"dataset rows {rows[0]:,}–{rows[-1]:,}"
    listed = ", ".join(f"{r:,}" for r in rows[:limit])
    return f"dataset rows {listed}{', …' if len(rows) > limit else ''}"


def setting_words(record: UpdateRecord) -> str:
    return f"loss {loss_title(record.loss_name)} · {batch_words(record)} · "


def network_settings(b: PageBuilder, ctx: WorkedContext) -> None:
    """The settings of a page about the whole update: network, loss, batch with its rows,
    γ (and λ₂, λ₁, μ when on)."""
    record = ctx.record
    b.para(
        f"Network {'-'.join(map(str, record.layer_sizes))} "
        f"({', '.join(record.activation_names)}) · loss {loss_title(record.loss_name)} · "
        f"{batch_words(record)}, {row_words(record, ctx.max_terms)} · ",
        (GAMMA, EQ, Num(record.learning_rate)),
        *additions.settings_prose(record),
    )


def begin(ctx: WorkedContext, *title: ProsePart) -> PageBuilder:
    """A builder with the page's title (plain text from its Markdown rendering)."""
    b = PageBuilder(ctx.digits, title=prose_text(title, ctx.digits))
    b.heading(*title, level=1)
    return b


def settings(b: PageBuilder, ctx: WorkedContext, where: str) -> None:
    """The page's settings: loss, batch, γ (and λ₂, λ₁, μ when on)."""
    record = ctx.record
    b.para(
        where + setting_words(record),
        (GAMMA, EQ, Num(record.learning_rate)),
        *additions.settings_prose(record),
    )


def rounding_note(b: PageBuilder, ctx: WorkedContext) -> None:
    b.note(
        f"Numbers are rounded to {ctx.digits} significant digits; each result is computed "
        "from the unrounded values, so recomputing it from the numbers shown agrees to about "
        "that many digits."
    )


def state_of_update(b: PageBuilder, ctx: WorkedContext, *parts: ProsePart) -> None:
    """ "Which numbers (update k as computed): …" — the state the page's numbers are from."""
    b.para(f"Which numbers (update {ctx.record.step:,} as computed): ", *parts)
