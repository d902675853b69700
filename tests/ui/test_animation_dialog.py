"""The Record animation dialog as a user meets it a second time: it offers the last
recording's file again, so pressing Record must not silently overwrite that recording."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from .test_animation import _fill, _gif_frames, _open_dialog, _wait_saved, recorder_of


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
