"""Labels of runs being compared: what tells their setups apart, in the lecture's notation.

``describe`` turns a run's setup and data into short texts by aspect ("γ = 0.5", "seed 3",
"online", "2-8-1"); ``auto_labels`` names each of several runs by the aspects in which the
runs differ ("γ = 0.5, seed 3"), so a legend says what was varied; ``setup_text`` is the
whole description, for a tooltip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .dataset import Dataset
from .limits import architecture
from .setup import TrainingSetup

ASPECTS = (
    "learning_rate",
    "seed",
    "batch",
    "loss",
    "momentum",
    "l2",
    "l1",
    "biases",
    "network",
    "activations",
    "features",
    "data",
)
"""Every aspect ``describe`` names, in the order labels list them."""

MAX_LABEL_PARTS = 3
"""A label names at most this many differing aspects (the tooltip has them all)."""

LOSS_NAMES = {"mse": "MSE", "sse": "SSE", "cross_entropy": "cross-entropy"}


def describe(setup: TrainingSetup, dataset: Dataset) -> dict[str, str]:
    """Short texts for every aspect in ``ASPECTS`` (dict in that order)."""
    batch = setup.batch
    batch_text = (
        "full batch" if batch == "full" else "online" if batch == "online" else f"batch {batch}"
    )
    features = ", ".join(f.label() for f in setup.input_features)
    return {
        "learning_rate": f"γ = {setup.learning_rate:g}",
        "seed": f"seed {setup.seed}",
        "batch": batch_text,
        "loss": LOSS_NAMES.get(setup.loss, setup.loss),
        "momentum": f"μ = {setup.momentum:g}",
        "l2": f"λ₂ = {setup.l2_rate:g}",
        "l1": f"λ₁ = {setup.l1_rate:g}",
        "biases": "biases trained" if setup.train_biases else "biases frozen",
        "network": architecture(setup.layer_sizes),
        "activations": "/".join(setup.activations),
        "features": f"features {features}" if features else "no input features",
        "data": f"{dataset.name or 'own data'} ({len(dataset):,} points)",
    }


def setup_text(description: Mapping[str, str]) -> str:
    """The whole description in one line: network, activations, data, then the settings
    (the additions to the lecture only when on)."""
    d = description
    parts = [
        f"{d['network']} ({d['activations']})",
        d["data"],
        d["learning_rate"],
        d["loss"],
        d["batch"],
        d["seed"],
    ]
    if d["biases"] != "biases trained":
        parts.append(d["biases"])
    for aspect, off in (("momentum", "μ = 0"), ("l2", "λ₂ = 0"), ("l1", "λ₁ = 0")):
        if d[aspect] != off:
            parts.append(d[aspect])
    if d["features"] != "no input features":
        parts.append(d["features"])
    return " · ".join(parts)


def auto_labels(descriptions: Sequence[Mapping[str, str]], fallbacks: Sequence[str]) -> list[str]:
    """A label for each run: the aspects in which the runs differ (at most
    ``MAX_LABEL_PARTS``), e.g. "γ = 0.5, seed 3". A run that differs in none of them is
    called by its fallback ("run 2"); runs whose labels would be equal get their fallback
    added ("γ = 0.5 (run 2)")."""
    differing = [a for a in ASPECTS if len({d[a] for d in descriptions}) > 1]
    if len(descriptions) != len(fallbacks):
        raise ValueError("Every run needs a fallback label.")
    labels = []
    for d in descriptions:
        parts = [d[a] for a in differing[:MAX_LABEL_PARTS]]
        if len(differing) > MAX_LABEL_PARTS:
            parts.append("…")
        labels.append(", ".join(parts))
    counts = Counter(labels)
    return [
        fallback if not label else f"{label} ({fallback})" if counts[label] > 1 else label
        for label, fallback in zip(labels, fallbacks, strict=True)
    ]
