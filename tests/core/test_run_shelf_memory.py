"""The active run's memory is checked together with the kept runs' when it gets larger data
or another setup (H15, item 6): the limit is for all runs together."""

import pytest

from mlpgui.core import NetworkError, TrainingError
from mlpgui.core.limits import MAX_TRAINING_BYTES
from mlpgui.core.run import TrainingRun
from mlpgui.core.run_shelf import RunShelf, estimated_bytes, setup_bytes
from mlpgui.core.setup import MOMENTUM_COPIES, REGULARISATION_COPIES, TrainingSetup


def _largest_rows(setup: TrainingSetup, budget: int) -> int:
    """The most samples ``setup`` may train on alone (bisection on the estimate)."""
    low, high = 1, 10**9
    while high - low > 1:
        middle = (low + high) // 2
        if setup_bytes(setup, middle, budget) <= MAX_TRAINING_BYTES:
            low = middle
        else:
            high = middle
    return low


def _shelf_with_one_kept_run() -> tuple[RunShelf, TrainingRun, TrainingRun]:
    setup, data = TrainingSetup.for_preset("lecture")
    run = TrainingRun(setup, data)
    run.run(5)
    fresh = TrainingRun(setup, data)
    shelf = RunShelf()
    shelf.keep_and_restart(run, fresh, None)
    return shelf, run, fresh


def test_data_that_fit_alone_are_refused_together_with_a_kept_run():
    shelf, kept, active = _shelf_with_one_kept_run()
    budget = active.history.budget_bytes
    rows = _largest_rows(active.setup, budget)
    assert setup_bytes(active.setup, rows, budget) + estimated_bytes(kept, True) > (
        MAX_TRAINING_BYTES
    )
    RunShelf().check_active(active.setup, rows, budget)  # alone: fine
    with pytest.raises(TrainingError, match=r"^Together with the kept run, this would need"):
        shelf.check_active(active.setup, rows, budget)
    shelf.check_active(active.setup, rows // 2, budget)  # room for both
    with pytest.raises(NetworkError, match=r"^Training a 1-2-2-1 network on"):
        shelf.check_active(active.setup, rows * 2, budget)  # too large even alone


def test_momentum_and_regularisation_count_as_the_setups_own_check_counts_them():
    setup, _ = TrainingSetup.for_preset("lecture")
    plain = setup_bytes(setup, 100, 0)
    with_both = setup_bytes(setup.replace(momentum=0.5, l2_rate=0.01), 100, 0)
    assert (
        with_both - plain == 8 * (REGULARISATION_COPIES + MOMENTUM_COPIES) * setup.parameter_count
    )
