"""The Record animation dialog as a user meets it a second time: it offers the last
recording's file again, so pressing Record must not silently overwrite that recording."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QRadioButton, QSpinBox

from mlpgui.ui import names
from mlpgui.ui.animation_dialog import RecordDialog

from .test_animation import (
    _choose,
    _fill,
    _gif_frames,
    _open_dialog,
    _wait_saved,
    recorder_of,
)


def test_recording_again_to_the_same_file_asks_before_replacing_it(
    qtbot, window, tmp_path, monkeypatch
):
    path = tmp_path / "first.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, updates=2)
    _wait_saved(qtbot, window)
    first = path.read_bytes()
    assert len(_gif_frames(path)[0]) == 2

    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = _open_dialog(qtbot, window)
    _fill(qtbot, dialog, path, updates=3)  # the same file, as the dialog offers it
    assert asked == [
        f"first.gif already exists in {tmp_path}. Replace it with the new recording (once the "
        "recording is complete)?"
    ]
    assert dialog.isVisible()  # kept open for another name
    assert recorder_of(window).recording is None
    assert window.latest_state().steps == 2  # nothing was stepped
    assert path.read_bytes() == first

    answer = QMessageBox.StandardButton.Yes
    _fill(qtbot, dialog, path, updates=3)
    _wait_saved(qtbot, window)
    assert len(asked) == 2
    assert len(_gif_frames(path)[0]) == 3  # replaced, as agreed
    assert window.latest_state().steps == 5


def test_a_new_file_is_recorded_without_asking(qtbot, window, tmp_path, monkeypatch):
    def question(*_args):
        raise AssertionError("nothing to replace: no question")

    monkeypatch.setattr(QMessageBox, "question", question)
    _fill(qtbot, _open_dialog(qtbot, window), tmp_path / "new.gif", updates=1)
    _wait_saved(qtbot, window)
    assert len(_gif_frames(tmp_path / "new.gif")[0]) == 1


def test_the_dialog_says_how_large_the_file_will_be_before_recording(qtbot, window, tmp_path):
    dialog = _open_dialog(qtbot, window)
    note = dialog.findChild(QLabel, names.RECORD_SIZE_NOTE)
    assert note is not None and note.isVisible()
    _choose(dialog.findChild(QComboBox, names.RECORD_FORMAT_COMBO), "gif")
    _choose(dialog.findChild(QComboBox, names.RECORD_SIZE_COMBO), "1920x1080")
    dialog.findChild(QRadioButton, names.RECORD_UPDATES_RADIO).setChecked(True)
    dialog.findChild(QSpinBox, names.RECORD_UPDATES_SPIN).setValue(3000)
    assert note.text() == (
        "The file will take about 257.5 MB (MP4 is about a quarter of that)."
    )  # 3,000 frames of 1920 × 1080 at about 40 KB per 1280 × 720
    _choose(dialog.findChild(QComboBox, names.RECORD_FORMAT_COMBO), "mp4")
    assert note.text() == "The file will take about 57.9 MB."
    dialog.findChild(QRadioButton, names.RECORD_MANUAL_RADIO).setChecked(True)
    assert note.text() == "The file grows by up to about 197.8 KB a second of recording."
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(RecordDialog, names.RECORD_DIALOG) is None)

    # the estimate is of the right size: a real recording of the lecture network
    dialog = _open_dialog(qtbot, window)
    path = tmp_path / "sized.gif"
    _choose(dialog.findChild(QComboBox, names.RECORD_FORMAT_COMBO), "gif")
    _choose(dialog.findChild(QComboBox, names.RECORD_SIZE_COMBO), "1280x720")
    dialog.findChild(QRadioButton, names.RECORD_UPDATES_RADIO).setChecked(True)
    dialog.findChild(QSpinBox, names.RECORD_UPDATES_SPIN).setValue(6)
    estimate = dialog.findChild(QLabel, names.RECORD_SIZE_NOTE).text()
    _fill(qtbot, dialog, path, updates=6)
    _wait_saved(qtbot, window)
    assert estimate == "The file will take about 234.4 KB (MP4 is about a quarter of that)."
    assert 234.4 / 3 < path.stat().st_size / 1024 < 234.4 * 3
