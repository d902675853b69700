"""Presenter mode: larger fonts everywhere, thicker lines, fewer docks — and all of it undone."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from mlpgui.ui import names

from .conftest import WAIT_MS, network_of


def _visible_docks(window) -> set[str]:
    return {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()}


def _axis_font_sizes(window) -> list[float]:
    sizes = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and item.isVisible():
                font = item.style.get("tickFont") or QApplication.font()
                sizes.append(font.pointSizeF())
    return sizes


def test_f5_turns_presenter_mode_on_and_off_again_exactly(qtbot, window):
    app = QApplication.instance()
    font_before = app.font().pointSizeF()
    docks_before = _visible_docks(window)
    axis_before = min(_axis_font_sizes(window))
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.latest_record() is not None, timeout=WAIT_MS)

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F5)
    assert window.presenter.enabled
    assert window.findChild(type(window.presenter.action), names.PRESENTER_ACTION).isChecked()
    assert app.font().pointSizeF() >= 1.6 * font_before
    assert min(_axis_font_sizes(window)) >= 1.6 * axis_before
    qtbot.waitUntil(
        lambda: _visible_docks(window) == {names.INSPECTOR_DOCK, names.OUTPUT_DOCK},
        timeout=WAIT_MS,
    )
    loss_pen = window.loss_plot._train_curve.opts["pen"]
    assert pg.mkPen(loss_pen).widthF() >= 2

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F5)
    assert not window.presenter.enabled
    assert app.font().pointSizeF() == font_before
    assert min(_axis_font_sizes(window)) == axis_before
    qtbot.waitUntil(lambda: _visible_docks(window) == docks_before, timeout=WAIT_MS)


def test_the_remembered_layout_is_never_the_presenter_one(qtbot, window):
    docks_before = _visible_docks(window)
    window.presenter.set_enabled(True)
    window._save_settings()
    assert not window.presenter.enabled
    assert _visible_docks(window) == docks_before


def test_named_parameters_reach_the_worker_and_the_saved_session(qtbot, make_window, tmp_path):
    from mlpgui.core.session import load_session
    from mlpgui.core.setup import TrainingSetup

    setup, data = TrainingSetup.for_preset("lecture")
    window = make_window(setup, data)
    assert window.latest_snapshot().setup.parameter_names == ()
    names_ = ((0, "u"), (3, "v"))
    network_of(window).names_requested.emit(names_)
    qtbot.waitUntil(
        lambda: window.latest_snapshot().setup.parameter_names == names_, timeout=WAIT_MS
    )
    assert window.files.dirty  # naming is a change worth saving
    assert window.latest_state().steps == 0  # and nothing else changed
    path = str(tmp_path / "named.mlpgui.json")
    window.files.save_to(path)
    qtbot.waitUntil(lambda: window.files.path == path, timeout=WAIT_MS)
    assert load_session(path).setup.parameter_names == names_


def test_disabled_controls_stay_grey_in_presenter_mode(qtbot, window):
    """The high-contrast palette made every text black, in every colour group: Pause while
    paused and Latest at the latest update looked as clickable as Run."""
    from PySide6.QtGui import QPalette

    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F5)
    assert window.presenter.enabled
    assert not window.controls.pause_action.isEnabled()
    palette = QApplication.palette()
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        black = palette.color(QPalette.ColorGroup.Active, role)
        grey = palette.color(QPalette.ColorGroup.Disabled, role)
        assert black.lightness() == 0
        assert 100 <= grey.lightness() <= 160  # visibly lighter, still readable on white


def test_closing_a_window_in_presenter_mode_gives_the_application_its_font_back(qtbot, make_window):
    """The font and palette belong to the application: a window closed in presenter mode (the
    worker already stopped, as the test fixtures do) must not leave them 1.6 times as large
    for the next window."""
    app = QApplication.instance()
    font_before, palette_before = app.font().pointSizeF(), app.palette().text().color().name()
    window = make_window()
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F5)
    assert app.font().pointSizeF() >= 1.6 * font_before
    window.worker.shutdown()
    window.close()
    assert app.font().pointSizeF() == font_before
    assert app.palette().text().color().name() == palette_before
