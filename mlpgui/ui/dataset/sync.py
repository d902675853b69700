"""WorkerSync: sends the editor's data to the worker and tells its echoes from outside changes.

Every edit sends the new training set (``ReplaceDataset``) and, when it changed, the test set
(``SetTestDataset``). The worker applies intents in order and answers each with a
ModelSnapshot (reason DATASET, TEST_SET, or SETUP after ``ReplaceSetup``). While
edits are in flight those answers describe *older* data than the editor's, so they must not
overwrite it; only a change that did not come from the editor (a preset loaded from the File
menu, a session) is adopted — and only once no edit of ours is still on its way.

The worker may refuse data (too large for its memory budget, a network it cannot build): it
then reports an error and no snapshot. On an error while edits are in flight, the sync asks the
worker for a snapshot (``RequestSnapshot``); intents are handled in order, so when that
snapshot arrives every edit sent before it was either confirmed or refused. If the worker's
data then differ from the editor's, ``refused`` tells the editor to roll back to what the
worker has: the two never disagree silently.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from mlpgui.core import Dataset
from mlpgui.core.features import Feature
from mlpgui.core.setup import TrainingSetup
from mlpgui.worker import (
    Errored,
    ModelChange,
    ModelSnapshot,
    ReplaceDataset,
    ReplaceSetup,
    RequestSnapshot,
    SetTestDataset,
)

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


@dataclass(frozen=True)
class _Sent:
    dataset: Dataset | None
    via_setup: bool = False
    serial: int = 0  # the how-manieth intent of ours this was


def _pop_through(queue: deque[_Sent], dataset: Dataset | None) -> bool:
    """Drop the entries up to and including the first one holding ``dataset`` (identity)."""
    for k, entry in enumerate(queue):
        if entry.dataset is dataset:
            for _ in range(k + 1):
                queue.popleft()
            return True
    return False


def _fits(dataset: Dataset | None, sizes: tuple[int, ...], derived: int = 0) -> bool:
    """True if ``dataset`` fits a network of ``sizes`` whose input layer has ``derived``
    input features after the raw columns (None always fits)."""
    if dataset is None:
        return True
    return (dataset.input_dim + derived, dataset.output_dim) == (sizes[0], sizes[-1])


class WorkerSync(QObject):
    """The editor's link to the worker (GUI thread).

    Signals:
        adopted(Dataset, Dataset | None): the worker's training and test sets changed from
            outside the editor (or it reported them for the first time).
        refused(Dataset, Dataset | None): the worker refused data the editor sent; these are
            the training and test sets it kept (the worker's error message says why).
        error_reported(str): a sentence for the user (see guard.py).
    """

    adopted = Signal(object, object)
    refused = Signal(object, object)
    error_reported = Signal(str)

    def __init__(self, host: FeatureHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._send = host.send
        self._pending: deque[_Sent] = deque()
        self._pending_tests: deque[_Sent] = deque()
        self._train: Dataset | None = None  # what the worker has, or will have once it caught up
        self._test: Dataset | None = None
        self._setup: TrainingSetup | None = None
        self._requested_sizes: tuple[int, ...] | None = None
        self._requested_features: tuple[Feature, ...] = ()
        self._serial = 0  # intents sent so far
        self._checks: deque[int] = deque()  # serials covered by snapshots asked for
        host.worker.errored.connect(self.on_error)

    def report_error(self, text: str) -> None:
        self.error_reported.emit(text)

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

    def _input_features(self) -> tuple[Feature, ...]:
        """The input features of the network ``layer_sizes`` describes."""
        if self._requested_sizes is not None and any(e.via_setup for e in self._pending):
            return self._requested_features
        return () if self._setup is None else self._setup.input_features

    def _kept_features(self, dataset: Dataset) -> tuple[Feature, ...]:
        """The input features a network adapted to ``dataset`` keeps: all of them if the raw
        input columns are as many as before, else none (they would name other columns)."""
        sizes, features = self.layer_sizes(), self._input_features()
        if sizes is None or dataset.input_dim != sizes[0] - len(features):
            return ()
        return features

    def adapted_sizes(self, dataset: Dataset) -> tuple[int, ...] | None:
        """The layer sizes with the input and output layer fitted to ``dataset`` (its raw
        columns, plus the input features, see ``_kept_features``); None if they already fit
        (or no network is known yet)."""
        sizes = self.layer_sizes()
        if sizes is None or _fits(dataset, sizes, len(self._input_features())):
            return None
        derived = len(self._kept_features(dataset))
        return (dataset.input_dim + derived, *sizes[1:-1], dataset.output_dim)

    def send(self, train: Dataset, test: Dataset | None) -> None:
        """Make the worker train on ``train`` and test on ``test``. When their widths do not
        fit the network, its input and output layers are adapted (which re-initialises it);
        ask the user before editing data that way.

        All or nothing: everything that can fail (building the adapted setup) happens before
        anything is recorded or sent."""
        setup: TrainingSetup | None = None
        sizes = None
        if train is not self._train:
            sizes = self.adapted_sizes(train)
            if sizes is not None and self._setup is not None:
                features = self._kept_features(train)
                setup = self._setup.replace(layer_sizes=sizes, input_features=features)
        force_test = setup is not None  # the worker drops a test set that no longer fits
        if train is not self._train:
            self._train = train
            self._serial += 1
            if setup is not None:
                self._requested_sizes, self._requested_features = sizes, setup.input_features
                self._pending.append(_Sent(train, via_setup=True, serial=self._serial))
                self._send(ReplaceSetup(setup, train))
            else:
                self._pending.append(_Sent(train, serial=self._serial))
                self._send(ReplaceDataset(train))
        if force_test or test is not self._test:
            self._test = test
            self._serial += 1
            self._pending_tests.append(_Sent(test, serial=self._serial))
            self._send(SetTestDataset(test))

    @Slot(object)
    def on_error(self, _: Errored) -> None:
        """An error from the worker while data of ours are on their way may be its refusal of
        them: ask for a snapshot, which arrives after every intent sent so far was handled."""
        if self.in_flight and (not self._checks or self._checks[-1] != self._serial):
            self._checks.append(self._serial)
            self._send(RequestSnapshot())

    @Slot(object)
    def on_model(self, snapshot: ModelSnapshot) -> None:
        """Handle the worker's report of its network and data (store.model_changed)."""
        self._setup = snapshot.setup
        reason = snapshot.reason
        if reason in (ModelChange.DATASET, ModelChange.SETUP):
            _pop_through(self._pending, snapshot.dataset)
        if reason is ModelChange.TEST_SET:
            _pop_through(self._pending_tests, snapshot.test_dataset)
        if reason in (ModelChange.SETUP, ModelChange.START):
            self._drop_unfitting(snapshot.setup)
        refused = False
        if reason is ModelChange.REQUEST and self._checks:
            refused = self._drop_refused(self._checks.popleft())
        if self._pending or self._pending_tests:
            return  # newer edits are on their way; this report is already out of date
        self._requested_sizes = None
        if snapshot.dataset is self._train and snapshot.test_dataset is self._test:
            return
        self._train, self._test = snapshot.dataset, snapshot.test_dataset
        if refused:
            self.refused.emit(snapshot.dataset, snapshot.test_dataset)
        else:
            self.adopted.emit(snapshot.dataset, snapshot.test_dataset)

    def _drop_refused(self, serial: int) -> bool:
        """Forget what was sent up to intent ``serial`` and is still unconfirmed: the worker
        handled it without a snapshot, so it refused it. True if there was any."""
        refused = False
        for queue in (self._pending, self._pending_tests):
            while queue and queue[0].serial <= serial:
                queue.popleft()
                refused = True
        return refused

    def _drop_unfitting(self, setup: TrainingSetup) -> None:
        """After an outside change of the network, forget sent datasets that the worker must
        have refused because they no longer fit it (unless an adaptation of ours precedes)."""
        if any(e.via_setup for e in self._pending):
            return
        sizes, derived = setup.layer_sizes, len(setup.input_features)
        for queue in (self._pending, self._pending_tests):
            kept = [e for e in queue if _fits(e.dataset, sizes, derived)]
            if len(kept) != len(queue):
                queue.clear()
                queue.extend(kept)
