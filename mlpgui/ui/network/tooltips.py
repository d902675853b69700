"""The diagram's hover texts: every digit (Python's repr) of a weight's, bias's or unit's values
in the update shown, in the words of convention.py."""

from __future__ import annotations

from mlpgui.core import UpdateRecord
from mlpgui.core.explain import layer_values
from mlpgui.ui.selection import Selection

from . import convention
from .hiding import MARK, NOTHING, Hidden
from .phases import Knowledge


def _full(value: float) -> str:
    """Every digit (repr); a hidden value (NaN: hiding.py) as MARK."""
    return MARK if value != value else repr(float(value))


def tooltip_text(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    selection: Selection,
    sample: int | None,
    current: float | None,
    name: str | None = None,
    hidden: Hidden = NOTHING,
) -> str | None:
    """Full-precision values of ``selection`` in ``record`` (None: no update yet);
    ``current``: a parameter's value now; ``name``: the user's name of it; ``hidden``: what
    an open exercise hides (written as MARK)."""
    if selection.kind == "unit":
        return _unit_tip(record, knowledge, selection, sample, hidden)
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
    kind = selection.kind
    if knowledge.gradients:
        g = record.weight_gradients[k][i, j] if w else record.bias_gradients[k][i]
        g = MARK if hidden.parameter("grad", kind, k, i, j) else repr(float(g))
        lines.append(f"∂L/∂{label} in {step}: {g}")
    if knowledge.update:
        d = record.weight_updates[k][i, j] if w else record.bias_updates[k][i]
        after = float(record.weights_after[k][i, j] if w else record.biases_after[k][i])
        d = MARK if hidden.parameter("update", kind, k, i, j) else repr(float(d))
        shown_after = MARK if hidden.parameter("new", kind, k, i, j) else repr(after)
        lines.append(f"Δ{label} in {step}: {d}")
        lines.append(f"after {step}: {shown_after}")
        if current is not None and current != after:
            lines.append(f"now (edited since): {current!r}")
    return "\n".join(lines)


def _unit_tip(
    record: UpdateRecord | None,
    knowledge: Knowledge,
    selection: Selection,
    sample: int | None,
    hidden: Hidden,
) -> str:
    lines = [f"unit {selection.i + 1} of layer {selection.layer}"]
    if record is None:
        return "\n".join(lines)
    s = 0 if record.batch_size == 1 else sample
    values = hidden.mask_values(layer_values(record, s), s)
    lines.append(
        f"forward pass at {convention.theta_before(record.step)}, "
        f"{convention.sample_words(record.batch_size, s)}"
    )
    layer, i = selection.layer, selection.i
    if knowledge.knows_activation(layer):
        if layer >= 1:
            lines.append(f"d = {_full(values.drives[layer - 1][i])}")
        lines.append(f"a = {_full(values.activations[layer][i])}")
    if layer >= 1 and knowledge.knows_delta(layer):
        lines.append(f"δ = {_full(values.deltas[layer - 1][i])}")
    return "\n".join(lines)
