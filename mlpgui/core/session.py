"""Session files: a whole training run in one versioned JSON document.

Format ``mlpgui-session`` version 2 (documented in docs/session-format.md):

    {"format": "mlpgui-session", "version": 2, "saved_by": "mlpgui 0.1.0",
     "setup": {"layer_sizes", "activations", "seed", "learning_rate", "loss", "batch",
               "train_biases", "initial_parameters", "parameter_names",
               "l1_rate", "l2_rate", "momentum", "input_features"},
     "initial_parameters": array, "parameters": array,
     "dataset": dataset, "test_dataset": dataset | null, "history_datasets": [dataset, …],
     "trainer": {"steps", "epoch", "schedule": {"order": array | null, "position",
                 "rng_state"}, "velocity": array | null},
     "app": {"max_rate": number},
     "history": history | null,
     "exercises": exercise set}       # optional (exercise_json.py)

Version 2 adds the optional additions to the lecture (json_additions.py): λ₁, λ₂, μ and input
features in the setup and in every history era, the momentum velocity of the trainer, of
eras and of checkpoints. A session that uses none of them is written as version 1 (older
mlpgui versions open it); one that does is written as version 2, so an older mlpgui refuses it
instead of training it wrongly. Version-1 files load with every addition off. Datasets hold
the raw inputs (without the derived feature columns).

``exercises`` (optional, absent when there is none) is an exercise set about the next update
(exercise_json.py): checked here for its structure only (``ExerciseSet.from_json`` checks it
against the update it is about when the window opens it). It needs no new version: an older
mlpgui ignores the field, and trains the same.

Arrays are encoded as json_codec.py describes (exact). Writes are atomic (atomic.py). Reading
checks every field before anything is built, so a file either opens into a run on which every
operation works, or is refused with a ``SessionError`` whose one sentence names the field.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from . import json_fields as jf
from .atomic import atomic_file
from .dataset import Dataset
from .errors import MlpguiError
from .exercise_answers import ExerciseError
from .exercise_json import parse as parse_exercises
from .history import History
from .json_additions import rates_json, uses_additions
from .json_codec import (
    array_shape,
    dataset_from,
    dataset_json,
    decode_array,
    encode_array,
    schedule_from,
    schedule_json,
    setup_from,
    setup_json,
)
from .json_fields import SessionError
from .limits import MAX_SESSION_BYTES, MAX_UPDATES, architecture, format_bytes
from .session_history import (
    check_reproduces,
    check_trainer_matches,
    history_from,
    history_json,
)
from .setup import TrainingSetup
from .trainer import TrainerState

FORMAT = "mlpgui-session"
VERSION = 2
PLAIN_VERSION = 1
"""Written when no addition to the lecture is used (readable by older mlpgui versions)."""
MAX_RATE = 1e9
"""Largest speed limit (updates per second) read from a session."""

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
    exercises: dict[str, Any] | None = None
    """An exercise set about the next update (``ExerciseSet.to_json``), or None."""


# --- writing --------------------------------------------------------------------------------


def session_to_json(session: Session, include_history: bool = True) -> dict[str, Any]:
    """The JSON document (a dict) for ``session``."""
    datasets: list[Dataset] = [session.dataset]
    history = (
        history_json(session.history, datasets)
        if include_history and session.history is not None
        else None
    )
    state = session.trainer_state
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION if _uses_additions(session, include_history) else PLAIN_VERSION,
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
            "velocity": None if state.velocity is None else encode_array(state.velocity),
        },
        "app": {"max_rate": session.max_rate},
        "history": history,
    }
    if session.exercises is not None:
        document["exercises"] = session.exercises
    return document


def _uses_additions(session: Session, include_history: bool) -> bool:
    s = session.setup
    if uses_additions(rates_json(s.l1_rate, s.l2_rate, s.momentum), s.input_features):
        return True
    if not include_history or session.history is None:
        return False
    return any(
        uses_additions(rates_json(e.l1_rate, e.l2_rate, e.momentum)) for e in session.history._eras
    )


def save_session(
    session: Session, path: str | os.PathLike[str], include_history: bool = True
) -> None:
    """Write ``session`` to ``path`` atomically (the old file survives any failure; a link
    stays a link; the file keeps its permissions)."""
    text = json.dumps(session_to_json(session, include_history), separators=(",", ":"))
    try:
        with atomic_file(path, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        raise SessionError(f"Cannot write {os.fspath(path)}: {_reason(exc)}.") from None


# --- reading --------------------------------------------------------------------------------


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read a session file; any problem raises SessionError with one sentence.

    Refuses non-regular files (a FIFO never blocks) and files over MAX_SESSION_BYTES before
    reading; accepts a UTF-8 byte-order mark.
    """
    target = Path(path)
    raw = _read_regular_file(target)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SessionError(f"{target.name} is not a session file (it is not text).") from None
    del raw
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SessionError(
            f"{target.name} is not a valid session file (broken JSON at line {exc.lineno}, "
            f"column {exc.colno})."
        ) from None
    except (ValueError, RecursionError):  # e.g. a number of more than 4,300 digits
        raise SessionError(f"{target.name} is not a valid session file.") from None
    try:
        return session_from_json(data)
    except SessionError:
        raise
    except (MlpguiError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # A safety net: every field is checked, so this is a check missing (the fuzz test
        # fails on it); the user still gets one sentence and keeps the current session.
        raise SessionError(
            f"{target.name} is damaged in a way mlpgui does not recognise ({type(exc).__name__})."
        ) from None


def session_from_json(data: object) -> Session:
    """A Session from a parsed JSON document; SessionError names the field that is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError("This is not an mlpgui session file.")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionError("The session file has no valid format version.")
    if version > VERSION:
        raise SessionError(
            f"This session was saved by a newer mlpgui (format version {version}); this version "
            f"reads up to version {VERSION} — please update mlpgui to open it."
        )
    setup = setup_from(jf.member(data, "setup", ""))  # architecture within the limits
    dataset, test_dataset, extra = _datasets_from(data, setup)
    parameters, setup = _parameters_from(data, setup)
    state = _trainer_state_from(jf.member(data, "trainer", ""), dataset, setup)
    app = data.get("app")
    app = {} if app is None else jf.obj(app, "app")
    max_rate = jf.number(app.get("max_rate", 0.0), "app.max_rate", 0.0, MAX_RATE)
    history = None
    if data.get("history") is not None:
        history = history_from(data["history"], setup, [dataset, *extra], state.steps)
        check_trainer_matches(history, state, setup.batch, dataset)
        check_reproduces(history, parameters, state.velocity)
    parameters.flags.writeable = False
    exercises = _exercises_from(data.get("exercises"))
    return Session(setup, parameters, dataset, test_dataset, state, max_rate, history, exercises)


# --- parts ----------------------------------------------------------------------------------


def _datasets_from(
    data: dict[str, Any], setup: TrainingSetup
) -> tuple[Dataset, Dataset | None, list[Dataset]]:
    """(dataset, test dataset, history datasets), each fitting the network (their raw inputs,
    without derived features), and the memory training on the largest implies within the
    limit."""
    dataset = dataset_from(jf.member(data, "dataset", ""), "dataset")
    test = data.get("test_dataset")
    test_dataset = None if test is None else dataset_from(test, "test_dataset")
    listed = data.get("history_datasets")
    listed = [] if listed is None else jf.items(listed, "history_datasets")
    extra = [dataset_from(d, f"history_datasets[{i}]") for i, d in enumerate(listed)]
    sizes = setup.layer_sizes
    named = [("dataset", dataset), ("test_dataset", test_dataset)]
    named += [(f"history_datasets[{i}]", d) for i, d in enumerate(extra)]
    for field, d in named:
        if d is not None and (d.input_dim != setup.raw_input_dim or d.output_dim != sizes[-1]):
            raise SessionError(
                f"The session's {field} has {d.input_dim} input and {d.output_dim} target "
                f"columns, which do not fit its {architecture(sizes)} network."
            )
    rows = max(len(d) for _, d in named if d is not None)
    try:
        setup.check_memory(rows)
    except MlpguiError as exc:
        raise SessionError(f"The session is too large to open: {exc}") from None
    return dataset, test_dataset, extra


def _parameters_from(
    data: dict[str, Any], setup: TrainingSetup
) -> tuple[np.ndarray, TrainingSetup]:
    """θ now, and the setup with the saved initial θ kept exactly if it was drawn otherwise."""
    count = setup.parameter_count
    arrays = []
    for field in ("parameters", "initial_parameters"):
        spec = jf.member(data, field, "")
        (found,) = array_shape(spec, field, 1)
        if found != count:
            raise SessionError(
                f"The session's {field.replace('_', ' ')} do not match its "
                f"{architecture(setup.layer_sizes)} network ({count:,} values expected, "
                f"{found:,} found)."
            )
        arrays.append(decode_array(spec, field, shape=(count,)))
    parameters, initial = arrays
    if setup.initial_parameters is None and not np.array_equal(initial, setup.network().parameters):
        # Drawn by a different initialisation scheme: keep the saved values exactly.
        setup = setup.replace(initial_parameters=tuple(initial.tolist()))
    return parameters, setup


def _trainer_state_from(value: object, dataset: Dataset, setup: TrainingSetup) -> TrainerState:
    trainer = jf.obj(value, "trainer")
    steps = jf.whole(jf.member(trainer, "steps", "trainer"), "trainer.steps", 0, MAX_UPDATES)
    epoch = jf.whole(jf.member(trainer, "epoch", "trainer"), "trainer.epoch", 0, steps)
    schedule = schedule_from(
        jf.member(trainer, "schedule", "trainer"), "trainer.schedule", len(dataset)
    )
    velocity = trainer.get("velocity")
    if velocity is not None:
        if setup.momentum == 0.0:
            raise jf.refuse("trainer.velocity", "must be null without momentum")
        velocity = decode_array(velocity, "trainer.velocity", shape=(setup.parameter_count,))
        velocity.flags.writeable = False
    return TrainerState(steps, epoch, schedule, velocity)


def _exercises_from(value: object) -> dict[str, Any] | None:
    """The saved exercise set (None if there is none), checked for its structure."""
    if value is None:
        return None
    try:
        parse_exercises(value)
    except ExerciseError as exc:
        problem = str(exc).rstrip(".")
        problem = problem[:1].lower() + problem[1:]
        raise jf.refuse("exercises", f"is not a valid exercise set ({problem})") from None
    assert isinstance(value, dict)  # parse checked it
    return value


def _read_regular_file(target: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SESSION_BYTES (opened without blocking)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(target, flags)
    except OSError as exc:
        raise SessionError(f"Cannot read {target}: {_reason(exc)}.") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise SessionError(f"Cannot read {target}: {os.strerror(errno.EISDIR)}.")
        if not stat.S_ISREG(info.st_mode):
            raise SessionError(f"{target.name} is not a regular file, so it cannot be opened.")
        if info.st_size > MAX_SESSION_BYTES:
            raise SessionError(
                f"{target.name} is {format_bytes(info.st_size)}; mlpgui opens session files "
                f"of up to {format_bytes(MAX_SESSION_BYTES)}."
            )
        with os.fdopen(os.dup(handle), "rb") as file:
            raw = file.read()
    except OSError as exc:
        raise SessionError(f"Cannot read {target}: {_reason(exc)}.") from None
    finally:
        os.close(handle)
    if len(raw) > MAX_SESSION_BYTES:
        raise SessionError(f"{target.name} is larger than {format_bytes(MAX_SESSION_BYTES)}.")
    return raw


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
