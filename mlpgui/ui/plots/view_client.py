"""ViewClient: one named view request registered with the worker, and its results.

A plot says what it wants computed (``set_request``) and whether it is on screen
(``set_active``); the client registers the request with the worker only while it is active
(so hidden plots cost the training thread nothing) and hands back results of the current
generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from mlpgui.worker import ModelSnapshot, ViewRequest, ViewResult

if TYPE_CHECKING:
    from mlpgui.ui.main_window import MainWindow


class ViewClient(QObject):
    """Signals (GUI thread): result_ready(ViewResult) — a result for the current request
    and generation (its ``value`` may be None: the request does not fit the network)."""

    result_ready = Signal(object)

    def __init__(self, window: MainWindow, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._worker = window.worker
        self._request: ViewRequest | None = None
        self._sent: ViewRequest | None = None
        self._active = True
        self._generation: int | None = None
        self.latest: ViewResult | None = None
        window.worker.view_ready.connect(self._on_view)
        window.model_changed.connect(self._on_model)
        snapshot = window.latest_snapshot()
        if snapshot is not None:
            self._generation = snapshot.generation

    @property
    def request(self) -> ViewRequest | None:
        return self._request

    @property
    def active(self) -> bool:
        return self._active

    def set_request(self, request: ViewRequest | None) -> None:
        """Ask for ``request`` (None: nothing); sent to the worker if active and new."""
        self._request = request
        self._sync()

    def set_active(self, active: bool) -> None:
        """Only active clients keep their request registered with the worker."""
        self._active = bool(active)
        self._sync()

    def refresh(self) -> None:
        """Have the worker compute the request again now (if active)."""
        self._sent = None
        self._sync()

    def _sync(self) -> None:
        wanted = self._request if self._active else None
        if wanted is None and self._sent is None:
            return
        if wanted is not None and wanted is self._sent:
            return
        if wanted is not None and self._sent is not None and _same(wanted, self._sent):
            return
        self._sent = wanted
        self._worker.view_requested.emit(self.name, wanted)

    @Slot(object)
    def _on_model(self, snapshot: ModelSnapshot) -> None:
        self._generation = snapshot.generation

    @Slot(str, object)
    def _on_view(self, name: str, result: ViewResult) -> None:
        if name != self.name or self._sent is None:
            return
        if self._generation is not None and result.generation != self._generation:
            return  # computed for a network that is gone
        self.latest = result
        self.result_ready.emit(result)


def _same(a: ViewRequest, b: ViewRequest) -> bool:
    """Equal requests (requests holding arrays or datasets compare by identity)."""
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return a is b
