"""The layers cannot drift: core has no Qt, the UI has no llama.cpp, three modules own llama_cpp."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_package_has_modules_to_check() -> None:
    assert len(_modules(PACKAGE / "core")) >= 10


def test_core_never_imports_qt() -> None:
    offenders = [p for p in _modules(PACKAGE / "core") if {"PySide6", "shiboken6"} & _imported_roots(p)]
    assert offenders == []


def test_the_api_server_imports_neither_qt_nor_llama_cpp() -> None:
    """`quill serve` runs headless, and reaches llama.cpp only through a Backend."""
    forbidden = {"PySide6", "shiboken6", "llama_cpp"}
    offenders = [p for p in _modules(PACKAGE / "server") if forbidden & _imported_roots(p)]
    assert _modules(PACKAGE / "server") and offenders == []


def test_ui_never_imports_llama_cpp() -> None:
    offenders = [p for p in _modules(PACKAGE / "ui") if "llama_cpp" in _imported_roots(p)]
    assert offenders == []


def test_only_the_llama_backend_imports_llama_cpp() -> None:
    importers = {p.relative_to(PACKAGE).as_posix() for p in _modules(PACKAGE) if "llama_cpp" in _imported_roots(p)}
    assert importers == {"core/backends/llama.py", "core/backends/llama_batch.py", "core/backends/llama_embed.py"}


def test_the_cli_never_imports_qt_or_llama_cpp() -> None:
    """The GUI reads its flags from assistant/cli/gui.py, so that package must stay headless."""
    forbidden = {"PySide6", "shiboken6", "llama_cpp"}
    offenders = [p for p in _modules(PACKAGE / "cli") if forbidden & _imported_roots(p)]
    assert _modules(PACKAGE / "cli") and offenders == []


def test_importing_the_cli_does_not_load_llama_cpp_or_qt() -> None:
    """Start-up stays fast: heavy libraries (and the model manager's gguf and numpy) load only when a
    command needs them."""
    import subprocess
    import sys

    code = (
        "import sys, assistant.cli.entry; assistant.cli.entry.build_parser(); "
        "print(sorted(m for m in ('llama_cpp', 'PySide6', 'gguf', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
