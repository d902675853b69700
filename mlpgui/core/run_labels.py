"""Labels of runs being compared: what tells their setups apart, in the lecture's notation.

``describe`` turns a run's setup and data into short texts by aspect ("γ = 0.5", "seed 3",
"online", "2-8-1"); a setting changed during the run shows its values in the order they
were used ("γ = 0.5 → 2": updates were made at 0.5, the run goes on at 2). ``auto_labels``
names each of several runs by the aspects in which the runs differ ("γ = 0.5, seed 3"), so a
legend says what was varied; ``setup_text`` is the whole description, for a tooltip.

A label names at most ``MAX_LABEL_PARTS`` aspects, the most important ones first, in the
order of ``ASPECTS``: what is learnt (the data), then the model (network shape, activation
functions, input features), then how it is trained (γ, loss, batch, μ, λ₂, λ₁, frozen
biases), and last the seed. So runs on different data always say so, and "…" ends a label
that leaves out less important differences (the tooltip has them all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .batches import BatchMode
from .dataset import Dataset
from .eras import Era
from .limits import architecture
from .losses import loss_title
from .setup import TrainingSetup

ASPECTS = (
    "data",
    "network",
    "activations",
    "features",
    "learning_rate",
    "loss",
    "batch",
    "momentum",
    "l2",
    "l1",
    "biases",
    "seed",
)
"""Every aspect ``describe`` names, most important first: the order in which labels list
them, and which of them a label keeps when more than ``MAX_LABEL_PARTS`` differ."""

MAX_LABEL_PARTS = 3
"""A label names at most this many differing aspects (the tooltip has them all)."""

MAX_VALUES = 3
"""A setting changed more often shows its first and last values ("γ = 0.5 → … → 2")."""


def describe(setup: TrainingSetup, dataset: Dataset, eras: Sequence[Era] = ()) -> dict[str, str]:
    """Short texts for every aspect in ``ASPECTS`` (dict in that order). ``eras``: the eras
    in which the run made updates (History), oldest first; the setup and data are where it
    goes on from."""
    features = ", ".join(f.label() for f in setup.input_features)
    used = [*(_Settings.of_era(e) for e in eras), _Settings.of_setup(setup, dataset)]
    texts = {aspect: _sequence([text(s) for s in used]) for aspect, text in _ERA_ASPECTS.items()}
    texts |= {
        "seed": f"seed {setup.seed}",
        "network": architecture(setup.layer_sizes),
        "activations": "/".join(setup.activations),
        "features": f"features {features}" if features else "no input features",
    }
    return {aspect: texts[aspect] for aspect in ASPECTS}


@dataclass(frozen=True)
class _Settings:
    """The settings an era (or the setup) trains with."""

    learning_rate: float
    batch: BatchMode
    loss: str
    momentum: float
    l2: float
    l1: float
    biases: bool
    dataset: Dataset

    @classmethod
    def of_era(cls, e: Era) -> _Settings:
        return cls(
            e.learning_rate, e.batch, e.loss, e.momentum, e.l2_rate, e.l1_rate, e.train_biases,
            e.dataset,
        )  # fmt: skip

    @classmethod
    def of_setup(cls, s: TrainingSetup, dataset: Dataset) -> _Settings:
        return cls(
            s.learning_rate, s.batch, s.loss, s.momentum, s.l2_rate, s.l1_rate, s.train_biases,
            dataset,
        )  # fmt: skip


def _batch_text(batch: BatchMode) -> str:
    return "full batch" if batch == "full" else "online" if batch == "online" else f"batch {batch}"


_ERA_ASPECTS: dict[str, Callable[[_Settings], str]] = {
    "learning_rate": lambda s: f"γ = {s.learning_rate:g}",
    "batch": lambda s: _batch_text(s.batch),
    "loss": lambda s: loss_title(s.loss),
    "momentum": lambda s: f"μ = {s.momentum:g}",
    "l2": lambda s: f"λ₂ = {s.l2:g}",
    "l1": lambda s: f"λ₁ = {s.l1:g}",
    "biases": lambda s: "biases trained" if s.biases else "biases frozen",
    "data": lambda s: f"{s.dataset.name or 'own data'} ({_points(len(s.dataset))})",
}


def _points(count: int) -> str:
    """ "1 point", "4 points", "1,200 points"."""
    return f"{count:,} point" if count == 1 else f"{count:,} points"


def _sequence(texts: list[str]) -> str:
    """ "γ = 0.5", or the values in the order used: "γ = 0.5 → 2" (the name once)."""
    values: list[str] = []
    for text in texts:
        if not values or values[-1] != text:
            values.append(text)
    if len(values) > MAX_VALUES:
        values = [values[0], "…", values[-1]]
    if len(values) == 1:
        return values[0]
    name, _, _ = values[0].partition(" = ")
    if all(v == "…" or v.startswith(f"{name} = ") for v in values):
        return f"{name} = " + " → ".join(v.removeprefix(f"{name} = ") for v in values)
    return " → ".join(values)


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
    """A label for each run: the aspects in which the runs differ, the most important
    ``MAX_LABEL_PARTS`` of them in the order of ``ASPECTS`` (data first), then "…" if more
    differ; e.g. "γ = 0.5, seed 3". A run that differs in none of them is
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
