"""FastScatter draws exactly what pyqtgraph's ScatterPlotItem draws, for uniform and per-point
styles, and keeps shared brush objects shared."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from mlpgui.ui.plots.fast_scatter import FastScatter
from mlpgui.ui.plots.point_colors import brushes, pens, shared


def picture(qtbot, item_class, per_point: str) -> object:
    rng = np.random.default_rng(7)
    x, y, t = rng.random(3_000), rng.random(3_000), rng.random(3_000)
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    item = item_class(size=10, pen=pg.mkPen("#333"), brush=pg.mkBrush("#1f77b4"))
    styles = {
        "uniform": {},
        "brushes": {"brush": shared(brushes(), t, 0.0, 1.0)},
        "pens": {"pen": shared(pens(), t, 0.0, 1.0), "brush": pg.mkBrush("w")},
        "sizes": {"size": np.where(t > 0.5, 6.0, 12.0)},
    }[per_point]
    if item_class is pg.ScatterPlotItem:  # the stock item wants lists of styles
        styles = {k: list(v) if isinstance(v, np.ndarray) and v.dtype == object else v
                  for k, v in styles.items()}  # fmt: skip
    item.setData(x, y, **styles)
    item.setData(x[::-1], y[::-1], **{k: v[::-1] if hasattr(v, "__len__") else v
                                      for k, v in styles.items()})  # fmt: skip
    widget.addItem(item)
    widget.show()
    qtbot.waitExposed(widget)
    return widget.grab().toImage(), item


@pytest.mark.parametrize("per_point", ["uniform", "brushes", "pens", "sizes"])
def test_fast_scatter_draws_the_same_pixels_as_pyqtgraph(qtbot, per_point):
    stock, _ = picture(qtbot, pg.ScatterPlotItem, per_point)
    fast, item = picture(qtbot, FastScatter, per_point)
    assert fast == stock
    if per_point == "brushes":
        assert len({id(b) for b in item.data["brush"]}) <= len(brushes())
