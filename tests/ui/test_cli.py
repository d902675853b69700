"""The mlpgui command: headless training, sessions the window continues, screenshots."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
from PySide6.QtGui import QImage

from mlpgui.cli import build_parser, train_parser
from mlpgui.cli_train import train
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


def test_train_stops_at_a_loss_target():
    out = io.StringIO()
    args = train_parser().parse_args(["--preset", "lecture", "--until-loss", "0.01", "--quiet"])
    assert train(args, out, io.StringIO()) == 0
    summary = out.getvalue()
    assert "→" in summary
    final = float(summary.split("→")[-1].strip().rstrip("."))
    assert final <= 0.01


def test_train_refuses_bad_input_with_one_sentence(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,t\n1,abc\n")
    for args, message in [
        (["--csv", str(bad)], "line 2, column 2"),
        (["--hidden", "two"], "whole numbers"),
        (["--batch", "some"], "--batch must be"),
        (["--activations", "sigmoid,nope,linear"], "Unknown activation"),
        (["--session", str(tmp_path / "none.json")], "No such file"),
        (["--lr", "-1"], "learning rate"),
    ]:
        err = io.StringIO()
        code = train(train_parser().parse_args(args), io.StringIO(), err)
        assert code == 1, args
        assert message in err.getvalue() and "Traceback" not in err.getvalue()
        assert err.getvalue().count("\n") == 1


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


def test_help_lists_the_commands():
    text = build_parser().format_help()
    assert "SESSION_FILE" in text and "--screenshot" in text and "mlpgui train --help" in text
    assert "--until-loss" in train_parser().format_help()
