"""Fuzzing session files: every damaged file is refused with SessionError, or opens into a run
on which every operation works (steps, record_at over the kept history, continue_from, the
history CSV, save and reopen), within a time bound. Seeded: the same files every run.

Run with ``-s`` to see the statistics (files tried / refused / opened).
"""

from __future__ import annotations

import copy
import json
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mlpgui.core import Dataset, DivergenceError, TrainingError
from mlpgui.core.features import all_features
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import SessionError, load_session, save_session, session_to_json
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace

SEED = 20261201
MUTATIONS = 2000
TIME_LIMIT = 10  # seconds for loading and using one file (a loop forever fails the test)

# --- real sessions to damage -----------------------------------------------------------------


def _base_runs() -> list[tuple[str, TrainingRun, bool]]:
    """(name, run, include history) — each kind of content a session can hold."""
    runs = []
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(batch="online"), data, data)
    run.run(9)  # mid-epoch
    run.set_learning_rate(0.3)
    run.step()
    run.edit_parameter("w", 0, 1, 0, 0.25)
    run.set_batch(3)
    run.run(4)
    runs.append(("xor-online-eras", run, True))

    setup, data = TrainingSetup.for_preset("lecture", n_points=12)
    run = TrainingRun(setup, data)
    run.run(6)
    rng = np.random.default_rng(3)
    run.replace_dataset(Dataset(rng.uniform(-5, 5, (7, 1)), rng.uniform(size=(7, 1))))
    run.run(4)
    runs.append(("lecture-full-new-data", run, True))

    setup, data = TrainingSetup.for_preset("spiral", n_points=12)
    run = TrainingRun(setup.replace(batch=5), data, history_budget=12 * 1024)
    for _ in range(10):  # as the worker trains: chunks with θ after every update
        run.run(10, trace=RunTrace(parameters=np.empty((10, run.net.parameter_count))))
    assert run.history.stride > 1 and run.history.first_step > 1  # thinned and forgetting
    runs.append(("spiral-minibatch-thinned", run, True))

    setup, data = TrainingSetup.for_preset("mazur")
    run = TrainingRun(setup, data)
    run.run(2)
    runs.append(("mazur-named", run, True))

    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup.replace(batch="online"), data)
    run.run(5)
    runs.append(("xor-no-history", run, False))

    setup, data = TrainingSetup.for_preset("circles", n_points=10)
    additions = {"momentum": 0.9, "l1_rate": 0.01, "l2_rate": 0.1}
    run = TrainingRun(setup.replace(batch=3, input_features=all_features(2), **additions), data)
    run.run(4, trace=RunTrace(parameters=np.empty((4, run.net.parameter_count))))
    run.set_momentum(0.5)
    run.step()
    run.set_regularisation(l1_rate=0.0)
    run.run(3)
    runs.append(("circles-additions", run, True))
    return runs


# --- mutations -------------------------------------------------------------------------------

STRANGE: list[Any] = [
    None, True, False, 0, 1, -1, 2, 3, 7, 2**31, 2**63, 2**64 + 1, 10**30, -(10**30), 0.5, -0.0,
    1e308, -1e308, 1e-320, float("nan"), float("inf"), float("-inf"), "", "x", "full",
    "online", "PCG64", [], [1], [[1, 2]], {}, {"shape": [1], "dtype": "float64"},
]  # fmt: skip


def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list) and len(node) <= 64:
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _get(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _mutate(doc: dict, rng: random.Random) -> str:
    """Damage ``doc`` in place at a random place; returns a description."""
    paths = [p for p in _paths(doc) if p]
    path = rng.choice(paths)
    parent, key = _get(doc, path[:-1]), path[-1]
    value = parent[key]
    kind = rng.random()
    where = ".".join(map(str, path))
    if kind < 0.15:  # delete
        del parent[key]
        return f"delete {where}"
    if isinstance(value, dict) and "shape" in value and kind < 0.45:
        return f"{_damage_array(value, rng)} at {where}"
    if isinstance(value, bool) and kind < 0.5:
        parent[key] = int(value) if rng.random() < 0.5 else (not value)
        return f"flip {where}"
    if isinstance(value, int) and not isinstance(value, bool) and kind < 0.6:
        new = rng.choice([True, False, value + 1, value - 1, -value, 2 * value, value + 10**6,
                          float(value), value * 10**20])  # fmt: skip
        parent[key] = new
        return f"number {where} = {new!r}"
    if isinstance(value, float) and kind < 0.6:
        new = rng.choice([value * 1e300, -value, value + 1, 0.0, float("nan"), 1e400, True])
        parent[key] = new
        return f"number {where} = {new!r}"
    if isinstance(value, list) and value and kind < 0.7:
        op = rng.choice(["drop", "dup", "swap", "reverse"])
        i = rng.randrange(len(value))
        if op == "drop":
            value.pop(i)
        elif op == "dup":
            value.insert(i, copy.deepcopy(value[i]))
        elif op == "swap":
            j = rng.randrange(len(value))
            value[i], value[j] = value[j], value[i]
        else:
            value.reverse()
        return f"list {op} at {where}"
    new = copy.deepcopy(rng.choice(STRANGE))
    parent[key] = new
    return f"set {where} = {new!r}"


def _damage_array(spec: dict, rng: random.Random) -> str:
    op = rng.choice(["truncate", "swap-shape", "grow-shape", "dtype", "bad-value", "zero-shape"])
    shape = spec.get("shape", [])
    if op == "truncate":
        if spec.get("values"):
            spec["values"] = spec["values"][: rng.randrange(len(spec["values"]))]
        elif "base64" in spec:
            spec["base64"] = spec["base64"][: rng.randrange(len(spec["base64"]) + 1)]
    elif op == "swap-shape":
        spec["shape"] = list(reversed(shape))
    elif op == "grow-shape" and shape:
        spec["shape"] = [*shape[:-1], shape[-1] * rng.choice([2, 10**6, 10**18])]
    elif op == "dtype":
        spec["dtype"] = rng.choice(["int64", "float32", "object", None])
    elif op == "bad-value" and spec.get("values"):
        i = rng.randrange(len(spec["values"]))
        spec["values"][i] = rng.choice([float("nan"), 1e300, -7, True, "1", None, 2**70])
    elif op == "zero-shape":
        spec["shape"] = [0] * len(shape)
    return f"array {op}"


def _damage_text(text: str, rng: random.Random) -> tuple[bytes, str]:
    raw = text.encode()
    op = rng.choice(["truncate", "bom", "flip", "garbage"])
    if op == "truncate":
        return raw[: rng.randrange(len(raw))], "truncated file"
    if op == "bom":
        return b"\xef\xbb\xbf" + raw, "BOM"
    i = rng.randrange(len(raw))
    if op == "flip":
        return raw[:i] + bytes([raw[i] ^ (1 << rng.randrange(8))]) + raw[i + 1 :], "byte flip"
    return raw[:i] + b'\x00,"}]' + raw[i:], "garbage"


# --- the usability check ---------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _with_time_limit(action: Callable[[], str], seconds: int) -> str:
    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        return action()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _kept_steps(run: TrainingRun, rng: random.Random) -> list[int]:
    h = run.history
    steps = list(range(h.first_step, h.last_step + 1))
    return steps if len(steps) <= 40 else sorted({steps[0], steps[-1], *rng.sample(steps, 12)})


def _use(path: Path, rng: random.Random) -> str:
    """Open ``path`` and use it every way; returns the outcome. Anything else than a
    SessionError while opening, or a sentence-bearing refusal while training, propagates."""
    try:
        session = load_session(path)
    except SessionError as exc:
        assert "\n" not in str(exc) and str(exc).endswith((".", "?"))
        assert "does not recognise" not in str(exc)  # the safety net: a check is missing
        return "refused"
    run = TrainingRun.from_session(session)
    diverged = False
    for step in _kept_steps(run, rng):
        try:
            assert run.record_at(step).step == step
        except TrainingError as exc:  # DivergenceError, or "cannot be recomputed" (history.py)
            assert "\n" not in str(exc) and str(exc).endswith(".")
            diverged = True  # a damaged but finite θ or datum that overflows when recomputed
    try:
        run.history_csv()
    except TrainingError as exc:  # an update that cannot be recomputed: one sentence
        assert "\n" not in str(exc) and "cannot be recomputed" in str(exc)
        diverged = True
    try:
        run.step()
        run.run(5)
    except (TrainingError, DivergenceError):
        pass  # e.g. step units, an emptied dataset, a huge θ: one sentence, run intact
    if len(run.history):
        target = rng.randrange(run.history.first_step, run.history.last_step + 1)
        try:
            run.continue_from(target)
            run.step()
        except TrainingError as exc:  # DivergenceError, or "cannot be recomputed"
            assert "\n" not in str(exc)
            diverged = True
    copy_path = path.with_name("again.json")
    save_session(run.to_session(), copy_path)
    again = TrainingRun.from_session(load_session(copy_path))
    assert again.steps == run.steps
    return "opened (diverges when recomputed)" if diverged else "opened"


def test_damaged_sessions_are_refused_or_fully_usable(tmp_path):
    rng = random.Random(SEED)
    documents = []
    for name, run, history in _base_runs():
        documents.append((name, session_to_json(run.to_session(), include_history=history)))
    for name, doc in documents:  # the undamaged files pass the same check
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(doc))
        assert _use(path, rng) == "opened", name
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    path = tmp_path / "damaged.json"
    for k in range(MUTATIONS):
        name, original = documents[k % len(documents)]
        if rng.random() < 0.12:
            raw, what = _damage_text(json.dumps(original), rng)
        else:
            doc = copy.deepcopy(original)
            what = "; ".join(_mutate(doc, rng) for _ in range(1 + (rng.random() < 0.3)))
            raw = json.dumps(doc).encode()
        path.write_bytes(raw)
        try:
            outcome = _with_time_limit(lambda: _use(path, rng), TIME_LIMIT)
        except _Timeout:
            failures.append(f"{name}: {what}: took longer than {TIME_LIMIT} s")
            continue
        except (Exception, AssertionError) as exc:  # any escape is a finding
            failures.append(f"{name}: {what}: {type(exc).__name__}: {exc}"[:300])
            continue
        outcomes[outcome] += 1
    elapsed = time.perf_counter() - started
    print(
        f"\nsession fuzz: {MUTATIONS} files tried in {elapsed:.1f} s — "
        + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        + f", {len(failures)} failures"
    )
    assert failures == [], "\n".join(failures[:20])
    assert outcomes["refused"] > MUTATIONS // 3
    assert outcomes["opened"] > MUTATIONS // 10  # harmless damage (names, saved_by, …) opens


@pytest.mark.parametrize("name", ["xor-online-eras", "spiral-minibatch-thinned"])
def test_reloaded_base_sessions_keep_every_record(tmp_path, name):
    """The fuzz's base files are faithful: records of the past equal the live ones."""
    run = dict((n, r) for n, r, _ in _base_runs())[name]
    save_session(run.to_session(), tmp_path / "s.json")
    again = TrainingRun.from_session(load_session(tmp_path / "s.json"))
    rng = random.Random(1)
    for step in _kept_steps(run, rng):
        assert again.record_at(step) == run.record_at(step)
    assert again.step() == run.step()
