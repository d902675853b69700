"""While an exercise is open, the Output and Hidden-units plots and the status bar's
L(θ after update k) — all of them the network at the current θ, from which the answers could
be read — are hidden; ending the exercise shows them again (H15, item 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QPlainTextEdit

from mlpgui.ui import names
from mlpgui.ui.formatting import format_number
from mlpgui.ui.plots.cover import PlotCover

from ..conftest import WAIT_MS
from ..network.conftest import step_and_wait
from .conftest import exercise_of, start_exercise


def loss_text(window) -> str:
    return window.findChild(QLabel, names.STATUS_LOSS_LABEL).text()


def test_the_plots_and_the_status_loss_are_hidden_while_an_exercise_is_open(qtbot, mazur_window):
    window = mazur_window
    step_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: loss_text(window).startswith("L(θ after update 1) = 0."))
    shown = loss_text(window)
    output_dock = window.findChild(QDockWidget, names.OUTPUT_DOCK)
    output_dock.raise_()
    qtbot.waitUntil(output_dock.isVisible, timeout=WAIT_MS)
    output_cover = window.findChild(PlotCover, names.OUTPUT_COVER)
    hidden_cover = window.findChild(PlotCover, names.HIDDEN_UNITS_COVER)
    export_output = window.findChild(QAction, names.EXPORT_OUTPUT_ACTION)
    export_hidden = window.findChild(QAction, names.EXPORT_HIDDEN_UNITS_ACTION)
    assert not output_cover.covering and not hidden_cover.covering

    start_exercise(qtbot, window, seed=3, count=2)
    assert output_cover.covering and hidden_cover.covering
    assert "hidden during the exercise" in output_cover.text().lower()
    plot = output_cover.parentWidget()
    assert output_cover.geometry() == plot.rect()  # all of it
    centre = plot.mapToGlobal(plot.rect().center())
    assert QApplication.widgetAt(centre) is output_cover  # the mouse meets the cover
    assert loss_text(window) == "L(θ after update 1) = ?"
    numbers = window.findChild(QPlainTextEdit, names.RECORD_VIEW)
    assert "hidden during the exercise" in numbers.toPlainText().lower()
    assert not export_output.isEnabled() and not export_hidden.isEnabled()
    window.resize(window.width() - 60, window.height() - 40)  # the cover follows the plot
    qtbot.waitUntil(lambda: output_cover.geometry() == plot.rect(), timeout=WAIT_MS)
    window.grab().save("/tmp/h15-exercise-covered.png")

    qtbot.mouseClick(exercise_of(window).panel.end_button, Qt.MouseButton.LeftButton)
    assert not output_cover.covering and not hidden_cover.covering
    assert loss_text(window) == shown
    assert "∂L/∂W" in numbers.toPlainText()  # the numbers are back
    assert export_output.isEnabled() and export_hidden.isEnabled()


def test_the_loss_surface_is_hidden_while_an_exercise_is_open(qtbot, mazur_window):
    """Its caption writes L at the current θ (what an asked output y gives away: Mazur's
    L = ½(t₁ − y₁)² + ½(t₂ − y₂)²) and −∇L of two weights, ∂L/∂w of the update asked about."""
    window = mazur_window
    step_and_wait(qtbot, window)
    dock = window.findChild(QDockWidget, names.LOSS_SURFACE_DOCK)
    dock.show()
    dock.raise_()
    note = window.findChild(QLabel, names.LOSS_SURFACE_NOTE)
    qtbot.waitUntil(lambda: "Arrow" in note.text(), timeout=WAIT_MS)
    export = window.findChild(QAction, names.EXPORT_LOSS_SURFACE_ACTION)
    assert export.isEnabled()

    exercises = start_exercise(qtbot, window, seed=3, count=2)
    loss = exercises.record.loss_before
    assert format_number(loss, 5) in note.text()  # what the cover hides
    cover = window.findChild(PlotCover, names.LOSS_SURFACE_COVER)
    assert cover is not None and cover.covering
    surface = cover.parentWidget()
    assert surface.isAncestorOf(note) and cover.geometry() == surface.rect()
    qtbot.waitUntil(lambda: dock.isVisible() and cover.isVisible(), timeout=WAIT_MS)
    centre = surface.mapToGlobal(surface.rect().center())
    assert QApplication.widgetAt(centre) is cover
    assert "hidden during the exercise" in cover.text().lower()
    assert not export.isEnabled()

    qtbot.mouseClick(exercise_of(window).panel.end_button, Qt.MouseButton.LeftButton)
    assert not cover.covering and export.isEnabled()
