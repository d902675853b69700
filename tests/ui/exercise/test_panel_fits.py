"""The Exercise panel in presenter mode at a projector's 1280×720: the summary shows every
line (it scrolls with the questions; fixed above them it was cut mid-line and left the
questions about one line of room) and the answer field's placeholder is not elided."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionFrame

from mlpgui.ui.presenter import FONT_SCALE

from ..conftest import WAIT_MS
from .conftest import exercise_of, start_exercise


def _presenter_exercise(qtbot, window):
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.height() <= 760, timeout=WAIT_MS)
    start_exercise(qtbot, window, seed=1, count=6)
    panel = exercise_of(window).panel
    before = panel.question(1).answer.fontInfo().pointSizeF()
    window.presenter.set_enabled(True)

    def grown() -> bool:  # the fonts change in posted events
        field = panel.question(1).answer
        return field.isVisible() and field.fontInfo().pointSizeF() >= before * FONT_SCALE * 0.9

    qtbot.waitUntil(grown, timeout=WAIT_MS)
    return panel


def test_the_summary_is_never_cut_in_presenter_mode(qtbot, mazur_window):
    window = mazur_window
    panel = _presenter_exercise(qtbot, window)
    try:
        summary = panel.summary

        def whole() -> None:
            assert summary.height() >= summary.heightForWidth(summary.width())

        qtbot.waitUntil(whole, timeout=WAIT_MS)
        # what stays above the questions is the score and the buttons: a fifth of the panel
        top = panel.scroll_area.geometry().top()
        assert top <= panel.score.sizeHint().height() + panel.new_button.sizeHint().height() + 24
        assert panel.scroll_area.isAncestorOf(summary)
    finally:
        window.presenter.set_enabled(False)


def test_the_answer_placeholder_fits_its_field_in_presenter_mode(qtbot, mazur_window):
    window = mazur_window
    panel = _presenter_exercise(qtbot, window)
    try:
        field = panel.question(1).answer
        option = QStyleOptionFrame()
        field.initStyleOption(option)
        room = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
        margins = field.textMargins()
        width = room.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2+2 px
        text = field.placeholderText()
        assert field.fontMetrics().horizontalAdvance(text) <= width, (text, width)
    finally:
        window.presenter.set_enabled(False)
