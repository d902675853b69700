"""Saving plots as PNG or SVG (pyqtgraph's exporters) and the whole window as PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QGraphicsScene, QWidget

FORMATS = {".png": "PNG image", ".svg": "SVG vector image"}
PNG_SCALE = 2
"""PNG exports are rendered at twice the on-screen size (crisp on slides)."""


class ExportError(Exception):
    """A plot could not be written (the message is one sentence for the user)."""


def _shim_svg_close_path() -> None:
    """Let pyqtgraph's SVG exporter read the "Z" (close path) that Qt ≥ 6.10 writes.

    pyqtgraph 0.14's ``correctCoordinates`` expects every token of a path's ``d`` to be an
    "x,y" pair and fails on "Z" (pyqtgraph issue #3485): every plot's SVG export fails. The
    shim takes the "Z" tokens out, lets pyqtgraph transform the coordinates, and puts them
    back where they were. Installed once; a pyqtgraph without the function is left alone.
    """
    module = sys.modules.get("pyqtgraph.exporters.SVGExporter")
    original = getattr(module, "correctCoordinates", None)
    if original is None or getattr(original, "mlpgui_shim", False):
        return

    def correct(node: Any, defs: Any, item: Any, options: Any) -> Any:
        closes = []
        for path in node.getElementsByTagName("path"):
            tokens = path.getAttribute("d").split()
            at = [k for k, token in enumerate(tokens) if token in ("Z", "z")]
            if at:
                path.setAttribute("d", " ".join(t for t in tokens if t not in ("Z", "z")))
                closes.append((path, at))
        result = original(node, defs, item, options)
        for path, at in closes:
            tokens = path.getAttribute("d").split()
            for k in at:
                tokens.insert(k, "Z")
            path.setAttribute("d", " ".join(tokens))
        return result

    correct.mlpgui_shim = True  # type: ignore[attr-defined]
    module.correctCoordinates = correct  # type: ignore[union-attr]


_shim_svg_close_path()


def export_graphics(target: QGraphicsItem | QGraphicsScene, path: str | Path) -> Path:
    """Write ``target`` (a plot item or a whole pyqtgraph scene) to ``path``: PNG or SVG by
    the file's suffix. Raises ExportError with a sentence for the user."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"Plots can be saved as .png or .svg files, not “{path.suffix}”.")
    try:
        if suffix == ".png":
            exporter = ImageExporter(target)
            width = int(exporter.parameters()["width"]) * PNG_SCALE
            exporter.parameters()["width"] = max(width, 2)
        else:
            exporter = SVGExporter(target)
        exporter.export(str(path))
    except OSError as exc:
        raise ExportError(f"Could not write {path.name}: {exc.strerror or exc}.") from exc
    if not path.is_file() or path.stat().st_size == 0:
        raise ExportError(f"Could not write {path.name}.")
    return path


def save_window_png(window: QWidget, path: str | Path) -> Path:
    """Save what ``window`` shows (every dock, as on screen) as a PNG file."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_suffix(".png")
    if not window.grab().save(str(path), "PNG"):
        raise ExportError(f"Could not write {path.name}.")
    return path


def ask_path(parent: QWidget, title: str, stem: str, formats: tuple[str, ...]) -> Path | None:
    """Ask where to save (``formats``: suffixes such as ".png"); None if cancelled. The
    suffix follows the chosen filter when the user typed none."""
    filters = [f"{FORMATS[s]} (*{s})" for s in formats]
    name, chosen = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / f"{stem}{formats[0]}"), ";;".join(filters)
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in formats:
        suffix = formats[filters.index(chosen)] if chosen in filters else formats[0]
        path = path.with_name(path.name + suffix)
    return path
