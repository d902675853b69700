"""Fixtures for tests of the real window (offscreen)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mlpgui.app import MainWindow
from mlpgui.core import Dataset
from mlpgui.core.setup import TrainingSetup

WAIT_MS = 10_000


@pytest.fixture
def make_window(qtbot) -> Callable[..., MainWindow]:
    """Build a shown MainWindow whose worker has reported its state; closed after the test."""

    def make(
        setup: TrainingSetup | None = None,
        dataset: Dataset | None = None,
        test_dataset: Dataset | None = None,
    ) -> MainWindow:
        window = MainWindow(setup, dataset, test_dataset)
        window.confirm_close = False  # no "save changes?" dialog when the test closes it
        qtbot.addWidget(window, before_close_func=lambda w: w.worker.shutdown())
        window.show()
        qtbot.waitUntil(lambda: window.latest_state() is not None, timeout=WAIT_MS)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    """The default window: the lecture network on the lecture data."""
    return make_window()
