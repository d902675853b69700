"""Exercise mode (issue #13): questions about the next update, hidden in the diagram and the
inspector until answered, and the exercise sheet export (see feature.py). Installed after the
network feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlpgui.ui.host import FeatureHost


def install(host: FeatureHost) -> None:
    """Add the Exercise dock, Training ▸ Exercise…, File ▸ Export ▸ Worked example… and
    Exercise sheet…; register ExerciseFeature."""
    from .feature import ExerciseFeature

    host.register(ExerciseFeature(host))
