"""RecordingControls: what the user sees of the AnimationRecorder — File ▸ Export image ▸
Record animation… and Start/Stop recording, the RecordDialog, and the "● REC n frames" button
in the status bar (a click stops and saves). GUI thread only."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from . import names
from .animation_dialog import RecordDialog
from .animation_recording import guarded
from .animation_writer import video_problem
from .formatting import plural

if TYPE_CHECKING:
    from .animation import AnimationRecorder
    from .host import FeatureHost

INDICATOR_STYLE = "QToolButton { color:#cf222e; font-weight:bold; padding:0 6px; }"


class RecordingControls(QObject):
    """The recorder's actions, dialog and status-bar button; ``sync()`` shows its state."""

    def __init__(self, host: FeatureHost, recorder: AnimationRecorder) -> None:
        super().__init__(recorder)
        self.recorder = recorder
        self.window = window = host.window
        self.dialog: RecordDialog | None = None
        self.record_action = QAction("Record &animation…", window)
        self.record_action.setObjectName(names.RECORD_ANIMATION_ACTION)
        self.record_action.setStatusTip(
            "Record the diagram and the output plot as an animated GIF or MP4, for slides"
        )
        self.record_action.triggered.connect(self.open_dialog)
        self.toggle_action = QAction("Start recording…", window)
        self.toggle_action.setObjectName(names.RECORDING_TOGGLE_ACTION)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setStatusTip(
            "Record every update the window shows while you work, until you stop recording"
        )
        self.toggle_action.triggered.connect(self._on_toggle)
        menu = window.findChild(QMenu, names.EXPORT_MENU) or host.menus.get("file")
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.record_action, self.toggle_action])
        window.addActions([self.record_action, self.toggle_action])
        self.indicator = QToolButton()
        self.indicator.setObjectName(names.RECORDING_INDICATOR)
        self.indicator.setAutoRaise(True)
        self.indicator.setStyleSheet(INDICATOR_STYLE)
        # no taller than the status bar's labels: the bar keeps its height when it appears
        self.indicator.setFixedHeight(self.indicator.fontMetrics().height() + 2)
        self.indicator.clicked.connect(self._on_indicator)
        window.statusBar().addPermanentWidget(self.indicator)
        self.indicator.hide()

    def on_crash(self, exc: Exception) -> None:
        self.recorder.on_crash(exc)

    @Slot()
    @guarded
    def open_dialog(self) -> None:
        """Ask what and how to record (a window-modal dialog); recording starts on Record."""
        if self.recorder.recording is not None or self.dialog is not None:
            return
        dialog = RecordDialog(self.window, self.recorder.last, video_problem())
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        self.sync()
        dialog.open()

    @Slot()
    @guarded
    def _on_dialog_accepted(self) -> None:
        settings = self.dialog.settings() if self.dialog is not None else None
        if settings is not None:
            self.recorder.start(settings)

    @Slot()
    @guarded
    def _on_dialog_finished(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.sync()

    @Slot()
    @guarded
    def _on_toggle(self) -> None:
        recorder = self.recorder
        if recorder.recording is not None:
            recorder.stop()
        elif self.toggle_action.isChecked():
            recorder.last = replace(recorder.last, updates=None)
            self.open_dialog()
        self.sync()

    @Slot()
    @guarded
    def _on_indicator(self) -> None:
        self.recorder.stop()

    def sync(self) -> None:
        """Show the recorder's state: the actions, and the button with the frame count."""
        rec = self.recorder.recording
        with QSignalBlocker(self.toggle_action):
            self.toggle_action.setChecked(rec is not None)
        self.toggle_action.setText("Stop recording" if rec is not None else "Start recording…")
        self.record_action.setEnabled(rec is None and self.dialog is None)
        self.toggle_action.setEnabled(self.dialog is None)
        indicator = self.indicator
        saving = self.recorder.saving
        if rec is not None:
            target, count = rec.settings.updates, rec.counted
            frames = (
                plural(count, "frame")
                if target is None
                else f"{count} of {plural(target, 'frame')}"
            )
            indicator.setText(f"● REC {frames}")
            indicator.setToolTip(f"Recording to {rec.writer.target}; click to stop and save")
            indicator.setEnabled(True)
        elif saving:
            indicator.setText("Saving the animation…")
            indicator.setToolTip("The animation file is being completed")
            indicator.setEnabled(False)
        indicator.setVisible(rec is not None or saving)
