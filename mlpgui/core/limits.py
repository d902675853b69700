"""The sizes mlpgui accepts, checked before anything is allocated.

Every limit is stated in the README ("Limits"). A request beyond one is refused with one
sentence naming the limit, before memory for it is allocated (a 40-layer, 4,096-unit session
file must be refused in milliseconds, not after 5 GB and 11 s).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

MAX_UNITS_PER_LAYER = 4096
"""Units of any one layer (inputs and outputs included)."""

MAX_LAYERS = 64
"""Weight layers W^(1) … W^(N) of a network."""

MAX_PARAMETERS = 10_000_000
"""Weights and biases of a network (θ of 80 MB as float64; training keeps PARAMETER_COPIES
copies, about 2.2 GB at this limit)."""

MAX_ROWS = 5_000_000
"""Samples of a dataset."""

MAX_COLUMNS = 4096
"""Columns of a dataset (inputs and targets together)."""

MAX_CELLS = 50_000_000
"""Rows × columns of a dataset (400 MB as float64)."""

MAX_TRAINING_BYTES = 4 * 2**30
"""Working memory one training setup may imply (parameters, their copies in records and the
forward/backward buffers of one batch)."""

MAX_SEED = 2**64 - 1
"""Largest network seed (seeds are whole numbers 0 … 2⁶⁴ − 1)."""

MAX_UPDATES = 10**15
"""Largest update (step) number a run or a session file may reach."""

DEFAULT_HISTORY_BYTES = 50 * 2**20
"""A history's memory budget unless told otherwise."""

MIN_HISTORY_BYTES = 4 * 2**10
MAX_HISTORY_BYTES = 2**30
"""Range of a history's memory budget (``budget_bytes`` in session files)."""

MAX_SESSION_BYTES = 2 * 2**30
"""Largest session file that is opened (larger files are refused before reading)."""

PARAMETER_COPIES = 28
"""θ-sized arrays a training run keeps (measured): the network; the trainer's update, −γ and
bias-mask vectors; θ before/after, Δθ and the gradient of the latest record and of a record
recomputed from the history; the gradient and B-vector of each pass's workspace; the history's
initial θ and its replaying network, trainer and workspace."""

PASS_COPIES = 4
"""Forward/backward buffers of a whole pass that exist at once: the trainer's, a record's
snapshot, a loss evaluation over the whole dataset, and the history's replaying trainer."""


def parameter_count(layer_sizes: Sequence[int]) -> int:
    """P = Σ_l n_l (n_{l−1} + 1): the weights and biases of a network with these sizes."""
    return sum(int(b) * (int(a) + 1) for a, b in pairwise(layer_sizes))


def architecture(layer_sizes: Sequence[int]) -> str:
    """ "2-8-1" — shortened to "2-8-8-…-1 (40 layers)" for long networks."""
    sizes = [str(int(n)) for n in layer_sizes]
    if len(sizes) <= 8:
        return "-".join(sizes)
    return f"{'-'.join(sizes[:3])}-…-{sizes[-1]} ({len(sizes) - 1} layers)"


def network_problem(layer_sizes: Sequence[int]) -> str | None:
    """Why a network with these (whole, positive) layer sizes is beyond the limits, or None.

    Cheap: looks at the sizes only, allocates nothing.
    """
    n_layers = len(layer_sizes) - 1
    if n_layers > MAX_LAYERS:
        return f"A network may have at most {MAX_LAYERS} weight layers; this one has {n_layers:,}."
    for k, n in enumerate(layer_sizes):
        if n > MAX_UNITS_PER_LAYER:
            return f"A layer may have at most {MAX_UNITS_PER_LAYER:,} units; layer {k} has {n:,}."
    count = parameter_count(layer_sizes)
    if count > MAX_PARAMETERS:
        return (
            f"A {architecture(layer_sizes)} network would have {count:,} weights and biases; "
            f"mlpgui allows at most {MAX_PARAMETERS:,}."
        )
    return None


def training_bytes(
    layer_sizes: Sequence[int], rows: int, history_bytes: int = DEFAULT_HISTORY_BYTES
) -> int:
    """An honest estimate of the memory training this network on ``rows`` samples needs.

    θ-sized arrays (PARAMETER_COPIES of P), PASS_COPIES passes over a whole batch of ``rows``
    samples (each with the gradient, B as a vector, and per sample the drives, activations,
    deltas, errors, scratch and inputs), the dataset twice (as given and as the trainer's
    column copy), and twice the history's budget (its arrays grow by copying). A full batch is
    assumed, since the loss is evaluated over all samples anyway.
    """
    sizes = [int(n) for n in layer_sizes]
    count = parameter_count(sizes)
    units = sum(sizes[1:])
    per_sample = 4 * units + (len(sizes) - 2) + 3 * sizes[-1] + sizes[0] + 1
    one_pass = 2 * count + int(rows) * per_sample
    dataset = 2 * int(rows) * (sizes[0] + sizes[-1] + 1)
    history = 2 * max(0, int(history_bytes))
    return 8 * (PARAMETER_COPIES * count + PASS_COPIES * one_pass + dataset) + history


def training_problem(layer_sizes: Sequence[int], rows: int) -> str | None:
    """Why training this network on ``rows`` samples would exceed MAX_TRAINING_BYTES, or None."""
    need = training_bytes(layer_sizes, rows)
    if need <= MAX_TRAINING_BYTES:
        return None
    return (
        f"Training a {architecture(layer_sizes)} network on {rows:,} samples would need about "
        f"{format_bytes(need)} of memory; mlpgui allows {format_bytes(MAX_TRAINING_BYTES)} "
        "(use fewer units, fewer layers or fewer samples)."
    )


def format_bytes(n: int) -> str:
    """1536 → "1.5 KB", 5.3e9 → "4.9 GB" (binary units, one decimal)."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover (the loop always returns)
