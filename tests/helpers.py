"""Small builders shared by tests: JSON Lines records and crawler-format files written to tmp."""

from __future__ import annotations

import json
from pathlib import Path


def record(rid: str, title: str, body: str, **extra: object) -> dict[str, object]:
    """One record in the corpora's JSON Lines format."""
    return {
        "id": rid,
        "title": title,
        "date": extra.pop("date", "2023-01-01"),
        "source": extra.pop("source", "测试日报"),
        "author": extra.pop("author", None),
        "section": extra.pop("section", None),
        "body": body,
        **extra,
    }


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    """Write records as UTF-8 JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def write_crawler(
    path: Path,
    kicker: str,
    title: str,
    subtitle: str,
    paragraphs: list[str],
    byline: str | None = None,
    encoding: str = "utf-8",
) -> Path:
    """Write a People's Daily crawler-format article (CRLF, U+3000 indentation)."""
    lines = [f"{kicker}\t{title}\t{subtitle}", ""]
    lines += ["\u3000\u3000" + p for p in paragraphs]
    if byline:
        lines += ["", byline]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def english_left(text: str) -> list[str]:
    """English phrases (two or more words in a row) left in a message meant to be Chinese, once
    what a person typed or named is taken out: quoted values, `commands`, paths."""
    import re

    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "", text)
    text = re.sub(r"(?:[A-Za-z]:)?(?:[/\\][\w.\-]+)+[/\\]?", "", text)
    return re.findall(r"[A-Za-z]{2,}(?:[ \-][A-Za-z]{2,})+", text)
