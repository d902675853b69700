"""The ``history`` part of session files: writing it, and reading it back only when every
kept update can be recomputed (record_at, continue_from and the history CSV then work).

Checked on reading, besides types and ranges: the losses end at the training state's update
count; the eras start at the history's first update (with θ), rise strictly and use datasets
that fit the network; the checkpoints lie within the kept updates and have P values each;
every update of an online or mini-batch era has the sample order of its epoch, long enough
for its batch; a trainable network and loss wherever updates were made; with momentum, a
velocity for every checkpoint made with it (and for no other update).
"""

from __future__ import annotations

import bisect
import math
from itertools import pairwise
from typing import Any

import numpy as np

from . import json_fields as jf
from .activations import get_activation
from .batches import BatchMode
from .dataset import Dataset
from .eras import EpochStart, Era
from .errors import MlpguiError
from .history import MAX_STRIDE, History
from .history_replay import batch_size
from .json_additions import rates_from, rates_json
from .json_codec import batch_from, decode_array, encode_array, schedule_from, schedule_json
from .json_fields import SessionError
from .limits import MAX_HISTORY_BYTES, MAX_UPDATES, MIN_HISTORY_BYTES
from .losses import LOSSES, get_loss
from .setup import TrainingSetup
from .trainer import TrainerState
from .update_rule import MAX_LEARNING_RATE

FIELD = "history"
MAX_VERIFIED = 32
VERIFY_WORK = 2 * 10**8
"""Updates recomputed when a history is read: at most MAX_VERIFIED, fewer for big networks
and datasets (about VERIFY_WORK multiply-adds in all)."""


def history_json(h: History, datasets: list[Dataset]) -> dict[str, Any]:
    """The JSON object of ``h``; datasets its eras use are appended to ``datasets`` (by
    identity) and referred to by their index there."""

    def dataset_index(d: Dataset) -> int:
        for i, known in enumerate(datasets):
            if known is d:
                return i
        datasets.append(d)
        return len(datasets) - 1

    steps = h._checkpoints.steps()
    moving = h._checkpoints.velocity_steps()
    return {
        "first_step": h.first_step,
        "stride": h.stride,
        "budget_bytes": h.budget_bytes,
        "losses": encode_array(h.losses),
        "checkpoint_steps": steps,
        "checkpoints": encode_array(
            np.array([h._checkpoints[s] for s in steps]).reshape(len(steps), h.parameter_count)
        ),
        "checkpoint_velocity_steps": moving,
        "checkpoint_velocities": encode_array(
            np.array([h._checkpoints.velocity(s) for s in moving]).reshape(
                len(moving), h.parameter_count
            )
        ),
        "eras": [
            {
                "first_step": e.first_step,
                "dataset": dataset_index(e.dataset),
                "learning_rate": e.learning_rate,
                "loss": e.loss,
                "batch": e.batch,
                "train_biases": e.train_biases,
                "epoch_before": e.epoch_before,
                "parameters_before": (
                    None if e.parameters_before is None else encode_array(e.parameters_before)
                ),
                **rates_json(e.l1_rate, e.l2_rate, e.momentum),
                "velocity_before": (
                    None if e.velocity_before is None else encode_array(e.velocity_before)
                ),
            }
            for e in h._eras
        ],
        "epochs": [
            {"first_step": e.first_step, "epoch": e.epoch, "schedule": schedule_json(e.schedule)}
            for e in h._epochs
        ],
    }


def history_from(
    data: object, setup: TrainingSetup, datasets: list[Dataset], steps: int
) -> History:
    """The history saved in ``data`` for a run of ``setup`` now at update ``steps``; eras refer
    to ``datasets`` by index. SessionError names the first field that is wrong."""
    spec = jf.obj(data, FIELD)
    budget = jf.whole(
        jf.member(spec, "budget_bytes", FIELD),
        f"{FIELD}.budget_bytes",
        MIN_HISTORY_BYTES,
        MAX_HISTORY_BYTES,
    )
    first = jf.whole(jf.member(spec, "first_step", FIELD), f"{FIELD}.first_step", 1, MAX_UPDATES)
    stride = jf.whole(jf.member(spec, "stride", FIELD), f"{FIELD}.stride", 1, MAX_STRIDE)
    if stride & (stride - 1):
        raise jf.refuse(f"{FIELD}.stride", f"must be a power of two, not {stride}")
    losses = decode_array(jf.member(spec, "losses", FIELD), f"{FIELD}.losses")
    last = first + len(losses) - 1
    if last != steps:
        raise jf.refuse(
            FIELD, f"ends at update {last:,}, but the training state is at update {steps:,}"
        )
    count = setup.parameter_count
    eras = _eras_from(jf.member(spec, "eras", FIELD), setup, datasets, first, last)
    checkpoint_steps, matrix = _checkpoints_from(spec, first, last, count)
    velocities = _velocities_from(spec, eras, checkpoint_steps, count)
    epochs = _epochs_from(jf.member(spec, "epochs", FIELD), last)
    if len(losses):
        _check_trainable(setup, eras, last)
        _check_sample_orders(eras, epochs, first, last)
    history = History(
        setup.layer_sizes, setup.activations, setup.seed, eras[0], budget, setup.input_features
    )
    history.first_step = first
    history.stride = stride
    history._losses = losses.copy()
    history._n = len(losses)
    for s, row in zip(checkpoint_steps, matrix, strict=True):
        history._checkpoints.add(s, row, velocities.get(s))
    history.set_eras(eras)
    history.set_epochs(epochs)
    return history


def check_trainer_matches(
    history: History, state: TrainerState, batch: BatchMode, dataset: Dataset
) -> None:
    """Refuse a training state in the middle of an epoch that the history does not record (the
    next updates' batches could not be recomputed)."""
    order, position = state.schedule.order, state.schedule.position
    size = batch_size(batch, len(dataset))
    if len(history) == 0 or size is None or order is None or not 0 < position < len(dataset):
        return
    era = history.era_of(state.steps + 1)
    first = state.steps + 1 - position // size
    entries = [e for e in history._epochs if e.first_step == first]
    if (
        position % size
        or era.dataset is not dataset
        or batch_size(era.batch, len(era.dataset)) != size
        or not entries
        or entries[0].schedule.order is None
        or not np.array_equal(entries[0].schedule.order, order)
    ):
        raise jf.refuse(
            "trainer.schedule", "is in the middle of an epoch that the history does not record"
        )


def check_reproduces(
    history: History, parameters: np.ndarray, velocity: np.ndarray | None = None
) -> None:
    """Refuse a history that does not reproduce itself: θ now (and the velocity, with
    momentum) must be what it ends with, and a sample of updates recomputed from their stored
    θ (a checkpoint or an era's θ) must give the stored losses — so damaged numbers are found
    now, not on the timeline later."""
    last = history.last_step
    era = history._eras[-1]
    if era.first_step == last + 1 and era.parameters_before is not None:
        expected: np.ndarray | None = era.parameters_before
    elif len(history) and last in history._checkpoints:
        expected = history._checkpoints[last]
    else:
        expected = None
    if expected is not None and not np.array_equal(expected, parameters):
        raise jf.refuse("parameters", "are not the parameters its history ends with")
    _check_velocity_matches(history, velocity)
    if not len(history):
        return
    first = history.first_step
    anchored = {e.first_step for e in history._eras if e.parameters_before is not None}
    anchored |= {s + 1 for s in history._checkpoints.steps()}
    steps = sorted(s for s in anchored if first <= s <= last)
    work = history.parameter_count * max(len(e.dataset) for e in history._eras)
    count = max(4, min(MAX_VERIFIED, VERIFY_WORK // max(1, work)))
    picks = np.linspace(0, len(steps) - 1, min(count, len(steps))).round().astype(int)
    for step in (steps[i] for i in sorted(set(picks.tolist()))):
        try:
            loss = history.record(step).loss_before
        except MlpguiError:
            loss = float("nan")
        stored = history.loss(step)
        if not math.isclose(loss, stored, rel_tol=1e-6, abs_tol=1e-12):
            raise jf.refuse(FIELD, f"does not reproduce update {step:,} (the file is damaged)")


def _check_velocity_matches(history: History, velocity: np.ndarray | None) -> None:
    """The trainer's velocity is the one the history ends with (when the history knows it:
    the last era's momentum carries on, or it states its own)."""
    last = history.last_step
    era = history._eras[-1]
    if era.momentum == 0.0 or velocity is None:
        return  # a trainer without momentum now, or starting from v = 0, is what resume uses
    if era.first_step == last + 1:
        expected = era.velocity_before
    elif len(history):
        expected = history._checkpoints.velocity(last)
    else:
        return
    zeros = np.zeros(history.parameter_count)
    if not np.array_equal(zeros if expected is None else expected, velocity):
        raise jf.refuse("trainer.velocity", "is not the velocity its history ends with")


# --- parts ----------------------------------------------------------------------------------


def _eras_from(
    value: object, setup: TrainingSetup, datasets: list[Dataset], first: int, last: int
) -> list[Era]:
    listed = jf.items(value, f"{FIELD}.eras")
    if not listed:
        raise jf.refuse(f"{FIELD}.eras", "is empty")
    eras: list[Era] = []
    for i, item in enumerate(listed):
        era = _era_from(item, f"{FIELD}.eras[{i}]", setup, datasets)
        if i == 0 and (era.first_step != first or era.parameters_before is None):
            raise jf.refuse(
                f"{FIELD}.eras[0]", f"must start at update {first:,} with its parameters"
            )
        if eras and era.first_step <= eras[-1].first_step:
            raise jf.refuse(f"{FIELD}.eras[{i}].first_step", "does not follow the era before it")
        if era.first_step > last + 1:
            raise jf.refuse(f"{FIELD}.eras[{i}].first_step", "lies after the last update")
        eras.append(era)
    return eras


def _era_from(value: object, where: str, setup: TrainingSetup, datasets: list[Dataset]) -> Era:
    spec = jf.obj(value, where)
    index = jf.whole(jf.member(spec, "dataset", where), f"{where}.dataset", 0, len(datasets) - 1)
    dataset = datasets[index]
    sizes = setup.layer_sizes
    if dataset.input_dim != setup.raw_input_dim or dataset.output_dim != sizes[-1]:
        raise jf.refuse(f"{where}.dataset", "does not fit the network's inputs and outputs")
    rates = rates_from(spec, where)
    moving = spec.get("velocity_before")
    if moving is not None and rates["momentum"] == 0.0:
        raise jf.refuse(f"{where}.velocity_before", "must be null without momentum")
    loss = jf.text(jf.member(spec, "loss", where), f"{where}.loss", 100)
    if loss not in LOSSES:
        raise jf.refuse(f"{where}.loss", f"is {loss!r}, not one of {', '.join(LOSSES)}")
    theta = spec.get("parameters_before")
    return Era(
        first_step=jf.whole(jf.member(spec, "first_step", where), f"{where}.first_step", 1),
        dataset=dataset,
        learning_rate=jf.number(
            jf.member(spec, "learning_rate", where),
            f"{where}.learning_rate",
            0.0,
            MAX_LEARNING_RATE,
        ),
        loss=loss,
        batch=batch_from(jf.member(spec, "batch", where), f"{where}.batch"),
        train_biases=jf.boolean(jf.member(spec, "train_biases", where), f"{where}.train_biases"),
        epoch_before=jf.whole(
            jf.member(spec, "epoch_before", where), f"{where}.epoch_before", 0, MAX_UPDATES
        ),
        parameters_before=(
            None
            if theta is None
            else decode_array(theta, f"{where}.parameters_before", shape=(setup.parameter_count,))
        ),
        velocity_before=(
            None
            if moving is None
            else decode_array(moving, f"{where}.velocity_before", shape=(setup.parameter_count,))
        ),
        **rates,
    )


def _checkpoints_from(
    spec: dict[str, Any], first: int, last: int, count: int
) -> tuple[list[int], np.ndarray]:
    where = f"{FIELD}.checkpoint_steps"
    listed = jf.items(jf.member(spec, "checkpoint_steps", FIELD), where)
    steps = [jf.whole(s, f"{where}[{i}]", first, max(first, last)) for i, s in enumerate(listed)]
    if any(b <= a for a, b in pairwise(steps)):
        raise jf.refuse(where, "must rise strictly")
    if steps and steps[-1] > last:
        raise jf.refuse(where, "lie after the last update")
    matrix = decode_array(
        jf.member(spec, "checkpoints", FIELD),
        f"{FIELD}.checkpoints",
        ndim=2,
        shape=(len(steps), count),
    )
    return steps, matrix


def _velocities_from(
    spec: dict[str, Any], eras: list[Era], checkpoint_steps: list[int], count: int
) -> dict[int, np.ndarray]:
    """{update: v after it} — exactly the checkpoints made with momentum."""
    where = f"{FIELD}.checkpoint_velocity_steps"
    listed = jf.items(spec.get("checkpoint_velocity_steps", []), where)
    steps = [jf.whole(s, f"{where}[{i}]", 1) for i, s in enumerate(listed)]
    empty = encode_array(np.empty((0, count)))
    matrix = decode_array(
        spec.get("checkpoint_velocities", empty),
        f"{FIELD}.checkpoint_velocities",
        ndim=2,
        shape=(len(steps), count),
    )
    firsts = [e.first_step for e in eras]
    expected = [
        s for s in checkpoint_steps if eras[bisect.bisect_right(firsts, s) - 1].momentum > 0.0
    ]
    if steps != expected:
        raise jf.refuse(where, "must list exactly the checkpoints made with momentum")
    return dict(zip(steps, matrix, strict=True))


def _epochs_from(value: object, last: int) -> list[EpochStart]:
    epochs: list[EpochStart] = []
    for i, item in enumerate(jf.items(value, f"{FIELD}.epochs")):
        where = f"{FIELD}.epochs[{i}]"
        spec = jf.obj(item, where)
        step = jf.whole(jf.member(spec, "first_step", where), f"{where}.first_step", 1, last)
        if epochs and step <= epochs[-1].first_step:
            raise jf.refuse(f"{where}.first_step", "does not follow the epoch before it")
        number = jf.whole(jf.member(spec, "epoch", where), f"{where}.epoch", 0, MAX_UPDATES)
        schedule = schedule_from(
            jf.member(spec, "schedule", where), f"{where}.schedule", need_order=True
        )
        epochs.append(EpochStart(step, number, schedule))
    return epochs


def _check_trainable(setup: TrainingSetup, eras: list[Era], last: int) -> None:
    """Updates were made: the network and each era's loss and data must allow them."""
    functions = [get_activation(name) for name in setup.activations]
    if not all(f.differentiable for f in functions):
        raise jf.refuse(FIELD, "holds updates of a network that cannot be trained (step units)")
    for i, era in enumerate(eras):
        if era.first_step > last:
            continue
        try:
            get_loss(era.loss).check_output_activation(functions[-1])
        except MlpguiError as exc:
            raise SessionError(f"The session's {FIELD}.eras[{i}].loss is unusable: {exc}") from None
        if len(era.dataset) == 0:
            raise jf.refuse(f"{FIELD}.eras[{i}]", "holds updates made on an empty dataset")


def _check_sample_orders(eras: list[Era], epochs: list[EpochStart], first: int, last: int) -> None:
    """Every update of an online or mini-batch era has its epoch's order, long enough."""
    firsts = [e.first_step for e in epochs]
    for i, era in enumerate(eras):
        start = max(era.first_step, first)
        end = min(eras[i + 1].first_step - 1 if i + 1 < len(eras) else last, last)
        size = batch_size(era.batch, len(era.dataset))
        if start > end or size is None:
            continue
        j = bisect.bisect_right(firsts, start) - 1
        if j < 0:
            raise jf.refuse(
                f"{FIELD}.epochs", f"lack the sample order of update {start:,} (era {i})"
            )
        while j < len(epochs) and firsts[j] <= end:
            entry = epochs[j]
            until = min(end, firsts[j + 1] - 1) if j + 1 < len(epochs) else end
            order = entry.schedule.order
            assert order is not None  # need_order=True
            if len(order) != len(era.dataset):
                raise jf.refuse(
                    f"{FIELD}.epochs[{j}].schedule.order",
                    "does not order the rows of the dataset its updates use",
                )
            if (until - entry.first_step) * size >= len(order):
                raise jf.refuse(f"{FIELD}.epochs[{j}]", "is too short for the updates it serves")
            j += 1
