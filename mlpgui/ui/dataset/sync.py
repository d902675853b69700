"""WorkerSync: sends the editor's data to the worker and tells its echoes from outside changes.

Every edit sends the new training set (``dataset_requested``) and, when it changed, the test
set (``test_dataset_requested``). The worker applies intents in order and answers each with a
ModelSnapshot (reason "dataset", "test set", or "setup" after ``setup_requested``). While
edits are in flight those answers describe *older* data than the editor's, so they must not
overwrite it; only a change that did not come from the editor (a preset loaded from the File
menu, a session) is adopted — and only once no edit of ours is still on its way.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import ModelSnapshot, WorkerHandle


@dataclass(frozen=True)
class _Sent:
    dataset: Dataset | None
    via_setup: bool = False


def _pop_through(queue: deque[_Sent], dataset: Dataset | None) -> bool:
    """Drop the entries up to and including the first one holding ``dataset`` (identity)."""
    for k, entry in enumerate(queue):
        if entry.dataset is dataset:
            for _ in range(k + 1):
                queue.popleft()
            return True
    return False


def _fits(dataset: Dataset | None, sizes: tuple[int, ...]) -> bool:
    return dataset is None or (dataset.input_dim, dataset.output_dim) == (sizes[0], sizes[-1])


class WorkerSync(QObject):
    """The editor's link to the worker (GUI thread).

    Signals:
        adopted(Dataset, Dataset | None): the worker's training and test sets changed from
            outside the editor (or it reported them for the first time).
    """

    adopted = Signal(object, object)

    def __init__(self, worker: WorkerHandle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._pending: deque[_Sent] = deque()
        self._pending_tests: deque[_Sent] = deque()
        self._train: Dataset | None = None  # what the worker has, or will have once it caught up
        self._test: Dataset | None = None
        self._setup: TrainingSetup | None = None
        self._requested_sizes: tuple[int, ...] | None = None

    @property
    def setup(self) -> TrainingSetup | None:
        """The network setup the worker reported last."""
        return self._setup

    @property
    def in_flight(self) -> int:
        """How many sent datasets the worker has not confirmed yet."""
        return len(self._pending) + len(self._pending_tests)

    def layer_sizes(self) -> tuple[int, ...] | None:
        """(n_0, …, n_L) of the network the worker has once it handled what was sent."""
        if self._requested_sizes is not None and any(e.via_setup for e in self._pending):
            return self._requested_sizes
        return None if self._setup is None else self._setup.layer_sizes

    def adapted_sizes(self, dataset: Dataset) -> tuple[int, ...] | None:
        """The layer sizes with the input and output layer fitted to ``dataset``; None if they
        already fit (or no network is known yet)."""
        sizes = self.layer_sizes()
        if sizes is None or _fits(dataset, sizes):
            return None
        return (dataset.input_dim, *sizes[1:-1], dataset.output_dim)

    def send(self, train: Dataset, test: Dataset | None) -> None:
        """Make the worker train on ``train`` and test on ``test``. When their widths do not
        fit the network, its input and output layers are adapted (which re-initialises it);
        ask the user before editing data that way."""
        force_test = False
        if train is not self._train:
            sizes = self.adapted_sizes(train)
            self._train = train
            if sizes is not None and self._setup is not None:
                self._requested_sizes = sizes
                self._pending.append(_Sent(train, via_setup=True))
                self._worker.setup_requested.emit(self._setup.replace(layer_sizes=sizes), train)
                force_test = True  # the worker drops a test set that no longer fits
            else:
                self._pending.append(_Sent(train))
                self._worker.dataset_requested.emit(train)
        if force_test or test is not self._test:
            self._test = test
            self._pending_tests.append(_Sent(test))
            self._worker.test_dataset_requested.emit(test)

    @Slot(object)
    def on_model(self, snapshot: ModelSnapshot) -> None:
        """Handle the worker's report of its network and data (window.model_changed)."""
        self._setup = snapshot.setup
        if snapshot.reason in ("dataset", "setup"):
            _pop_through(self._pending, snapshot.dataset)
        if snapshot.reason == "test set":
            _pop_through(self._pending_tests, snapshot.test_dataset)
        if snapshot.reason in ("setup", "start"):
            self._drop_unfitting(snapshot.setup.layer_sizes)
        if self._pending or self._pending_tests:
            return  # newer edits are on their way; this report is already out of date
        self._requested_sizes = None
        if snapshot.dataset is self._train and snapshot.test_dataset is self._test:
            return
        self._train, self._test = snapshot.dataset, snapshot.test_dataset
        self.adopted.emit(snapshot.dataset, snapshot.test_dataset)

    def _drop_unfitting(self, sizes: tuple[int, ...]) -> None:
        """After an outside change of the network, forget sent datasets that the worker must
        have refused because they no longer fit it (unless an adaptation of ours precedes)."""
        if any(e.via_setup for e in self._pending):
            return
        for queue in (self._pending, self._pending_tests):
            kept = [e for e in queue if _fits(e.dataset, sizes)]
            if len(kept) != len(queue):
                queue.clear()
                queue.extend(kept)
