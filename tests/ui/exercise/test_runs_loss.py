"""While an exercise is open, the Runs dock's "Last loss" of the run shown — the loss at the
current weights, which the status bar hides too — reads "?", and so does a kept copy's at the
same loss; another kept run's stays. Ending the exercise shows them again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mlpgui.ui.runs_panel import COPY_HIDDEN_TIP, LOSS, LOSS_HIDDEN_TIP

from ..conftest import WAIT_MS
from ..test_runs import open_runs_dock, runs_of, train, wait_runs
from .conftest import exercise_of, start_exercise


def losses(window) -> dict[int, tuple[str, str]]:
    """run id → (the Last-loss text, its tooltip) as the Runs dock lists them."""
    tree = runs_of(window).panel.list
    found = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        found[int(item.data(1, Qt.ItemDataRole.UserRole))] = (item.text(LOSS), item.toolTip(LOSS))
    return found


def keep_a_copy(qtbot, window, count: int) -> None:
    runs_of(window).keep_continue_action.trigger()
    wait_runs(qtbot, window, count)


def test_the_runs_dock_hides_the_shown_runs_loss_during_an_exercise(qtbot, mazur_window):
    window = mazur_window
    open_runs_dock(qtbot, window)
    train(qtbot, window, 3)
    keep_a_copy(qtbot, window, 2)  # a copy at update 3
    train(qtbot, window, 2)
    keep_a_copy(qtbot, window, 3)  # a copy at update 5, the weights the exercise is about
    shown = next(r.run_id for r in runs_of(window).runs if r.active)
    older, copy = sorted(r.run_id for r in runs_of(window).runs if not r.active)
    qtbot.waitUntil(lambda: losses(window)[shown][0] == losses(window)[copy][0], timeout=WAIT_MS)
    before = losses(window)
    assert all(text not in ("", "?") for text, _ in before.values())
    assert before[older][0] != before[shown][0]

    start_exercise(qtbot, window, seed=2, count=3)
    during = losses(window)
    assert during[shown] == ("?", LOSS_HIDDEN_TIP)
    assert during[copy] == ("?", COPY_HIDDEN_TIP)
    assert during[older] == before[older]  # another network's loss gives nothing away
    window.grab().save("/tmp/exercise-runs-dock.png")

    qtbot.mouseClick(exercise_of(window).panel.end_button, Qt.MouseButton.LeftButton)
    assert losses(window) == before
