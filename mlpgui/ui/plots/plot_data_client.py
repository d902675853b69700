"""PlotDataClient: one named plot-data request registered with the worker, and its results.

A plot says what it wants computed (``set_request``) and whether it is on screen
(``set_active``); the client registers the request with the worker only while it is active
(so hidden plots cost the training thread nothing) and hands back results of the current
generation (``GuiStore.generation``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from mlpgui.worker import PlotDataReady, PlotDataRequest, RequestPlotData

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


class PlotDataClient(QObject):
    """Signals (GUI thread): result_ready(PlotDataReady) — a result for the current request
    and generation (its ``value`` may be None: the request does not fit the network)."""

    result_ready = Signal(object)

    def __init__(self, host: FeatureHost, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._host = host
        self._request: PlotDataRequest | None = None
        self._sent: PlotDataRequest | None = None
        self._active = True
        self.latest: PlotDataReady | None = None
        host.worker.plot_data_ready.connect(self._on_plot_data)

    @property
    def request(self) -> PlotDataRequest | None:
        return self._request

    @property
    def active(self) -> bool:
        return self._active

    def set_request(self, request: PlotDataRequest | None) -> None:
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
        self._host.send(RequestPlotData(self.name, wanted))

    @Slot(object)
    def _on_plot_data(self, result: PlotDataReady) -> None:
        if result.name != self.name or self._sent is None:
            return
        if not self._host.store.is_current(result.generation):
            return  # computed for a network that is gone
        self.latest = result
        self.result_ready.emit(result)


def _same(a: PlotDataRequest, b: PlotDataRequest) -> bool:
    """Equal requests (requests holding arrays or datasets compare by identity)."""
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return a is b
