"""What the diagram shows for an update: the arrays behind edge and unit colours, their scales,
and the formatted labels (the presenter hands a ``DiagramContent`` to the scene).

Everything follows convention.py: update k *as computed* (edges w before update k by
default, units the forward pass at θ before update k). Values come from the record (or from θ
before the first update); the only arithmetic is in ``mlpgui.core.explain`` (batch means) and
the colour scales (palette.py). During a walk-through only the quantities of the phases
reached so far are filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from mlpgui.core import ParameterLayout, UpdateRecord
from mlpgui.core.explain import LayerValues, layer_values
from mlpgui.ui.formatting import format_number, plural
from mlpgui.ui.selection import Selection

from . import convention
from .hiding import MARK, NOTHING, Hidden
from .naming import unicode_name
from .overview_text import phase_title
from .palette import Scale, largest_finite, scale_for
from .phases import Knowledge, Phase, WalkState

DIAGRAM_DIGITS = 4
"""Significant digits of the numbers written in the diagram (the inspector has its own)."""

EDGE_DIGITS = 3
"""Significant digits of the values written on edges (they must stay short)."""

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

__all__ = ["DiagramContent", "DiagramOptions", "diagram_content", "unicode_name"]


def _fmt(value: float, digits: int = DIAGRAM_DIGITS) -> str:
    return format_number(value, digits)


def _fmt_hiding(value: float, digits: int = DIAGRAM_DIGITS) -> str:
    """A hidden value (NaN while an exercise is open: hiding.py) as MARK."""
    return MARK if value != value else format_number(value, digits)


def _formatter(options: DiagramOptions) -> Callable[..., str]:
    return _fmt_hiding if options.hidden else _fmt


@dataclass(frozen=True)
class DiagramOptions:
    """The user's choices: the Edges and Units boxes, the sample (None: the batch mean),
    whether numbers are written on units and edges, the pick, the parameters' names
    {index into θ: name} and what an open exercise hides."""

    edge_quantity: str = "w_before"
    unit_quantity: str = "a"
    sample: int | None = None
    unit_text: bool = True
    edge_text: bool = True
    selection: Selection | None = None
    names: dict[int, str] = field(default_factory=dict)
    unit_digits: int = DIAGRAM_DIGITS
    hidden: Hidden = NOTHING


@dataclass(frozen=True)
class DiagramContent:
    """``edges``: the edge values in the layout of θ, flat (P,), or None (not known yet);
    per layer l: ``fills[l]`` (n_l,) or None; texts are None where nothing is written;
    ``state``: the line saying which state the diagram shows; ``hidden_edges`` (P,) and
    ``hidden_units[l]`` (n_l,): True where an exercise hides the value (drawn as unknown)."""

    edges: np.ndarray | None
    edge_scale: Scale
    edge_symbol: str
    fills: list[np.ndarray | None]
    fill_scales: list[Scale]
    unit_texts: list[list[str] | None] | None
    unit_subtexts: list[list[str] | None] | None
    edge_labels: dict[tuple[int, int, int], str] | None
    selected_label: str | None
    output_texts: list[str] | None
    loss_text: str | None
    band_kind: str | None
    band_layer: int | None
    legend_caption: str
    note: str
    phase_html: str
    state: str
    hidden_edges: np.ndarray | None = None
    hidden_units: list[np.ndarray | None] | None = None

    @property
    def edges_hidden(self) -> str:
        """ "all" or "some" when an exercise hides edge values, else "" (for the legend)."""
        hidden = self.hidden_edges
        if hidden is None or not hidden.any():
            return ""
        return "all" if hidden.all() else "some"


def edge_quantity_for(phase: Phase | None, chosen: str) -> str:
    """What the edges show: the user's choice, or what the walk-through's phase reveals."""
    if phase is None:
        return chosen
    return {"gradients": "gradient", "update": "update"}.get(phase.kind, "w_before")


def diagram_content(
    *,
    record: UpdateRecord | None,
    knowledge: Knowledge,
    phase: Phase | None,
    walk_state: WalkState,
    parameters: np.ndarray,
    layer_sizes: tuple[int, ...],
    options: DiagramOptions,
    latest_step: int | None = None,
    edited: str = "",
    pending: bool = False,
) -> DiagramContent:
    """``parameters``: θ now (shown before the first update); ``pending``: ``record`` is the
    next update, not applied yet (an exercise's)."""
    hidden = options.hidden
    quantity = edge_quantity_for(phase, options.edge_quantity)
    layout = ParameterLayout(layer_sizes)
    edges = hidden.mask_flat(_edges(record, knowledge, parameters, quantity), quantity, layout)
    symbol = convention.SYMBOLS[quantity]
    units = _units(record, knowledge, phase, options, layer_sizes)
    band_kind, band_layer = _band(phase, walk_state)
    step = None if record is None else record.step
    sample = None if record is None or record.batch_size == 1 else options.sample
    walking = phase is not None and walk_state is not WalkState.DONE
    state = convention.state_line(
        record,
        quantity,
        sample,
        phase=(phase.index + 1, phase.count) if walking and phase is not None else None,
        done=walk_state is WalkState.DONE,
        latest_step=latest_step,
        edited=edited,
        pending=pending,
    )
    return DiagramContent(
        edges=edges,
        edge_scale=_edge_scale(edges, record, quantity),
        edge_symbol=symbol,
        fills=units.fills,
        fill_scales=units.fill_scales,
        unit_texts=units.texts,
        unit_subtexts=units.subtexts,
        edge_labels=_edge_labels(edges, layout, options) if options.edge_text else None,
        selected_label=_selected_label(edges, layout, options, symbol),
        output_texts=units.outputs,
        loss_text=units.loss,
        band_kind=band_kind,
        band_layer=band_layer,
        legend_caption=(
            f"edges: {convention.edge_words(quantity, step)} (width ∝ |{symbol}|) · unit fill: a"
        ),
        note=_note(record, layer_sizes, options),
        phase_html=_phase_html(record, phase, walk_state),
        state=state,
        hidden_edges=None if edges is None or not hidden else np.isnan(edges),
        hidden_units=[None if f is None or not hidden else np.isnan(f) for f in units.fills],
    )


@dataclass(frozen=True)
class _Units:
    """What the units show (DiagramContent's fields of the same meaning): per layer the fill
    values and scales and the texts, and the texts beside the outputs and of the loss."""

    fills: list[np.ndarray | None]
    fill_scales: list[Scale]
    texts: list[list[str] | None] | None = None
    subtexts: list[list[str] | None] | None = None
    outputs: list[str] | None = None
    loss: str | None = None


def _units(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    phase: Phase | None,
    options: DiagramOptions,
    layer_sizes: tuple[int, ...],
) -> _Units:
    """The units' fills and texts for ``record`` (before any update: none, and the outputs
    named y_i)."""
    n_layers = len(layer_sizes) - 1
    fills: list[np.ndarray | None] = [None] * (n_layers + 1)
    fill_scales = [Scale(1.0, 0.0)] * (n_layers + 1)
    if record is None:
        outputs = [f"y{str(i + 1).translate(_SUB)}" for i in range(layer_sizes[-1])]
        return _Units(fills, fill_scales, outputs=outputs)
    hidden = options.hidden
    sample = 0 if record.batch_size == 1 else options.sample
    values = hidden.mask_values(layer_values(record, sample), sample)
    for layer in range(n_layers + 1):
        if knowledge.knows_activation(layer):
            fills[layer] = values.activations[layer]
            fill_scales[layer] = scale_for(values.activations[layer], minimum=1.0)
    texts = subtexts = None
    if options.unit_text:
        texts = _unit_texts(values, knowledge, phase, options, n_layers)
        if phase is not None:
            subtexts = _delta_texts(values, knowledge, n_layers, options)
    outputs = [f"t{str(i + 1).translate(_SUB)} = {_fmt(t)}" for i, t in enumerate(values.targets)]
    loss = _loss_text(record, knowledge, hidden.loss(n_layers), hidden.loss_after())
    return _Units(fills, fill_scales, texts, subtexts, outputs, loss)


def _loss_text(
    record: UpdateRecord, knowledge: Knowledge, hidden: bool, after_hidden: bool = False
) -> str | None:
    """L(θ before update k) once the loss is known (MARK while an exercise hides an output),
    and L(θ after update k) once the update is (MARK while an exercise hides a new value)."""
    lines = [convention.loss_before(record)] if knowledge.loss else []
    if lines and hidden:
        lines = [f"L({convention.theta_before(record.step)}) = {MARK}"]
    if knowledge.update:
        after = f"L({convention.theta_after(record.step)}) = {MARK}"
        lines.append(after if after_hidden else convention.loss_after(record))
    return "\n".join(lines) or None


def _edges(
    record: UpdateRecord | None, knowledge: Knowledge, parameters: np.ndarray, quantity: str
) -> np.ndarray | None:
    """The values the edges show, flat in the layout of θ (None: not known yet)."""
    if record is None:
        return parameters if quantity in ("w_before", "w_after") else None
    if quantity == "w_before":
        return record.parameters_before
    if quantity == "w_after":
        return record.parameters_after if knowledge.update else None
    if quantity == "gradient":
        return record.gradient if knowledge.gradients else None
    return record.update if knowledge.update else None


def _edge_scale(edges: np.ndarray | None, record: UpdateRecord | None, quantity: str) -> Scale:
    """Weights are measured against themselves; ∂L/∂w and Δw against the weights' scale, so
    that a gradient of 1e−17 at a flat optimum is drawn as 0."""
    if edges is None:
        return Scale(1.0, 0.0)
    context = 0.0
    if record is not None and quantity in ("gradient", "update"):
        context = largest_finite(record.parameters_before)
    return scale_for(edges, context=context)


def _unit_texts(
    values: LayerValues,
    knowledge: Knowledge,
    phase: Phase | None,
    options: DiagramOptions,
    n_layers: int,
) -> list[list[str] | None]:
    quantity, digits = options.unit_quantity, options.unit_digits
    _fmt = _formatter(options)
    texts: list[list[str] | None] = []
    for layer in range(n_layers + 1):
        if not knowledge.knows_activation(layer):
            texts.append(None)
            continue
        a = values.activations[layer]
        if phase is not None or quantity == "a" or (quantity == "d" and layer == 0):
            texts.append([_fmt(v, digits) for v in a])
        elif quantity == "d":
            texts.append([_fmt(v, digits) for v in values.drives[layer - 1]])
        elif quantity == "delta" and layer >= 1:
            texts.append([_fmt(v, digits) for v in values.deltas[layer - 1]])
        else:
            texts.append(None)
    return texts


def _delta_texts(
    values: LayerValues, knowledge: Knowledge, n_layers: int, options: DiagramOptions
) -> list[list[str] | None]:
    _fmt, digits = _formatter(options), options.unit_digits
    return [
        [f"δ = {_fmt(d, digits)}" for d in values.deltas[layer - 1]]
        if layer >= 1 and knowledge.knows_delta(layer)
        else None
        for layer in range(n_layers + 1)
    ]


def _edge_labels(
    edges: np.ndarray | None, layout: ParameterLayout, options: DiagramOptions
) -> dict[tuple[int, int, int], str] | None:
    if edges is None:
        return None
    names = options.names
    _fmt = _formatter(options)
    labels = {}
    position = 0
    for k, block in enumerate(layout.blocks(edges)):
        for i in range(block.shape[0]):
            for j in range(block.shape[1]):
                key = (k, i, j if j < block.shape[1] - 1 else -1)
                value = _fmt(block[i, j], EDGE_DIGITS)
                name = names.get(position) if names else None
                labels[key] = f"{name} = {value}" if name else value
                position += 1
    return labels


def _selected_label(
    edges: np.ndarray | None, layout: ParameterLayout, options: DiagramOptions, symbol: str
) -> str | None:
    selection = options.selection
    if selection is None or selection.kind == "unit" or options.edge_text or edges is None:
        return None
    index = selection.parameter_index(layout)
    if index is None:
        return None
    name = options.names.get(index) or unicode_name(selection)
    prefix = {"∂L/∂w": "∂L/∂", "Δw": "Δ"}.get(symbol, "")
    return f"{prefix}{name} = {_formatter(options)(edges[index])}"


def _band(phase: Phase | None, walk_state: WalkState) -> tuple[str | None, int | None]:
    if phase is None or walk_state is WalkState.DONE:
        return None, None
    if phase.kind in ("forward", "delta"):
        return phase.kind, phase.layer
    if phase.kind == "loss":
        return "loss", None
    return None, None  # gradients and update concern every layer: the edges show them


def _note(record: UpdateRecord | None, layer_sizes: tuple[int, ...], o: DiagramOptions) -> str:
    if record is None:
        return (
            "Step (→) makes one update; Step phase (Ctrl+→) walks through one, phase by phase. "
            "Click an edge, a dashed bias edge or a unit to inspect it."
        )
    parts = []
    if not o.unit_text:
        parts.append("unit numbers hidden at this size (enlarge, or Ctrl+wheel)")
    edges = sum((layer_sizes[k] + 1) * layer_sizes[k + 1] for k in range(len(layer_sizes) - 1))
    if not o.edge_text and edges > 60:
        parts.append(f"{edges:,} edges: values on hover and on the picked edge")
    if not parts:
        parts.append("click: inspect · double-click an edge: edit · hover: full precision")
    return " · ".join(parts)


def hidden_labels_note(count: int) -> str:
    """The note when some edges got no value label (no free spot at this text size)."""
    return f"{plural(count, 'edge value')} not written (no room): hover or pick those edges"


def _phase_html(record: UpdateRecord | None, phase: Phase | None, state: WalkState) -> str:
    hint = "<span style='color:#656d76'> — Step phase (Ctrl+→) for the next phase</span>"
    if state is WalkState.WAITING:
        return "<b>Step phase</b> · computing the next update…"
    if record is None or phase is None:
        return ""
    if state is WalkState.DONE:
        return (
            f"<b>Update {record.step:,} applied</b> · θ<sub>new</sub> = θ<sub>old</sub> − γ ∇L; "
            "edges show Δw. Step phase (Ctrl+→) walks through the next update."
        )
    head = f"<b>Phase {phase.index + 1} of {phase.count}</b> · {phase_title(phase, record).html}"
    if state is WalkState.COMMITTING:
        return head + " <span style='color:#656d76'>— applying it…</span>"
    return head + hint
