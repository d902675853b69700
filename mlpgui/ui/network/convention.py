"""The one convention for "the update shown", in the words every panel of this package uses.

The diagram, its tooltips, the inspector and the phase walk-through show update k *as
computed*: the edges' weights are θ before update k (the values the update started from),
the units show the forward pass at that θ (d, a), and δ and the gradients are the ones
computed there. Δw and θ after update k are shown only as what they are (the Edges box's
"Δw" and "w after update k"), never mixed with the forward pass. Before the first update the
diagram shows the weights now. Edits always change the weights now, which the next update
starts from.
"""

from __future__ import annotations

from mlpgui.core import UpdateRecord
from mlpgui.ui.formatting import format_count, format_number, plural

EDGE_QUANTITIES = ("w_before", "gradient", "update", "w_after")
"""What the edges can show, in the Edges box's order (the first is the default)."""

SYMBOLS = {"w_before": "w", "gradient": "∂L/∂w", "update": "Δw", "w_after": "w"}

NO_UPDATE = "Weights now (no update yet)"


def update_words(step: int) -> str:
    return f"update {format_count(step)}"


def theta_before(step: int) -> str:
    """ "θ before update 1"."""
    return f"θ before {update_words(step)}"


def theta_after(step: int) -> str:
    return f"θ after {update_words(step)}"


def edge_words(quantity: str, step: int | None) -> str:
    """What the edges show, e.g. "w before update 1" or "Δw of update 1" ("w now" when no
    update has been made)."""
    if step is None:
        return "w now"
    n = update_words(step)
    return {
        "w_before": f"w before {n}",
        "gradient": f"∂L/∂w of {n}",
        "update": f"Δw of {n}",
        "w_after": f"w after {n}",
    }[quantity]


def loss_before(record: UpdateRecord, digits: int = 6) -> str:
    """ "L(θ before update 1) = 0.0416514": the loss of the update's batch at θ_old."""
    return f"L({theta_before(record.step)}) = {format_number(record.loss_before, digits)}"


def loss_after(record: UpdateRecord, digits: int = 6) -> str:
    """ "L(θ after update 1) = 0.0355923": the same batch's loss at θ_new."""
    return f"L({theta_after(record.step)}) = {format_number(record.loss_after, digits)}"


def batch_mean_words(batch_size: int) -> str:
    """ "mean over the batch of 4 samples"."""
    return f"mean over the batch of {plural(batch_size, 'sample')}"


def sample_words(batch_size: int, sample: int | None) -> str:
    """Which sample the units show: "sample n = 3", the batch mean, or the only sample."""
    if batch_size == 1:
        return "the batch's one sample"
    if sample is None:
        return batch_mean_words(batch_size)
    return f"sample n = {sample + 1}"


def state_line(
    record: UpdateRecord | None,
    quantity: str,
    sample: int | None,
    *,
    phase: tuple[int, int] | None = None,
    done: bool = False,
    latest_step: int | None = None,
    edited: str = "",
    pending: bool = False,
) -> str:
    """The diagram's always-visible line saying what it shows, e.g. "Update 1 as computed ·
    edges: w before update 1 · units: forward pass at θ before update 1 · sample n = 3".

    ``phase``: (p, count) during a walk-through (1-based p); ``done``: the walk-through's
    update was just applied; ``latest_step``: the newest update (to mark a past one);
    ``edited``: the parameters edited since, e.g. "w₁₁⁽²⁾ = 2.5"; ``pending``: the record
    is the next update, computed but not applied (an exercise is about it).
    """
    if record is None:
        return NO_UPDATE + (f" · edited: {edited}" if edited else "")
    k = record.step
    if phase is not None:
        head = f"Update {format_count(k)}, phase {phase[0]} of {phase[1]} (not applied yet)"
    elif done:
        head = f"Update {format_count(k)} applied"
    elif pending:
        head = f"Update {format_count(k)}, the next one (exercise; not applied yet)"
    else:
        head = f"Update {format_count(k)} as computed"
    units = f"units: forward pass at {theta_before(k)}" + (" (so far)" if phase else "")
    parts = [head, f"edges: {edge_words(quantity, k)}", units]
    parts.append(sample_words(record.batch_size, sample))
    if latest_step is not None and latest_step > k:
        parts.append(f"a past update (latest: {format_count(latest_step)})")
    line = " · ".join(parts)
    if edited:
        line += f" — edited since: {edited} now (the next update starts from it)"
    return line
