"""List the files and functions of mlpgui/ past the project's size guides.

    .venv/bin/python scripts/sizes.py            # files > 400 lines, functions > 60 lines
    .venv/bin/python scripts/sizes.py 300 40     # other limits

A function's length counts from its ``def`` (decorators included) to its last line, docstring
and comments included; a file's is its number of lines. Largest first. Exit code 0 always: a
report for the reader, not a check.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlpgui"


def long_functions(path: Path, limit: int) -> list[tuple[int, str]]:
    """(lines, "file:line qualified.name") of every function in ``path`` longer than ``limit``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    length = (child.end_lineno or child.lineno) - first + 1
                    if length > limit:
                        where = f"{path.relative_to(ROOT)}:{child.lineno}"
                        found.append((length, f"{where} {name}"))
                visit(child, f"{name}.")

    visit(tree, "")
    return found


def main(argv: list[str]) -> int:
    file_limit = int(argv[0]) if argv else 400
    function_limit = int(argv[1]) if len(argv) > 1 else 60
    files = sorted(PACKAGE.rglob("*.py"))
    big = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), p) for p in files), reverse=True
    )
    big = [(n, p) for n, p in big if n > file_limit]
    print(f"Files over {file_limit} lines: {len(big)}")
    for n, p in big:
        print(f"  {n:5d}  {p.relative_to(ROOT)}")
    long = sorted((f for p in files for f in long_functions(p, function_limit)), reverse=True)
    print(f"Functions over {function_limit} lines: {len(long)}")
    for n, what in long:
        print(f"  {n:5d}  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
