"""JSON of the optional additions to the lecture (session format version 2): L1/L2 rates,
momentum, input features and velocities.

In a setup and in each history era::

    "l1_rate": λ₁, "l2_rate": λ₂, "momentum": μ          (numbers; 0 = off)

in a setup also ``"input_features": [{"kind": "square" | "product" | "sin", "inputs": [i]
or [i, j]}, …]`` (0-based raw input columns). Every key is optional when reading — a
version-1 file has none of them and loads with the additions off.
"""

from __future__ import annotations

from typing import Any

from . import json_fields as jf
from .features import KINDS, Feature
from .update_rule import MAX_REGULARISATION_RATE, MOMENTUM_LIMIT

MAX_FEATURES = 4096
"""Most input features read (the input layer's limit)."""

RATE_KEYS = ("l1_rate", "l2_rate", "momentum")


def rates_json(l1_rate: float, l2_rate: float, momentum: float) -> dict[str, float]:
    return {"l1_rate": l1_rate, "l2_rate": l2_rate, "momentum": momentum}


def rates_from(spec: dict[str, Any], where: str) -> dict[str, float]:
    """{"l1_rate", "l2_rate", "momentum"} from ``spec`` (0.0 when missing), checked."""
    out = {
        key: jf.number(spec.get(key, 0.0), f"{where}.{key}", 0.0, MAX_REGULARISATION_RATE)
        for key in ("l1_rate", "l2_rate")
    }
    momentum = jf.number(spec.get("momentum", 0.0), f"{where}.momentum", 0.0, MOMENTUM_LIMIT)
    if momentum >= MOMENTUM_LIMIT:
        raise jf.refuse(f"{where}.momentum", "must be below 1")
    out["momentum"] = momentum
    return out


def features_json(features: tuple[Feature, ...]) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "inputs": list(f.inputs)} for f in features]


def features_from(value: object, where: str) -> tuple[Feature, ...]:
    """Input features as listed (types checked here; the setup checks them against the
    network)."""
    listed = jf.items(value, where, MAX_FEATURES)
    features = []
    for i, item in enumerate(listed):
        at = f"{where}[{i}]"
        spec = jf.obj(item, at)
        kind = jf.text(jf.member(spec, "kind", at), f"{at}.kind", 20)
        if kind not in KINDS:
            raise jf.refuse(f"{at}.kind", f"is {kind!r}, not one of {', '.join(KINDS)}")
        inputs = jf.items(jf.member(spec, "inputs", at), f"{at}.inputs", 2)
        columns = tuple(jf.whole(n, f"{at}.inputs[{k}]") for k, n in enumerate(inputs))
        features.append(Feature(kind, columns))
    return tuple(features)


def uses_additions(rates: dict[str, float], features: tuple[Feature, ...] = ()) -> bool:
    """True when any addition is on (a reader older than version 2 would get it wrong)."""
    return any(rates[key] for key in RATE_KEYS) or bool(features)
