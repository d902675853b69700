"""EditorData: what the dataset editor edits — every row, and which rows are for testing.

Immutable like the core's Dataset: every edit makes a new EditorData (the undo stack keeps the
old one). No Qt here. The worker trains on ``train`` and reports the loss on ``test``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike

from mlpgui.core import Dataset
from mlpgui.core.dataset import count_test_rows, split_mask

SPLIT_SEED = 0
"""Seeds the random choice of test rows when the split ratio is set."""


def _frozen(mask: np.ndarray) -> np.ndarray:
    mask = np.array(mask, dtype=bool)
    mask.flags.writeable = False
    return mask


@dataclass(frozen=True, eq=False)
class EditorData:
    """All N rows of the edited dataset and the split.

    Attributes:
        dataset: every row (training and test rows), in table order.
        test_rows: (N,) bool, read-only; True marks a test row (drawn hollow, not trained on).
        test_fraction: the split ratio in [0, 1) that rows added later are assigned by.
    """

    dataset: Dataset
    test_rows: np.ndarray
    test_fraction: float = 0.0

    @classmethod
    def split(cls, dataset: Dataset, test_fraction: float = 0.0) -> EditorData:
        """``dataset`` with a seeded random ``test_fraction`` of its rows for testing."""
        mask = split_mask(len(dataset), test_fraction, SPLIT_SEED)
        return cls(dataset, _frozen(mask), float(test_fraction))

    @classmethod
    def combined(cls, train: Dataset, test: Dataset | None) -> EditorData:
        """The rows of ``train`` followed by those of ``test`` (marked as test rows)."""
        if test is None or len(test) == 0:
            return cls(train, _frozen(np.zeros(len(train), bool)), 0.0)
        dataset = train.with_rows_added(test.inputs, test.targets)
        mask = np.concatenate([np.zeros(len(train), bool), np.ones(len(test), bool)])
        return cls(dataset, _frozen(mask), len(test) / len(dataset))

    # --- what the worker gets -----------------------------------------------------------------

    @cached_property
    def train(self) -> Dataset:
        """The training rows (the dataset itself when there is no test row)."""
        if not self.test_rows.any():
            return self.dataset
        return self.dataset.subset(np.flatnonzero(~self.test_rows))

    @cached_property
    def test(self) -> Dataset | None:
        """The test rows, or None when there are none."""
        if not self.test_rows.any():
            return None
        return self.dataset.subset(np.flatnonzero(self.test_rows))

    def __len__(self) -> int:
        return len(self.dataset)

    # --- edits (each returns a new EditorData) ------------------------------------------------

    def with_rows_added(
        self, inputs: ArrayLike, targets: ArrayLike, at: int | None = None
    ) -> EditorData:
        """k rows inserted before row ``at`` (None: appended). Each new row becomes a test row
        when the split would otherwise have too few of them."""
        dataset = self.dataset.with_rows_added(inputs, targets, at)
        added = len(dataset) - len(self.dataset)
        position = len(self.dataset) if at is None else at
        new = np.zeros(added, bool)
        tests = int(self.test_rows.sum())
        for k in range(added):
            if count_test_rows(len(self.dataset) + k + 1, self.test_fraction) > tests:
                new[k] = True
                tests += 1
        mask = np.concatenate([self.test_rows[:position], new, self.test_rows[position:]])
        return EditorData(dataset, _frozen(mask), self.test_fraction)

    def without_rows(self, rows: ArrayLike) -> EditorData:
        dataset = self.dataset.without_rows(rows)
        keep = np.ones(len(self.dataset), bool)
        keep[np.asarray(rows, dtype=np.intp)] = False
        return EditorData(dataset, _frozen(self.test_rows[keep]), self.test_fraction)

    def with_row(self, row: int, inputs: ArrayLike, targets: ArrayLike) -> EditorData:
        return EditorData(self.dataset.with_row(row, inputs, targets), self.test_rows,
                          self.test_fraction)  # fmt: skip

    def with_cell(self, row: int, column: int, value: float) -> EditorData:
        """Row ``row``'s value in table column ``column`` (inputs first, then targets)."""
        x = self.dataset.inputs[row].copy()
        t = self.dataset.targets[row].copy()
        if column < len(x):
            x[column] = value
        else:
            t[column - len(x)] = value
        return self.with_row(row, x, t)

    def with_test_rows(self, rows: ArrayLike, test: bool) -> EditorData:
        """Rows moved to the test part (``test``) or to the training part."""
        mask = self.test_rows.copy()
        mask[np.asarray(rows, dtype=np.intp)] = test
        return EditorData(self.dataset, _frozen(mask), self.test_fraction)

    def with_split(self, test_fraction: float) -> EditorData:
        """A fresh seeded random split with ``test_fraction`` of the rows for testing."""
        return EditorData.split(self.dataset, test_fraction)

    def replaced(self, dataset: Dataset) -> EditorData:
        """Other data (a preset, a file), split with the same ratio."""
        return EditorData.split(dataset, self.test_fraction)

    def cleared(self) -> EditorData:
        """No rows at all: a blank canvas with the same columns (and no name)."""
        d = self.dataset
        empty = Dataset(np.empty((0, d.input_dim)), np.empty((0, d.output_dim)), None,
                        d.input_names, d.target_names)  # fmt: skip
        return EditorData(empty, _frozen(np.zeros(0, bool)), self.test_fraction)
