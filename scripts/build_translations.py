#!/usr/bin/env python3
"""Refresh the window's translations: lupdate the .ts from src/newsdesk/ui, lrelease the .qm.

    .venv/bin/python scripts/build_translations.py          update .ts, compile .qm
    .venv/bin/python scripts/build_translations.py --check  also fail if any string is untranslated

Translators edit src/newsdesk/data/translations/newsdesk_<lang>.ts (Qt Linguist, or by hand); the .qm
next to it is what the window loads and is committed so that a checkout runs without Qt tools.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "src" / "newsdesk" / "ui"
TRANSLATIONS = ROOT / "src" / "newsdesk" / "data" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment, else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"build_translations: {name} not found (pip install PySide6-Essentials)")
    return found


def unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()
    out = []
    for message in root.iter("message"):
        t = message.find("translation")
        if t is not None and t.get("type") in ("unfinished",) and not (t.text or "").strip():
            out.append((message.findtext("source") or "").strip())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args(argv)
    sources = sorted(str(p.relative_to(ROOT)) for p in UI.rglob("*.py"))
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"newsdesk_{lang}.ts"
        qm = ts.with_suffix(".qm")
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-ts",
                str(ts.relative_to(ROOT)),
                "-no-obsolete",
                "-locations",
                "none",
                "-target-language",
                lang,
            ],
            cwd=ROOT,
            check=True,
        )
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, check=True)
        missing = unfinished(ts)
        for text in missing:
            print(f"{ts.name}: untranslated: {text!r}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
