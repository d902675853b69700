"""WorkerHandle: the GUI thread's side of the training worker.

It starts the worker thread, queues intents to the worker (``send``), and re-emits the
worker's messages from the GUI thread. That relay matters: under PySide6, a signal of the
worker connected to a plain callable (a lambda, a function, ``list.append``, pytest-qt's
``waitSignal``) would run that callable in the *worker* thread; the handle's ``_on_bundle``
is a slot of a GUI-thread object, so everything connected to the handle's signals runs in the
GUI thread. The GUI talks to the handle only.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import sys
import weakref

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup

from .intents import Intent, Start
from .messages import (
    Errored,
    FileDone,
    HistoryRecordReady,
    LossesReady,
    Message,
    ModelChanged,
    Notice,
    PlotDataReady,
    PreviewReady,
    RecordReady,
    RunsChanged,
    StateChanged,
)
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
    """Owns the worker thread. ``send(intent)`` asks the worker for something (intents.py);
    connect to the signals below (always delivered in the GUI thread) to hear back. Each
    signal carries one message type (messages.py), named after it:

    record_ready(RecordReady), preview_ready(PreviewReady),
    history_record_ready(HistoryRecordReady), losses_ready(LossesReady),
    state_changed(StateChanged), model_changed(ModelChanged), plot_data_ready(PlotDataReady),
    notice_posted(Notice), file_done(FileDone), errored(Errored), runs_changed(RunsChanged).
    """

    _intent = Signal(object)  # queued to TrainingWorker.receive
    _shutdown_requested = Signal()

    record_ready = Signal(object)
    preview_ready = Signal(object)
    history_record_ready = Signal(object)
    losses_ready = Signal(object)
    state_changed = Signal(object)
    model_changed = Signal(object)
    plot_data_ready = Signal(object)
    notice_posted = Signal(object)
    file_done = Signal(object)
    errored = Signal(object)
    runs_changed = Signal(object)

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
        self._intent.connect(self._worker.receive)
        self._shutdown_requested.connect(self._worker.shutdown)
        self._worker.bundle.connect(self._on_bundle)
        self._relay: dict[type[Message], SignalInstance] = {
            RecordReady: self.record_ready,
            PreviewReady: self.preview_ready,
            HistoryRecordReady: self.history_record_ready,
            LossesReady: self.losses_ready,
            StateChanged: self.state_changed,
            ModelChanged: self.model_changed,
            PlotDataReady: self.plot_data_ready,
            Notice: self.notice_posted,
            FileDone: self.file_done,
            Errored: self.errored,
            RunsChanged: self.runs_changed,
        }
        _LIVE_THREADS.add(self._thread)
        _LIVE_HANDLES.add(self)

    def send(self, intent: Intent) -> None:
        """Ask the worker for ``intent`` (queued: the worker handles intents in order)."""
        self._intent.emit(intent)

    def signal_for(self, kind: type[Message]) -> SignalInstance:
        """The signal that carries messages of type ``kind``."""
        return self._relay[kind]

    def start(self) -> None:
        """Start the worker thread; the worker then announces its state and model."""
        self._thread.start()
        self.send(Start())

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
    def _on_bundle(self, messages: list[Message]) -> None:
        """Re-emit the worker's messages, in order, from the GUI thread, each on the signal
        of its type."""
        relay = self._relay
        for message in messages:
            relay[type(message)].emit(message)


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
