"""House rules that keep the layers apart."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "newsdesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts
        and any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in _imports(p))
    ]
    assert offenders == []


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_only_paths_module_reads_location_env() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "paths.py"
        and (
            "NEWSDESK_LIBRARY" in p.read_text(encoding="utf-8")
            or "platformdirs" in p.read_text(encoding="utf-8")
        )
    ]
    assert offenders == []


def test_gui_tests_are_marked_by_the_collection_hook() -> None:
    """`-m "not gui"` runs no test under tests/gui and `-m gui` runs only those."""
    import subprocess
    import sys

    root = SRC.parents[1]

    def collected(marker: str, where: str) -> list[str]:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--collect-only",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                marker,
                where,
            ],
            capture_output=True,
            text=True,
            cwd=root,
        )
        return [line for line in proc.stdout.splitlines() if "::" in line]

    assert collected("not gui", "tests/gui") == []
    gui = collected("gui", "tests")
    assert gui and all(t.startswith("tests/gui/") for t in gui)


def test_each_credit_word_is_defined_in_one_place() -> None:
    """Role words and page-staff words live in ingest/credits.py only (outside docstrings and
    comments); domain.ROLE_LABELS are the labels shown for roles, not words parsed."""
    from newsdesk.ingest.credits import PAGE_STAFF, ROLE_WORDS

    words = {w for w in [*ROLE_WORDS, *PAGE_STAFF] if len(w) >= 2}
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "credits.py" or path.relative_to(SRC).as_posix() == "domain.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [f"{path.relative_to(SRC)}:{node.lineno} {w}" for w in words if w in node.value]
    assert found == []


# Arrows the layout forbids (docs/architecture.md): package -> what it must never import.
FORBIDDEN = {
    "ingest": ("newsdesk.index", "newsdesk.store", "newsdesk.library"),
    "store": ("newsdesk.index", "newsdesk.library", "newsdesk.ui"),
    "index": ("newsdesk.store", "newsdesk.library", "newsdesk.ui"),
    "ui": ("newsdesk.store", "newsdesk.index"),
    "sync": ("newsdesk.index", "newsdesk.library", "newsdesk.ui"),
}


def _modules(path: Path) -> set[str]:
    """Every module a file imports, `from newsdesk import x` counted as newsdesk.x."""
    names = _imports(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "newsdesk":
            names.update(f"newsdesk.{a.name}" for a in node.names)
    return names


def broken_import_rules(src: Path = SRC) -> list[str]:
    """Every import that breaks one of the layout's rules, as `module: imported (why)`."""
    out = []
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).parts
        package = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        rel = path.relative_to(src).as_posix()
        for name in sorted(_modules(path)):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN.get(package, ())):
                out.append(f"{rel}: {name}")
            if package == "zh" and name.startswith("newsdesk.") and not name.startswith("newsdesk.zh"):
                out.append(f"{rel}: {name}")
            if name.split(".")[0] in ("sqlite3", "psycopg") and package != "store":
                out.append(f"{rel}: {name} (only store/ speaks SQL)")
    return out


def test_the_layouts_import_rules_hold() -> None:
    assert broken_import_rules() == []


def test_the_import_rule_test_catches_a_broken_rule(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "newsdesk"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    (copy / "ingest" / "walk.py").write_text(
        (copy / "ingest" / "walk.py").read_text(encoding="utf-8") + "\nfrom newsdesk.store import Store\n",
        encoding="utf-8",
    )
    (copy / "zh" / "analysis.py").write_text(
        (copy / "zh" / "analysis.py").read_text(encoding="utf-8") + "\nimport newsdesk.domain\n",
        encoding="utf-8",
    )
    (copy / "tags" / "export.py").write_text(
        (copy / "tags" / "export.py").read_text(encoding="utf-8") + "\nimport sqlite3\n", encoding="utf-8"
    )
    broken = broken_import_rules(copy)
    assert "ingest/walk.py: newsdesk.store" in broken
    assert "zh/analysis.py: newsdesk.domain" in broken
    assert "tags/export.py: sqlite3 (only store/ speaks SQL)" in broken
