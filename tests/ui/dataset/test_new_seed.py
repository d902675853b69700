"""New seed in the dataset editor: the preset drawn again with a fresh seed (shown in the Seed
box), the same points and noise, as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from mlpgui.core import load_preset
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui import names

from ..conftest import WAIT_MS
from .conftest import settled, worker_dataset


def test_new_seed_draws_the_preset_again_as_one_undo_step(qtbot, open_editor):
    setup, data = TrainingSetup.for_preset("moons")
    window, editor = open_editor(setup, data)
    presets = editor.presets
    before, old_seed, count = editor.dataset, presets.seed.value(), editor.stack.count()
    button = window.findChild(QPushButton, names.NEW_DATA_SEED_BUTTON)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    fresh = presets.seed.value()
    assert fresh != old_seed
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    expected = load_preset("moons", presets.points.value(), presets.noise.value(), fresh)
    assert editor.dataset == expected and worker_dataset(qtbot, window)[0] == expected
    assert editor.stack.count() == count + 1
    editor.stack.undo()
    qtbot.waitUntil(lambda: settled(editor), timeout=WAIT_MS)
    assert editor.dataset == before and worker_dataset(qtbot, window)[0] == before


def test_new_seed_is_off_for_data_without_a_generator(open_editor):
    setup, data = TrainingSetup.for_preset("mazur")
    window, _ = open_editor(setup, data)
    assert not window.findChild(QPushButton, names.NEW_DATA_SEED_BUTTON).isEnabled()
