"""Atomic writers: old or new complete file, links kept, permissions kept, orphans cleaned."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import mlpgui
from mlpgui.core import Dataset
from mlpgui.core.atomic import atomic_file, remove_orphans
from mlpgui.core.errors import DatasetError
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import SessionError, load_session, save_session
from mlpgui.core.setup import TrainingSetup

ROOT = str(Path(mlpgui.__file__).parent.parent)


@pytest.fixture
def umask():
    """Set the process umask for one test (restored afterwards)."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _run(steps: int = 5) -> TrainingRun:
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup, data)
    if steps:
        run.run(steps)
    return run


def _writers(tmp_path: Path):
    """(name, write(path)) for every writer of the core."""
    run = _run()
    data = Dataset(np.array([[0.0, 1.0]]), np.array([[1.0]]))
    return [
        ("session", lambda p: save_session(run.to_session(), p)),
        ("dataset csv", lambda p: data.to_csv(p)),
        ("history csv", lambda p: run.write_history_csv(p)),
    ]


def test_a_new_file_gets_the_umask_default_not_0600(tmp_path, umask):
    for mask, expected in ((0o022, 0o644), (0o027, 0o640), (0o002, 0o664)):
        umask(mask)
        for name, write in _writers(tmp_path):
            target = tmp_path / f"{name}-{mask:o}.out"
            write(target)
            assert _mode(target) == expected, name


def test_overwriting_keeps_the_permission_bits(tmp_path, umask):
    umask(0o077)  # would make a new file 0600
    for name, write in _writers(tmp_path):
        for mode in (0o644, 0o640, 0o600, 0o664):
            target = tmp_path / f"{name}-{mode:o}.out"
            target.write_text("old")
            os.chmod(target, mode)
            write(target)
            assert _mode(target) == mode, (name, oct(mode))
            assert target.read_text() != "old"


def test_writing_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    for name, write in _writers(tmp_path):
        real = real_dir / f"{name}.out"
        real.write_text("old")
        link = tmp_path / f"{name}-link.out"
        link.symlink_to(os.path.relpath(real, tmp_path))
        write(link)
        assert link.is_symlink()
        assert os.readlink(link) == os.path.relpath(real, tmp_path)
        assert real.read_text() != "old"
        assert link.read_text() == real.read_text()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    leftovers += [p.name for p in real_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_dangling_link_gets_its_target_created(tmp_path):
    link = tmp_path / "s.json"
    link.symlink_to("elsewhere.json")
    save_session(_run().to_session(), link)
    assert link.is_symlink() and (tmp_path / "elsewhere.json").is_file()
    assert load_session(link).trainer_state.steps == 5


def test_a_failure_inside_the_write_keeps_the_old_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as file:
        file.write("new half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_errors_name_the_file_in_one_sentence(tmp_path):
    missing = tmp_path / "no-such-dir" / "x.json"
    with pytest.raises(SessionError, match="No such file or directory") as info:
        save_session(_run().to_session(), missing)
    assert "\n" not in str(info.value)
    with pytest.raises(DatasetError, match="Cannot write"):
        Dataset(np.zeros((1, 1)), np.zeros((1, 1))).to_csv(missing)
    with pytest.raises(mlpgui.core.MlpguiError, match="Cannot write"):
        _run().write_history_csv(missing)


def _orphan(directory: Path, name: str, age: float = 3600.0) -> Path:
    path = directory / name
    path.write_bytes(b"x" * 1000)
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def test_orphans_of_killed_saves_are_removed_on_the_next_save(tmp_path):
    for name, write in _writers(tmp_path):
        target = tmp_path / f"{name}.out"
        mine = [
            _orphan(tmp_path, f".{target.name}.abcd1234.tmp"),
            _orphan(tmp_path, f".{target.name}.zz_9x0y1.tmp"),
            _orphan(tmp_path, f".{target.name}.tmp"),  # what older versions left
        ]
        others = [
            _orphan(tmp_path, f".other-{name}.out.abcd1234.tmp"),  # another target's
            _orphan(tmp_path, f".{target.name}.abcd1234.tmp.keep"),  # not our suffix
            _orphan(tmp_path, f"{target.name}.abcd1234.tmp"),  # not our prefix
        ]
        write(target)
        assert not any(p.exists() for p in mine), name
        assert all(p.exists() for p in others), name


def test_a_temporary_file_of_a_living_save_is_left_alone(tmp_path):
    target = tmp_path / "s.json"
    locked = _orphan(tmp_path, ".s.json.abcd1234.tmp")
    handle = os.open(locked, os.O_RDWR)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a save in progress holds it
        assert remove_orphans(target, time.time()) == 0
        assert locked.exists()
    finally:
        os.close(handle)
    assert remove_orphans(target, time.time()) == 1
    assert not locked.exists()


def test_a_temporary_file_newer_than_the_save_is_left_alone(tmp_path):
    target = tmp_path / "s.json"
    young = _orphan(tmp_path, ".s.json.abcd1234.tmp", age=-60)  # modified "after" the start
    assert remove_orphans(target, time.time()) == 0
    assert young.exists()


KILLED = """
import os, signal, sys
sys.path.insert(0, {root!r})
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import save_session
import mlpgui.core.atomic as atomic
setup, data = TrainingSetup.for_preset("xor")
run = TrainingRun(setup, data)
run.run({steps})
point = {point!r}
die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
if point == "write":
    import io
    real_open = os.fdopen
    class Dying(io.TextIOWrapper):
        def write(self, text):
            super().write(text[: len(text) // 2])
            self.flush()
            die()
    def fdopen(fd, mode="r", *a, **k):
        return Dying(real_open(fd, "wb"), encoding="utf-8", newline="\\n")
    atomic.os.fdopen = fdopen
elif point == "fsync":
    atomic.os.fsync = die
elif point == "replace":
    atomic.os.replace = die
elif point == "after-replace":
    real = os.replace
    def replace(a, b):
        real(a, b)
        die()
    atomic.os.replace = replace
if {kind!r} == "history":
    run.write_history_csv({path!r})
else:
    save_session(run.to_session(), {path!r})
"""


@pytest.mark.parametrize("point", ["write", "fsync", "replace", "after-replace"])
@pytest.mark.parametrize("kind", ["session", "history"])
def test_kill_9_at_any_point_leaves_the_old_or_the_new_complete_file(tmp_path, point, kind):
    target = tmp_path / ("run.json" if kind == "session" else "history.csv")
    old_run = _run(3)
    if kind == "session":
        save_session(old_run.to_session(), target)
    else:
        old_run.write_history_csv(target)
    before = target.read_bytes()
    code = textwrap.dedent(KILLED).format(
        root=ROOT, steps=7, point=point, kind=kind, path=str(target)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert out.returncode == -9, out.stderr.decode()[-2000:]
    after = target.read_bytes()
    if point == "after-replace":
        assert after != before  # the new file, complete
        if kind == "session":
            assert load_session(target).trainer_state.steps == 7
        else:
            assert after.decode().count("\n") == 8  # header + 7 updates
    else:
        assert after == before
    # The next save cleans up what the killed one left.
    if kind == "session":
        save_session(old_run.to_session(), target)
    else:
        old_run.write_history_csv(target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
