"""The package as a user gets it: ``python -m build`` makes an sdist and, from it, a wheel that
installs into a fresh venv and starts there — ``mlpgui --version``, an offscreen screenshot of
the default window, and the icon read from the installed package (not from this checkout).

Slow (~30–60 s: two isolated builds, a venv, an install). The dependencies come from a wheel
cache (``$XDG_CACHE_HOME/mlpgui/wheelhouse``, filled from the package index on first use), so
later runs install without the network. Deselect with ``-m "not packaging"``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import mlpgui

ROOT = Path(__file__).resolve().parent.parent
# Downloading the dependencies into an empty wheel cache may take minutes on first use.
pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]


def _run(args: list[str | Path], timeout: float = 300, **kwargs: Any) -> str:
    """Run a command; its combined output, or a failure that shows it."""
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output}"
    return output


def _wheelhouse() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "mlpgui" / "wheelhouse"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out, ROOT])
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("mlpgui-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh venv with the wheel installed; its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", venv])
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-qq", "--disable-pip-version-check"]
    house = _wheelhouse()
    offline = [*pip, "--no-index", "--find-links", house, wheel]
    if subprocess.run([str(a) for a in offline], capture_output=True, timeout=600).returncode:
        # First use (or new dependency versions): fill the cache from the index, then retry.
        _run([*pip[:3], "download", "-q", "--dest", house, wheel], timeout=900)
        _run(offline, timeout=600)
    return venv / "bin"


def _env() -> dict[str, str]:
    """The environment of a user's shell: offscreen Qt, nothing pointing into this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_the_wheel_holds_the_package_its_icon_license_and_one_version(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "mlpgui/resources/mlpgui.svg" in names
    assert "mlpgui/core/__init__.py" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "scripts/"))]
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"\nVersion: {mlpgui.__version__}\n" in text
    assert "\nLicense-Expression: MIT\n" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert wheel.name.startswith(f"mlpgui-{mlpgui.__version__}-")


def test_the_sdist_builds_the_wheel_with_everything(dist: Path) -> None:
    (sdist,) = dist.glob("mlpgui-*.tar.gz")
    assert sdist.name == f"mlpgui-{mlpgui.__version__}.tar.gz"


def test_the_installed_command_says_its_version(installed: Path, tmp_path: Path) -> None:
    out = _run([installed / "mlpgui", "--version"], env=_env(), cwd=tmp_path)
    assert out.strip() == f"mlpgui {mlpgui.__version__}"


def test_the_installed_app_finds_its_icon_in_the_package(installed: Path, tmp_path: Path) -> None:
    code = (
        "import mlpgui, mlpgui.app as a; app = a.application(); "
        "print(mlpgui.__file__); print(a.RESOURCES / 'mlpgui.svg'); "
        "print(app.windowIcon().isNull())"
    )
    out = _run([installed / "python", "-c", code], env=_env(), cwd=tmp_path)
    package, icon, null = out.strip().splitlines()[-3:]
    venv = installed.parent.resolve()
    assert Path(package).resolve().is_relative_to(venv), "mlpgui came from the checkout"
    assert Path(icon).resolve().is_relative_to(venv) and Path(icon).is_file()
    assert null == "False"


def test_the_installed_app_renders_its_default_window(installed: Path, tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    done = subprocess.run(
        [str(installed / "mlpgui"), "--screenshot", str(shot), "--size", "1360x900"],
        capture_output=True,
        text=True,
        timeout=180,
        env=_env(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "icon is missing" not in done.stderr
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (1360, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1360 * 900)
    assert colours is not None and len(colours) > 100  # drawn, not a blank window
