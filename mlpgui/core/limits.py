"""The sizes mlpgui accepts, checked before anything is allocated.

Every limit is stated in the README ("Limits"). A request beyond one is refused with one
sentence naming the limit, before memory for it is allocated (a 40-layer, 4,096-unit session
file must be refused in milliseconds, not after 5 GB and 11 s).
"""

from __future__ import annotations

MAX_UNITS_PER_LAYER = 4096
"""Units of any one layer (inputs and outputs included)."""

MAX_LAYERS = 64
"""Weight layers W^(1) … W^(N) of a network."""

MAX_PARAMETERS = 20_000_000
"""Weights and biases of a network (θ of 160 MB as float64; training keeps a few copies)."""

MAX_ROWS = 5_000_000
"""Samples of a dataset."""

MAX_COLUMNS = 4096
"""Columns of a dataset (inputs and targets together)."""

MAX_CELLS = 50_000_000
"""Rows × columns of a dataset (400 MB as float64)."""

MAX_TRAINING_BYTES = 4 * 2**30
"""Working memory one training setup may imply (parameters, their copies in records and the
forward/backward buffers of one batch)."""


def parameter_count(layer_sizes: tuple[int, ...] | list[int]) -> int:
    """P = Σ_l n_l (n_{l−1} + 1): the weights and biases of a network with these sizes."""
    return sum(int(b) * (int(a) + 1) for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
