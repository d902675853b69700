"""The Output plot's legend as one line of text above the plot.

A legend inside the plot covers data points (and catches the mouse); a line above it, as in
the dataset editor's plot, covers nothing. Its size follows the application's font, so
presenter mode (which enlarges that font) enlarges it too.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from . import style

SEPARATOR = "&nbsp;&nbsp;&nbsp;"


def legend_html(mode: str, outputs: int, tests: bool) -> str:
    """The markers of ``mode`` ("curve", "map" or "predictions") explained, as HTML; "" when
    there is nothing to explain (map mode explains its colours in the note below)."""
    parts: list[str] = []
    if mode == "curve":
        for k in range(outputs):
            color = style.palette_color(k + 1) if outputs > 1 else style.PALETTE[0]
            curve = style.NETWORK_PEN.color().name() if outputs == 1 else color
            suffix = f"<sub>{k + 1}</sub>" if outputs > 1 else ""
            parts.append(f"<span style='color:{color}'>●</span> training data t{suffix}")
            parts.append(f"<span style='color:{curve}'>━</span> network y{suffix}(x)")
        if tests:
            parts.append("○ test data (hollow)")
    elif mode == "predictions":
        for k in range(outputs):
            color = style.palette_color(k)
            name = f"y<sub>{k + 1}</sub>" if outputs > 1 else "training samples"
            parts.append(f"<span style='color:{color}'>●</span> {name}")
        if tests:
            parts.append("○ test samples (hollow)")
        parts.append(f"<span style='color:{style.DIAGONAL_PEN.color().name()}'>╱</span> y = t")
    return SEPARATOR.join(parts)


def title_size() -> str:
    """The legend line's font size: a little below the application's font."""
    points = QApplication.font().pointSizeF()
    return f"{max(7.0, 0.9 * points):.1f}pt"
