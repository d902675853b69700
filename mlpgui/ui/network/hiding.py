"""Hidden quantities: what the diagram, its tooltips and the inspector do not show while an
exercise asks for it (exercise mode).

``Hidden`` holds the keys of ``ExerciseSet.hidden_quantities()`` (the vocabulary of
``mlpgui.core.exercise_quantity``: ("d", l, i, n), ("a", l, i, n), ("fprime", l, i, n),
("delta", l, i, n) of unit i of layer l at batch position n — without n: every sample —,
("w_grad", k, i, j), ("w_update", …), ("w_new", …), ("b_grad", k, i), …, ("loss",) and
("loss_after",)). The core puts in every value computed from an asked one, so this module
only has to hide the keys it is given, per sample: a per-sample table shows the other
samples' rows, and a batch mean is hidden when any of its samples is. It hides in one place:
every value the pages and the diagram read comes through its ``mask_*`` methods, which
return copies with NaN where a value is hidden, and the formatting shows such a NaN as
``MARK`` ("?") — so a hidden value, and everything computed from it (a sum of terms, a batch
mean), is never written anywhere. While an exercise is open its update has no NaN of its own
(the core refuses such an update), so a NaN on screen always means "hidden".

Besides a quantity itself, the steps that compute it are hidden: the terms w_ij a_j of a hidden
drive, −(t − y) of a hidden output δ, the terms δ_k w_ki and their sum of a hidden δ, the
per-sample terms δ_i a_j of a hidden ∂L/∂w (and of a hidden a_j), the loss while an output y
is hidden (L = ½(t − y)² would give y away) and L(θ after) while a new value is. No hidden
value: every method returns its argument itself (nothing is copied while no exercise is open).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np

from mlpgui.core import ParameterLayout
from mlpgui.core.explain import LayerValues, LossExplanation, ParameterExplanation, UnitExplanation

MARK = "?"
"""What is written in place of a hidden number."""

Key = tuple[str | int, ...]

UNIT_NAMES = ("d", "a", "fprime", "delta")
"""Keys of per-sample values of a unit: (name, l, i, n), or (name, l, i) for every sample."""

_FLAT_NAMES = {"gradient": "grad", "update": "update", "w_after": "new"}
"""The edges' quantities (convention.EDGE_QUANTITIES) that can be hidden, and their key names."""


class Hidden:
    """A set of hidden quantities (see the module docstring); falsy when nothing is hidden."""

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self.keys: frozenset[Key] = frozenset(tuple(k) for k in keys)
        rows: dict[tuple[str, int, int], set[int] | None] = {}
        for key in self.keys:
            if key[0] in UNIT_NAMES:
                unit = (str(key[0]), int(key[1]), int(key[2]))
                if len(key) < 4:
                    rows[unit] = None
                elif rows.get(unit, set()) is not None:
                    rows.setdefault(unit, set()).add(int(key[3]))  # type: ignore[union-attr]
        self._rows = rows
        """(name, l, i) → the hidden batch positions of that unit's value (None: all)."""

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hidden) and other.keys == self.keys

    def __hash__(self) -> int:
        return hash(self.keys)

    def __repr__(self) -> str:
        return f"Hidden({sorted(self.keys, key=repr)!r})"

    def parameter(self, name: str, kind: str, layer: int, i: int, j: int = -1) -> bool:
        """Is ``name`` ("grad", "update" or "new") of w_ij (kind "w") or b_i of W^(layer+1)
        hidden?"""
        key: Key = ("w_" + name, layer, i, j) if kind == "w" else ("b_" + name, layer, i)
        return key in self.keys

    def loss(self, n_layers: int) -> bool:
        """Is the loss at θ before the update hidden (it, or an output y_i, is)?"""
        return ("loss",) in self.keys or any(
            name == "a" and layer == n_layers for name, layer, _ in self._rows
        )

    def loss_after(self) -> bool:
        """Is L(θ after the update) hidden (a new value it is computed from is)?"""
        return ("loss_after",) in self.keys or bool(self._parameters("new"))

    def hides(self, name: str, layer: int, i: int, sample: int | None) -> bool:
        """Is ``name`` ("d", "a", "fprime", "delta") of unit i of layer hidden at batch
        position ``sample`` (None: the batch mean, hidden when any sample is)?"""
        unit = (name, layer, i)
        if unit not in self._rows:
            return False
        rows = self._rows[unit]
        return rows is None or sample is None or sample in rows

    # --- masks ---------------------------------------------------------------------------------

    def mask_values(self, values: LayerValues, sample: int | None = None) -> LayerValues:
        """The d, a and δ per layer of batch position ``sample`` (None: the batch mean, or
        not known — hidden when any sample is), hidden ones NaN."""
        if not self:
            return values

        def vector(v: np.ndarray, name: str, layer: int) -> np.ndarray:
            hidden = [i for i in range(len(v)) if self.hides(name, layer, i, sample)]
            return _with_nan(v, hidden)

        return dataclasses.replace(
            values,
            drives=tuple(vector(v, "d", l + 1) for l, v in enumerate(values.drives)),  # noqa: E741
            activations=tuple(vector(v, "a", l) for l, v in enumerate(values.activations)),  # noqa: E741
            deltas=tuple(vector(v, "delta", l + 1) for l, v in enumerate(values.deltas)),  # noqa: E741
        )

    def mask_activations(self, activations: np.ndarray, layer: int) -> np.ndarray:
        """a^(layer) of every sample (B, n_layer), hidden cells NaN."""
        return self._columns(activations, "a", layer)

    def mask_flat(
        self, values: np.ndarray | None, quantity: str, layout: ParameterLayout
    ) -> np.ndarray | None:
        """Edge values in the layout of θ (P,): ∂L/∂θ ("gradient"), Δθ ("update") or θ after
        the update ("w_after"), hidden entries NaN (θ before the update is never hidden);
        None (not known) stays None."""
        name = _FLAT_NAMES.get(quantity)
        if not self or name is None or values is None:
            return values
        hidden = [
            layout.index_of_weight(k, i, j) if kind == "w" else layout.index_of_bias(k, i)
            for kind, k, i, j in self._parameters(name)
            if k < layout.n_layers and i < layout.layer_sizes[k + 1]
        ]
        return _with_nan(values, hidden)

    def mask_matrix(self, matrix: np.ndarray, name: str, kind: str, layer: int) -> np.ndarray:
        """W^(layer+1)-shaped (n_l, n_{l−1}) ∂L/∂W or ΔW (``name`` "grad"/"update"), or the
        matching bias vector (kind "b"), hidden entries NaN."""
        if not self:
            return matrix
        out = np.array(matrix, dtype=np.float64)
        for k_kind, k, i, j in self._parameters(name):
            if k_kind == kind and k == layer and i < out.shape[0]:
                if kind == "w" and j < out.shape[1]:
                    out[i, j] = np.nan
                elif kind == "b":
                    out[i] = np.nan
        return out

    def mask_parameter(self, e: ParameterExplanation) -> ParameterExplanation:
        """A weight's or bias's explanation with its hidden numbers NaN: the samples' δ_i and
        a_j that are hidden, and every term and sum once the gradient is."""
        if not self:
            return e
        k, i, j, kind = e.layer, e.i, e.j, e.kind
        count = len(e.deltas)
        delta_rows = self._rows_of("delta", k + 1, i, count)
        input_rows = self._rows_of("a", k, j, count) if kind == "w" else np.zeros(count, bool)
        grad_hidden = self.parameter("grad", kind, k, i, j) or bool(
            delta_rows.any() or input_rows.any()
        )
        update_hidden = self.parameter("update", kind, k, i, j) or grad_hidden
        changes: dict[str, object] = {}
        if delta_rows.any():
            changes["deltas"] = _nan_rows(e.deltas, delta_rows)
        if input_rows.any():
            changes["inputs"] = _nan_rows(e.inputs, input_rows)
        if grad_hidden:
            changes["terms"] = _nan_like(e.terms)
            for name in ("term_sum", "combined", "gradient", "data_gradient", "gradient_step"):
                changes[name] = np.nan
        if update_hidden:
            changes["update"] = changes["velocity_after"] = np.nan
        if update_hidden or self.parameter("new", kind, k, i, j):
            changes["value_after"] = np.nan
        return dataclasses.replace(e, **changes) if changes else e  # type: ignore[arg-type]

    def mask_unit(self, u: UnitExplanation) -> UnitExplanation:
        """A unit's explanation with its hidden numbers NaN, per sample (and the terms of
        hidden sums)."""
        if not self or u.layer == 0:
            return u
        l, i, count = u.layer, u.i, len(u.activations)  # noqa: E741
        rows = {name: self._rows_of(name, l, i, count) for name in UNIT_NAMES}
        changes: dict[str, object] = {}
        if u.drive_terms is not None:
            terms = self._columns(u.drive_terms, "a", l - 1)
            changes["drive_terms"] = _nan_rows(terms, rows["d"])
        changes["drives"] = _nan_rows(u.drives, rows["d"])
        changes["activations"] = _nan_rows(u.activations, rows["a"])
        changes["outputs"] = _nan_rows(u.outputs, rows["a"])
        changes["derivatives"] = _nan_rows(u.derivatives, rows["fprime"])
        gone = rows["delta"]
        for name in ("deltas", "recomputed_deltas"):
            changes[name] = _nan_rows(getattr(u, name), gone)
        changes["errors"] = _nan_rows(u.errors, gone | rows["a"])
        if u.next_deltas is not None:
            assert u.next_weights is not None and u.backprop_sums is not None
            next_deltas = self._columns(u.next_deltas, "delta", l + 1)
            changes["next_deltas"] = next_deltas
            changes["backprop_terms"] = _nan_rows(next_deltas * u.next_weights, gone)
            waiting = gone | np.isnan(next_deltas).any(axis=1)
            changes["backprop_sums"] = _nan_rows(u.backprop_sums, waiting)
        return dataclasses.replace(u, **changes)  # type: ignore[arg-type]

    def mask_loss(self, e: LossExplanation, n_layers: int) -> LossExplanation:
        """The loss's explanation while an output is hidden: the total and the per-sample
        losses of the samples whose output is hidden NaN (every sample's, if no output is)."""
        if not self.loss(n_layers):
            return e
        outputs = self._columns(e.outputs, "a", n_layers)
        rows = np.isnan(outputs).reshape(len(e.per_sample), -1).any(axis=1)
        if not rows.any():
            rows[:] = True
        return dataclasses.replace(
            e, per_sample=np.where(rows, np.nan, e.per_sample), total=np.nan,
            combined=np.nan, value=np.nan, data_value=np.nan, outputs=outputs,
        )  # fmt: skip

    # --- helpers -------------------------------------------------------------------------------

    def _parameters(self, name: str) -> list[tuple[str, int, int, int]]:
        """(kind, k, i, j) of the hidden parameters' ``name`` ("grad", "update", "new");
        a bias's j is −1."""
        found = []
        for key in self.keys:
            head = key[0]
            if head == f"w_{name}":
                found.append(("w", int(key[1]), int(key[2]), int(key[3])))
            elif head == f"b_{name}":
                found.append(("b", int(key[1]), int(key[2]), -1))
        return found

    def _rows_of(self, name: str, layer: int, i: int, count: int) -> np.ndarray:
        """(count,) bool: the batch positions where ``name`` of unit i of layer is hidden."""
        hidden = np.zeros(count, dtype=bool)
        unit = (name, layer, i)
        if unit in self._rows:
            rows = self._rows[unit]
            if rows is None:
                hidden[:] = True
            else:
                hidden[[n for n in rows if n < count]] = True
        return hidden

    def _columns(self, values: np.ndarray, name: str, layer: int) -> np.ndarray:
        """Per-sample values (B, n) of the units of ``layer``: hidden cells NaN."""
        out = values
        for (key_name, key_layer, i), rows in self._rows.items():
            if key_name != name or key_layer != layer or i >= values.shape[-1]:
                continue
            if out is values:
                out = np.array(values, dtype=np.float64)
            where = [n for n in rows if n < len(out)] if rows is not None else slice(None)
            out[where, i] = np.nan
        return out


NOTHING = Hidden()
"""Nothing hidden (no exercise open)."""


def _nan_like(values: np.ndarray | None) -> np.ndarray | None:
    return None if values is None else np.full(np.shape(values), np.nan)


def _nan_rows(values: np.ndarray | None, rows: np.ndarray) -> np.ndarray | None:
    """``values`` (B, …) with the rows where ``rows`` (B,) is True NaN (itself if none)."""
    if values is None or not rows.any():
        return values
    out = np.array(values, dtype=np.float64)
    out[rows] = np.nan
    return out


def _with_nan(values: np.ndarray, indices: list[int]) -> np.ndarray:
    if not indices:
        return values
    out = np.array(values, dtype=np.float64)
    out[indices] = np.nan
    return out
