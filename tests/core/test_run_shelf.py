"""RunShelf and run labels: the runs kept for comparison (issue #13, run comparison)."""

import numpy as np
import pytest

from mlpgui.core import TrainingError, run_shelf
from mlpgui.core.limits import MAX_TRAINING_BYTES
from mlpgui.core.run import TrainingRun
from mlpgui.core.run_labels import auto_labels, describe, setup_text
from mlpgui.core.run_shelf import MAX_RUNS, RunShelf, copy_run, estimated_bytes, used_eras
from mlpgui.core.setup import TrainingSetup


def _run(preset="xor", **changes):
    setup, data = TrainingSetup.for_preset(preset)
    return TrainingRun(setup.replace(**changes), data)


@pytest.mark.parametrize(
    "changes", [{"batch": "online"}, {"batch": 2, "momentum": 0.9}, {"l2_rate": 0.01}]
)
def test_a_copied_run_continues_bit_for_bit_and_independently(changes):
    run = _run(**changes)
    rate = run.trainer.learning_rate
    run.run(137)
    run.record_at(20)  # the history has replaying trainers cached: the copy must not share them
    copy = copy_run(run)
    assert copy.history is not run.history and copy.net is not run.net
    assert np.array_equal(copy.history.losses, run.history.losses)
    a, b = run.run(200), copy.run(200)
    assert a == b
    assert np.array_equal(run.history.losses, copy.history.losses)
    for step in (1, 90, 137, 250, 337):
        assert copy.record_at(step) == run.record_at(step)
    run.set_learning_rate(3.0)
    run.run(5)
    assert copy.steps == 337 and copy.trainer.learning_rate == rate


def test_keep_and_restart_keeps_the_run_itself_and_numbers_the_new_one():
    shelf, run = RunShelf(), _run()
    run.run(50)
    fresh = TrainingRun(run.setup, run.dataset)
    shelf.keep_and_restart(run, fresh, 0.25)
    fresh.set_learning_rate(3.0)
    summaries = shelf.summaries(fresh, None)
    kept, active = summaries
    assert (kept.run_id, kept.active, kept.colour, kept.steps, kept.loss) == (1, False, 0, 50, 0.25)
    assert (active.run_id, active.active, active.colour, active.losses) == (2, True, 1, None)
    assert np.array_equal(kept.losses, run.history.losses) and not kept.losses.flags.writeable
    assert (kept.label, active.label) == ("γ = 2", "γ = 3")
    assert shelf.run(1) is run


def test_switching_swaps_the_active_run_into_the_kept_ones_place():
    shelf, first = RunShelf(), _run()
    first.run(10)
    second = TrainingRun(first.setup.replace(seed=first.setup.seed + 2), first.dataset)
    shelf.keep_and_restart(first, second, None)
    second.run(4)
    back = shelf.swap(1, second, 0.5)
    assert back is first and shelf.active_id == 1 and shelf.active_colour == 0
    active, kept = shelf.summaries(first, None)
    assert (kept.run_id, kept.steps, kept.loss, kept.colour) == (2, 4, 0.5, 1)
    assert active.active and active.run_id == 1
    seed = first.setup.seed
    assert (active.label, kept.label) == (f"seed {seed}", f"seed {seed + 2}")
    with pytest.raises(TrainingError, match="not kept"):
        shelf.swap(7, first, None)


def test_a_copy_is_named_after_where_it_was_taken_when_nothing_else_differs():
    shelf, run = RunShelf(), _run()
    run.run(300)
    shelf.keep_copy(run, None)
    active, kept = shelf.summaries(run, None)
    assert active.label == "run 1" and kept.label == "run 1 at update 300"
    assert kept.run_id == 2 and kept.colour == 1 and active.colour == 0


def test_two_copies_taken_at_the_same_update_get_labels_of_their_own():
    shelf, run = RunShelf(), _run()
    run.run(300)
    shelf.keep_copy(run, None)
    shelf.keep_copy(run, None)
    labels = [summary.label for summary in shelf.summaries(run, None)]
    assert labels == ["run 1", "run 1 at update 300 (run 2)", "run 1 at update 300 (run 3)"]
    shelf.rename(2, "run 1")  # typed like the active run's generated label
    labels = [summary.label for summary in shelf.summaries(run, None)]
    assert labels == ["run 1 (run 1)", "run 1", "run 1 at update 300"]


def test_labels_typed_by_the_user_stay_and_an_empty_one_gives_the_generated_label_back():
    shelf, run = RunShelf(), _run()
    run.run(5)
    fresh = TrainingRun(run.setup, run.dataset)
    shelf.keep_and_restart(run, fresh, None)
    shelf.rename(1, "  the   slow one ")
    shelf.rename(2, "fast")
    kept, active = shelf.summaries(fresh, None)
    assert (kept.label, kept.custom_label, active.label) == ("the slow one", True, "fast")
    shelf.rename(1, "")
    assert shelf.summaries(fresh, None)[0].label == "run 1"
    with pytest.raises(TrainingError, match="at most 60"):
        shelf.rename(1, "x" * 61)
    with pytest.raises(TrainingError, match="printable"):
        shelf.rename(1, "a\x00b")


def test_dropping_frees_the_colour_and_the_active_run_cannot_be_dropped():
    shelf, run = RunShelf(), _run()
    for _ in range(3):
        run.run(2)
        shelf.keep_copy(run, None)
    assert shelf.ids() == [2, 3, 4]
    shelf.drop(3)
    with pytest.raises(TrainingError, match="cannot be removed"):
        shelf.drop(1)
    run.run(1)
    shelf.keep_copy(run, None)
    assert [s.colour for s in shelf.summaries(run, None)] == [0, 1, 3, 2]


def test_at_most_max_runs_and_never_an_empty_one():
    shelf, run = RunShelf(), _run()
    with pytest.raises(TrainingError, match="no updates yet"):
        shelf.keep_copy(run, None)
    run.run(1)
    for _ in range(MAX_RUNS - 1):
        shelf.keep_copy(run, None)
    with pytest.raises(TrainingError, match=f"At most {MAX_RUNS} runs"):
        shelf.keep_copy(run, None)
    with pytest.raises(TrainingError, match=f"At most {MAX_RUNS} runs"):
        shelf.keep_and_restart(run, TrainingRun(run.setup, run.dataset), None)
    assert len(shelf) == MAX_RUNS - 1
    assert sorted(s.colour for s in shelf.summaries(run, None)) == list(range(MAX_RUNS))


def test_kept_runs_count_against_the_memory_limit(monkeypatch):
    run = _run()
    run.run(100)
    # A limit with room for the active run and one kept run of this size, not two.
    room = estimated_bytes(run, kept=False) + int(1.5 * estimated_bytes(run, kept=True))
    monkeypatch.setattr(run_shelf, "MAX_TRAINING_BYTES", room)
    shelf = RunShelf()
    shelf.keep_copy(run, None)
    with pytest.raises(TrainingError, match="memory for all runs together"):
        shelf.keep_copy(run, None)
    with pytest.raises(TrainingError, match="memory for all runs together"):
        shelf.keep_and_restart(run, TrainingRun(run.setup, run.dataset), None)
    assert shelf.ids() == [2] and shelf.active_id == 1
    assert room < MAX_TRAINING_BYTES  # the real limit is far larger


def test_estimates_count_a_kept_runs_history_as_it_is():
    run = _run()
    run.run(100)
    assert estimated_bytes(run, kept=True) < estimated_bytes(run, kept=False)
    assert estimated_bytes(run, kept=True) >= run.history.nbytes


def test_labels_name_what_differs_at_most_three_aspects():
    setup, data = TrainingSetup.for_preset("xor")
    setup = setup.replace(learning_rate=0.5, seed=0)
    a = describe(setup, data)
    b = describe(setup.replace(learning_rate=2.0, seed=3), data)
    assert auto_labels([a, b], ["run 1", "run 2"]) == ["γ = 0.5, seed 0", "γ = 2, seed 3"]
    assert auto_labels([a, a], ["run 1", "run 2"]) == ["run 1", "run 2"]
    c = describe(setup.replace(learning_rate=2.0), data)
    assert auto_labels([a, c, c], ["run 1", "run 2", "run 3"]) == [
        "γ = 0.5",
        "γ = 2 (run 2)",
        "γ = 2 (run 3)",
    ]
    other, moons = TrainingSetup.for_preset("moons")
    d = describe(other.replace(batch="online", loss="sse", learning_rate=0.1), moons)
    assert auto_labels([a, d], ["run 1", "run 2"])[1].endswith(", …")
    assert "moons (" in setup_text(d) and "γ = 0.1" in setup_text(d)


def test_a_setting_changed_during_a_run_is_labelled_by_the_values_it_was_used_with():
    shelf, run = RunShelf(), _run(learning_rate=0.5)
    run.run(10)
    run.set_learning_rate(2.0)  # changed, then kept at once: its updates were made at 0.5
    fresh = TrainingRun(run.setup, run.dataset)
    shelf.keep_and_restart(run, fresh, None)
    kept, active = shelf.summaries(fresh, None)
    assert (kept.label, active.label) == ("γ = 0.5 → 2", "γ = 2")
    assert "γ = 0.5 → 2" in kept.setup_text
    for rate in (3.0, 4.0, 5.0):
        run.set_learning_rate(rate)
        run.run(1)
    setup, data = run.setup, run.dataset
    assert describe(setup, data, used_eras(run))["learning_rate"] == "γ = 0.5 → … → 5"
    run.set_batch("online")
    assert describe(run.setup, data, used_eras(run))["batch"] == "full batch → online"
