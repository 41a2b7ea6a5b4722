"""How the documents are put together: modules share code through public names only, and only
the PDF writer imports Qt (``lint-imports`` checks that too; this says it where it fails)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eunato_desk

PACKAGE = Path(eunato_desk.__file__).resolve().parent
LAYERS = ("cli", "documents")


def sources() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (PACKAGE / layer).rglob("*.py"))


def imports(path: Path) -> list[ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports (anywhere in it, also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    private = [
        f"{node.module}.{alias.name} (line {node.lineno})"
        for node in imports(path)
        if node.module and node.module.startswith("eunato_desk")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == []


def test_only_the_pdf_writer_imports_qt() -> None:
    with_qt = {
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "documents").rglob("*.py")
        if imported_packages(path) & {"PySide6", "shiboken6"}
    }
    assert with_qt == {"documents/pdf.py"}
