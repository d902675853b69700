"""Fixtures for tests of the real window (offscreen): thin names over the pytest plugin that
mlpgui ships for its users (mlpgui/testing.py: fresh settings, no save prompt, worker threads
checked after every test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mlpgui.app import MainWindow
from mlpgui.testing import READY_TIMEOUT_MS
from mlpgui.ui.network.feature import NetworkFeature

WAIT_MS = READY_TIMEOUT_MS


@pytest.fixture
def make_window(make_main_window: Callable[..., MainWindow]) -> Callable[..., MainWindow]:
    """Build a shown MainWindow(setup, dataset, test_dataset) whose worker has reported its
    state; shut down after the test."""
    return make_main_window


@pytest.fixture
def window(main_window: MainWindow) -> MainWindow:
    """The default window: the lecture network on the lecture data."""
    return main_window


def network_of(window: MainWindow) -> NetworkFeature:
    """The window's network feature (the diagram, the inspector, phase stepping)."""
    network = window.feature(NetworkFeature)
    assert network is not None
    return network
