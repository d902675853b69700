"""The animation writer without the window: streamed GIFs and MP4s, bounded memory, atomic
files, palettes that keep a slide's colours exact, and the quit-while-recording exit path."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from mlpgui.ui import animation_encoders
from mlpgui.ui.animation_encoders import paletted
from mlpgui.ui.animation_writer import (
    QUEUE_FRAMES,
    AnimationError,
    AnimationSpec,
    AnimationWriter,
)

WHITE, GREY, BLUE = (255, 255, 255), (240, 243, 246), (31, 119, 180)


def _frame(width: int, height: int, box: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """A white RGBX frame with a grey caption bar and, optionally, a blue box (x0, y0, x1, y1)."""
    frame = np.full((height, width, 4), 255, np.uint8)
    frame[: height // 8, :, :3] = GREY
    if box is not None:
        x0, y0, x1, y1 = box
        frame[y0:y1, x0:x1, :3] = BLUE
    return frame


def _write(spec: AnimationSpec, frames: list[np.ndarray]) -> AnimationWriter:
    writer = AnimationWriter(spec)
    writer.start()
    for frame in frames:
        assert writer.offer(frame.tobytes(), force=True)
    writer.finish()
    assert writer.wait(60)
    return writer


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_gif_stores_what_changed_and_shows_every_frame_exactly(tmp_path):
    path = tmp_path / "boxes.gif"
    a = _frame(160, 96, (10, 40, 40, 70))
    b = _frame(160, 96, (100, 40, 130, 70))
    writer = _write(AnimationSpec(path, "gif", 160, 96, 4), [a, a, b])
    assert writer.error is None
    image = Image.open(path)
    assert image.n_frames == 2  # the repeated frame lengthens the first one
    shown, durations = [], []
    for k in range(image.n_frames):
        image.seek(k)
        shown.append(np.asarray(image.convert("RGB")))
        durations.append(image.info["duration"])
    assert np.array_equal(shown[0], a[:, :, :3])
    assert np.array_equal(shown[1], b[:, :, :3])  # the old box is gone, the new one drawn
    assert durations == [500, 250 + 1000]  # 4 frames/s; the last frame held a second longer
    assert image.info["loop"] == 0
    assert not _leftovers(tmp_path)


def test_the_palette_keeps_flat_colours_exact_among_many_others():
    rng = np.random.default_rng(1)
    rgb = np.full((300, 400, 3), 255, np.uint8)
    rgb[:40] = GREY  # a caption bar
    rgb[200:] = rng.integers(0, 256, (100, 400, 3))  # thousands of colours (a heatmap, edges)
    image = paletted(rgb)
    assert image.mode == "P"
    shown = np.asarray(image.convert("RGB"))
    assert np.array_equal(shown[:200], rgb[:200])  # white and grey exactly as drawn
    assert np.abs(shown[200:].astype(int) - rgb[200:]).mean() < 40


def test_an_mp4_is_h264_yuv420p_with_every_frame(tmp_path):
    path = tmp_path / "boxes.mp4"
    frames = [_frame(160, 96, (10 + 20 * k, 40, 40 + 20 * k, 70)) for k in range(5)]
    writer = _write(AnimationSpec(path, "mp4", 160, 96, 5), frames)
    assert writer.error is None and writer.frames_written == 5
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == (160, 96) and meta["fps"] == 5
    decoded = [np.frombuffer(f, np.uint8).reshape(96, 160, 3) for f in reader]
    assert len(decoded) == 5
    for frame, original in zip(decoded, frames, strict=True):  # lossy, but the same picture
        assert np.abs(frame.astype(int) - original[:, :, :3]).mean() < 8


def test_aborting_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "kept.gif"
    path.write_bytes(b"old")
    writer = AnimationWriter(AnimationSpec(path, "gif", 64, 64, 10))
    writer.start()
    assert _leftovers(tmp_path)  # written beside the target, under a temporary name
    assert writer.offer(_frame(64, 64).tobytes())
    writer.abort()
    assert writer.wait(30)
    assert path.read_bytes() == b"old"
    assert not _leftovers(tmp_path)
    assert not writer.offer(_frame(64, 64).tobytes())  # done: takes nothing any more


def test_a_second_recording_to_the_same_file_leaves_the_first_ones_file_alone(tmp_path):
    path = tmp_path / "same.gif"
    first = AnimationWriter(AnimationSpec(path, "gif", 64, 64, 10))
    first.start()
    assert first.offer(_frame(64, 64).tobytes())
    deadline = time.monotonic() + 30
    while first.frames_written < 1 and time.monotonic() < deadline:
        time.sleep(0.01)  # the first writer is writing its temporary file
    (temporary,) = _leftovers(tmp_path)
    os.utime(tmp_path / temporary, (1, 1))  # as old as an orphan of a killed program
    second = AnimationWriter(AnimationSpec(path, "gif", 64, 64, 10))
    second.start()  # clears orphans, but not a file a living writer holds
    assert temporary in _leftovers(tmp_path)
    for writer in (first, second):
        writer.abort()
        assert writer.wait(30)
    assert not _leftovers(tmp_path)


def test_the_queue_is_bounded_while_the_encoder_is_busy(tmp_path, monkeypatch):
    release = threading.Event()
    original = animation_encoders.GifEncoder.add

    def slow_add(self, frame):
        release.wait(30)
        original(self, frame)

    monkeypatch.setattr(animation_encoders.GifEncoder, "add", slow_add)
    writer = AnimationWriter(AnimationSpec(tmp_path / "slow.gif", "gif", 64, 64, 10))
    writer.start()
    frame = _frame(64, 64).tobytes()
    taken = 0
    while writer.offer(frame) and taken < 10 * QUEUE_FRAMES:
        taken += 1
    assert QUEUE_FRAMES <= taken <= QUEUE_FRAMES + 1  # one may already be in the encoder
    assert not writer.has_room()
    assert writer.offer(frame, force=True)  # the last frame before finish may always go in
    assert not writer.offer(frame, force=True)
    release.set()
    writer.finish()
    assert writer.wait(30) and writer.error is None
    assert writer.frames_written == taken + 1


@pytest.mark.parametrize(
    ("fmt", "width", "height", "fps", "sentence"),
    [
        ("mp4", 101, 60, 10, "An MP4 video needs an even width and height, not 101 × 60."),
        ("gif", 8, 60, 10, "A frame must be 16 to 3,840 pixels wide and high, not 8 × 60."),
        ("gif", 64, 64, 0, "The frame rate must be 1 to 30 frames a second, not 0."),
        ("avi", 64, 64, 10, "Animations are written as GIF or MP4, not “avi”."),
    ],
)
def test_impossible_specs_are_refused_before_anything_is_written(
    tmp_path, fmt, width, height, fps, sentence
):
    writer = AnimationWriter(AnimationSpec(tmp_path / f"a.{fmt}", fmt, width, height, fps))
    with pytest.raises(AnimationError) as refused:
        writer.start()
    assert str(refused.value) == sentence
    assert not list(tmp_path.iterdir())


QUIT_WHILE_RECORDING = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from mlpgui.app import MainWindow, application
from mlpgui.ui.animation import AnimationRecorder
from mlpgui.ui.animation_dialog import RecordingSettings
app = application()
window = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.confirm_close = False
window.show()
settings = RecordingSettings(Path(sys.argv[2]), "mp4", 10, (640, 360), "both", 1000)

def record():
    if window.latest_state() is None:
        QTimer.singleShot(20, record)
    else:
        window.feature(AnimationRecorder).start(settings)
        QTimer.singleShot(20, quit_when_recorded)

def quit_when_recorded():
    recording = window.feature(AnimationRecorder).recording
    if recording is not None and recording.frames >= 3:
        app.quit()  # as a desktop session ending would: no close event
    else:
        QTimer.singleShot(20, quit_when_recorded)

QTimer.singleShot(0, record)
code = app.exec()
print("busy", window.feature(AnimationRecorder).busy)
raise SystemExit(code)
"""


def test_quitting_while_recording_completes_the_video_and_exits(tmp_path):
    path = tmp_path / "quit.mp4"
    out = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_RECORDING, str(tmp_path / "s.ini"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert "busy False" in out.stdout
    assert "Fatal" not in out.stderr and "Traceback" not in out.stderr
    reader = imageio_ffmpeg.read_frames(str(path))
    next(reader)
    assert sum(1 for _ in reader) >= 3
    assert not _leftovers(tmp_path)
