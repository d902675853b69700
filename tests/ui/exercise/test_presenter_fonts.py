"""Presenter mode (F5) enlarges every text of the Exercise panel — the score, a verdict, a
hint, a question's status, the picked values — not only those without colour: a style sheet
kept those at the old size (9 pt beside 14.25 pt), the very lines a class reads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mlpgui.ui import names
from mlpgui.ui.plots.cover import PlotCover
from mlpgui.ui.presenter import FONT_SCALE
from mlpgui.ui.selection import Selection

from ..conftest import WAIT_MS
from .conftest import exercise_of, start_exercise


def test_presenter_mode_enlarges_the_score_verdicts_and_hints(qtbot, mazur_window):
    window = mazur_window
    feature = exercise_of(window)
    exercises = start_exercise(qtbot, window, seed=3, count=3)
    panel = feature.panel
    first, second = panel.question(1), panel.question(2)
    qtbot.keyClicks(first.answer, "12345")
    qtbot.keyClick(first.answer, Qt.Key.Key_Return)
    qtbot.keyClicks(second.answer, repr(exercises[1].value))
    qtbot.keyClick(second.answer, Qt.Key.Key_Return)
    qtbot.mouseClick(first.hint_button, Qt.MouseButton.LeftButton)
    feature.picks.add("drive", Selection("unit", 1, 0), 0)  # Ask for this value
    labels = {
        "summary": panel.summary, "score": panel.score, "picked": panel.picked,
        "verdict": first.verdict, "hint": first.details, "solved": second.status,
    }  # fmt: skip
    assert all(label.isVisible() and label.text() for label in labels.values())
    before = {name: label.fontInfo().pointSizeF() for name, label in labels.items()}
    window.presenter.set_enabled(True)

    def all_grown() -> None:  # the fonts change in posted events
        for name, label in labels.items():
            size = label.fontInfo().pointSizeF()
            assert size >= before[name] * FONT_SCALE * 0.9, (name, before[name], size)

    try:
        qtbot.waitUntil(all_grown, timeout=WAIT_MS)
        assert panel.score.font().bold() and second.status.font().bold()
    finally:
        window.presenter.set_enabled(False)
    qtbot.waitUntil(
        lambda: {n: w.fontInfo().pointSizeF() for n, w in labels.items()} == before,
        timeout=WAIT_MS,
    )


def test_presenter_mode_enlarges_the_note_over_a_covered_plot(qtbot, mazur_window):
    window = mazur_window
    start_exercise(qtbot, window, seed=3, count=2)
    cover = window.findChild(PlotCover, names.OUTPUT_COVER)
    assert cover is not None and cover.covering and cover.text()
    grows_in_presenter_mode(qtbot, window, cover)


def grows_in_presenter_mode(qtbot, window, widget) -> None:
    """``widget``'s type grows with presenter mode and returns to its size after it."""
    before = widget.fontInfo().pointSizeF()
    window.presenter.set_enabled(True)
    try:
        qtbot.waitUntil(
            lambda: widget.fontInfo().pointSizeF() >= before * FONT_SCALE * 0.9, timeout=WAIT_MS
        )
    finally:
        window.presenter.set_enabled(False)
    qtbot.waitUntil(lambda: widget.fontInfo().pointSizeF() == before, timeout=WAIT_MS)
