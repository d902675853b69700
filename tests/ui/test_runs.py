"""Run comparison in the real window: keep runs, overlay their loss curves, show a kept run
again, rename, remove, the limits, and closing with kept runs (issue #13)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QSlider, QToolButton

from mlpgui.core.run_shelf import MAX_RUNS
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names
from mlpgui.ui.loss_plot import TRAIN_PEN
from mlpgui.ui.loss_runs import run_colour
from mlpgui.ui.runs import RunsFeature
from mlpgui.worker import LossesReady, ModelChange, RequestSnapshot, RunsChanged, StepMany

from .conftest import WAIT_MS, network_of


def runs_of(window) -> RunsFeature:
    feature = window.feature(RunsFeature)
    assert feature is not None
    return feature


def answered(qtbot, window) -> None:
    """Wait until the worker has handled every intent sent so far."""
    window.worker.send(RequestSnapshot())
    qtbot.waitUntil(lambda: window.latest_snapshot().reason is ModelChange.REQUEST, timeout=WAIT_MS)


def train(qtbot, window, n: int) -> None:
    target = window.latest_state().steps + n
    window.worker.send(StepMany(n))
    qtbot.waitUntil(
        lambda: window.latest_record() is not None and window.latest_record().step == target,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == target, timeout=WAIT_MS)


def type_learning_rate(qtbot, window, text: str) -> None:
    spin = window.controls.learning_rate_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=WAIT_MS)
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.latest_state().setup.learning_rate == float(text), timeout=WAIT_MS
    )


def button(window, name: str) -> QToolButton:
    found = window.findChild(QToolButton, name)
    assert found is not None
    return found


def open_runs_dock(qtbot, window) -> None:
    feature = runs_of(window)
    feature.dock.show()
    feature.dock.raise_()
    qtbot.waitUntil(feature.panel.isVisible, timeout=WAIT_MS)


def wait_runs(qtbot, window, count: int) -> None:
    qtbot.waitUntil(lambda: len(runs_of(window).runs) == count, timeout=WAIT_MS)


def select_run(qtbot, window, run_id: int) -> None:
    runs_of(window).panel.select_run(run_id)
    assert runs_of(window).panel.list.selected_run() == run_id


def legend_labels(window) -> list[str]:
    return [label.text for _, label in window.loss_plot._legend.items]


def keep_at_half_and_train_at_two(qtbot, window):
    """γ = 0.5 for 40 updates, Keep (and start again), γ = 2 for 60 updates. Returns the
    losses the first run sent while it trained, and its last record."""
    losses = []

    def collect(message: LossesReady) -> None:
        if message.batch.generation == window.store.generation:
            losses.extend(message.batch.losses.tolist())

    window.worker.losses_ready.connect(collect)
    train(qtbot, window, 40)
    window.worker.losses_ready.disconnect(collect)
    first_record = window.latest_record()
    open_runs_dock(qtbot, window)
    qtbot.mouseClick(button(window, names.KEEP_RUN_BUTTON), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_state().steps == 0, timeout=WAIT_MS)
    wait_runs(qtbot, window, 2)
    type_learning_rate(qtbot, window, "2")
    train(qtbot, window, 60)
    return losses, first_record


def test_a_kept_run_is_overlaid_labelled_with_exactly_its_recorded_losses(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    losses, _ = keep_at_half_and_train_at_two(qtbot, window)
    assert len(losses) == 40
    qtbot.waitUntil(lambda: runs_of(window).runs[1].label == "γ = 2", timeout=WAIT_MS)
    kept, active = runs_of(window).runs
    assert (kept.label, kept.active, kept.steps) == ("γ = 0.5", False, 40)
    assert active.active and active.label == "γ = 2"
    curves = window.loss_plot.kept._curves
    assert list(curves) == [kept.run_id]
    curve = curves[kept.run_id]
    assert list(curve.series.x) == list(range(1, 41))
    assert curve.series.y.tolist() == losses  # exactly what the kept run recorded
    _, y = curve.item.getData()
    assert y.tolist() == losses
    assert pg.mkPen(curve.item.opts["pen"]).color().name() == run_colour(kept.colour).lower()
    assert len(window.loss_plot.train) == 60  # the live curve: the new run only
    live_pen = pg.mkPen(window.loss_plot._train_curve.opts["pen"])
    assert live_pen.widthF() > pg.mkPen(curve.item.opts["pen"]).widthF()  # the bold one
    assert legend_labels(window) == ["γ = 2 (shown)", "γ = 0.5"]
    rows = runs_of(window).panel.list
    assert rows.topLevelItemCount() == 2
    assert rows.topLevelItem(1).text(2) == "60"  # the shown run's updates follow the state


def test_showing_a_kept_run_shows_it_everywhere_bit_for_bit(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    losses, first_record = keep_at_half_and_train_at_two(qtbot, window)
    second_record = window.latest_record()
    second_losses = window.loss_plot.train.y.tolist()
    kept_id = runs_of(window).runs[0].run_id
    select_run(qtbot, window, kept_id)
    qtbot.mouseClick(button(window, names.SHOW_RUN_BUTTON), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.displayed_record() == first_record, timeout=WAIT_MS)
    assert window.latest_record() == first_record  # bit-identical to the one shown before
    assert network_of(window).record == first_record  # the diagram and the inspector
    state = window.latest_state()
    assert (state.steps, state.setup.learning_rate) == (40, 0.5)
    assert window.controls.learning_rate_spin.value() == 0.5
    qtbot.waitUntil(
        lambda: window.findChild(QLabel, names.STATUS_UPDATE_LABEL).text().endswith("40"),
        timeout=WAIT_MS,
    )
    assert window.loss_plot.train.y.tolist() == losses  # its curve is the live one again
    qtbot.waitUntil(lambda: runs_of(window).runs[0].active, timeout=WAIT_MS)
    kept = runs_of(window).runs[1]
    assert kept.steps == 60 and kept.losses.tolist() == second_losses
    assert window.loss_plot.kept._curves[kept.run_id].series.y.tolist() == second_losses
    assert legend_labels(window) == ["γ = 0.5 (shown)", "γ = 2"]
    # It trains on exactly as it would have: the update after 40 at γ = 0.5.
    train(qtbot, window, 1)
    assert window.latest_record().parameters_before.tolist() == (
        first_record.parameters_after.tolist()
    )
    # And back: the other run, as it was.
    select_run(qtbot, window, kept.run_id)
    qtbot.keyClick(runs_of(window).panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.displayed_record() == second_record, timeout=WAIT_MS)


def test_showing_a_run_while_a_past_update_is_on_display_shows_the_runs_latest(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    _, first_record = keep_at_half_and_train_at_two(qtbot, window)
    slider = window.findChild(QSlider, names.HISTORY_SLIDER)
    slider.setValue(20)
    qtbot.waitUntil(lambda: window.displayed_record().step == 20, timeout=WAIT_MS)
    runs_of(window).show_run(runs_of(window).runs[0].run_id)
    qtbot.waitUntil(lambda: window.displayed_record() == first_record, timeout=WAIT_MS)
    train(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.displayed_record().step == 42, timeout=WAIT_MS)


def test_keep_and_continue_keeps_a_copy_and_trains_on(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 30)
    before = window.loss_plot.train.y.tolist()
    generation = window.store.generation
    window.findChild(
        type(runs_of(window).keep_continue_action), names.KEEP_RUN_CONTINUE_ACTION
    ).trigger()
    wait_runs(qtbot, window, 2)
    active, kept = runs_of(window).runs
    assert active.active and (kept.steps, kept.label) == (30, "run 1 at update 30")
    assert window.store.generation == generation and window.latest_state().steps == 30
    train(qtbot, window, 10)
    assert window.loss_plot.train.y.tolist()[:30] == before
    assert window.loss_plot.kept._curves[kept.run_id].series.y.tolist() == before


def label_editor(qtbot, rows):
    """F2 on the focused Runs list: its label editor, all selected."""
    rows.setFocus()
    qtbot.waitUntil(rows.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(rows, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not rows
    editor.selectAll()
    return editor


def test_ctrl_k_keeps_from_the_diagram_and_the_list_renames_and_removes(
    qtbot, make_window, monkeypatch
):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 5)
    view = network_of(window).view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    wait_runs(qtbot, window, 2)
    assert window.latest_state().steps == 0
    open_runs_dock(qtbot, window)
    rows = runs_of(window).panel.list
    kept_id = runs_of(window).runs[0].run_id
    select_run(qtbot, window, kept_id)
    editor = label_editor(qtbot, rows)
    qtbot.keyClicks(editor, "before the change")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runs_of(window).runs[0].label == "before the change", timeout=WAIT_MS)
    assert runs_of(window).runs[0].custom_label
    assert "before the change" in legend_labels(window)
    # Delete asks first; Cancel keeps the run.
    asked = []

    def answer(button):
        def question(*args, **kwargs):
            asked.append(args[2])
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    select_run(qtbot, window, kept_id)
    rows.setFocus()
    qtbot.keyClick(rows, Qt.Key.Key_Delete)
    assert asked and "“before the change” (5 updates)" in asked[-1]
    answered(qtbot, window)
    assert len(runs_of(window).runs) == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.mouseClick(button(window, names.REMOVE_RUN_BUTTON), Qt.MouseButton.LeftButton)
    wait_runs(qtbot, window, 1)
    assert len(window.loss_plot.kept) == 0
    assert legend_labels(window) == []
    assert window.loss_plot._train_curve.opts["pen"] == TRAIN_PEN  # as without comparison
    assert runs_of(window).panel.hint.isVisible()


def test_the_run_shown_cannot_be_removed_and_an_empty_run_is_not_kept(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    runs_of(window).keep(restart=True)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert window.banner.text() == "The run shown has no updates yet: train it before keeping it."
    train(qtbot, window, 3)
    runs_of(window).keep(restart=False)
    wait_runs(qtbot, window, 2)
    runs_of(window).remove_run(runs_of(window).runs[0].run_id)  # the active one
    assert window.banner.text() == "The run shown cannot be removed; show another run first."


def test_beyond_the_limit_keeping_is_refused_with_one_sentence(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("xor"))
    train(qtbot, window, 2)
    for _ in range(MAX_RUNS - 1):
        runs_of(window).keep(restart=False)
    wait_runs(qtbot, window, MAX_RUNS)
    messages = []
    window.worker.runs_changed.connect(messages.append)
    runs_of(window).keep(restart=True)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert window.banner.text() == (
        f"At most {MAX_RUNS} runs can be compared (the one shown and {MAX_RUNS - 1} kept); "
        "remove a kept run first."
    )
    answered(qtbot, window)
    assert messages == [] and window.latest_state().steps == 2
    assert len(window.loss_plot.kept) == MAX_RUNS - 1
    colours = {
        pg.mkPen(c.item.opts["pen"]).color().name() for c in window.loss_plot.kept._curves.values()
    }
    assert len(colours) == MAX_RUNS - 1  # every kept run in its own colour


def test_closing_with_kept_runs_asks_and_cancel_keeps_the_window(qtbot, make_window, monkeypatch):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 3)
    runs_of(window).keep(restart=True)
    wait_runs(qtbot, window, 2)
    window.confirm_close = True
    asked = []

    def cancel(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    window.close()
    assert window.isVisible() and window.worker.is_running
    assert "The 1 kept run (“run 1”) is not saved and will be lost" in asked[0]

    def discard(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", discard)
    window.close()
    assert not window.isVisible() and not window.worker.is_running
    assert len(asked) == 3  # the kept runs, then the unsaved run shown


def test_without_kept_runs_nothing_changes(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    messages = []
    window.worker.runs_changed.connect(messages.append)
    type_learning_rate(qtbot, window, "0.7")
    train(qtbot, window, 20)
    assert messages == []
    assert len(window.loss_plot.kept) == 0 and legend_labels(window) == []
    assert window.loss_plot._train_curve.opts["pen"] == TRAIN_PEN
    assert runs_of(window).panel.hint.text().startswith("Keep the run shown")


def test_labels_follow_the_setting_that_differs_and_hover_names_the_run(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    keep_at_half_and_train_at_two(qtbot, window)
    received = []
    window.worker.runs_changed.connect(received.append)
    window.controls.batch_requested.emit("online")
    qtbot.waitUntil(lambda: len(received) == 1, timeout=WAIT_MS)
    message: RunsChanged = received[0]
    # The run shown made its updates with full batches and goes on online.
    assert [r.label for r in message.runs] == ["γ = 0.5, full batch", "γ = 2, full batch → online"]
    plot = window.loss_plot
    kept_curve = plot.kept._curves[message.runs[0].run_id]
    # The mouse over the kept run's point at update 10 names that run.
    vb = plot.plot_widget.getPlotItem().vb
    qtbot.waitUntil(lambda: plot._legend_entries and True, timeout=WAIT_MS)
    x, y = 10.0, float(kept_curve.series.y[9])
    plot._on_mouse_moved((vb.mapViewToScene(pg.Point(x, y)),))
    assert plot._readout.isVisible()
    text = plot._readout.textItem.toPlainText()
    assert text.startswith("γ = 0.5, full batch — update 10: L(θ before) = ")
    assert np.isclose(float(text.rsplit("= ", 1)[1]), y, rtol=1e-5)


def test_after_a_past_update_was_shown_a_reset_run_shows_its_updates(qtbot, make_window):
    """Regression: a new generation (Reset, a kept run shown, a session, a setup) while the
    timeline showed a past update left the window on "past", so no later update was shown."""
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 30)
    slider = window.findChild(QSlider, names.HISTORY_SLIDER)
    slider.setValue(20)
    qtbot.waitUntil(lambda: window.displayed_record().step == 20, timeout=WAIT_MS)
    window.controls.reset_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps == 0, timeout=WAIT_MS)
    train(qtbot, window, 2)
    qtbot.waitUntil(
        lambda: window.displayed_record() is not None and window.displayed_record().step == 2,
        timeout=WAIT_MS,
    )


def test_keeping_a_copy_and_showing_a_run_while_training_runs(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 10)
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().steps > 200, timeout=WAIT_MS)
    runs_of(window).keep(restart=False)  # while it runs: a copy, and training goes on
    wait_runs(qtbot, window, 2)
    kept = runs_of(window).runs[1]
    assert kept.steps > 200 and window.store.running
    qtbot.waitUntil(lambda: window.latest_state().steps > kept.steps + 100, timeout=WAIT_MS)
    runs_of(window).show_run(kept.run_id)  # showing pauses the run that was training
    qtbot.waitUntil(lambda: runs_of(window).runs[1].active, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.store.running, timeout=WAIT_MS)
    assert window.latest_state().steps == kept.steps
    qtbot.waitUntil(lambda: len(window.loss_plot.train) == kept.steps, timeout=WAIT_MS)
    assert window.loss_plot.train.y.tolist() == kept.losses.tolist()
    other = runs_of(window).runs[0]
    assert other.steps > kept.steps + 100
    assert other.losses[: kept.steps].tolist() == kept.losses.tolist()  # one run, then two


def test_save_never_writes_another_run_over_a_runs_file(qtbot, make_window, tmp_path):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 4)
    path = str(tmp_path / "first.mlpgui.json")
    assert window.files.save_and_wait(path)
    runs_of(window).keep(restart=True)
    wait_runs(qtbot, window, 2)
    # The fresh run is not the one in first.mlpgui.json: Save must not overwrite that file.
    assert window.files.path is None and window.files.dirty
    train(qtbot, window, 2)
    assert window.files.save_and_wait(str(tmp_path / "second.mlpgui.json"))
    runs_of(window).keep(restart=False)  # a copy kept: the run shown is still the one saved
    wait_runs(qtbot, window, 3)
    assert window.files.path == str(tmp_path / "second.mlpgui.json")
    runs_of(window).show_run(runs_of(window).runs[0].run_id)
    qtbot.waitUntil(lambda: window.latest_state().steps == 4, timeout=WAIT_MS)
    assert window.files.path is None and window.files.dirty  # Save asks where: no overwrite


def test_a_label_too_long_is_refused_and_the_list_keeps_the_label(qtbot, make_window):
    window = make_window(*TrainingSetup.for_preset("lecture"))
    train(qtbot, window, 2)
    runs_of(window).keep(restart=True)
    wait_runs(qtbot, window, 2)
    open_runs_dock(qtbot, window)
    item = runs_of(window).panel.list.topLevelItem(0)
    item.setText(1, "x" * 61)  # as the item's editor does when the user commits
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert window.banner.text() == "A run's label may have at most 60 characters."
    assert item.text(1) == "run 1" == runs_of(window).runs[0].label
