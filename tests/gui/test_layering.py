"""Rules for the ui package: the import worker and the offset map stay Qt-free, modules small."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "newsdesk" / "ui"
QT_FREE = ("__init__.py", "importjob.py", "textmap.py")


def _top_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0] if node.level == 0 else "")
    return names


def test_worker_process_modules_do_not_import_qt() -> None:
    for name in QT_FREE:
        assert "PySide6" not in _top_imports(UI / name), name


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(UI)): len(p.read_text(encoding="utf-8").splitlines()) for p in UI.rglob("*.py")
    }
    assert max(sizes.values()) <= 450, sizes


def test_pyside_keeps_references_to_none(qapp) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per call that returns None, and
    the process aborts after a few thousand; pyproject pins a release without that bug."""
    import sys

    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        timer.setInterval(5)
    assert sys.getrefcount(None) >= before
