"""The corpora record `{id,title,date,source,author,section,body}` -> an ArticleDraft.

Shared by the JSON Lines and the JSON reader. `body` is split on "\\n" into paragraphs
(a list of strings is accepted too); `author` becomes bylines with roles when it reads as a
byline (`本报记者 X`, `報導．攝影╱X`, `文字编辑：X`), else one byline with role "author". A
record's own date/source/section/page always win over what the path says.
"""

from __future__ import annotations

import datetime as dt
import re

from newsdesk.domain import ArticleDraft, Byline
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.bylines import parse_byline
from newsdesk.ingest.credits import normalize_name
from newsdesk.ingest.formats import clean_line, clean_paragraphs
from newsdesk.ingest.meta import parse_date
from newsdesk.language import _

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PAGE_SECTION = re.compile(r"第\s*(\d{1,3})\s*版")
FIELDS = ("id", "title", "date", "source", "author", "section", "body")


def looks_like_record(obj: object) -> bool:
    """Whether a JSON value is meant as an article record (has a title or a body)."""
    return isinstance(obj, dict) and ("body" in obj or "title" in obj)


def record_to_draft(obj: object, where: str) -> ArticleDraft | RecordProblem:
    """One decoded JSON value -> a draft, or the reason it is not an article record.

    Strings must be free of unpaired surrogates already (formats.fix_surrogates_in).
    """
    if not isinstance(obj, dict):
        return RecordProblem(where, _("not a JSON object but {type}").format(type=_json_type(obj)))
    body = obj.get("body")
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        lines: list[str] = list(body)
    elif isinstance(body, str):
        lines = body.split("\n")
    elif body is None:
        lines = []
    else:
        return RecordProblem(where, _("'body' is {type}, not text").format(type=_json_type(body)))
    paragraphs = clean_paragraphs(lines)
    title = _text(obj.get("title")) or ""
    if not paragraphs and not title:
        return RecordProblem(where, _("record has no title or body text"))
    raw_date = obj.get("date")
    section = _text(obj.get("section"))
    return ArticleDraft(
        paragraphs=paragraphs,
        title=title,
        kicker=_text(obj.get("kicker")),
        subtitle=_text(obj.get("subtitle")),
        bylines=author_bylines(obj.get("author")),
        date=_date(raw_date),
        source=_text(obj.get("source")),
        page=_page(obj.get("page")) or _page_of_section(section),
        section=section,
        external_id=_external_id(obj.get("id")),
    )


def author_bylines(author: object) -> tuple[Byline, ...]:
    """A record's `author` (text or list of texts) -> bylines."""
    if isinstance(author, list):
        return tuple(b for item in author for b in author_bylines(item))
    text = _text(author)
    if not text:
        return ()
    parsed = parse_byline(text)
    if parsed:
        return parsed
    return (Byline("author", normalize_name(text) if len(text) <= 12 else text),)


def _text(value: object) -> str | None:
    """A JSON scalar as trimmed one-line text; lists (`["暖流", "要聞"]`) joined with '/'."""
    if isinstance(value, str):
        text = clean_line(value)
    elif value is None or isinstance(value, bool):
        return None
    elif isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = "/".join(t for t in map(clean_line, value) if t)
    else:
        return None
    if "\n" in text:
        text = " ".join(text.split("\n"))
    return text or None


def _date(value: object) -> str | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    text = _text(value)
    return parse_date(text) if text else None


def _external_id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _page(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    digits = text.removeprefix("第").removesuffix("版").strip()
    return str(int(digits)) if digits.isdigit() else text


def _page_of_section(section: str | None) -> str | None:
    """`第01版` as a section (the People's Daily records) names the page too."""
    match = _PAGE_SECTION.fullmatch(section) if section else None
    return str(int(match.group(1))) if match and int(match.group(1)) else None


def _json_type(value: object) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("an array")
    return _("an object")
