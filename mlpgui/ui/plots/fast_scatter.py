"""FastScatter: pyqtgraph's ScatterPlotItem without its per-point Python work on setData.

In pixel mode, ScatterPlotItem draws each point as a fragment of one symbol atlas, and on
``setData`` it looks up every point's atlas fragment in Python (a style tuple and a key per
point: ~7 µs a point, 150–350 ms for 20,000 points, all on the GUI thread). Points of a plot
share a handful of styles, so this subclass looks each *distinct* style up once and hands the
fragments out with NumPy. What is drawn is exactly what ScatterPlotItem draws (a test compares
the pixels).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

STYLE_FIELDS = ["symbol", "size", "pen", "brush"]


def _codes(column: np.ndarray) -> np.ndarray:
    """(n,) int64 codes equal exactly where the column's styles are the same object/value."""
    if column.dtype == object:
        return np.fromiter(map(id, column), dtype=np.int64, count=len(column))
    return np.ascontiguousarray(column, dtype=np.float64).view(np.int64)


class FastScatter(pg.ScatterPlotItem):
    """A ScatterPlotItem whose ``updateSpots`` costs O(distinct styles) in Python, and that
    takes per-point brushes or pens as an object array of ready QBrush / QPen objects as they
    are (ScatterPlotItem converts every one through a Python list)."""

    def setBrush(self, *args: object, **kargs: object) -> None:
        if not self._set_objects("brush", args, kargs):
            super().setBrush(*args, **kargs)

    def setPen(self, *args: object, **kargs: object) -> None:
        if not self._set_objects("pen", args, kargs):
            super().setPen(*args, **kargs)

    def _set_objects(self, field: str, args: tuple[object, ...], kargs: dict) -> bool:
        """Per-point QBrush/QPen objects given as an object array: store them directly."""
        if len(args) != 1 or not isinstance(args[0], np.ndarray) or args[0].dtype != object:
            return False
        values = args[0]
        data = kargs.get("dataSet")
        if data is None:
            data = self.data
        mask = kargs.get("mask")
        if mask is not None:
            values = values[mask]
        if len(values) != len(data):
            raise ValueError(f"{len(values)} {field}es for {len(data)} points")
        data[field] = values
        data["sourceRect"] = 0
        if kargs.get("update", True):
            self.updateSpots(data)
        return True

    def updateSpots(self, dataSet: np.ndarray | None = None) -> None:
        if dataSet is None:
            dataSet = self.data
        if not (self.opts["pxMode"] and self.opts["useCache"]):
            super().updateSpots(dataSet)
            return
        mask = dataSet["sourceRect"]["w"] == 0
        if np.any(mask):
            columns = list(self._style(STYLE_FIELDS, data=dataSet, idx=mask))
            key = np.zeros(int(mask.sum()), dtype=np.int64)
            for column in columns:  # one integer per distinct style (mixed radix)
                _, code = np.unique(_codes(column), return_inverse=True)
                code = np.asarray(code).reshape(-1)
                key = key * (int(code.max(initial=0)) + 1) + code
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            styles = [tuple(column[i] for column in columns) for i in first]
            fragments = np.array(self.fragmentAtlas[styles], dtype=object)
            rects = np.empty(len(styles), dtype=dataSet["sourceRect"].dtype)
            rects[:] = [tuple(fragment) for fragment in fragments]
            dataSet["sourceRect"][mask] = rects[np.asarray(inverse).reshape(-1)]
        self._maybeRebuildAtlas()
        self._updateMaxSpotSizes(data=dataSet)
        self.invalidate()
