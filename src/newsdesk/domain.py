"""Frozen value types shared by every layer: articles as read, articles as stored, search hits.

Offsets anywhere in newsdesk are Python code-point indices into `Article.text`, the article's
paragraphs joined by "\\n". Structure (heads, bylines, captions) lives beside the text, not in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# The roles a byline may credit, each with the word a Chinese reader knows it by (the one place
# roles are listed; the words newspapers print for them are ingest.credits').
ROLE_LABELS = {
    "reporter": "记者",
    "correspondent": "通讯员",
    "photographer": "摄影",
    "commentator": "评论员",
    "editor": "编辑",
    "author": "作者",
}
ROLES = tuple(ROLE_LABELS)


def credited(bylines: Iterable[Byline]) -> list[tuple[str, tuple[str, ...]]]:
    """Each credited name once, in byline order, with its roles in order (向高彬 credited as
    reporter and as photographer is one entry with two roles)."""
    roles: dict[str, list[str]] = {}
    for b in bylines:
        seen = roles.setdefault(b.name, [])
        if b.role not in seen:
            seen.append(b.role)
    return [(name, tuple(r)) for name, r in roles.items()]


def byline_names(bylines: Iterable[Byline], sep: str = "  ") -> str:
    """The credited names, each once: `向高彬  刘地`."""
    return sep.join(name for name, _ in credited(bylines))


def byline_labels(bylines: Iterable[Byline]) -> list[str]:
    """One label per credited name, its roles joined by `·`: `记者·摄影 向高彬`."""
    return ["·".join(ROLE_LABELS.get(r, r) for r in roles) + f" {name}" for name, roles in credited(bylines)]


@dataclass(frozen=True)
class Byline:
    """One credited person or organisation and the role they are credited in."""

    role: str
    name: str

    def to_json(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name}


@dataclass(frozen=True)
class SectionHead:
    """A section head (小标题) standing before paragraph number `paragraph` of the body."""

    text: str
    paragraph: int

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "paragraph": self.paragraph}


@dataclass(frozen=True)
class ArticleDraft:
    """An article as a reader found it in a file, before it has an id in a library."""

    paragraphs: tuple[str, ...]
    title: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    bylines: tuple[Byline, ...] = ()
    dateline: str | None = None
    captions: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    section_heads: tuple[SectionHead, ...] = ()
    note: str | None = None  # the editor's note (编者按, or paragraphs signed ——编者), as printed
    author_note: str | None = None  # a closing note on the author: `（作者为…所长）`
    date: str | None = None
    source: str | None = None
    page: str | None = None
    section: str | None = None
    external_id: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class SourceRef:
    """A file an article was read from, with the file's content hash at import time."""

    path: str
    sha256: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "sha256": self.sha256}


@dataclass(frozen=True)
class Article:
    """An article as stored in a library: the truth that the index and the window derive from."""

    id: str
    title: str
    text: str
    kicker: str | None = None
    subtitle: str | None = None
    bylines: tuple[Byline, ...] = ()
    dateline: str | None = None
    captions: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    section_heads: tuple[SectionHead, ...] = ()
    date: str | None = None
    source: str | None = None
    page: str | None = None
    section: str | None = None
    note: str | None = None  # the editor's note (编者按), shown above the body
    author_note: str | None = None  # a closing note on the author (作者为…), shown after it
    sources: tuple[SourceRef, ...] = field(default=(), compare=False)

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    def to_json(self) -> dict[str, object]:
        """The `show --json` shape."""
        return {
            "id": self.id,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "date": self.date,
            "source": self.source,
            "page": self.page,
            "section": self.section,
            "dateline": self.dateline,
            "bylines": [b.to_json() for b in self.bylines],
            "captions": list(self.captions),
            "photo_credits": list(self.photo_credits),
            "section_heads": [h.to_json() for h in self.section_heads],
            "note": self.note,
            "author_note": self.author_note,
            "text": self.text,
            "paragraphs": self.paragraphs,
            "sources": [s.to_json() for s in self.sources],
        }


@dataclass(frozen=True)
class ArticleSummary:
    """The few fields a list row shows, cheap to fetch in bulk."""

    id: str
    title: str
    date: str | None
    source: str | None
    page: str | None
    bylines: tuple[Byline, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "page": self.page,
            "bylines": [b.to_json() for b in self.bylines],
        }


@dataclass(frozen=True)
class Hit:
    """One search result: `spans` are (start, end) offsets into the article's `text`.

    `needles` and `caption_needles` are what the query looks for (in search form) in the parts
    a page of hits does not read, for a reader to mark: kicker, subtitle, section heads and
    dateline; captions and photo credits."""

    id: str
    title: str
    date: str | None
    source: str | None
    page: str | None
    score: float
    snippet: str  # plain text on one line; `snippet_spans` say where its matches stand
    snippet_spans: tuple[tuple[int, int], ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    needles: tuple[str, ...] = ()
    caption_needles: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "page": self.page,
            "score": self.score,
            "snippet": self.snippet,
            "spans": [list(s) for s in self.spans],
            "title_spans": [list(s) for s in self.title_spans],
        }


Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Marks:
    """Where a query's needles stand in each part of an article: merged (start, end) code-point
    spans into that part, one tuple per section head, caption and photo credit, in the article's
    order (what the window's reading pane marks)."""

    title: Spans = ()
    kicker: Spans = ()
    subtitle: Spans = ()
    dateline: Spans = ()
    text: Spans = ()
    section_heads: tuple[Spans, ...] = ()
    captions: tuple[Spans, ...] = ()
    photo_credits: tuple[Spans, ...] = ()
    note: Spans = ()
    author_note: Spans = ()

    def count(self) -> int:
        """How many spans in all."""
        flat = [self.title, self.kicker, self.subtitle, self.dateline, self.text, self.note, self.author_note]
        flat += [*self.section_heads, *self.captions, *self.photo_credits]
        return sum(len(s) for s in flat)

    def to_json(self) -> dict[str, object]:
        def each(spans: Spans) -> list[list[int]]:
            return [list(s) for s in spans]

        return {
            "title": each(self.title),
            "kicker": each(self.kicker),
            "subtitle": each(self.subtitle),
            "dateline": each(self.dateline),
            "text": each(self.text),
            "section_heads": [each(s) for s in self.section_heads],
            "captions": [each(s) for s in self.captions],
            "photo_credits": [each(s) for s in self.photo_credits],
            "note": each(self.note),
            "author_note": each(self.author_note),
        }


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the exact total, and facet counts when asked for; `stages_ms` says
    where `took_ms` went (parse, evaluate, rank, facets, fetch, marks: in that order)."""

    total: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, list[tuple[str, int]]] | None = None
    stages_ms: dict[str, float] = field(default_factory=dict)
    limit: int = 0  # the most hits this page could hold (a larger request is capped)

    def to_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "limit": self.limit,
            "took_ms": round(self.took_ms, 2),
            "stages_ms": {k: round(v, 3) for k, v in self.stages_ms.items()},
            "hits": [h.to_json() for h in self.hits],
            "facets": (
                {k: [{"value": v, "count": n} for v, n in vals] for k, vals in self.facets.items()}
                if self.facets is not None
                else None
            ),
        }
