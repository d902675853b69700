"""Screenshot scenes of what mlpgui exports for slides (issue #13): a worked example as the
exported Markdown renders, and one frame of a recorded animation."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QTextBrowser
from screenshot_tools import OUT, open_window, pause_for, settle, steps

from mlpgui.core.worked_example import worked_parameter
from mlpgui.ui import names
from mlpgui.ui.animation import AnimationRecorder
from mlpgui.ui.animation_dialog import RecordingSettings


def scene_worked_example() -> Path:
    """Mazur's w5 after his first update, as File ▸ Export ▸ Worked example… writes it in
    Markdown (rendered by Qt's Markdown reader, as a Markdown viewer would show it)."""
    window = open_window("mazur")
    steps(window, 1)
    record = window.latest_record()
    assert record is not None
    names = window.latest_state().setup.parameter_names
    text = worked_parameter(record, "w", 1, 0, 0, digits=6, names=names).markdown()
    window.close()
    browser = QTextBrowser()
    browser.setMarkdown(text)
    browser.resize(900, 380)
    browser.show()
    pause_for(0.3)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "worked-example-w5.png"
    browser.grab().save(str(path))
    browser.close()
    return path


def scene_animation_frame() -> Path:
    """The last frame of File ▸ Export ▸ Record animation… (the next 12 updates of the
    lecture network after 3,000, as GIF, frame size "as shown on screen"): the diagram, the
    output plot and the caption."""
    window = open_window("lecture")
    steps(window, 3000)
    output = window.findChild(QDockWidget, names.OUTPUT_DOCK)
    window.resizeDocks([output], [330], Qt.Orientation.Vertical)
    recorder = window.feature(AnimationRecorder)
    assert recorder is not None
    with tempfile.TemporaryDirectory() as folder:
        gif = Path(folder) / "run.gif"
        settings = RecordingSettings(gif, "gif", 10, None, "both", 12)  # as on screen
        assert recorder.start(settings)
        settle(lambda: gif.exists() and not recorder.busy, timeout=120)
        with Image.open(gif) as image:
            image.seek(image.n_frames - 1)
            path = OUT / "animation-frame.png"
            image.convert("RGB").save(path)
    window.close()
    return path


SCENES: dict[str, Callable[[], Path]] = {
    "worked-example-w5": scene_worked_example,
    "animation-frame": scene_animation_frame,
}
