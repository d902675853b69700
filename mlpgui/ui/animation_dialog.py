"""RecordDialog (``recordAnimationDialog``): what to record, as which file, and how — the next
N updates, or until the user stops the recording. It only collects RecordingSettings; the
AnimationRecorder (animation.py) records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core.limits import format_bytes

from . import names
from .animation_writer import MAX_FPS, MAX_FRAMES

CONTENTS = [
    ("both", "Diagram and output plot"),
    ("diagram", "Diagram only"),
    ("output", "Output plot only"),
]
SIZES = [
    ("1280x720", "1280 × 720 (HD)"),
    ("1920x1080", "1920 × 1080 (full HD)"),
    ("960x540", "960 × 540"),
    ("640x360", "640 × 360 (small file)"),
    ("screen", "As shown on screen"),
]
"""(key, text): keys are "WIDTHxHEIGHT" in pixels, or "screen" for the widgets' own size."""
FORMATS = [("gif", "GIF (animated image, loops)"), ("mp4", "MP4 (H.264 video)")]
DEFAULT_FPS = 10
DEFAULT_UPDATES = 50
BYTES_PER_PIXEL = {"gif": 40_000 / (1280 * 720), "mp4": 9_000 / (1280 * 720)}
"""A frame's typical share of the file, per pixel (measured: a 1280 × 720 frame of the
lecture network takes about 40 KB in a GIF and 9 KB in an MP4); for the size estimate."""
NOTE_STYLE = "color:#656d76"
ERROR_STYLE = "color:#82071e"


@dataclass(frozen=True)
class RecordingSettings:
    """A recording: the file (``path``, ``format`` "gif" or "mp4"), frames a second, the
    frame size in pixels (None: the widgets' size on screen), what is shown (``content``:
    "both", "diagram" or "output") and how many updates to make and record (None: record
    every update shown until the user stops)."""

    path: Path
    format: str = "gif"
    fps: int = DEFAULT_FPS
    size: tuple[int, int] | None = (1280, 720)
    content: str = "both"
    updates: int | None = DEFAULT_UPDATES


def size_key(size: tuple[int, int] | None) -> str:
    """The SIZES key of a frame size (None: the widgets' size on screen)."""
    return "screen" if size is None else f"{size[0]}x{size[1]}"


def size_of(key: str) -> tuple[int, int] | None:
    """The frame size of a SIZES key."""
    if key == "screen":
        return None
    width, height = key.split("x")
    return int(width), int(height)


def size_estimate(fmt: str, size: tuple[int, int] | None, fps: int, updates: int | None) -> str:
    """The file's expected size, as a rough guide before recording (``BYTES_PER_PIXEL``)."""
    if size is None:
        return "The file's size depends on the size of the panels on screen."
    per_frame = BYTES_PER_PIXEL.get(fmt, BYTES_PER_PIXEL["gif"]) * size[0] * size[1]
    if updates is None:
        rate = format_bytes(round(per_frame * fps))
        return f"The file grows by up to about {rate} a second of recording."
    hint = " (MP4 is about a quarter of that)" if fmt == "gif" else ""
    return f"The file will take about {format_bytes(round(per_frame * updates))}{hint}."


def _combo(name: str, items: list[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for data, text in items:
        combo.addItem(text, data)
    return combo


class RecordDialog(QDialog):
    """Collects RecordingSettings (``settings()`` after it was accepted). ``video_problem``:
    why MP4 cannot be written here (the MP4 choice is then disabled and says so)."""

    def __init__(self, parent: QWidget, last: RecordingSettings, video_problem: str | None) -> None:
        super().__init__(parent)
        self.setObjectName(names.RECORD_DIALOG)
        self.setWindowTitle("Record animation")
        self._settings: RecordingSettings | None = None
        self._browsed: Path | None = None
        """The file chosen with Browse… (the file dialog already asked to replace it)."""
        self.content_combo = _combo(names.RECORD_CONTENT_COMBO, list(CONTENTS))
        self.content_combo.setToolTip("What every frame shows, under a caption with the update")
        self.format_combo = _combo(names.RECORD_FORMAT_COMBO, list(FORMATS))
        self.format_note = QLabel()
        self.format_note.setObjectName(names.RECORD_FORMAT_NOTE)
        self.format_note.setStyleSheet(NOTE_STYLE)
        self.format_note.setWordWrap(True)
        self.format_note.hide()
        self._disable_video(video_problem)
        self.fps_spin = QSpinBox()
        self.fps_spin.setObjectName(names.RECORD_FPS_SPIN)
        self.fps_spin.setRange(1, MAX_FPS)
        self.fps_spin.setSuffix(" frames/s")
        self.fps_spin.setToolTip("Frames a second of the animation (each frame one update)")
        self.size_combo = _combo(names.RECORD_SIZE_COMBO, list(SIZES))
        self.size_combo.setToolTip("The size of every frame in pixels")
        self._build_how()
        self._build_file()
        self.size_note = QLabel()
        self.size_note.setObjectName(names.RECORD_SIZE_NOTE)
        self.size_note.setStyleSheet(NOTE_STYLE)
        self.size_note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName(names.RECORD_ERROR_LABEL)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._build_layout()
        self._show(last, video_problem is None)
        self.format_combo.currentIndexChanged.connect(self._on_format)
        for signal in (
            self.format_combo.currentIndexChanged,
            self.size_combo.currentIndexChanged,
            self.fps_spin.valueChanged,
            self.updates_spin.valueChanged,
            self.updates_radio.toggled,
        ):
            signal.connect(self._show_size_estimate)
        self._show_size_estimate()

    # --- construction ---------------------------------------------------------------------------

    def _disable_video(self, problem: str | None) -> None:
        if problem is None:
            return
        model = self.format_combo.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(self.format_combo.findData("mp4"))
        item.setEnabled(False)
        item.setToolTip(problem)
        self.format_note.setText(problem)
        self.format_note.show()
        self.format_combo.setToolTip(problem)

    def _build_how(self) -> None:
        self.updates_radio = QRadioButton("The next")
        self.updates_radio.setObjectName(names.RECORD_UPDATES_RADIO)
        self.updates_radio.setToolTip(
            "Make this many updates one by one, at the frame rate, and record each of them"
        )
        self.updates_spin = QSpinBox()
        self.updates_spin.setObjectName(names.RECORD_UPDATES_SPIN)
        self.updates_spin.setRange(1, MAX_FRAMES)
        self.updates_spin.setSuffix(" updates")
        self.manual_radio = QRadioButton("From now until I stop it")
        self.manual_radio.setObjectName(names.RECORD_MANUAL_RADIO)
        self.manual_radio.setToolTip(
            "Record every update the window shows (Step, Run, the timeline), at most at the "
            "frame rate, until File ▸ Stop recording or a click on ● REC in the status bar"
        )
        group = QButtonGroup(self)
        group.addButton(self.updates_radio)
        group.addButton(self.manual_radio)
        self.updates_radio.toggled.connect(self.updates_spin.setEnabled)

    def _build_file(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName(names.RECORD_PATH_EDIT)
        self.path_edit.setMinimumWidth(320)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName(names.RECORD_BROWSE_BUTTON)
        self.browse_button.clicked.connect(self._browse)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("Record", self.content_combo)
        fmt = QVBoxLayout()
        fmt.setSpacing(2)
        fmt.addWidget(self.format_combo)
        fmt.addWidget(self.format_note)
        form.addRow("Format", fmt)
        form.addRow("Frame rate", self.fps_spin)
        form.addRow("Frame size", self.size_combo)
        updates = QHBoxLayout()
        updates.addWidget(self.updates_radio)
        updates.addWidget(self.updates_spin)
        updates.addStretch(1)
        how = QVBoxLayout()
        how.addLayout(updates)
        how.addWidget(self.manual_radio)
        form.addRow("Updates", how)
        form.addRow("", self.size_note)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        form.addRow("File", file_row)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("Record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName(names.RECORD_START_BUTTON)
        self.start_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName(names.RECORD_CANCEL_BUTTON)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _show(self, last: RecordingSettings, video: bool) -> None:
        fmt = last.format if (video or last.format != "mp4") else "gif"
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))
        self.content_combo.setCurrentIndex(max(self.content_combo.findData(last.content), 0))
        self.fps_spin.setValue(last.fps)
        self.size_combo.setCurrentIndex(max(self.size_combo.findData(size_key(last.size)), 0))
        self.updates_spin.setValue(last.updates or DEFAULT_UPDATES)
        (self.updates_radio if last.updates else self.manual_radio).setChecked(True)
        self.updates_spin.setEnabled(last.updates is not None)
        self.path_edit.setText(str(last.path.with_suffix(f".{fmt}")))

    # --- interaction ----------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_combo.currentData())

    def _on_format(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in (".gif", ".mp4", ""):
                self.path_edit.setText(str(path.with_suffix(f".{self.format}")))

    def _show_size_estimate(self) -> None:
        self.size_note.setText(
            size_estimate(
                self.format,
                size_of(str(self.size_combo.currentData())),
                self.fps_spin.value(),
                self.updates_spin.value() if self.updates_radio.isChecked() else None,
            )
        )

    def _browse(self) -> None:
        fmt = self.format
        name, _ = QFileDialog.getSaveFileName(
            self, "Record animation to", self.path_edit.text(), f"{fmt.upper()} (*.{fmt})"
        )
        if name:
            self.path_edit.setText(name)
            self._browsed = Path(name).expanduser()

    def settings(self) -> RecordingSettings | None:
        """The settings the dialog was accepted with (None before, or if cancelled)."""
        return self._settings

    def _collect(self) -> RecordingSettings | str:
        """The settings shown, or one sentence saying what is missing."""
        text = self.path_edit.text().strip()
        if not text:
            return "Choose a file to record the animation to."
        path = Path(text).expanduser()
        suffix = f".{self.format}"
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        return RecordingSettings(
            path=path,
            format=self.format,
            fps=self.fps_spin.value(),
            size=size_of(str(self.size_combo.currentData())),
            content=str(self.content_combo.currentData()),
            updates=self.updates_spin.value() if self.updates_radio.isChecked() else None,
        )

    def accept(self) -> None:
        try:
            result = self._collect()
        except (OSError, ValueError) as exc:  # a path the system cannot even look at
            result = f"This is not a file name that can be written: {exc}."
        if isinstance(result, str):
            self.error_label.setText(result)
            self.error_label.show()
            return
        if not self._may_replace(result.path):
            return  # the dialog stays open for another name
        self._settings = result
        super().accept()

    def _may_replace(self, path: Path) -> bool:
        """True unless ``path`` is an existing file the user did not agree to replace (the
        dialog offers the last recording's file again: recording twice must not silently
        overwrite the first one). A file picked with Browse… was already asked about."""
        if path == self._browsed or not path.is_file():
            return True
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it with the new recording "
            "(once the recording is complete)?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes
