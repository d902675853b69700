"""Run comparison in the real window under a demanding user (issue #13): the most runs kept,
labels of the most characters renamed, the Loss dock floated and resized from tiny to huge,
presenter mode toggled again and again, runs removed while the legend refits; nothing may
escape a slot, the legend never spins, and every entry reads as typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from mlpgui.core.run_shelf import MAX_LABEL_LENGTH
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import loss_plot
from mlpgui.worker import DropRun, RenameRun

from .conftest import WAIT_MS
from .plots.test_loss_plot_legend import keep_the_most_runs, legend_outside
from .test_runs import answered, label_editor, runs_of


def long_label(k: int) -> str:
    text = f"run {k} <b>&amp; γ < 0.5 & μ > 0.9 $ ~ _ ^ % # {{ }} \\ "
    return (text + "x" * MAX_LABEL_LENGTH)[:MAX_LABEL_LENGTH]


def legend_texts(window) -> list[str]:
    return [label.item.toPlainText() for _, label in window.loss_plot._legend.items]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # a floated dock, offscreen
def test_the_most_runs_with_the_longest_labels_through_resizes_and_presenter_mode(
    qtbot, make_window, monkeypatch, capfd
):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    keep_the_most_runs(qtbot, window)
    feature = runs_of(window)
    for summary in feature.runs:
        window.worker.send(RenameRun(summary.run_id, long_label(summary.run_id)))
    qtbot.waitUntil(lambda: all(r.custom_label for r in feature.runs), timeout=WAIT_MS)
    plot = window.loss_plot
    qtbot.waitUntil(
        lambda: (
            sorted(legend_texts(window))
            == sorted(long_label(r.run_id) + (" (shown)" if r.active else "") for r in feature.runs)
        ),
        timeout=WAIT_MS,
    )
    fits = []
    real = loss_plot.fit_legend
    monkeypatch.setattr(loss_plot, "fit_legend", lambda *a: (fits.append(a), real(*a)))
    dock = window.loss_dock
    dock.setFloating(True)
    for size in [(60, 40), (1, 1), (2600, 1800), (300, 120), (900, 500)]:
        dock.resize(*size)
        window.presenter.set_enabled(not window.presenter.enabled)
        qtbot.waitUntil(lambda: not plot._fit_timer.isActive(), timeout=WAIT_MS)
        counts = []
        for _ in range(30):
            before = len(fits)
            for _ in range(20):
                QApplication.processEvents()
            counts.append(len(fits) - before)
        assert sum(counts) <= 2 and counts[-10:] == [0] * 10, counts  # no refit loop
    window.presenter.set_enabled(False)
    dock.setFloating(False)
    qtbot.waitUntil(lambda: not plot._fit_timer.isActive(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: legend_outside(plot) == [] or not plot.isVisible(), timeout=WAIT_MS)
    # Remove the kept runs one by one while fits are pending.
    for summary in [r for r in feature.runs if not r.active]:
        dock.resize(200 + 10 * summary.run_id, 150)
        window.worker.send(DropRun(summary.run_id))
    answered(qtbot, window)
    qtbot.waitUntil(lambda: len(feature.runs) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: plot._legend.items == [], timeout=WAIT_MS)
    err = capfd.readouterr().err
    assert "Traceback" not in err, err[-3000:]
    assert len(fits) < 200


def test_renaming_in_the_list_to_the_longest_label_with_markup_characters(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("xor"))
    keep_the_most_runs(qtbot, window)
    feature = runs_of(window)
    feature.dock.show()
    feature.dock.raise_()
    rows = feature.panel.list
    kept = feature.runs[0].run_id
    feature.panel.select_run(kept)
    editor = label_editor(qtbot, rows)
    label = long_label(1)
    ascii_end = label.index("γ")  # QTest types ASCII only; the rest as an input method would
    qtbot.keyClicks(editor, label[:ascii_end])
    editor.insert(label[ascii_end:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: feature.runs[0].label == label, timeout=WAIT_MS)
    assert any(text in (label, f"{label} (shown)") for text in legend_texts(window))


def test_legend_entries_rebuilt_in_presenter_mode_survive_leaving_it(qtbot, make_window, capfd):
    """Presenter mode restyles the legend's labels and restores them when it ends; entries
    renamed or removed in between were rebuilt: leaving must neither fail nor shrink the
    new entries' type below what the fit chose."""
    window = make_window(*TrainingSetup.for_preset("lecture"))
    keep_the_most_runs(qtbot, window)
    feature = runs_of(window)
    plot = window.loss_plot
    window.presenter.set_enabled(True)
    window.loss_dock.show()
    kept = [r for r in feature.runs if not r.active]
    window.worker.send(RenameRun(kept[0].run_id, "renamed in presenter mode"))
    for summary in kept[1:4]:
        window.worker.send(DropRun(summary.run_id))
    answered(qtbot, window)
    qtbot.waitUntil(lambda: len(feature.runs) == len(kept) - 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "renamed in presenter mode" in legend_texts(window), timeout=WAIT_MS)
    window.presenter.set_enabled(False)
    qtbot.waitUntil(lambda: not plot._fit_timer.isActive(), timeout=WAIT_MS)
    for _ in range(20):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: legend_outside(plot) == [], timeout=WAIT_MS)
    sizes = {label.opts.get("size") for _, label in plot._legend.items}
    assert len(sizes) == 1  # every entry in the one size the fit chose
    assert "Traceback" not in capfd.readouterr().err


def shown_text(text: str) -> str:
    """What a QMessageBox shows for ``text`` (Qt's automatic text format)."""
    document = QTextDocument()
    if GuiQt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def test_removing_and_closing_name_a_run_with_markup_in_its_label_as_typed(
    qtbot, make_window, monkeypatch
):
    window = make_window(*TrainingSetup.for_preset("xor"))
    keep_the_most_runs(qtbot, window)
    feature = runs_of(window)
    kept = next(r for r in feature.runs if not r.active)
    label = "<b>bold</b> &lt; γ & 2"
    window.worker.send(RenameRun(kept.run_id, label))
    qtbot.waitUntil(lambda: feature._summary(kept.run_id).label == label, timeout=WAIT_MS)
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    feature.remove_run(kept.run_id)
    assert not feature.confirm_close()
    assert len(asked) == 2
    assert f"Remove the kept run “{label}” (1 update)?" in shown_text(asked[0])
    assert f"“{label}”" in shown_text(asked[1])
