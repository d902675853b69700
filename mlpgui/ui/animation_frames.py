"""One frame of an animation: widgets of the window (the diagram, the output plot) drawn side
by side — or one above the other, when that shows them larger — under a caption with the
update's number and loss. GUI thread only.

Every panel is drawn at the same scale, so that text in both is equally large, and it is
*rendered* at that scale (``QWidget.render`` into an image with that device pixel ratio), not
grabbed and stretched: text and lines stay sharp in a frame larger than the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from mlpgui.core import UpdateRecord

from .formatting import format_count, format_number

GAP = 8
"""Pixels between two panels."""
STACK_GAIN = 1.15
"""Panels go one above the other only when that draws them this much larger."""
BACKGROUND = QColor("#ffffff")
CAPTION_BACKGROUND = QColor("#f0f3f6")
CAPTION_TEXT = QColor("#1f2328")


@dataclass(frozen=True)
class Panel:
    """A widget to draw into every frame. ``above``: a child of it (the diagram's option bar:
    combo boxes mean nothing on a slide) that is left out, with everything above it; its
    height is looked up for every frame."""

    widget: QWidget
    above: QWidget | None = None

    def source(self) -> QRect:
        """The part of the widget drawn, in its own coordinates."""
        w, h = self.widget.width(), self.widget.height()
        top = 0
        bar = self.above
        if bar is not None and bar.isVisible():
            top = bar.mapTo(self.widget, QPoint(0, bar.height())).y()
        top = min(max(top, 0), max(h - 1, 0))
        return QRect(0, top, max(w, 1), max(h - top, 1))


@dataclass(frozen=True)
class Layout:
    """Where the panels go in a frame: their common ``scale`` and their target rectangles."""

    scale: float
    rects: tuple[QRect, ...]
    caption_height: int


def caption_text(record: UpdateRecord | None) -> str:
    """ "update k · L(θ before update k) = …", every number from the record."""
    if record is None:
        return "before the first update"
    k = format_count(record.step)
    return f"update {k} · L(θ before update {k}) = {format_number(record.loss_before)}"


def caption_height(height: int) -> int:
    """Pixels of the caption bar in a frame ``height`` pixels high."""
    return min(max(round(height * 0.06), 28), 96)


def _even(n: float) -> int:
    return 2 * math.ceil(n / 2)


def natural_size(sizes: list[QSize]) -> tuple[int, int]:
    """The frame size that shows panels of these sizes side by side at scale 1 (even width
    and height, as H.264 needs)."""
    width = sum(s.width() for s in sizes) + GAP * (len(sizes) - 1)
    body = max((s.height() for s in sizes), default=1)
    height = body + caption_height(body)
    while height - caption_height(height) < body:
        height += 1
    return _even(width), _even(height)


def layout(sizes: list[QSize], width: int, height: int) -> Layout:
    """Panels of ``sizes`` in a ``width`` × ``height`` frame, centred below the caption:
    side by side, unless one above the other draws them ``STACK_GAIN`` times larger."""
    cap = caption_height(height)
    body = height - cap
    ws = [max(s.width(), 1) for s in sizes]
    hs = [max(s.height(), 1) for s in sizes]
    gaps = GAP * (len(sizes) - 1)
    beside = min((width - gaps) / sum(ws), body / max(hs))
    above = min(width / max(ws), (body - gaps) / sum(hs))
    stacked = len(sizes) > 1 and above > beside * STACK_GAIN
    scale = max(min(above if stacked else beside, 8.0), 0.05)
    rects = []
    if stacked:
        y = cap + (body - (sum(hs) * scale + gaps)) / 2
        for w, h in zip(ws, hs, strict=True):
            rects.append(_rect((width - w * scale) / 2, y, w * scale, h * scale))
            y += h * scale + GAP
    else:
        x = (width - (sum(ws) * scale + gaps)) / 2
        for w, h in zip(ws, hs, strict=True):
            rects.append(_rect(x, cap + (body - h * scale) / 2, w * scale, h * scale))
            x += w * scale + GAP
    return Layout(scale, tuple(rects), cap)


def _rect(x: float, y: float, w: float, h: float) -> QRect:
    return QRect(round(x), round(y), max(round(w), 1), max(round(h), 1))


def render_panel(panel: Panel, target: QRect, scale: float) -> QImage:
    """The panel's widget rendered at ``scale`` into an image of ``target``'s size."""
    image = QImage(target.size(), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(BACKGROUND)
    source = panel.source()
    panel.widget.render(image, QPoint(0, 0), QRegion(source))
    image.setDevicePixelRatio(1.0)
    return image


def compose(panels: list[Panel], width: int, height: int, caption: str) -> QImage:
    """A whole frame (``QImage.Format_RGBX8888``, ``width`` × ``height``)."""
    sizes = [p.source().size() for p in panels]
    placed = layout(sizes, width, height)
    frame = QImage(width, height, QImage.Format.Format_RGBX8888)
    frame.fill(BACKGROUND)
    painter = QPainter(frame)
    try:
        for panel, rect in zip(panels, placed.rects, strict=True):
            painter.drawImage(rect.topLeft(), render_panel(panel, rect, placed.scale))
        cap = placed.caption_height
        painter.fillRect(0, 0, width, cap, CAPTION_BACKGROUND)
        font = QFont()
        font.setPixelSize(max(round(cap * 0.5), 10))
        painter.setFont(font)
        painter.setPen(CAPTION_TEXT)
        pad = round(cap * 0.4)
        painter.drawText(
            QRect(pad, 0, width - 2 * pad, cap),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            caption,
        )
    finally:
        painter.end()
    return frame


def frame_bytes(frame: QImage) -> bytes:
    """The pixels of an RGBX8888 ``frame``, row after row, without padding."""
    if frame.format() != QImage.Format.Format_RGBX8888:
        frame = frame.convertToFormat(QImage.Format.Format_RGBX8888)
    width, height, line = frame.width(), frame.height(), frame.bytesPerLine()
    data = bytes(frame.constBits())[: line * height]
    if line == width * 4:
        return data
    return b"".join(data[r * line : r * line + width * 4] for r in range(height))
