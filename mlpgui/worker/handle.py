"""WorkerHandle: the GUI thread's side of the training worker.

It starts the worker thread, forwards intents to the worker through queued signals, and
re-emits the worker's messages from the GUI thread (NOTES.md: a worker signal connected to a
plain callable would run it in the worker thread). Widgets talk to the handle only.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import sys
import weakref

from PySide6.QtCore import QObject, QThread, Signal, Slot

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup

from .training_worker import TrainingWorker

_LIVE_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_LIVE_HANDLES: weakref.WeakSet[WorkerHandle] = weakref.WeakSet()

SHUTDOWN_TIMEOUT_MS = 10_000
"""How long ``shutdown`` waits for the worker thread to end."""

_ABANDONED: list[QObject] = []


def running_worker_threads() -> list[QThread]:
    """Worker threads that are still running (tests assert there are none left)."""
    return [t for t in list(_LIVE_THREADS) if t.isRunning()]


class WorkerHandle(QObject):
    """Owns the worker thread. Emit the ``*_requested`` signals to ask the worker for things;
    connect to the other signals (always delivered in the GUI thread) to hear back."""

    # intents, queued to the worker's slots
    step_requested = Signal()
    step_many_requested = Signal(int)
    preview_requested = Signal()
    run_requested = Signal()
    pause_requested = Signal()
    reset_requested = Signal(bool)  # True: with a new seed
    max_rate_requested = Signal(float)  # updates/s, 0 = unlimited
    display_interval_requested = Signal(float)  # seconds between messages while running
    learning_rate_requested = Signal(float)
    loss_requested = Signal(str)
    batch_requested = Signal(object)  # "full", "online" or an int
    train_biases_requested = Signal(bool)
    dataset_requested = Signal(object)  # Dataset
    test_dataset_requested = Signal(object)  # Dataset or None
    setup_requested = Signal(object, object)  # TrainingSetup, Dataset or None
    parameter_edit_requested = Signal(object)  # ParameterEdit
    parameter_names_requested = Signal(object)  # TrainingSetup.parameter_names
    view_requested = Signal(str, object)  # name, ViewRequest or None
    trace_requested = Signal(object)  # TraceRequest
    snapshot_requested = Signal()
    show_update_requested = Signal(int)  # a past update's record, on history_record_ready
    show_latest_requested = Signal()  # views of the current network again
    continue_from_requested = Signal(int)
    save_session_requested = Signal(str, bool)  # path, include history
    open_session_requested = Signal(str)
    export_history_requested = Signal(str)
    _start_requested = Signal()
    _shutdown_requested = Signal()

    # the worker's messages, re-emitted in the GUI thread
    record_ready = Signal(object)
    preview_ready = Signal(object)
    history_record_ready = Signal(object)
    file_done = Signal(str, str)
    losses_ready = Signal(object)
    state_changed = Signal(object)
    model_changed = Signal(object)
    view_ready = Signal(str, object)
    message_posted = Signal(str, str)

    def __init__(
        self,
        setup: TrainingSetup,
        dataset: Dataset,
        test_dataset: Dataset | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("mlpguiTrainingThread")
        self._worker: TrainingWorker | None = TrainingWorker(setup, dataset, test_dataset)
        self._worker.moveToThread(self._thread)
        w = self._worker
        for signal, slot in [
            (self.step_requested, w.step),
            (self.step_many_requested, w.step_many),
            (self.preview_requested, w.preview),
            (self.run_requested, w.run),
            (self.pause_requested, w.pause),
            (self.reset_requested, w.reset),
            (self.max_rate_requested, w.set_max_rate),
            (self.display_interval_requested, w.set_display_interval),
            (self.learning_rate_requested, w.set_learning_rate),
            (self.loss_requested, w.set_loss),
            (self.batch_requested, w.set_batch),
            (self.train_biases_requested, w.set_train_biases),
            (self.dataset_requested, w.replace_dataset),
            (self.test_dataset_requested, w.set_test_dataset),
            (self.setup_requested, w.replace_setup),
            (self.parameter_edit_requested, w.edit_parameter),
            (self.parameter_names_requested, w.set_parameter_names),
            (self.view_requested, w.set_view),
            (self.trace_requested, w.set_trace),
            (self.snapshot_requested, w.request_snapshot),
            (self.show_update_requested, w.show_update),
            (self.show_latest_requested, w.show_latest),
            (self.continue_from_requested, w.continue_from),
            (self.save_session_requested, w.save_session),
            (self.open_session_requested, w.open_session),
            (self.export_history_requested, w.export_history),
            (self._start_requested, w.start),
            (self._shutdown_requested, w.shutdown),
        ]:
            signal.connect(slot)
        w.bundle.connect(self._on_bundle)
        _LIVE_THREADS.add(self._thread)
        _LIVE_HANDLES.add(self)

    def start(self) -> None:
        """Start the worker thread; the worker then announces its state and model."""
        self._thread.start()
        self._start_requested.emit()

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self, timeout_ms: int | None = None) -> bool:
        """Stop training and join the worker thread (blocks until it has ended, at most
        ``timeout_ms``, default SHUTDOWN_TIMEOUT_MS). True if the thread ended.

        The stop flag is set first, so that a long job in progress (a history export) ends
        at its next check instead of running to completion. A worker that still has not
        stopped in time is reported on stderr and left to end with the process:
        ``QThread.terminate()`` could deadlock on Python's GIL.
        """
        worker = self._worker
        if worker is None:
            return True
        worker.stop_requested.set()
        if self._thread.isRunning():
            self._shutdown_requested.emit()
            timeout = SHUTDOWN_TIMEOUT_MS if timeout_ms is None else timeout_ms
            if not self._thread.wait(timeout):
                print(
                    f"mlpgui: the training worker did not stop within {timeout / 1000:g} s; "
                    "leaving it to end with the program.",
                    file=sys.stderr,
                )
                self._worker = None
                _abandon(self._thread, worker)
                return False
        self._worker = None
        worker.deleteLater()
        return True

    # --- relay (GUI thread) -------------------------------------------------------------------

    @Slot(object)
    def _on_bundle(self, messages: list[tuple[str, tuple[object, ...]]]) -> None:
        """Re-emit the worker's messages, in order, from the GUI thread."""
        for name, args in messages:
            getattr(self, name).emit(*args)


def _abandon(thread: QThread, worker: QObject) -> None:
    """Keep a thread that would not stop (and its worker) alive until the process ends.

    Destroying a running QThread aborts the process ("QThread: Destroyed while thread is still
    running"), and PySide6 destroys every parentless QObject that Python owns when the
    application ends. Parented to the main thread's own QThread object (which Qt never
    deletes before the process ends), the thread is owned by C++ and left alone; the worker
    is kept referenced so that it is not deleted while its thread may still use it.
    """
    thread.setParent(thread.thread())
    _ABANDONED.append(worker)
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(worker))


@atexit.register
def _shutdown_all() -> None:
    """A script that ends without closing its windows (or without ``app.exec()``, so without
    ``aboutToQuit``) would leave worker threads running when Qt is torn down — an abort.
    Registered after PySide6's own clean-up, this runs before it."""
    for handle in list(_LIVE_HANDLES):
        with contextlib.suppress(RuntimeError):  # its C++ side is already gone
            handle.shutdown()
