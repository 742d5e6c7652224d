"""Passages out and back in: CSV (safe in spreadsheets), W3C-style JSON, Markdown with citations.

The JSON form follows the W3C Web Annotation model: an AnnotationCollection whose annotations
carry their tags and note as TextualBody values (purpose "tagging" / "commenting") and target
the article with a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector
(code-point start/end). `parse_json` reads it back, and also a plain list in the
`tag list --json` shape, so that an export imported into another library gives the same passages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from urllib.parse import quote as url_quote
from urllib.parse import unquote

from newsdesk import __version__, jsontext
from newsdesk.errors import UserError
from newsdesk.language import _
from newsdesk.store.db import now
from newsdesk.tags.cite import Citable, citation
from newsdesk.tags.model import Passage, is_within, normalize_note, normalize_tags, tree_key

FORMATS = ("csv", "json", "md")
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PASSAGE_URN = "urn:newsdesk:passage:"
ARTICLE_URN = "urn:newsdesk:article:"
FORMAT_VERSION = 1
# Spreadsheets run a cell that begins with one of these as a formula (full-width forms too,
# which some CJK spreadsheet set-ups fold to ASCII).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
CSV_COLUMNS = (
    "id",
    "article_id",
    "title",
    "date",
    "newspaper",
    "page",
    "start",
    "end",
    "quote",
    "note",
    "tags",
    "citation",
    "created",
    "modified",
    "orphaned",
)
UNTAGGED = "（无标签）"


def neutralise(cell: object) -> str:
    """A CSV cell that a spreadsheet shows as text: formula starts get a leading apostrophe."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(passages: Sequence[Passage], articles: Mapping[str, Citable]) -> str:
    """One row per passage, every cell neutralised, tags joined by "; "."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for p in passages:
        a = articles.get(p.article_id)
        w.writerow(
            neutralise(c)
            for c in (
                p.id,
                p.article_id,
                a.title if a else "",
                a.date if a else "",
                a.source if a else "",
                a.page if a else "",
                p.start,
                p.end,
                p.quote,
                p.note,
                "; ".join(p.tags),
                citation(a) if a else "",
                p.created,
                p.modified,
                p.orphaned,
            )
        )
    return out.getvalue()


def annotation(p: Passage, article: Citable | None) -> dict[str, object]:
    """One passage as a W3C Web Annotation."""
    body: list[dict[str, object]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": t} for t in p.tags
    ]
    if p.note is not None:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": p.note, "format": "text/plain"})
    extra: dict[str, object] = {"article_id": p.article_id, "orphaned": p.orphaned}
    if article is not None:
        extra["article"] = {
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "page": article.page,
            "citation": citation(article),
        }
    return {
        "type": "Annotation",
        "id": PASSAGE_URN + p.id,
        "motivation": "tagging" if p.tags else "commenting",
        "created": p.created,
        "modified": p.modified,
        "body": body,
        "target": {
            "source": ARTICLE_URN + url_quote(p.article_id, safe=""),
            "selector": [
                {"type": "TextQuoteSelector", "exact": p.quote, "prefix": p.prefix, "suffix": p.suffix},
                {"type": "TextPositionSelector", "start": p.start, "end": p.end},
            ],
        },
        "newsdesk": extra,
    }


def to_json(passages: Sequence[Passage], articles: Mapping[str, Citable], colours: Mapping[str, str]) -> str:
    """An AnnotationCollection of every passage, with the tags' colours."""
    doc = {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": "newsdesk passages",
        "generator": {"type": "Software", "name": f"newsdesk {__version__}"},
        "generated": now(),
        "total": len(passages),
        "newsdesk": {"format": FORMAT_VERSION, "tag_colours": dict(sorted(colours.items()))},
        "first": {
            "type": "AnnotationPage",
            "items": [annotation(p, articles.get(p.article_id)) for p in passages],
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def to_markdown(
    passages: Sequence[Passage], articles: Mapping[str, Citable], *, within: str | None = None
) -> str:
    """Passages grouped by tag (a passage shows under each of its tags), each with its citation.

    With `within`, only the groups of that tag and its descendants are written.
    """
    groups: dict[str, list[Passage]] = {}
    for p in passages:
        for t in p.tags or (UNTAGGED,):
            if within is None or is_within(t, within):
                groups.setdefault(t, []).append(p)
    lines = ["# 标注摘录", ""]
    for tag in sorted(groups, key=lambda t: (t == UNTAGGED, tree_key(t))):
        lines += [f"## {tag}（{len(groups[tag])}）", ""]
        for p in groups[tag]:
            a = articles.get(p.article_id)
            lines.append(_md_quote(p.quote))
            lines.append(">")
            lines.append("> —— " + (citation(a) if a else f"[{p.article_id}]"))
            lines.append("")
            if p.note:
                lines += [f"备注：{p.note}", ""]
            if p.orphaned:
                lines += [f"（未能在原文中重新定位，{p.orphaned}）", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- reading an export back -------------------------------------------------------------------


def _bad(where: str, why: str) -> UserError:
    return UserError(_("not a newsdesk passage export: {where}: {why}").format(where=where, why=why))


def _field(obj: Mapping[str, object], key: str, kind: type, where: str, *, optional: bool = False) -> object:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _bad(where, f"{key!r} must be {kind.__name__}")
    return value


def _from_plain(item: Mapping[str, object], where: str) -> Passage:
    return Passage(
        id=str(_field(item, "id", str, where)),
        article_id=str(_field(item, "article_id", str, where)),
        start=int(_field(item, "start", int, where)),  # type: ignore[call-overload]
        end=int(_field(item, "end", int, where)),  # type: ignore[call-overload]
        quote=str(_field(item, "quote", str, where)),
        prefix=str(item.get("prefix") or ""),
        suffix=str(item.get("suffix") or ""),
        tags=normalize_tags(list(_field(item, "tags", list, where))),  # type: ignore[call-overload]
        note=normalize_note(_field(item, "note", str, where, optional=True)),  # type: ignore[arg-type]
        created=str(_field(item, "created", str, where)),
        modified=str(_field(item, "modified", str, where)),
        orphaned=_field(item, "orphaned", str, where, optional=True),  # type: ignore[arg-type]
    )


def _from_annotation(item: Mapping[str, object], where: str) -> Passage:
    raw_id = str(_field(item, "id", str, where))
    pid = raw_id.removeprefix(PASSAGE_URN)
    target = _field(item, "target", dict, where)
    assert isinstance(target, dict)
    extra = item.get("newsdesk") if isinstance(item.get("newsdesk"), dict) else {}
    assert isinstance(extra, dict)
    article_id = extra.get("article_id")
    if not isinstance(article_id, str):
        source = str(_field(target, "source", str, where))
        if not source.startswith(ARTICLE_URN):
            raise _bad(where, f"target source {source!r} is not a newsdesk article")
        article_id = unquote(source.removeprefix(ARTICLE_URN))
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type = {s.get("type"): s for s in selectors if isinstance(s, dict)}
    tq, tp = by_type.get("TextQuoteSelector"), by_type.get("TextPositionSelector")
    if tq is None or tp is None:
        raise _bad(where, "needs a TextQuoteSelector and a TextPositionSelector")
    body = item.get("body") or []
    body = body if isinstance(body, list) else [body]
    tags = [b.get("value") for b in body if isinstance(b, dict) and b.get("purpose") == "tagging"]
    notes = [b.get("value") for b in body if isinstance(b, dict) and b.get("purpose") == "commenting"]
    orphaned = extra.get("orphaned")
    return Passage(
        id=pid,
        article_id=article_id,
        start=int(_field(tp, "start", int, where)),  # type: ignore[call-overload]
        end=int(_field(tp, "end", int, where)),  # type: ignore[call-overload]
        quote=str(_field(tq, "exact", str, where)),
        prefix=str(tq.get("prefix") or ""),
        suffix=str(tq.get("suffix") or ""),
        tags=normalize_tags([t for t in tags if isinstance(t, str)]),
        note=normalize_note("\n".join(n for n in notes if isinstance(n, str)) or None),
        created=str(_field(item, "created", str, where)),
        modified=str(item.get("modified") or item["created"]),
        orphaned=orphaned if isinstance(orphaned, str) else None,
    )


def parse_json(text: str) -> tuple[list[Passage], dict[str, str]]:
    """Passages and tag colours from an export (or a `tag list --json` list)."""
    try:
        doc = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise UserError(_("not a newsdesk passage export: bad JSON: {exc}").format(exc=exc)) from None
    colours: dict[str, str] = {}
    if isinstance(doc, dict):
        extra = doc.get("newsdesk")
        if isinstance(extra, dict) and isinstance(extra.get("tag_colours"), dict):
            colours = {str(k): str(v) for k, v in extra["tag_colours"].items()}
        page = doc.get("first") if doc.get("type") == "AnnotationCollection" else doc
        items = page.get("items") if isinstance(page, dict) else None
        if not isinstance(items, list):
            raise _bad("top level", "expected an AnnotationCollection or a list of passages")
    elif isinstance(doc, list):
        items = doc
    else:
        raise _bad("top level", "expected an AnnotationCollection or a list of passages")
    out = []
    for n, item in enumerate(items, start=1):
        where = f"item {n}"
        if not isinstance(item, dict):
            raise _bad(where, "not an object")
        p = _from_annotation(item, where) if item.get("type") == "Annotation" else _from_plain(item, where)
        if not p.id or not p.article_id or not p.quote or not 0 <= p.start < p.end:
            raise _bad(where, "empty id, article id or quote, or bad offsets")
        out.append(p)
    return out, colours
