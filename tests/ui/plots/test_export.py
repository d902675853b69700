"""Every plot exports to valid PNG and SVG files; the window to PNG."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QDockWidget, QFileDialog

from mlpgui.ui.plots.export import ExportError, export_graphics, save_window_png

from .helpers import feature, names, show_dock, step

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def valid_png(path) -> bool:
    image = QImage(str(path))
    return path.read_bytes()[:8] == PNG_MAGIC and not image.isNull() and image.width() > 10


def valid_svg(path) -> bool:
    root = ET.parse(path).getroot()
    return root.tag.endswith("svg") and len(list(root.iter())) > 5


def test_every_plot_exports_to_png_and_svg(qtbot, window, tmp_path):
    plots = feature(window)
    step(qtbot, window, 3)
    cases = [
        ("loss", names.LOSS_DOCK, window.loss_plot.plot_widget.getPlotItem, lambda: True),
        ("output", names.OUTPUT_DOCK, plots.output.export_target,
         lambda: plots.output.shown_steps == 3),
        ("hidden", names.HIDDEN_UNITS_DOCK, plots.hidden_units.export_target,
         lambda: plots.hidden_units.shown_steps == 3),
        ("weights", names.TRAJECTORIES_DOCK, plots.trajectories.export_target, lambda: True),
        ("surface", names.LOSS_SURFACE_DOCK, plots.surface.export_target,
         lambda: plots.surface.shown_steps == 3),
    ]  # fmt: skip
    for name, dock, target, ready in cases:
        show_dock(qtbot, window, dock)
        qtbot.waitUntil(ready)
        png = export_graphics(target(), tmp_path / f"{name}.png")
        svg = export_graphics(target(), tmp_path / f"{name}.svg")
        assert valid_png(png), name
        assert valid_svg(svg), name
        assert QImage(str(png)).width() >= 2 * window.findChild(QDockWidget, dock).width() - 40


def test_the_window_exports_to_png(window, tmp_path):
    path = save_window_png(window, tmp_path / "window")
    assert path.suffix == ".png" and valid_png(path)
    assert QImage(str(path)).width() == window.width()


def test_export_menu_actions_ask_for_a_file_and_write_it(qtbot, window, tmp_path, monkeypatch):
    answers = iter(
        [
            (str(tmp_path / "out"), "SVG vector image (*.svg)"),
            (str(tmp_path / "win.png"), "PNG image (*.png)"),
            ("", ""),
        ]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    window.findChild(QAction, names.EXPORT_OUTPUT_ACTION).trigger()
    assert valid_svg(tmp_path / "out.svg")
    window.findChild(QAction, names.EXPORT_WINDOW_ACTION).trigger()
    assert valid_png(tmp_path / "win.png")
    window.findChild(QAction, names.EXPORT_LOSS_ACTION).trigger()  # cancelled: nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.svg", "win.png"]


def test_bad_file_names_give_one_sentence(window, tmp_path, monkeypatch):
    with pytest.raises(ExportError, match=r"png or \.svg"):
        export_graphics(window.loss_plot.plot_widget.getPlotItem(), tmp_path / "x.jpg")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "missing" / "dir" / "x.png"), ""),
    )  # fmt: skip
    window.findChild(QAction, names.EXPORT_LOSS_ACTION).trigger()
    assert window.banner.kind == "error" and "x.png" in window.banner.text()
