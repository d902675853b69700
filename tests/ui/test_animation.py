"""Animation export (issue #13): File ▸ Export image ▸ Record animation… records the diagram
and the output plot as an animated GIF or an MP4, driven through the dialog as a user would."""

from __future__ import annotations

import errno
import itertools
import os
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QToolButton,
)

from mlpgui.ui import animation, animation_encoders, names
from mlpgui.ui.animation import AnimationRecorder
from mlpgui.ui.animation_dialog import RecordDialog, size_key
from mlpgui.ui.animation_frames import caption_text
from mlpgui.ui.formatting import format_number
from mlpgui.worker import Status

from .conftest import WAIT_MS


def _open_dialog(qtbot, window, action: str = names.RECORD_ANIMATION_ACTION) -> RecordDialog:
    window.findChild(QAction, action).trigger()
    dialog = window.findChild(RecordDialog, names.RECORD_DIALOG)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _fill(
    qtbot,
    dialog: RecordDialog,
    path: Path,
    fmt: str = "gif",
    fps: int = 10,
    size: tuple[int, int] | None = (1280, 720),
    updates: int | None = 5,
    content: str = "both",
) -> None:
    """Fill the dialog in and press Record."""
    _choose(dialog.findChild(QComboBox, names.RECORD_FORMAT_COMBO), fmt)
    _choose(dialog.findChild(QComboBox, names.RECORD_CONTENT_COMBO), content)
    _choose(dialog.findChild(QComboBox, names.RECORD_SIZE_COMBO), size_key(size))
    dialog.findChild(QSpinBox, names.RECORD_FPS_SPIN).setValue(fps)
    name = names.RECORD_MANUAL_RADIO if updates is None else names.RECORD_UPDATES_RADIO
    radio = dialog.findChild(QRadioButton, name)
    qtbot.mouseClick(radio, Qt.LeftButton, pos=QPoint(8, radio.height() // 2))  # on its circle
    assert radio.isChecked()
    if updates is not None:
        dialog.findChild(QSpinBox, names.RECORD_UPDATES_SPIN).setValue(updates)
    edit = dialog.findChild(QLineEdit, names.RECORD_PATH_EDIT)
    edit.clear()
    qtbot.keyClicks(edit, str(path))
    qtbot.mouseClick(dialog.findChild(QPushButton, names.RECORD_START_BUTTON), Qt.LeftButton)


def recorder_of(window) -> AnimationRecorder:
    recorder = window.feature(AnimationRecorder)
    assert recorder is not None
    return recorder


def _wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not recorder_of(window).busy, timeout=4 * WAIT_MS)


def _gif_frames(path: Path) -> tuple[list[np.ndarray], list[int], Image.Image]:
    image = Image.open(path)
    frames, durations = [], []
    for k in range(image.n_frames):
        image.seek(k)
        frames.append(np.asarray(image.convert("RGB")))
        durations.append(image.info["duration"])
    return frames, durations, image


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_next_five_updates_as_gif(qtbot, window, tmp_path):
    path = tmp_path / "lecture.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path)
    indicator = window.findChild(QToolButton, names.RECORDING_INDICATOR)
    assert indicator.isVisible() and "REC" in indicator.text()
    _wait_saved(qtbot, window)

    assert window.latest_state().steps == 5  # the recorder made exactly the five updates
    frames, durations, image = _gif_frames(path)
    assert len(frames) == 5
    assert image.size == (1280, 720)
    assert image.info["loop"] == 0  # forever
    assert durations == [100, 100, 100, 100, 100 + 1000]  # 10 frames/s, the last one held
    for before, after in itertools.pairwise(frames):
        assert not np.array_equal(before, after)  # every update looks different
    assert f"Saved {5} frames (1280 × 720, 10 frames/s) to {path}" in window.banner.text()
    assert not _leftovers(tmp_path)
    assert not indicator.isVisible()


def test_the_caption_takes_its_numbers_from_the_record(qtbot, window):
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.displayed_record() is not None, timeout=WAIT_MS)
    record = window.displayed_record()
    assert caption_text(record) == (
        f"update {record.step} · L(θ before update {record.step}) = "
        f"{format_number(record.loss_before)}"
    )


def test_the_next_updates_as_mp4(qtbot, window, tmp_path):
    path = tmp_path / "lecture.mp4"
    _fill(qtbot, _open_dialog(qtbot, window), path, fmt="mp4", size=(960, 540), updates=4)
    _wait_saved(qtbot, window)

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    frames = [np.frombuffer(f, np.uint8).reshape(540, 960, 3) for f in reader]
    assert meta["size"] == (960, 540)
    assert meta["codec"] == "h264"
    assert meta["pix_fmt"].startswith("yuv420p")
    assert meta["fps"] == 10
    assert len(frames) == 4
    assert window.latest_state().steps == 4
    assert not np.array_equal(frames[0], frames[-1])
    assert not _leftovers(tmp_path)


def test_mp4_is_disabled_without_imageio_ffmpeg(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # as if not installed
    animation_encoders._video_problem.cache_clear()
    try:
        dialog = _open_dialog(qtbot, window)
        combo = dialog.findChild(QComboBox, names.RECORD_FORMAT_COMBO)
        item = combo.model().item(combo.findData("mp4"))
        assert not item.isEnabled()
        assert 'pip install "mlpgui[video]"' in item.toolTip()
        assert (
            'pip install "mlpgui[video]"'
            in dialog.findChild(QLabel, names.RECORD_FORMAT_NOTE).text()
        )
        assert combo.currentData() == "gif"
        dialog.reject()
    finally:
        animation_encoders._video_problem.cache_clear()


def test_start_and_stop_recording_while_stepping(qtbot, window, tmp_path):
    path = tmp_path / "steps.gif"
    dialog = _open_dialog(qtbot, window, names.RECORDING_TOGGLE_ACTION)
    assert dialog.findChild(QRadioButton, names.RECORD_MANUAL_RADIO).isChecked()
    _fill(qtbot, dialog, path, fps=30, size=None, updates=None)
    toggle = window.findChild(QAction, names.RECORDING_TOGGLE_ACTION)
    assert toggle.isChecked() and toggle.text() == "Stop recording"
    recorder = recorder_of(window)
    for k in range(1, 4):
        window.controls.step_action.trigger()
        qtbot.waitUntil(lambda k=k: recorder.recording.frames == k, timeout=WAIT_MS)
    indicator = window.findChild(QToolButton, names.RECORDING_INDICATOR)
    assert indicator.text() == "● REC 3 frames"
    assert window.latest_state().steps == 3  # recording made no update of its own
    qtbot.mouseClick(indicator, Qt.LeftButton)  # stop
    assert not toggle.isChecked()
    _wait_saved(qtbot, window)

    frames, _, image = _gif_frames(path)
    assert len(frames) == 3
    width, height = image.size
    assert width % 2 == 0 and height % 2 == 0  # the widgets' size, made even
    assert "Saved 3 frames" in window.banner.text()


def test_recording_a_run_keeps_to_the_frame_rate(qtbot, window, tmp_path):
    path = tmp_path / "run.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, fps=5, size=(640, 360), updates=None)
    started = time.perf_counter()
    window.controls.run_action.trigger()
    qtbot.waitUntil(lambda: recorder_of(window).recording.frames >= 3, timeout=WAIT_MS)
    window.controls.pause_action.trigger()
    window.findChild(QAction, names.RECORDING_TOGGLE_ACTION).trigger()  # stop
    elapsed = time.perf_counter() - started
    _wait_saved(qtbot, window)
    frames, _, _ = _gif_frames(path)
    assert 3 <= len(frames) <= elapsed * 5 + 1  # at most 5 frames a second
    assert window.latest_state().steps > len(frames)  # a run makes more updates than frames


def test_a_missing_folder_is_said_in_the_dialog(qtbot, window, tmp_path):
    dialog = _open_dialog(qtbot, window)
    _fill(qtbot, dialog, tmp_path / "nowhere" / "a.gif")
    error = dialog.findChild(QLabel, names.RECORD_ERROR_LABEL)
    assert dialog.isVisible()  # kept open to correct the name
    assert (
        error.isVisible() and error.text() == f"The folder {tmp_path / 'nowhere'} does not exist."
    )
    assert recorder_of(window).recording is None
    dialog.reject()


def test_an_unwritable_path_is_one_sentence_in_the_banner(qtbot, window, tmp_path):
    folder = tmp_path / "taken.gif"
    folder.mkdir()  # a folder where the file would go
    _fill(qtbot, _open_dialog(qtbot, window), folder)
    assert window.banner.kind == "error"
    assert window.banner.text() == f"{folder} is a folder; choose a file name for the animation."
    assert recorder_of(window).recording is None
    assert window.latest_state().steps == 0  # nothing was stepped
    assert not _leftovers(tmp_path)


def test_a_full_disk_stops_recording_with_a_sentence_and_no_file(
    qtbot, window, tmp_path, monkeypatch
):
    written = []
    original = animation_encoders.GifEncoder.add

    def add(self, frame):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(frame)
        original(self, frame)

    monkeypatch.setattr(animation_encoders.GifEncoder, "add", add)
    path = tmp_path / "full.gif"
    path.write_bytes(b"the old animation")
    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), updates=50)
    qtbot.waitUntil(lambda: window.banner.kind == "error", timeout=WAIT_MS)
    _wait_saved(qtbot, window)
    assert window.banner.text() == (
        "Could not write the animation full.gif: No space left on device."
    )
    assert path.read_bytes() == b"the old animation"  # the target is as it was
    assert not _leftovers(tmp_path)
    steps = window.latest_state().steps
    qtbot.wait(300)
    assert window.latest_state().steps == steps < 50  # no more updates after the failure


@pytest.mark.parametrize(
    ("interruption", "reason"),
    [
        ("reset", "the network was reset"),
        ("preset", "the network was replaced"),
        ("continue", "training went back to an earlier update"),
    ],
)
def test_interruptions_stop_recording_and_keep_what_was_recorded(
    qtbot, window, tmp_path, monkeypatch, interruption, reason
):
    path = tmp_path / "interrupted.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), fps=30, updates=None)
    recorder = recorder_of(window)
    for k in (1, 2, 3):
        window.controls.step_action.trigger()
        qtbot.waitUntil(lambda k=k: recorder.recording.frames == k, timeout=WAIT_MS)
    if interruption == "reset":
        window.controls.reset_action.trigger()
    elif interruption == "preset":
        window.load_preset("xor", confirm=False)
    else:
        window.findChild(QSlider, names.HISTORY_SLIDER).setValue(1)
        qtbot.waitUntil(lambda: recorder.recording.frames == 4, timeout=WAIT_MS)  # shown: kept
        monkeypatch.setattr(
            QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
        )
        window.timeline.continue_action.trigger()
    _wait_saved(qtbot, window)
    frames = 4 if interruption == "continue" else 3
    assert window.banner.kind == "warning"
    assert window.banner.text() == (
        f"Recording stopped: {reason}. Saved the {frames} frames recorded to {path}."
    )
    assert len(_gif_frames(path)[0]) == frames


def test_closing_the_window_mid_recording_saves_what_was_recorded(qtbot, window, tmp_path):
    path = tmp_path / "closed.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), fps=5, updates=50)
    recorder = recorder_of(window)
    qtbot.waitUntil(lambda: recorder.recording.frames >= 2, timeout=WAIT_MS)
    window.close()
    assert not recorder.busy  # the file was completed while the window closed
    assert not window.worker.is_running
    frames, _, _ = _gif_frames(path)
    assert 2 <= len(frames) < 50
    assert not _leftovers(tmp_path)


def test_closing_before_any_frame_leaves_no_file(qtbot, window, tmp_path):
    path = tmp_path / "empty.mp4"
    _fill(qtbot, _open_dialog(qtbot, window), path, fmt="mp4", size=(640, 360), updates=None)
    assert recorder_of(window).recording is not None
    window.close()
    assert not recorder_of(window).busy
    assert not path.exists()
    assert not _leftovers(tmp_path)


def test_a_run_started_meanwhile_ends_the_next_updates(qtbot, window, tmp_path):
    path = tmp_path / "interrupted.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), fps=2, updates=50)
    qtbot.waitUntil(lambda: recorder_of(window).recording.frames >= 1, timeout=WAIT_MS)
    window.controls.run_action.trigger()
    _wait_saved(qtbot, window)
    window.controls.pause_action.trigger()
    qtbot.waitUntil(lambda: window.latest_state().status is not Status.RUNNING, timeout=WAIT_MS)
    assert window.banner.text().startswith("Recording stopped: training was started meanwhile.")
    assert 1 <= len(_gif_frames(path)[0]) < 50


def test_an_unexpected_error_while_drawing_a_frame_stops_recording_with_a_sentence(
    qtbot, window, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "broken.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), fps=30, updates=None)
    recorder = recorder_of(window)
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: recorder.recording.frames == 1, timeout=WAIT_MS)

    def broken(*args, **kwargs):
        raise RuntimeError("the painter is gone")

    monkeypatch.setattr(animation, "compose", broken)
    window.controls.step_action.trigger()
    _wait_saved(qtbot, window)
    assert window.banner.text() == (
        "Recording stopped: an unexpected error occurred (RuntimeError: the painter is gone). "
        f"Saved the 1 frame recorded to {path}."
    )
    assert len(_gif_frames(path)[0]) == 1
    assert "RuntimeError" in capsys.readouterr().err  # the traceback, for a bug report


def test_a_declined_update_ends_the_next_updates_instead_of_waiting(qtbot, window, tmp_path):
    # e.g. an exercise asks "End the exercise?" before every Step, and the user says no
    asked: list[str] = []

    def decline_after_two(what: str) -> bool:
        asked.append(what)
        return window.latest_state().steps < 2

    window.controls.add_confirmation(decline_after_two)
    path = tmp_path / "declined.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path)
    _wait_saved(qtbot, window)
    assert window.latest_state().steps == 2
    frames, _durations, _image = _gif_frames(path)
    assert len(frames) == 2
    assert "declined" in window.banner.text()
