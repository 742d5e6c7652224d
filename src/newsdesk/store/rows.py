"""An Article as a row of the `articles` table and back (lists and structure stored as JSON)."""

from __future__ import annotations

import json
import sqlite3

from newsdesk.domain import Article, Byline, SectionHead, SourceRef


def bylines_of(raw: str) -> tuple[Byline, ...]:
    """The bylines stored in a row's `bylines` column."""
    return tuple(Byline(b["role"], b["name"]) for b in json.loads(raw))


def row_to_article(row: sqlite3.Row, sources: tuple[SourceRef, ...] = ()) -> Article:
    """An Article from a row selected with `store.db.ARTICLE_COLUMNS`."""
    return Article(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        kicker=row["kicker"],
        subtitle=row["subtitle"],
        dateline=row["dateline"],
        date=row["date"],
        source=row["source"],
        page=row["page"],
        section=row["section"],
        bylines=bylines_of(row["bylines"]),
        captions=tuple(json.loads(row["captions"])),
        photo_credits=tuple(json.loads(row["photo_credits"])),
        section_heads=tuple(SectionHead(h["text"], h["paragraph"]) for h in json.loads(row["section_heads"])),
        note=row["note"],
        author_note=row["author_note"],
        sources=sources,
    )


def article_values(a: Article) -> dict[str, object]:
    """The column values for storing an Article."""
    return {
        "id": a.id,
        "title": a.title,
        "kicker": a.kicker,
        "subtitle": a.subtitle,
        "dateline": a.dateline,
        "date": a.date,
        "source": a.source,
        "page": a.page,
        "section": a.section,
        "bylines": json.dumps([b.to_json() for b in a.bylines], ensure_ascii=False),
        "captions": json.dumps(list(a.captions), ensure_ascii=False),
        "photo_credits": json.dumps(list(a.photo_credits), ensure_ascii=False),
        "section_heads": json.dumps([h.to_json() for h in a.section_heads], ensure_ascii=False),
        "text": a.text,
        "note": a.note,
        "author_note": a.author_note,
    }
