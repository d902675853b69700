"""JSON encodings of arrays, datasets, setups and sample orders (for session files).

Arrays are ``{"shape": [...], "dtype": "float64" | "int64", "values": [...]}`` (JSON numbers
with 17 significant digits, so they read back bit for bit) or, for large ones,
``{"shape", "dtype", "base64"}`` holding the little-endian bytes.

Every reader checks types, ranges and shapes (and the limits of mlpgui/core/limits.py) before
allocating, and raises ``SessionError`` with one sentence naming the field.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any

import numpy as np

from . import json_fields as jf
from .batches import BatchMode, ScheduleState
from .dataset import Dataset
from .errors import MlpguiError
from .json_additions import features_from, features_json, rates_from, rates_json
from .json_fields import SessionError
from .limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_LAYERS,
    MAX_PARAMETERS,
    MAX_ROWS,
    MAX_SEED,
    MAX_UNITS_PER_LAYER,
    network_problem,
    parameter_count,
)
from .losses import LOSSES
from .setup import MAX_NAME_LENGTH, TrainingSetup
from .update_rule import MAX_LEARNING_RATE

__all__ = [
    "INLINE_LIMIT",
    "SessionError",
    "batch_from",
    "dataset_from",
    "dataset_json",
    "decode_array",
    "encode_array",
    "schedule_from",
    "schedule_json",
    "setup_from",
    "setup_json",
]

INLINE_LIMIT = 256
"""Arrays with more elements are stored as base64 bytes."""

MAX_ARRAY_VALUES = 2**28
"""No array of a session file may hold more numbers (2 GB as float64)."""

MAX_BATCH = 2**62
"""Largest mini-batch size read (any size ≥ N behaves as a full batch)."""


# --- arrays ---------------------------------------------------------------------------------


def encode_array(array: np.ndarray) -> dict[str, Any]:
    a = np.asarray(array)
    dtype = "int64" if np.issubdtype(a.dtype, np.integer) else "float64"
    a = a.astype(dtype)
    out: dict[str, Any] = {"shape": list(a.shape), "dtype": dtype}
    if a.size <= INLINE_LIMIT:
        out["values"] = a.ravel().tolist()
    else:
        out["base64"] = base64.b64encode(a.astype("<" + a.dtype.str[1:]).tobytes()).decode()
    return out


def array_shape(data: object, field: str, ndim: int, dtype: str = "float64") -> tuple[int, ...]:
    """The declared shape of an encoded array (checked: ``ndim`` whole numbers, a size within
    MAX_ARRAY_VALUES, the expected ``dtype``) — read before anything is decoded."""
    spec = jf.obj(data, field)
    declared = jf.member(spec, "dtype", field)
    if declared != dtype:
        raise jf.refuse(f"{field}.dtype", f"must be {dtype!r}, not {jf.show(declared)}")
    dims = jf.items(jf.member(spec, "shape", field), f"{field}.shape", 2)
    if len(dims) != ndim:
        raise jf.refuse(f"{field}.shape", f"must have {ndim} dimension{'s' * (ndim > 1)}")
    shape = tuple(
        jf.whole(n, f"{field}.shape[{i}]", 0, MAX_ARRAY_VALUES) for i, n in enumerate(dims)
    )
    if math.prod(shape) > MAX_ARRAY_VALUES:
        raise jf.refuse(
            field, f"declares {math.prod(shape):,} numbers, more than any session holds"
        )
    return shape


def decode_array(
    data: object,
    field: str,
    ndim: int = 1,
    dtype: str = "float64",
    shape: tuple[int, ...] | None = None,
) -> np.ndarray:
    """The array encoded in ``data``: ``ndim`` dimensions of ``dtype`` (and exactly ``shape``
    if given); float arrays must be finite. A fresh, writable array."""
    declared = array_shape(data, field, ndim, dtype)
    if shape is not None and declared != shape:
        raise jf.refuse(field, f"has shape {list(declared)} where {list(shape)} is expected")
    spec: dict[str, Any] = data  # type: ignore[assignment]
    count = math.prod(declared)
    if ("values" in spec) == ("base64" in spec):
        raise jf.refuse(field, "must hold either 'values' or 'base64'")
    if "values" in spec:
        array = _from_values(spec["values"], field, count, dtype)
    else:
        array = _from_base64(spec["base64"], field, count, dtype)
    array = array.reshape(declared)
    if dtype == "float64" and not np.all(np.isfinite(array)):
        raise jf.refuse(field, "contains NaN or infinite values")
    return array


def _from_values(values: object, field: str, count: int, dtype: str) -> np.ndarray:
    listed = jf.items(values, f"{field}.values")
    if len(listed) != count:
        raise jf.refuse(
            f"{field}.values", f"has {len(listed):,} numbers where {count:,} fit its shape"
        )
    kinds = (int,) if dtype == "int64" else (int, float)
    for i, v in enumerate(listed):
        if isinstance(v, bool) or not isinstance(v, kinds):
            kind = "whole numbers" if dtype == "int64" else "numbers"
            raise jf.refuse(
                f"{field}.values[{i}]", f"must be one of the array's {kind}, not {jf.show(v)}"
            )
    try:
        return np.array(listed, dtype=dtype)
    except (OverflowError, ValueError):
        raise jf.refuse(f"{field}.values", "holds a number too large for its type") from None


def _from_base64(encoded: object, field: str, count: int, dtype: str) -> np.ndarray:
    source = jf.text(encoded, f"{field}.base64", max_length=4 * MAX_ARRAY_VALUES * 8 // 3 + 4)
    if len(source) != 4 * math.ceil(8 * count / 3):
        raise jf.refuse(f"{field}.base64", f"does not hold the {count:,} numbers of its shape")
    try:
        raw = base64.b64decode(source, validate=True)
    except (binascii.Error, ValueError):
        raise jf.refuse(f"{field}.base64", "is not valid base64 text") from None
    if len(raw) != 8 * count:
        raise jf.refuse(f"{field}.base64", f"does not hold the {count:,} numbers of its shape")
    return np.frombuffer(raw, dtype="<" + np.dtype(dtype).str[1:]).astype(dtype)


# --- datasets -------------------------------------------------------------------------------


def dataset_json(d: Dataset) -> dict[str, Any]:
    return {
        "name": d.name,
        "input_names": list(d.input_names),
        "target_names": list(d.target_names),
        "inputs": encode_array(d.inputs),
        "targets": encode_array(d.targets),
    }


def dataset_from(data: object, field: str) -> Dataset:
    """A dataset; its size is checked against the limits before its arrays are decoded."""
    spec = jf.obj(data, field)
    rows, n_in = array_shape(jf.member(spec, "inputs", field), f"{field}.inputs", 2)
    rows_t, n_out = array_shape(jf.member(spec, "targets", field), f"{field}.targets", 2)
    if rows != rows_t:
        raise jf.refuse(field, f"has {rows:,} input rows but {rows_t:,} target rows")
    if rows > MAX_ROWS:
        raise jf.refuse(field, f"has {rows:,} rows; mlpgui allows at most {MAX_ROWS:,}")
    if n_in < 1 or n_out < 1 or n_in + n_out > MAX_COLUMNS:
        raise jf.refuse(
            field, f"has {n_in} input and {n_out} target columns (1 to {MAX_COLUMNS:,} in all)"
        )
    if rows * (n_in + n_out) > MAX_CELLS:
        raise jf.refuse(field, f"has more than {MAX_CELLS:,} cells, the most mlpgui allows")
    names = {}
    for key in ("input_names", "target_names"):
        value = spec.get(key)
        names[key] = None if value is None else jf.texts(value, f"{field}.{key}", MAX_COLUMNS)
    name = jf.optional_text(spec.get("name"), f"{field}.name")
    inputs = decode_array(spec["inputs"], f"{field}.inputs", 2)
    targets = decode_array(spec["targets"], f"{field}.targets", 2)
    try:
        return Dataset(inputs, targets, name=name, **names)
    except MlpguiError as exc:
        raise SessionError(f"The session's {field} is invalid: {exc}") from None


# --- setups ---------------------------------------------------------------------------------


def setup_json(s: TrainingSetup) -> dict[str, Any]:
    return {
        "layer_sizes": list(s.layer_sizes),
        "activations": list(s.activations),
        "seed": s.seed,
        "learning_rate": s.learning_rate,
        "loss": s.loss,
        "batch": s.batch,
        "train_biases": s.train_biases,
        "initial_parameters": (
            None if s.initial_parameters is None else list(s.initial_parameters)
        ),
        "parameter_names": [[index, name] for index, name in s.parameter_names],
        **rates_json(s.l1_rate, s.l2_rate, s.momentum),
        "input_features": features_json(s.input_features),
    }


def setup_from(data: object) -> TrainingSetup:
    """The setup; the architecture is checked against the limits before anything else."""
    field = "setup"
    spec = jf.obj(data, field)
    layer_sizes = _layer_sizes_from(spec, field)
    activations = jf.texts(
        jf.member(spec, "activations", field), f"{field}.activations", MAX_LAYERS
    )
    loss = jf.text(jf.member(spec, "loss", field), f"{field}.loss", 100)
    if loss not in LOSSES:
        raise jf.refuse(f"{field}.loss", f"is {loss!r}, not one of {', '.join(LOSSES)}")
    initial = _initial_parameters_from(spec.get("initial_parameters"), layer_sizes, field)
    rates = rates_from(spec, field)
    features = features_from(spec.get("input_features", []), f"{field}.input_features")
    try:
        return TrainingSetup(
            layer_sizes=layer_sizes,
            activations=tuple(activations),
            seed=jf.whole(jf.member(spec, "seed", field), f"{field}.seed", 0, MAX_SEED),
            learning_rate=jf.number(
                jf.member(spec, "learning_rate", field),
                f"{field}.learning_rate",
                0.0,
                MAX_LEARNING_RATE,
            ),
            loss=loss,
            batch=batch_from(jf.member(spec, "batch", field), f"{field}.batch"),
            train_biases=jf.boolean(
                jf.member(spec, "train_biases", field), f"{field}.train_biases"
            ),
            initial_parameters=initial,
            parameter_names=_parameter_names_from(spec, field),
            input_features=features,
            **rates,
        )
    except SessionError:
        raise
    except MlpguiError as exc:
        raise SessionError(f"The session's setup is invalid: {exc}") from None


def _layer_sizes_from(spec: dict[str, object], field: str) -> tuple[int, ...]:
    """The layer sizes, checked against the limits before anything is allocated."""
    sizes = jf.items(jf.member(spec, "layer_sizes", field), f"{field}.layer_sizes")
    if len(sizes) > MAX_LAYERS + 1:
        raise SessionError(
            f"The session's network is too large: a network may have at most {MAX_LAYERS} "
            f"weight layers; this one has {len(sizes) - 1:,}."
        )
    layer_sizes = tuple(
        jf.whole(n, f"{field}.layer_sizes[{i}]", 1, MAX_UNITS_PER_LAYER)
        for i, n in enumerate(sizes)
    )
    if len(layer_sizes) < 2:
        raise jf.refuse(f"{field}.layer_sizes", "must name at least an input and an output layer")
    problem = network_problem(layer_sizes)
    if problem is not None:
        raise SessionError(f"The session's network is too large: {problem}")
    return layer_sizes


def _initial_parameters_from(
    initial: object, layer_sizes: tuple[int, ...], field: str
) -> tuple[float, ...] | None:
    """Fixed initial parameters: None, or exactly P finite numbers."""
    if initial is None:
        return None
    count = parameter_count(layer_sizes)
    values = jf.items(initial, f"{field}.initial_parameters", MAX_PARAMETERS)
    if len(values) != count:
        raise jf.refuse(
            f"{field}.initial_parameters", f"has {len(values):,} values where {count:,} fit"
        )
    return tuple(
        jf.number(v, f"{field}.initial_parameters[{i}]", -math.inf, math.inf)
        for i, v in enumerate(values)
    )


def _parameter_names_from(spec: dict[str, object], field: str) -> tuple[tuple[int, str], ...]:
    """[index, name] pairs (checked against the architecture by TrainingSetup)."""
    names = jf.items(spec.get("parameter_names", []), f"{field}.parameter_names", MAX_PARAMETERS)
    pairs = []
    for i, pair in enumerate(names):
        where = f"{field}.parameter_names[{i}]"
        pair = jf.items(pair, where, 2)
        if len(pair) != 2:
            raise jf.refuse(where, "must be an [index, name] pair")
        pairs.append(
            (jf.whole(pair[0], f"{where}[0]"), jf.text(pair[1], f"{where}[1]", MAX_NAME_LENGTH))
        )
    return tuple(pairs)


def batch_from(value: object, field: str) -> BatchMode:
    """ "full", "online" or a mini-batch size ≥ 1."""
    if value in ("full", "online") and isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return jf.whole(value, field, 1, MAX_BATCH)
    raise jf.refuse(field, f'must be "full", "online" or a mini-batch size, not {jf.show(value)}')


# --- sample orders --------------------------------------------------------------------------


def schedule_json(s: ScheduleState) -> dict[str, Any]:
    return {
        "order": None if s.order is None else encode_array(s.order),
        "position": s.position,
        "rng_state": s.rng_state,
    }


def schedule_from(
    data: object, field: str, n_samples: int | None = None, need_order: bool = False
) -> ScheduleState:
    """A sample order: a permutation of the dataset's ``n_samples`` rows (of its own length if
    None), how much of it was used, and the PCG64 generator's state (checked and normalised)."""
    spec = jf.obj(data, field)
    rng_state = rng_state_from(jf.member(spec, "rng_state", field), f"{field}.rng_state")
    order = spec.get("order")
    if order is None:
        if need_order:
            raise jf.refuse(f"{field}.order", "is missing")
        position = jf.whole(spec.get("position", 0), f"{field}.position", 0, 2 * MAX_ROWS)
        return ScheduleState(None, position, rng_state)
    (size,) = array_shape(order, f"{field}.order", 1, "int64")
    if n_samples is not None and size != n_samples:
        raise jf.refuse(
            f"{field}.order", f"orders {size:,} rows, but the dataset has {n_samples:,}"
        )
    if size > MAX_ROWS:
        raise jf.refuse(f"{field}.order", f"orders more than {MAX_ROWS:,} rows")
    array = decode_array(order, f"{field}.order", 1, "int64")
    if not np.array_equal(np.sort(array), np.arange(size)):
        raise jf.refuse(f"{field}.order", "is not an order of the dataset's rows")
    # Past the end (≥ size) means "epoch used up"; at most one batch past it.
    position = jf.whole(spec.get("position", 0), f"{field}.position", 0, 2 * size)
    return ScheduleState(array, position, rng_state)


def rng_state_from(data: object, field: str) -> dict[str, Any]:
    """A PCG64 ``bit_generator.state`` dict, checked field by field, as NumPy reports it."""
    spec = jf.obj(data, field)
    if spec.get("bit_generator") != "PCG64":
        raise jf.refuse(f"{field}.bit_generator", 'must be "PCG64"')
    inner = jf.obj(jf.member(spec, "state", field), f"{field}.state")
    state: Any = {  # a _PCG64State once NumPy accepts it
        "bit_generator": "PCG64",
        "state": {
            key: jf.whole(
                jf.member(inner, key, f"{field}.state"), f"{field}.state.{key}", 0, 2**128 - 1
            )
            for key in ("state", "inc")
        },
        "has_uint32": jf.whole(jf.member(spec, "has_uint32", field), f"{field}.has_uint32", 0, 1),
        "uinteger": jf.whole(jf.member(spec, "uinteger", field), f"{field}.uinteger", 0, 2**32 - 1),
    }
    generator = np.random.PCG64()
    try:
        generator.state = state
    except (TypeError, ValueError, OverflowError):
        raise jf.refuse(field, "is not a valid random generator state") from None
    normalised: dict[str, Any] = dict(generator.state)
    return normalised
