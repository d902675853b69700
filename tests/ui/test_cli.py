"""The mlpgui command: headless training, sessions the window continues, screenshots, and
arguments checked up front (one sentence, exit code 2)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtGui import QImage

from mlpgui import cli_train
from mlpgui.cli import build_parser, run, train_parser
from mlpgui.cli_train import train
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session
from mlpgui.core.setup import TrainingSetup

from .conftest import WAIT_MS


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlpgui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def _train(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = train(train_parser().parse_args(list(args)), out, err)
    return code, out.getvalue(), err.getvalue()


def _step_of(record) -> int:
    return -1 if record is None else record.step


def test_cli_training_then_one_more_step_in_the_window_equals_k_plus_1_steps_in_the_window(
    qtbot, make_window, tmp_path
):
    path = str(tmp_path / "cli.mlpgui.json")
    out = _cli("train", "--preset", "xor", "--batch", "online", "--lr", "1.5", "--steps", "37",
               "--save", path)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "37 updates" in out.stdout and f"mlpgui {path}" in out.stdout
    opened = make_window()
    opened.open_session(path)
    qtbot.waitUntil(lambda: opened.latest_state().steps == 37, timeout=WAIT_MS)
    opened.controls.step_action.trigger()
    qtbot.waitUntil(lambda: _step_of(opened.latest_record()) == 38, timeout=WAIT_MS)

    setup, data = TrainingSetup.for_preset("xor")
    direct = make_window(setup, data)
    batch = direct.controls.batch_combo
    batch.setCurrentIndex(batch.findData("online"))
    batch.activated.emit(batch.currentIndex())
    direct.controls.learning_rate_spin.setValue(1.5)
    for _ in range(38):
        direct.controls.step_action.trigger()
    qtbot.waitUntil(lambda: _step_of(direct.latest_record()) == 38, timeout=WAIT_MS)
    assert opened.latest_record() == direct.latest_record()
    # ...and the history came along: update 5 is available in the opened window too.
    assert opened.latest_state().history_first == 1


def test_train_reports_progress_on_a_terminal_and_a_summary():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    code = train(train_parser().parse_args(["--preset", "lecture", "--steps", "2500"]), out, err)
    assert code == 0
    assert "[" in err.getvalue() and "2,500/2,500" in err.getvalue()
    assert "Trained a 1-2-2-1 network" in out.getvalue()
    assert "2,500 updates" in out.getvalue()


# --- --until-loss: the first update that reaches the target ---------------------------------


def _loss_after(setup_args: list[str], updates: int) -> float:
    """L(θ) on all training samples after ``updates`` updates of the same run (no target)."""
    run = cli_train.build_run(train_parser().parse_args(setup_args))
    if updates:
        run.run(updates)
    return run.trainer.evaluate()


@pytest.mark.parametrize(
    ("setup_args", "target"),
    [
        (["--preset", "lecture"], 0.01),  # full batch: the next update's L(θ_old)
        (["--preset", "xor", "--batch", "online", "--lr", "2"], 0.05),  # evaluated per update
        (["--preset", "moons", "--batch", "16"], 0.08),
    ],
)
def test_until_loss_stops_after_the_first_update_that_reaches_the_target(
    tmp_path, setup_args, target
):
    path = str(tmp_path / "until.json")
    code, out, _err = _train(*setup_args, "--until-loss", str(target), "--save", path, "--quiet")
    assert code == 0, out
    stopped = load_session(path).trainer_state.steps
    assert f"Update {stopped:,} reached the target" in out
    # The update before it had not reached the target; this one has.
    assert _loss_after(setup_args, stopped - 1) > target
    assert _loss_after(setup_args, stopped) <= target
    # Bit for bit the run that was asked for exactly that many updates.
    exact = str(tmp_path / "exact.json")
    assert _train(*setup_args, "--steps", str(stopped), "--save", exact, "--quiet")[0] == 0
    a, b = load_session(path), load_session(exact)
    assert np.array_equal(a.parameters, b.parameters)
    assert (a.trainer_state.steps, a.trainer_state.epoch) == (stopped, b.trainer_state.epoch)
    assert np.array_equal(a.history.losses, b.history.losses)
    continued = TrainingRun.from_session(a)
    again = TrainingRun.from_session(b)
    assert continued.step() == again.step()  # the sample order continues identically


def test_until_loss_already_reached_trains_nothing_and_unreached_exits_3():
    code, out, _err = _train("--preset", "lecture", "--until-loss", "10", "--quiet")
    assert code == 0 and "0 updates" in out and "was already at most 10" in out
    code, out, _err = _train(
        "--preset", "lecture", "--until-loss", "1e-9", "--max-steps", "1500", "--quiet"
    )
    assert code == 3
    assert "1,500 updates" in out and "did not reach 1e-09 within 1,500 updates" in out


def test_the_help_says_which_loss_the_target_compares():
    text = " ".join(train_parser().format_help().split())
    assert "L(θ_new)" in text and "all training samples" in text and "after every update" in text
    assert "exit codes" in text


# --- arguments checked up front ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--steps", "1e23"], "--steps: the number of updates must be a whole number"),
        (["train", "--steps", "-3"], "not '-3'"),
        (["train", "--steps", "99999999999"], "from 0 to 1,000,000,000"),
        (["--screenshot", "shot.png", "--steps", "-3"], "--steps:"),
        (["--screenshot", "shot.png", "--size", "0x0"], "--size: the size must be WIDTHxHEIGHT"),
        (["--screenshot", "shot.png", "--size", "99999x99999"], "from 200 to 8192"),
        (["--screenshot", "shot.png", "--size", "big"], "like 1360x900"),
        (["--screenshot", ""], "the file name is empty"),
        (["train", "--save", ""], "--save: the file name is empty"),
        (["train", "--until-loss", "nan"], "the loss target must be a finite number ≥ 0"),
        (["train", "--until-loss", "inf"], "not 'inf'"),
        (["train", "--until-loss", "-0.5"], "not '-0.5'"),
        (["train", "--lr", "1e9"], "the learning rate γ must be a number from 0 to"),
        (["train", "--lr", "nan"], "learning rate"),
        (["train", "--lr", "-1"], "learning rate"),
        (["train", "--hidden", "two"], "hidden layer sizes must be whole numbers"),
        (["train", "--hidden", "8,0,8"], "hidden layer sizes"),
        (["train", "--hidden", "5000"], "from 1 to 4,096"),
        (["train", "--hidden", ",".join(["2"] * 80)], "at most 63 hidden layers"),
        (["train", "--activations", "sigmoid,nope,linear"], "unknown activation 'nope'"),
        (["train", "--batch", "some"], "--batch: the batch must be full, online"),
        (["train", "--batch", "0"], "--batch"),
        (["train", "--seed", "-1"], "--seed: the seed must be a whole number"),
        (["train", "--max-steps", "0"], "--max-steps"),
        (["train", "--preset", "nope"], "invalid choice: 'nope'"),
        (["train", "--steps", "5", "--until-loss", "0.1"], "not allowed with"),
        (["--preset", "nope"], "invalid choice"),
    ],
)
def test_bad_arguments_get_one_sentence_and_exit_code_2(capsys, args, message):
    assert run(args) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activations", "step,step,linear"], "Layer 1: The step (Heaviside) activation"),
        (["--loss", "cross_entropy"], "Cross-entropy needs a sigmoid output layer"),
    ],
)
def test_settings_that_cannot_train_are_refused_before_training(capsys, args, message):
    assert run(["train", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1
    assert captured.out == ""  # no summary of a run that never was


def test_a_network_beyond_the_limits_is_refused_before_anything_is_built(monkeypatch, capsys):
    built = []
    monkeypatch.setattr(cli_train, "TrainingRun", lambda *a: built.append(a))
    assert run(["train", "--hidden", "4096,4096,4096"]) == 2
    err = capsys.readouterr().err
    assert "33,574,913 weights and biases" in err and "10,000,000" in err
    assert err.count("\n") == 1
    assert built == []
    assert run(["train", "--activations", "tanh"]) == 2  # three layers, one activation
    assert "needs 3 activations" in capsys.readouterr().err


def test_training_that_would_need_too_much_memory_is_refused_before_it_starts(tmp_path, capsys):
    path = tmp_path / "big.csv"
    path.write_text("x,t\n" + "0.5,1\n" * 100_000)
    assert run(["train", "--csv", str(path), "--hidden", "1024,1024", "--steps", "1"]) == 2
    err = capsys.readouterr().err
    assert "on 100,000 samples would need about" in err and err.count("\n") == 1


def test_bad_files_get_one_sentence_and_exit_code_2(tmp_path, capsys):
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("x,t\n1,abc\n")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sessions = {
        "text.json": "this is not JSON",
        "list.json": "[1, 2, 3]",
        "setup.json": json.dumps({"format": "mlpgui-session", "version": 1, "setup": 5}),
        "newer.json": json.dumps({"format": "mlpgui-session", "version": 99}),
        "binary.json": b"\xff\xfe\x00garbage",
    }
    for name, content in sessions.items():
        target = tmp_path / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    cases = [
        (["train", "--csv", str(bad_csv)], "line 2, column 2"),
        (["train", "--csv", str(fifo)], "is not a regular file"),
        (["train", "--csv", str(tmp_path / "none.csv")], "No such file"),
        (["train", "--session", str(tmp_path / "none.json")], "No such file"),
        (["train", "--session", str(tmp_path)], "not a regular file"),
        ([str(tmp_path / "none.json")], "No such file"),  # the window's SESSION_FILE
        ([str(fifo)], "not a regular file"),
    ]
    cases += [(["train", "--session", str(tmp_path / name)], "") for name in sessions]
    for args, message in cases:
        assert run(args) == 2, args
        captured = capsys.readouterr()
        assert message in captured.err, (args, captured.err)
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err


def test_a_session_that_breaks_the_loader_gives_one_line_and_a_traceback_only_on_request(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "s.json"
    path.write_text("{}")

    def broken(_path):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(cli_train, "load_session", broken)
    monkeypatch.delenv("MLPGUI_DEBUG", raising=False)
    assert run(["train", "--session", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is damaged (OverflowError: int too large" in err and err.count("\n") == 1
    monkeypatch.setenv("MLPGUI_DEBUG", "1")
    assert run(["train", "--session", str(path)]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_an_unexpected_error_is_one_line_and_exit_code_1(monkeypatch, capsys):
    def broken(_args, *_streams):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(cli_train, "train", broken)
    monkeypatch.delenv("MLPGUI_DEBUG", raising=False)
    assert run(["train"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "mlpgui: unexpected error: RuntimeError: something nobody expected "
        "(set MLPGUI_DEBUG=1 to see the traceback)\n"
    )
    monkeypatch.setenv("MLPGUI_DEBUG", "1")
    assert run(["train"]) == 1
    assert "Traceback" in capsys.readouterr().err


# --- saving: checked before training, reported after --------------------------------------------


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/run.json", "the folder"),
        (".", "is a folder"),
        ("/proc/mlpgui-run.json", "Cannot write the session file /proc/mlpgui-run.json"),
    ],
)
def test_a_save_path_that_cannot_be_written_is_refused_before_training(
    tmp_path, monkeypatch, where, message
):
    trained = []
    monkeypatch.setattr(TrainingRun, "run", lambda *a, **k: trained.append(a))
    path = where if where.startswith("/") else str(tmp_path / where)
    code, out, err = _train("--steps", "100000", "--save", path)
    assert code == 2 and message in err and err.count("\n") == 1
    assert trained == [] and out == ""
    assert not list(tmp_path.glob(".mlpgui-probe-*"))


def test_a_save_that_fails_at_the_end_says_so_and_exits_1(tmp_path, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli_train, "save_session", full_disk)
    code, out, err = _train("--steps", "10", "--save", str(tmp_path / "run.json"), "--quiet")
    assert code == 1
    assert "10 updates" in out  # the summary still tells what was trained
    assert "the run was NOT saved: No space left on device" in err


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_stops_training_between_chunks_and_saves_the_run_so_far(
    tmp_path, monkeypatch, signum, code
):
    chunks = []
    original = TrainingRun.run

    def counting_run(self, n, *args, **kwargs):
        chunks.append(n)
        if len(chunks) == 3:
            os.kill(os.getpid(), signum)  # as if the user pressed Ctrl+C now
        return original(self, n, *args, **kwargs)

    monkeypatch.setattr(TrainingRun, "run", counting_run)
    path = tmp_path / "run.json"
    before = signal.getsignal(signum)
    result, out, err = _train("--steps", "1000000", "--save", str(path), "--quiet")
    assert result == code
    assert f"stopped by {signal.Signals(signum).name} after 3,000 updates" in err
    assert load_session(path).trainer_state.steps == 3000 == sum(chunks)
    assert "3,000 updates" in out
    assert signal.getsignal(signum) is before  # the handler is put back


def test_csv_training_with_a_chosen_architecture(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (30, 2))
    lines = ["x1,x2,t"] + [f"{a},{b},{a * b}" for a, b in x]
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines))
    out = io.StringIO()
    args = ["--csv", str(path), "--hidden", "5", "--activations", "tanh,linear", "--steps", "50"]
    assert train(train_parser().parse_args(args), out, io.StringIO()) == 0
    assert "2-5-1 network (tanh, linear) on data (30 samples)" in out.getvalue()


def test_screenshot_writes_a_non_blank_png_of_the_requested_size(tmp_path):
    path = tmp_path / "shot.png"
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": ""}  # no display: falls back to offscreen
    out = _cli("--screenshot", str(path), "--preset", "xor", "--steps", "300",
               "--size", "1200x800", env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1200, 800)
    from collections import Counter

    samples = Counter(image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7))
    most_common = samples.most_common(1)[0][1] / sum(samples.values())
    assert len(samples) >= 8 and most_common < 0.9  # a drawn window, not a blank image


def test_a_screenshot_path_that_cannot_be_written_is_refused_before_the_window_opens(
    tmp_path, capsys
):
    assert run(["--screenshot", str(tmp_path / "missing" / "shot.png")]) == 2
    err = capsys.readouterr().err
    assert "Cannot write the screenshot" in err and err.count("\n") == 1


def test_help_lists_the_commands():
    text = build_parser().format_help()
    assert "SESSION_FILE" in text and "--screenshot" in text and "mlpgui train --help" in text
    assert "--until-loss" in train_parser().format_help()
