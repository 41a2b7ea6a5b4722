"""Size limits as habits, checked by `make test`: in the package, a module has at most 400
lines, a function (or method) at most 60, a class at most 300. Prints each excess as
``path:line: what`` and exits 1 if there is any.

    .venv/bin/python scripts/check_limits.py [ROOT ...]   (default: eunato_desk)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES = 400
FUNCTION_LINES = 60
CLASS_LINES = 300


def excesses(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    lines = len(text.splitlines())
    if lines > MODULE_LINES:
        found.append(f"{path}:1: module of {lines} lines (at most {MODULE_LINES})")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            limit = CLASS_LINES if isinstance(node, ast.ClassDef) else FUNCTION_LINES
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            if size > limit:
                found.append(
                    f"{path}:{node.lineno}: {kind} {node.name} of {size} lines (at most {limit})"
                )
    return found


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("eunato_desk")]
    found = [e for root in roots for path in sorted(root.rglob("*.py")) for e in excesses(path)]
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} size limit(s) exceeded.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
