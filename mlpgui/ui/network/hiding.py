"""Hidden quantities: what the diagram, its tooltips and the inspector do not show while an
exercise asks for it (exercise mode).

``Hidden`` holds the keys of ``ExerciseSet.hidden_quantities()`` (the vocabulary of
``mlpgui.core.exercise_quantity``: ("d", l, i), ("a", l, i), ("fprime", l, i), ("delta", l, i),
("w_grad", k, i, j), ("w_update", …), ("w_new", …), ("b_grad", k, i), …). It hides in one
place: every value the pages and the diagram read comes through its ``mask_*`` methods, which
return copies with NaN where a value is hidden, and the formatting shows such a NaN as
``MARK`` ("?") — so a hidden value, and everything computed from it (a sum of terms, a batch
mean), is never written anywhere. While an exercise is open its update has no NaN of its own
(the core refuses such an update), so a NaN on screen always means "hidden".

Besides a quantity itself, the steps that compute it are hidden: the terms w_ij a_j of a hidden
drive, −(t − y) of a hidden output δ, the terms δ_k w_ki and their sum of a hidden δ, the
per-sample terms δ_i a_j of a hidden ∂L/∂w (and of a hidden a_j), and the loss while an output
y is hidden (L = ½(t − y)² would give y away). No hidden value: every method returns its
argument itself (nothing is copied while no exercise is open).
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

_FLAT_NAMES = {"gradient": "grad", "update": "update", "w_after": "new"}
"""The edges' quantities (convention.EDGE_QUANTITIES) that can be hidden, and their key names."""


class Hidden:
    """A set of hidden quantities (see the module docstring); falsy when nothing is hidden."""

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self.keys: frozenset[Key] = frozenset(tuple(k) for k in keys)

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
        """Is the loss hidden (an output y_i is)?"""
        return any(k[0] == "a" and k[1] == n_layers for k in self.keys)

    # --- masks ---------------------------------------------------------------------------------

    def mask_values(self, values: LayerValues) -> LayerValues:
        """One sample's (or the batch mean's) d, a and δ per layer, hidden ones NaN."""
        if not self:
            return values
        return dataclasses.replace(
            values,
            drives=tuple(self._vector(v, "d", l + 1) for l, v in enumerate(values.drives)),  # noqa: E741
            activations=tuple(self._vector(v, "a", l) for l, v in enumerate(values.activations)),  # noqa: E741
            deltas=tuple(self._vector(v, "delta", l + 1) for l, v in enumerate(values.deltas)),  # noqa: E741
        )

    def mask_activations(self, activations: np.ndarray, layer: int) -> np.ndarray:
        """a^(layer) of every sample (B, n_layer), hidden columns NaN."""
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
        """A weight's or bias's explanation with its hidden numbers NaN."""
        if not self:
            return e
        k, i, j, kind = e.layer, e.i, e.j, e.kind
        delta_hidden = ("delta", k + 1, i) in self.keys
        input_hidden = kind == "w" and ("a", k, j) in self.keys
        grad_hidden = self.parameter("grad", kind, k, i, j) or delta_hidden
        update_hidden = self.parameter("update", kind, k, i, j) or grad_hidden
        changes: dict[str, object] = {}
        if delta_hidden:
            changes["deltas"] = _nan_like(e.deltas)
        if input_hidden:
            changes["inputs"] = _nan_like(e.inputs)
        if delta_hidden or input_hidden or grad_hidden:
            changes["terms"] = _nan_like(e.terms)
        if grad_hidden:
            for name in ("term_sum", "combined", "gradient", "data_gradient", "gradient_step"):
                changes[name] = np.nan
        if update_hidden:
            changes["update"] = changes["velocity_after"] = np.nan
        if update_hidden or self.parameter("new", kind, k, i, j):
            changes["value_after"] = np.nan
        return dataclasses.replace(e, **changes) if changes else e  # type: ignore[arg-type]

    def mask_unit(self, u: UnitExplanation) -> UnitExplanation:
        """A unit's explanation with its hidden numbers NaN (and the terms of hidden sums)."""
        if not self or u.layer == 0:
            return u
        l, i, keys = u.layer, u.i, self.keys  # noqa: E741
        changes: dict[str, object] = {}
        drive_hidden = ("d", l, i) in keys
        if drive_hidden:
            changes["drives"] = _nan_like(u.drives)
            changes["drive_terms"] = _nan_like(u.drive_terms)
        elif u.drive_terms is not None:
            changes["drive_terms"] = self._columns(u.drive_terms, "a", l - 1)
        if ("a", l, i) in keys:
            changes["activations"] = _nan_like(u.activations)
            if u.outputs is not None:
                changes["outputs"] = _nan_like(u.outputs)
        if ("fprime", l, i) in keys:
            changes["derivatives"] = _nan_like(u.derivatives)
        delta_hidden = ("delta", l, i) in keys
        if delta_hidden:
            for name in ("deltas", "recomputed_deltas", "errors", "backprop_terms"):
                changes[name] = _nan_like(getattr(u, name))
        elif ("a", l, i) in keys and u.errors is not None:
            changes["errors"] = _nan_like(u.errors)
        if u.next_deltas is not None:
            next_deltas = self._columns(u.next_deltas, "delta", l + 1)
            changes["next_deltas"] = next_deltas
            if not delta_hidden:
                assert u.next_weights is not None
                changes["backprop_terms"] = next_deltas * u.next_weights
            if delta_hidden or np.isnan(next_deltas).any():
                changes["backprop_sums"] = _nan_like(u.backprop_sums)
        return dataclasses.replace(u, **changes)  # type: ignore[arg-type]

    def mask_loss(self, e: LossExplanation, n_layers: int) -> LossExplanation:
        """The loss's explanation, every number of it NaN while an output is hidden."""
        if not self.loss(n_layers):
            return e
        outputs = self._columns(e.outputs, "a", n_layers)
        return dataclasses.replace(
            e, per_sample=np.full(np.shape(e.per_sample), np.nan), total=np.nan,
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

    def _vector(self, values: np.ndarray, name: str, layer: int) -> np.ndarray:
        hidden = [k[2] for k in self.keys if k[0] == name and k[1] == layer]
        return _with_nan(values, [int(i) for i in hidden if int(i) < len(values)])

    def _columns(self, values: np.ndarray, name: str, layer: int) -> np.ndarray:
        """Per-sample values (B, n): columns of hidden units NaN."""
        hidden = [int(k[2]) for k in self.keys if k[0] == name and k[1] == layer]
        hidden = [i for i in hidden if i < values.shape[-1]]
        if not hidden:
            return values
        out = np.array(values, dtype=np.float64)
        out[..., hidden] = np.nan
        return out


NOTHING = Hidden()
"""Nothing hidden (no exercise open)."""


def _nan_like(values: np.ndarray | None) -> np.ndarray | None:
    return None if values is None else np.full(np.shape(values), np.nan)


def _with_nan(values: np.ndarray, indices: list[int]) -> np.ndarray:
    if not indices:
        return values
    out = np.array(values, dtype=np.float64)
    out[indices] = np.nan
    return out
