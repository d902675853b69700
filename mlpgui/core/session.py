"""Session files: a whole training run in one versioned JSON document.

Format ``mlpgui-session`` version 1 (documented in docs/session-format.md):

    {"format": "mlpgui-session", "version": 1, "saved_by": "mlpgui 0.1.0",
     "setup": {"layer_sizes", "activations", "seed", "learning_rate", "loss", "batch",
               "train_biases", "initial_parameters"},
     "initial_parameters": array, "parameters": array,
     "dataset": dataset, "test_dataset": dataset | null,
     "trainer": {"steps", "epoch", "schedule": {"order": array | null, "position",
                 "rng_state"}},
     "app": {"max_rate": number},
     "history": history | null}

Arrays are encoded as json_codec.py describes (exact). Writes are atomic: a temporary file
beside the target, flushed to disk, then renamed over it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from .dataset import Dataset
from .eras import EpochStart, Era
from .history import History
from .json_codec import (
    SessionError,
    dataset_from,
    dataset_json,
    decode_array,
    encode_array,
    schedule_from,
    schedule_json,
    setup_from,
    setup_json,
)
from .setup import TrainingSetup
from .trainer import TrainerState

FORMAT = "mlpgui-session"
VERSION = 1

__all__ = ["FORMAT", "VERSION", "Session", "SessionError", "load_session", "save_session"]


@dataclass(frozen=True)
class Session:
    """Everything needed to continue a training run exactly where it was."""

    setup: TrainingSetup
    parameters: np.ndarray
    dataset: Dataset
    test_dataset: Dataset | None
    trainer_state: TrainerState
    max_rate: float = 0.0
    history: History | None = None


# --- history --------------------------------------------------------------------------------


def _history_json(h: History, datasets: list[Dataset]) -> dict[str, Any]:
    def dataset_index(d: Dataset) -> int:
        for i, known in enumerate(datasets):
            if known is d:
                return i
        datasets.append(d)
        return len(datasets) - 1

    steps = h._checkpoints.steps()
    return {
        "first_step": h.first_step,
        "stride": h.stride,
        "budget_bytes": h.budget_bytes,
        "losses": encode_array(h.losses),
        "checkpoint_steps": steps,
        "checkpoints": encode_array(
            np.array([h._checkpoints[s] for s in steps]).reshape(len(steps), h.parameter_count)
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
            }
            for e in h._eras
        ],
        "epochs": [
            {"first_step": e.first_step, "epoch": e.epoch, "schedule": schedule_json(e.schedule)}
            for e in h._epochs
        ],
    }


def _history_from(data: dict[str, Any], setup: TrainingSetup, datasets: list[Dataset]) -> History:
    try:
        eras = [
            Era(
                first_step=int(e["first_step"]),
                dataset=datasets[int(e["dataset"])],
                learning_rate=float(e["learning_rate"]),
                loss=str(e["loss"]),
                batch=e["batch"],
                train_biases=bool(e["train_biases"]),
                epoch_before=int(e["epoch_before"]),
                parameters_before=(
                    None
                    if e["parameters_before"] is None
                    else decode_array(e["parameters_before"], "history parameters")
                ),
            )
            for e in data["eras"]
        ]
        history = History(
            setup.layer_sizes, setup.activations, setup.seed, eras[0], int(data["budget_bytes"])
        )
        history._eras = eras
        history.first_step = int(data["first_step"])
        history.stride = int(data["stride"])
        losses = decode_array(data["losses"], "history losses")
        history._losses = losses.copy()
        history._n = len(losses)
        steps = [int(s) for s in data["checkpoint_steps"]]
        matrix = decode_array(data["checkpoints"], "history checkpoints")
        if matrix.shape != (len(steps), history.parameter_count):
            raise SessionError("The session's history checkpoints do not fit its network.")
        for s, row in zip(steps, matrix, strict=True):
            history._checkpoints.add(s, row)
        history._epochs = [
            EpochStart(
                int(e["first_step"]), int(e["epoch"]), schedule_from(e["schedule"], "history")
            )
            for e in data["epochs"]
        ]
        history.recount()
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        if isinstance(exc, SessionError):
            raise
        raise SessionError(f"The session's history is damaged ({exc!r}).") from None
    return history


# --- whole sessions -------------------------------------------------------------------------


def session_to_json(session: Session, include_history: bool = True) -> dict[str, Any]:
    """The JSON document (a dict) for ``session``."""
    datasets: list[Dataset] = [session.dataset]
    history = (
        _history_json(session.history, datasets)
        if include_history and session.history is not None
        else None
    )
    state = session.trainer_state
    return {
        "format": FORMAT,
        "version": VERSION,
        "saved_by": f"mlpgui {__version__}",
        "setup": setup_json(session.setup),
        "initial_parameters": encode_array(session.setup.network().parameters),
        "parameters": encode_array(session.parameters),
        "dataset": dataset_json(session.dataset),
        "test_dataset": (
            None if session.test_dataset is None else dataset_json(session.test_dataset)
        ),
        "history_datasets": [dataset_json(d) for d in datasets[1:]],
        "trainer": {
            "steps": state.steps,
            "epoch": state.epoch,
            "schedule": schedule_json(state.schedule),
        },
        "app": {"max_rate": session.max_rate},
        "history": history,
    }


def session_from_json(data: object) -> Session:
    """A Session from a parsed JSON document; SessionError says what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError("This is not an mlpgui session file.")
    version = data.get("version")
    if not isinstance(version, int):
        raise SessionError("The session file has no format version.")
    if version > VERSION:
        raise SessionError(
            f"This session was saved by a newer mlpgui (format version {version}); this version "
            f"reads up to version {VERSION} — please update mlpgui to open it."
        )
    setup = setup_from(data.get("setup"))
    count = setup.network().parameter_count
    arch = "-".join(map(str, setup.layer_sizes))
    parameters = decode_array(data.get("parameters"), "parameters")
    initial = decode_array(data.get("initial_parameters"), "initial parameters")
    for what, array in (("parameters", parameters), ("initial parameters", initial)):
        if array.shape != (count,):
            raise SessionError(
                f"The session's {what} do not match its {arch} network "
                f"({count} values expected, {array.size} found)."
            )
    if setup.initial_parameters is None and not np.array_equal(initial, setup.network().parameters):
        # Drawn by a different initialisation scheme: keep the saved values exactly.
        setup = setup.replace(initial_parameters=tuple(initial.tolist()))
    dataset = dataset_from(data.get("dataset"), "dataset")
    test = data.get("test_dataset")
    test_dataset = None if test is None else dataset_from(test, "test dataset")
    if dataset.input_dim != setup.layer_sizes[0] or dataset.output_dim != setup.layer_sizes[-1]:
        raise SessionError(
            f"The session's dataset has {dataset.input_dim} input and {dataset.output_dim} "
            f"target columns, which do not fit its {arch} network."
        )
    trainer = data.get("trainer")
    if not isinstance(trainer, dict):
        raise SessionError("The session has no training state.")
    try:
        state = TrainerState(
            int(trainer["steps"]),
            int(trainer["epoch"]),
            schedule_from(trainer.get("schedule"), "sample order", len(dataset)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, SessionError):
            raise
        raise SessionError("The session's training state is damaged.") from None
    if state.steps < 0 or state.epoch < 0:
        raise SessionError("The session's update count is negative.")
    app = data.get("app") if isinstance(data.get("app"), dict) else {}
    history = None
    if data.get("history") is not None:
        extra = [dataset_from(d, "history dataset") for d in data.get("history_datasets") or []]
        history = _history_from(data["history"], setup, [dataset, *extra])
    parameters.flags.writeable = False
    return Session(
        setup, parameters, dataset, test_dataset, state, float(app.get("max_rate", 0.0)), history
    )


def save_session(
    session: Session, path: str | os.PathLike[str], include_history: bool = True
) -> None:
    """Write ``session`` to ``path`` atomically (the old file survives any failure)."""
    target = Path(path)
    text = json.dumps(session_to_json(session, include_history), separators=(",", ":"))
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise SessionError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise SessionError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        raise


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read a session file; any problem raises SessionError with one sentence."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{target.name} is not a session file (it is not text).") from None
    except OSError as exc:
        raise SessionError(f"Cannot read {target}: {exc.strerror or exc}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SessionError(
            f"{target.name} is not a valid session file (broken JSON at line {exc.lineno}, "
            f"column {exc.colno})."
        ) from None
    except RecursionError:
        raise SessionError(f"{target.name} is not a valid session file.") from None
    return session_from_json(data)
