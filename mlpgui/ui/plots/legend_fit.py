"""Fitting a pyqtgraph legend into a given area: as few columns as fit, and smaller type only
when no column count fits (the Loss plot's legend with many kept runs). GUI thread."""

from __future__ import annotations

import math

import pyqtgraph as pg

MIN_LEGEND_POINTS = 7.0
"""The smallest type the legend shrinks to when no column count lets it fit."""


def fit_legend(legend: pg.LegendItem, width: float, height: float, points: float) -> None:
    """Lay ``legend`` out to fit within ``width`` × ``height`` pixels: its labels in
    ``points``-pt type (the application's font, as presenter mode sizes labels) in as few
    columns as fit; if no column count fits, in the largest smaller type that fits, down to
    ``MIN_LEGEND_POINTS`` (then the fewest columns that fit the height, or as many columns as
    there are entries).

    Each layout tried costs about a millisecond per entry, so the type sizes are bisected
    (smaller type never fits worse) and column counts whose rows cannot fit the height are
    not laid out: a fit takes a few dozen layouts, not hundreds (presenter mode's large type
    while a dock is dragged)."""
    count = len(legend.items)
    if not count:
        return
    sizes = [points]
    while sizes[-1] > MIN_LEGEND_POINTS:
        sizes.append(max(MIN_LEGEND_POINTS, sizes[-1] - 1.0))
    if _fit_columns(legend, sizes[0], width, height):
        return
    low, high = 0, len(sizes)  # sizes[low] does not fit; sizes[high] fits (len: none found)
    while high - low > 1:
        middle = (low + high) // 2
        if _fit_columns(legend, sizes[middle], width, height):
            high = middle
        else:
            low = middle
    if high < len(sizes):
        _fit_columns(legend, sizes[high], width, height)
        return
    set_label_size(legend, sizes[-1])
    for columns in range(1, count + 1):
        set_columns(legend, columns)
        if legend.height() <= height:
            return


def _fit_columns(legend: pg.LegendItem, points: float, width: float, height: float) -> bool:
    """Lay ``legend`` out in ``points``-pt type in the fewest columns that fit; False if none
    does (the layout is then left as it is)."""
    count = len(legend.items)
    set_label_size(legend, points)
    set_columns(legend, 1)
    if legend.width() <= width and legend.height() <= height:
        return True
    row_height = legend.height() / count  # one entry a row: every row is as tall
    for columns in range(2, count + 1):
        if math.ceil(count / columns) * row_height > height + 0.5:
            continue  # too many rows, whatever their width
        set_columns(legend, columns)
        if legend.width() <= width and legend.height() <= height:
            return True
    return False


def set_label_size(legend: pg.LegendItem, points: float) -> None:
    size = f"{points:.1f}pt"
    legend.opts["labelTextSize"] = size
    for _sample, label in legend.items:
        if label.opts.get("size") != size:
            label.setText(label.text, size=size)


def set_columns(legend: pg.LegendItem, columns: int) -> None:
    """``columns`` columns (rows filled first), the legend's size measured anew."""
    legend.columnCount = 0  # makes setColumnCount lay the entries out again
    legend.setColumnCount(columns)
    # Shrunk to its least size first: the layout stretches the entries over the legend's
    # current size, so measuring without this only ever grows it (past layouts' sizes stick).
    legend.resize(0, 0)
    legend.layout.activate()
    legend.updateSize()
