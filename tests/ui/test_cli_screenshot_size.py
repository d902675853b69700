"""``mlpgui --screenshot --size WxH`` makes a picture of exactly that size, or refuses a size
below the window's minimum with one sentence and exit code 2 — never a silently larger
picture (H15, item 7)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from .test_cli import _cli

OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def _stderr_lines(text: str) -> list[str]:
    """stderr without the offscreen platform's note on every shown window."""
    return [line for line in text.splitlines() if "propagateSizeHints" not in line]


def test_a_size_below_the_windows_minimum_is_refused_with_one_sentence(tmp_path):
    path = tmp_path / "small.png"
    out = _cli("--screenshot", str(path), "--size", "400x300", env=OFFSCREEN)
    assert out.returncode == 2
    lines = _stderr_lines(out.stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith("mlpgui: the window cannot be as small as 400x300 pixels")
    assert "use --size" in lines[0]
    assert not path.exists()


def test_a_common_projector_size_comes_out_exactly(tmp_path):
    path = tmp_path / "projector.png"
    out = _cli("--screenshot", str(path), "--size", "1280x720", env=OFFSCREEN)
    assert out.returncode == 0, out.stderr
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 720)
