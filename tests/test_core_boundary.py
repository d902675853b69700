"""mlpgui.core is usable without Qt: importing it (and using it) loads no Qt or pyqtgraph.

The import-linter contracts in pyproject.toml (run by ./test.sh) hold the layers statically;
these tests check what actually gets loaded, and that the contracts name every module above
the core.
"""

import subprocess
import sys
from pathlib import Path

import tomllib

import mlpgui

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import sys
import mlpgui.core as core
net = core.MLP([2, 2, 1], ["sigmoid", "sigmoid"], seed=0)
core.Trainer(net, core.load_preset("xor"), 1.0).run(3)
core.gradient_check(net, core.load_preset("xor"))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
above = sorted(m for m in sys.modules if m.startswith("mlpgui.") and
               not m.startswith(("mlpgui.core", "mlpgui.resources")))
print(",".join(bad + above))
"""


def test_core_imports_no_qt_pyqtgraph_or_the_layers_above():
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "", f"mlpgui.core loaded: {out.stdout}"


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {c["source_modules"][0]: c for c in config["contracts"]}


def _modules_above_the_core() -> set[str]:
    """Every top-level module and subpackage of mlpgui but the core and its resources."""
    package = Path(mlpgui.__file__).parent
    found = {f"mlpgui.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    found |= {f"mlpgui.{p.parent.name}" for p in package.glob("*/__init__.py")}
    return found - {"mlpgui.core", "mlpgui.resources"}


def test_the_core_contract_forbids_qt_and_every_module_above_the_core():
    forbidden = set(_contracts()["mlpgui.core"]["forbidden_modules"])
    assert {"PySide6", "shiboken6", "pyqtgraph"} <= forbidden
    missing = _modules_above_the_core() - forbidden
    assert not missing, f"add to the mlpgui.core contract in pyproject.toml: {sorted(missing)}"


def test_the_worker_contract_forbids_the_widgets():
    assert {"mlpgui.ui", "mlpgui.app"} <= set(_contracts()["mlpgui.worker"]["forbidden_modules"])
