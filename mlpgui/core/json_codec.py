"""JSON encodings of arrays, datasets, setups and sample orders (for session files).

Arrays are ``{"shape": [...], "dtype": "float64" | "int64", "values": [...]}`` (JSON numbers
with 17 significant digits, so they read back bit for bit) or, for large ones,
``{"shape", "dtype", "base64"}`` holding the little-endian bytes.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from .batches import ScheduleState
from .dataset import Dataset
from .errors import MlpguiError
from .setup import TrainingSetup

INLINE_LIMIT = 256
"""Arrays with more elements are stored as base64 bytes."""


class SessionError(MlpguiError, ValueError):
    """A session file cannot be read or written; the message is one sentence."""


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


def decode_array(data: object, what: str) -> np.ndarray:
    if not isinstance(data, dict) or "shape" not in data or "dtype" not in data:
        raise SessionError(f"The session's {what} is not an array.")
    dtype = data["dtype"]
    if dtype not in ("float64", "int64"):
        raise SessionError(f"The session's {what} has an unknown number type {dtype!r}.")
    try:
        shape = tuple(int(n) for n in data["shape"])
        if "values" in data:
            array = np.array(data["values"], dtype=dtype).reshape(shape)
        else:
            raw = base64.b64decode(data["base64"], validate=True)
            array = np.frombuffer(raw, dtype="<" + np.dtype(dtype).str[1:]).astype(dtype)
            array = array.reshape(shape)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise SessionError(f"The session's {what} cannot be read ({exc}).") from None
    if dtype == "float64" and not np.all(np.isfinite(array)):
        raise SessionError(f"The session's {what} contains NaN or infinite values.")
    return array


# --- datasets, setups, states ---------------------------------------------------------------


def dataset_json(d: Dataset) -> dict[str, Any]:
    return {
        "name": d.name,
        "input_names": list(d.input_names),
        "target_names": list(d.target_names),
        "inputs": encode_array(d.inputs),
        "targets": encode_array(d.targets),
    }


def dataset_from(data: object, what: str) -> Dataset:
    if not isinstance(data, dict):
        raise SessionError(f"The session's {what} is missing or not an object.")
    try:
        return Dataset(
            decode_array(data.get("inputs"), f"{what} inputs"),
            decode_array(data.get("targets"), f"{what} targets"),
            name=data.get("name"),
            input_names=data.get("input_names"),
            target_names=data.get("target_names"),
        )
    except MlpguiError as exc:
        if isinstance(exc, SessionError):
            raise
        raise SessionError(f"The session's {what} is invalid: {exc}") from None


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
    }


def setup_from(data: object) -> TrainingSetup:
    if not isinstance(data, dict):
        raise SessionError("The session has no network setup.")
    try:
        return TrainingSetup(
            layer_sizes=tuple(data["layer_sizes"]),
            activations=tuple(data["activations"]),
            seed=data["seed"],
            learning_rate=data["learning_rate"],
            loss=data["loss"],
            batch=data["batch"],
            train_biases=data["train_biases"],
            initial_parameters=data.get("initial_parameters"),
        )
    except KeyError as exc:
        raise SessionError(f"The session's setup lacks {exc.args[0]!r}.") from None
    except (MlpguiError, TypeError, ValueError) as exc:
        raise SessionError(f"The session's setup is invalid: {exc}") from None


def schedule_json(s: ScheduleState) -> dict[str, Any]:
    return {
        "order": None if s.order is None else encode_array(s.order),
        "position": s.position,
        "rng_state": s.rng_state,
    }


def schedule_from(data: object, what: str, n_samples: int | None = None) -> ScheduleState:
    if not isinstance(data, dict) or not isinstance(data.get("rng_state"), dict):
        raise SessionError(f"The session's {what} is missing or damaged.")
    try:
        np.random.PCG64().state = data["rng_state"]  # validates the generator state
        position = int(data.get("position", 0))
    except (TypeError, ValueError, KeyError):
        raise SessionError(f"The session's {what} has a damaged random state.") from None
    order = data.get("order")
    array = None if order is None else decode_array(order, f"{what} order")
    if array is not None:
        size = len(array) if n_samples is None else n_samples
        if array.shape != (size,) or not np.array_equal(np.sort(array), np.arange(size)):
            raise SessionError(f"The session's {what} is not an order of the dataset's rows.")
        if not 0 <= position <= 2 * size:  # past the end (≥ size) means "epoch used up"
            raise SessionError(f"The session's {what} points outside the dataset.")
    return ScheduleState(array, position, data["rng_state"])
