"""What the diagram shows for an update: the arrays behind edge and unit colours, and the
formatted labels (the presenter hands a ``DiagramContent`` to the scene).

Values come from the record (or from θ before the first update); the only arithmetic is in
``mlpgui.core.explain`` (batch means). During a walk-through only the quantities of the phases
reached so far are filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlpgui.core import ParameterLayout, UpdateRecord
from mlpgui.core.explain import layer_values
from mlpgui.ui.formatting import format_number
from mlpgui.ui.selection import Selection

from .overview_text import phase_title
from .palette import scale_of
from .phases import Knowledge, Phase, WalkState

DIAGRAM_DIGITS = 4
"""Significant digits of the numbers written in the diagram (the inspector has its own)."""

QUANTITY_NAMES = {"w": "w", "gradient": "∂L/∂w", "update": "Δw"}

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def unicode_name(selection: Selection) -> str:
    """w₂₁⁽¹⁾, b₁⁽²⁾ (1-based, as in the lecture)."""
    layer = f"({selection.layer + 1})".translate(_SUP)
    if selection.kind == "w":
        return f"w{f'{selection.i + 1}{selection.j + 1}'.translate(_SUB)}{layer}"
    return f"b{str(selection.i + 1).translate(_SUB)}{layer}"


EDGE_DIGITS = 3
"""Significant digits of the values written on edges (they must stay short)."""


def _fmt(value: float, digits: int = DIAGRAM_DIGITS) -> str:
    return format_number(value, digits)


@dataclass(frozen=True)
class DiagramContent:
    """``edges``: the edge values in the layout of θ, flat (P,), or None (not known yet);
    per layer l: ``fills[l]`` (n_l,) or None; texts are None where nothing is written."""

    edges: np.ndarray | None
    edge_scale: float
    fills: list[np.ndarray | None]
    fill_scales: list[float]
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


def edge_quantity_for(phase: Phase | None, chosen: str) -> str:
    """What the edges show: the user's choice, or what the walk-through's phase reveals."""
    if phase is None:
        return chosen
    return {"gradients": "gradient", "update": "update"}.get(phase.kind, "w")


def diagram_content(
    *,
    record: UpdateRecord | None,
    knowledge: Knowledge,
    phase: Phase | None,
    walk_state: WalkState,
    parameters: np.ndarray,
    layer_sizes: tuple[int, ...],
    edge_quantity: str,
    unit_quantity: str,
    sample: int | None,
    unit_text: bool,
    edge_text: bool,
    selection: Selection | None,
) -> DiagramContent:
    n_layers = len(layer_sizes) - 1
    quantity = edge_quantity_for(phase, edge_quantity)
    edges = _edges(record, knowledge, phase, parameters, quantity)
    edge_scale = 1.0 if edges is None else scale_of(edges)
    layout = ParameterLayout(layer_sizes)
    fills: list[np.ndarray | None] = [None] * (n_layers + 1)
    fill_scales = [1.0] * (n_layers + 1)
    texts: list[list[str] | None] | None = None
    subtexts: list[list[str] | None] | None = None
    outputs = loss = None
    if record is not None:
        values = layer_values(record, 0 if record.batch_size == 1 else sample)
        for layer in range(n_layers + 1):
            if knowledge.knows_activation(layer):
                fills[layer] = values.activations[layer]
                fill_scales[layer] = max(1.0, scale_of(values.activations[layer]))
        if unit_text:
            texts = _unit_texts(values, knowledge, phase, unit_quantity, n_layers)
            if phase is not None:
                subtexts = [
                    [f"δ = {_fmt(d)}" for d in values.deltas[layer - 1]]
                    if layer >= 1 and knowledge.knows_delta(layer)
                    else None
                    for layer in range(n_layers + 1)
                ]
        outputs = [
            f"t{str(i + 1).translate(_SUB)} = {_fmt(t)}" for i, t in enumerate(values.targets)
        ]
        if knowledge.loss:
            loss = f"L = {format_number(record.loss_before, 6)}"
    else:
        outputs = [f"y{str(i + 1).translate(_SUB)}" for i in range(layer_sizes[-1])]
    labels = None
    if edge_text and edges is not None:
        labels = {}
        for k, block in enumerate(layout.blocks(edges)):
            w, b = block[:, :-1], block[:, -1]
            for i in range(w.shape[0]):
                labels[(k, i, -1)] = _fmt(b[i], EDGE_DIGITS)
                for j in range(w.shape[1]):
                    labels[(k, i, j)] = _fmt(w[i, j], EDGE_DIGITS)
    selected = None
    if selection is not None and selection.kind != "unit" and not edge_text and edges is not None:
        index = selection.parameter_index(layout)
        if index is not None:
            value = edges[index]
            prefix = {"gradient": "∂L/∂", "update": "Δ"}.get(quantity, "")
            selected = f"{prefix}{unicode_name(selection)} = {_fmt(value)}"
    band_kind, band_layer = _band(phase, walk_state)
    name = QUANTITY_NAMES[quantity]
    caption = f"edges: {name} (width ∝ |{name}|) · unit fill: a"
    return DiagramContent(
        edges=edges,
        edge_scale=edge_scale,
        fills=fills,
        fill_scales=fill_scales,
        unit_texts=texts,
        unit_subtexts=subtexts,
        edge_labels=labels,
        selected_label=selected,
        output_texts=outputs,
        loss_text=loss,
        band_kind=band_kind,
        band_layer=band_layer,
        legend_caption=caption,
        note=_note(record, layer_sizes, unit_text, edge_text),
        phase_html=_phase_html(record, phase, walk_state),
    )


def _edges(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    phase: Phase | None,
    parameters: np.ndarray,
    quantity: str,
) -> np.ndarray | None:
    """The values the edges show, flat in the layout of θ (None: not known yet)."""
    if quantity == "w":
        if phase is not None and record is not None:
            return record.parameters_after if knowledge.update else record.parameters_before
        return parameters
    if record is None:
        return None
    if quantity == "gradient" and knowledge.gradients:
        return record.gradient
    if quantity == "update" and knowledge.update:
        return record.update
    return None


def _unit_texts(
    values, knowledge: Knowledge, phase: Phase | None, quantity: str, n_layers: int
) -> list[list[str] | None]:
    texts: list[list[str] | None] = []
    for layer in range(n_layers + 1):
        if not knowledge.knows_activation(layer):
            texts.append(None)
            continue
        a = values.activations[layer]
        if phase is not None or quantity == "a" or (quantity == "d" and layer == 0):
            texts.append([_fmt(v) for v in a])
        elif quantity == "d":
            texts.append([_fmt(v) for v in values.drives[layer - 1]])
        elif quantity == "delta" and layer >= 1:
            texts.append([_fmt(v) for v in values.deltas[layer - 1]])
        else:
            texts.append(None)
    return texts


def _band(phase: Phase | None, walk_state: WalkState) -> tuple[str | None, int | None]:
    if phase is None or walk_state is WalkState.DONE:
        return None, None
    if phase.kind in ("forward", "delta"):
        return phase.kind, phase.layer
    if phase.kind == "loss":
        return "loss", None
    return None, None  # gradients and update concern every layer: the edges show them


def _note(
    record: UpdateRecord | None, layer_sizes: tuple[int, ...], unit_text: bool, edge_text: bool
) -> str:
    if record is None:
        return (
            "Step (→) makes one update; Step phase (Ctrl+→) walks through one, phase by phase. "
            "Click an edge, a dashed bias edge or a unit to inspect it."
        )
    parts = []
    if not unit_text:
        parts.append("unit numbers hidden at this size (enlarge, or Ctrl+wheel)")
    edges = sum((layer_sizes[k] + 1) * layer_sizes[k + 1] for k in range(len(layer_sizes) - 1))
    if not edge_text and edges > 60:
        parts.append(f"{edges:,} edges: values on hover and on the picked edge")
    if not parts:
        parts.append("click: inspect · double-click an edge: edit · hover: full precision")
    return " · ".join(parts)


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


def tooltip_text(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    selection: Selection,
    sample: int | None,
    current: float | None,
) -> str | None:
    """Full-precision values (repr) of a weight, bias or unit, for hovering."""
    lines: list[str] = []
    if selection.kind == "unit":
        lines.append(f"unit {selection.i + 1} of layer {selection.layer}")
        if record is not None:
            s = 0 if record.batch_size == 1 else sample
            values = layer_values(record, s)
            where = "batch mean" if s is None else f"sample n = {s + 1}"
            layer, i = selection.layer, selection.i
            if knowledge.knows_activation(layer):
                if layer >= 1:
                    lines.append(f"d = {values.drives[layer - 1][i]!r}")
                lines.append(f"a = {values.activations[layer][i]!r}")
            if layer >= 1 and knowledge.knows_delta(layer):
                lines.append(f"δ = {values.deltas[layer - 1][i]!r}")
            lines.append(f"({where})")
        return "\n".join(lines)
    name = selection.label()
    if current is not None:
        lines.append(f"{name} = {current!r}")
    if record is not None:
        k, i = selection.layer, selection.i
        w = selection.kind == "w"
        before = record.weights_before[k][i, selection.j] if w else record.biases_before[k][i]
        lines.append(f"before update {record.step}: {float(before)!r}")
        if knowledge.gradients:
            g = record.weight_gradients[k][i, selection.j] if w else record.bias_gradients[k][i]
            lines.append(f"∂L/∂{name} = {float(g)!r}")
        if knowledge.update:
            d = record.weight_updates[k][i, selection.j] if w else record.bias_updates[k][i]
            after = record.weights_after[k][i, selection.j] if w else record.biases_after[k][i]
            lines.append(f"Δ{name} = {float(d)!r}")
            lines.append(f"after: {float(after)!r}")
    return "\n".join(lines) if lines else None
