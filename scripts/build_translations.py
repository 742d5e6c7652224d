#!/usr/bin/env python3
"""Refresh the translations: the window's (.ts -> .qm) and the core's messages (.po -> .mo).

    .venv/bin/python scripts/build_translations.py          update .ts and .po, compile .qm and .mo
    .venv/bin/python scripts/build_translations.py --check  also fail if any string is untranslated
                                                            (or a .po's placeholders differ)

Translators edit src/newsdesk/data/translations/newsdesk_<lang>.ts (Qt Linguist, or by hand); the .qm
next to it is what the window loads and is committed so that a checkout runs without Qt tools.
The core's sentences (`_()` and `N_()` in src/newsdesk outside ui/) are gathered into
src/newsdesk/data/locale/<lang>/LC_MESSAGES/newsdesk.po (new ones with an empty msgstr, gone ones
dropped) and compiled to the .mo beside it, byte for byte the same from the same .po (sorted,
no dates), so a test can tell a stale .mo.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "src" / "newsdesk" / "ui"
TRANSLATIONS = ROOT / "src" / "newsdesk" / "data" / "translations"
LANGUAGES = ("zh_CN",)
CORE = ROOT / "src" / "newsdesk"
LOCALE = CORE / "data" / "locale"
MARKERS = ("_", "N_")
_FIELD = re.compile(r"\{([^{}]*)\}")


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


# -- the core's gettext catalogue -------------------------------------------------------------


def core_sources() -> list[Path]:
    """The core's modules: every .py of the package but the window's."""
    return sorted(p for p in CORE.rglob("*.py") if "ui" not in p.relative_to(CORE).parts[:1])


def extract(paths: list[Path]) -> dict[str, list[str]]:
    """Every literal sentence given to `_()` or `N_()`, with the files it stands in."""
    found: dict[str, list[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text("utf-8"), str(path))
        calls = sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)
        )
        for node in calls:  # (in source order)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                # (the file, not the line: a line number would change the .po at every edit)
                places = found.setdefault(node.args[0].value, [])
                where = str(path.relative_to(ROOT).as_posix())
                if where not in places:
                    places.append(where)
    return found


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string; these are plain enough for Python


def _quote(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (the header entry under "")."""
    entries: dict[str, str] = {}
    key: str | None = None
    current: list[str] = []
    msgid = ""
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith("msgid "):
            key, current = "id", [_unquote(line[6:])]
        elif line.startswith("msgstr "):
            msgid = "".join(current)
            key, current = "str", [_unquote(line[7:])]
        elif line.startswith('"') and key is not None:
            current.append(_unquote(line))
        else:
            if key == "str":
                entries[msgid] = "".join(current)
            key, current = None, []
    return entries


def header(lang: str) -> str:
    return (
        "Project-Id-Version: newsdesk\n"
        f"Language: {lang}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Plural-Forms: nplurals=1; plural=0;\n"
    )


def write_po(path: Path, lang: str, sentences: dict[str, list[str]], old: dict[str, str]) -> None:
    """The .po for `sentences`, keeping the translations `old` has for them, in source order."""
    lines = [
        f"# newsdesk's core messages in {lang}: edit the msgstr lines, then run",
        "# scripts/build_translations.py (it adds new sentences and drops gone ones).",
        'msgid ""',
        f"msgstr {_quote(header(lang))}",
    ]
    for msgid, places in sentences.items():
        lines += [
            "",
            *(f"#: {p}" for p in places),
            f"msgid {_quote(msgid)}",
            f"msgstr {_quote(old.get(msgid, ''))}",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def compile_mo(entries: dict[str, str]) -> bytes:
    """GNU .mo bytes for the translated entries (and the header), keys sorted: reproducible."""
    pairs = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in entries.items() if v)
    n = len(pairs)
    ids_at, strs_at = 28, 28 + 8 * n
    data_at = strs_at + 8 * n
    ids = b"".join(k + b"\0" for k, _ in pairs)
    table_ids, table_strs, offset = [], [], data_at
    for k, _ in pairs:
        table_ids.append((len(k), offset))
        offset += len(k) + 1
    for _, v in pairs:
        table_strs.append((len(v), offset))
        offset += len(v) + 1
    out = struct.pack("<7I", 0x950412DE, 0, n, ids_at, strs_at, 0, 0)
    out += b"".join(struct.pack("<2I", *t) for t in table_ids)
    out += b"".join(struct.pack("<2I", *t) for t in table_strs)
    return out + ids + b"".join(v + b"\0" for _, v in pairs)


def problems(entries: dict[str, str], sentences: dict[str, list[str]]) -> list[str]:
    """Sentences without a translation, and translations whose {placeholders} differ."""
    out = []
    for msgid in sentences:
        text = entries.get(msgid, "")
        if not text:
            out.append(f"untranslated: {msgid!r}")
        elif sorted(_FIELD.findall(text)) != sorted(_FIELD.findall(msgid)):
            out.append(f"placeholders differ: {msgid!r} -> {text!r}")
    return out


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "newsdesk.po"


def build_core(lang: str) -> list[str]:
    """Update the .po from the sources, compile the .mo; returns what is missing or wrong."""
    po = po_path(lang)
    sentences = extract(core_sources())
    old = read_po(po) if po.exists() else {}
    write_po(po, lang, sentences, old)
    entries = read_po(po)
    po.with_suffix(".mo").write_bytes(compile_mo(entries))
    return problems(entries, sentences)


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
        wrong = build_core(lang)
        for text in wrong:
            print(f"{po_path(lang).name} ({lang}): {text}")
        if wrong and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
