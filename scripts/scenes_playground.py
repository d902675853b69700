"""Screenshot scene of the Playground options (issue #13): XOR with the input x₁x₂, λ₂ = 0.001
and μ = 0.5 after 300 updates at γ = 2; the inspector shows w₁₃⁽¹⁾ (the x₁x₂ input's weight),
whose data gradient and λ₂ w nearly balance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from screenshot_tools import open_window, pause_for, save, steps

from mlpgui.core.features import product
from mlpgui.ui import names
from mlpgui.ui.selection import Selection


def scene_playground() -> Path:
    window = open_window(
        "xor", input_features=(product(0, 1),), learning_rate=2.0, l2_rate=0.001, momentum=0.5
    )
    action = window.findChild(type(window.main_menus.log_scale_action), names.PLAYGROUND_ACTION)
    assert action is not None
    action.trigger()  # Training ▸ Playground options…: its dock
    steps(window, 300)
    window.select(Selection("w", 0, 0, 2))  # w_13^(1): from x₁x₂ to hidden unit 1
    pause_for(0.5)
    return save(window, "playground-xor-product")


SCENES: dict[str, Callable[[], Path]] = {"playground-xor-product": scene_playground}
