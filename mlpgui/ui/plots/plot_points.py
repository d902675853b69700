"""Which rows of a dataset a plot draws: all, or a deterministic sample beyond SAMPLE_LIMIT;
and how many lie beyond what can be drawn."""

from __future__ import annotations

import numpy as np

from mlpgui.core import Dataset
from mlpgui.core.plot_data import SAMPLE_LIMIT, sample_rows

from .ranges import beyond_limit


def beyond_count(mode: str, data: Dataset | None) -> int:
    """How many of the points drawn in ``mode`` lie beyond what plots can show."""
    if data is None or mode == "predictions":
        return 0
    if mode == "curve":
        return beyond_limit(data.inputs[:, 0], *data.targets.T)
    return beyond_limit(data.inputs[:, 0], data.inputs[:, 1])


def drawn_count(count: int) -> int:
    """How many of ``count`` rows are drawn."""
    return min(count, SAMPLE_LIMIT)


def sampled(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) of the rows drawn: all, or a deterministic sample (sample_rows)."""
    rows = sample_rows(len(data), SAMPLE_LIMIT)
    if rows is None:
        return data.inputs, data.targets
    return data.inputs[rows], data.targets[rows]
