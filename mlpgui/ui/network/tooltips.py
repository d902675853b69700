"""The diagram's hover texts: every digit (Python's repr) of a weight's, bias's or unit's values
in the update shown, in the words of convention.py."""

from __future__ import annotations

from mlpgui.core import UpdateRecord
from mlpgui.core.explain import layer_values
from mlpgui.ui.selection import Selection

from . import convention
from .phases import Knowledge


def tooltip_text(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    selection: Selection,
    sample: int | None,
    current: float | None,
    name: str | None = None,
) -> str | None:
    """Full-precision values of ``selection`` in ``record`` (None: no update yet);
    ``current``: a parameter's value now; ``name``: the user's name of it."""
    if selection.kind == "unit":
        return _unit_tip(record, knowledge, selection, sample)
    label = selection.label()
    lines = [f"{name} = {label}" if name else label]
    if record is None:
        if current is not None:
            lines.append(f"now: {current!r} (no update yet)")
        return "\n".join(lines)
    k, i, j = selection.layer, selection.i, selection.j
    w = selection.kind == "w"
    step = convention.update_words(record.step)
    before = record.weights_before[k][i, j] if w else record.biases_before[k][i]
    lines.append(f"before {step}: {float(before)!r}")
    if knowledge.gradients:
        g = record.weight_gradients[k][i, j] if w else record.bias_gradients[k][i]
        lines.append(f"∂L/∂{label} in {step}: {float(g)!r}")
    if knowledge.update:
        d = record.weight_updates[k][i, j] if w else record.bias_updates[k][i]
        after = float(record.weights_after[k][i, j] if w else record.biases_after[k][i])
        lines.append(f"Δ{label} in {step}: {float(d)!r}")
        lines.append(f"after {step}: {after!r}")
        if current is not None and current != after:
            lines.append(f"now (edited since): {current!r}")
    return "\n".join(lines)


def _unit_tip(
    record: UpdateRecord | None, knowledge: Knowledge, selection: Selection, sample: int | None
) -> str:
    lines = [f"unit {selection.i + 1} of layer {selection.layer}"]
    if record is None:
        return "\n".join(lines)
    s = 0 if record.batch_size == 1 else sample
    values = layer_values(record, s)
    lines.append(
        f"forward pass at {convention.theta_before(record.step)}, "
        f"{convention.sample_words(record.batch_size, s)}"
    )
    layer, i = selection.layer, selection.i
    if knowledge.knows_activation(layer):
        if layer >= 1:
            lines.append(f"d = {values.drives[layer - 1][i]!r}")
        lines.append(f"a = {values.activations[layer][i]!r}")
    if layer >= 1 and knowledge.knows_delta(layer):
        lines.append(f"δ = {values.deltas[layer - 1][i]!r}")
    return "\n".join(lines)
