"""Recording while comparing runs: showing a kept run ends the recording and says why."""

from __future__ import annotations

from .conftest import WAIT_MS
from .test_animation import _fill, _gif_frames, _open_dialog, _wait_saved, recorder_of
from .test_runs import runs_of, train, wait_runs


def test_showing_a_kept_run_stops_recording_and_says_so(qtbot, window, tmp_path):
    train(qtbot, window, 4)
    runs_of(window).keep(restart=True)
    wait_runs(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.latest_state().steps == 0, timeout=WAIT_MS)
    path = tmp_path / "switched.gif"
    _fill(qtbot, _open_dialog(qtbot, window), path, size=(640, 360), fps=30, updates=None)
    recorder = recorder_of(window)
    for k in (1, 2):
        window.controls.step_action.trigger()
        qtbot.waitUntil(lambda k=k: recorder.recording.frames == k, timeout=WAIT_MS)
    runs_of(window).show_run(runs_of(window).runs[0].run_id)
    _wait_saved(qtbot, window)
    assert window.latest_state().steps == 4  # the kept run is shown
    assert window.banner.text() == (
        f"Recording stopped: another run is shown (Runs). Saved the 2 frames recorded to {path}."
    )
    assert len(_gif_frames(path)[0]) == 2
