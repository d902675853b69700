"""mlpgui.core is usable without Qt: importing it (and using it) loads no Qt or pyqtgraph."""

import subprocess
import sys

CODE = """
import sys
import mlpgui.core as core
net = core.MLP([2, 2, 1], ["sigmoid", "sigmoid"], seed=0)
core.Trainer(net, core.load_preset("xor"), 1.0).run(3)
core.gradient_check(net, core.load_preset("xor"))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
print(",".join(bad))
"""


def test_core_imports_no_qt_or_pyqtgraph():
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "", f"mlpgui.core loaded: {out.stdout}"


def test_core_sources_do_not_mention_qt_imports():
    from pathlib import Path

    import mlpgui.core

    for path in Path(mlpgui.core.__file__).parent.glob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                assert not any(q in stripped for q in ("PySide6", "pyqtgraph", "shiboken")), (
                    f"{path.name}: {stripped}"
                )
