"""The Whoosh schema of the search index, and how an `Article` becomes one index document.

Text is grouped by how it ranks; each group has three fields over the same normalised text:

    group      holds                                              boost
    title      the headline                                        3.0
    heads      kicker, subtitle, section heads                     2.0
    body       the text, the dateline, the editor's and author's notes 1.0
    caption    captions, then photo credits                        1.0

    <group>     character bigrams with positions (GramPositions)  exact match of 2+ characters
    <group>_c   single characters with counts (TermCounts)         exact match of 1 character
    <group>_w   rjieba search-mode words with counts (TermCounts)   ranking and word mode

Within a group, values and paragraphs are joined by "\\n", across which nothing matches.
Bylines, section, source and page are keyword fields whose terms are the original values
(`author` has one term per byline name); the query engine matches them by scanning their few
distinct values. Nothing but the article id is stored (and kept in a column, `id`): hit spans
and snippets are computed from the article text the library fetches from its database. One
fixed-width column `meta` holds the date (yyyymmdd, 0 when unknown) and each group's normalised
length, for date filters, date sort and BM25 length normalisation.
"""

from __future__ import annotations

import struct

from whoosh import columns, fields

from newsdesk.domain import Article
from newsdesk.index.field_formats import GramPositions, TermCounts
from newsdesk.zh.analysis import CharTokenizer, Folded, GramTokenizer, WordTokenizer
from newsdesk.zh.normalize import fold

__all__ = [
    "GROUPS",
    "GROUP_BOOST",
    "KEYWORD_FIELDS",
    "META",
    "build_schema",
    "date_key",
    "fields_of",
]

GROUPS = ("title", "heads", "body", "caption")
GROUP_BOOST = {"title": 3.0, "heads": 2.0, "body": 1.0, "caption": 1.0}
KEYWORD_FIELDS = ("author", "section", "source", "page")

# date (int32), then the normalised length of each group (uint32), little-endian.
META = struct.Struct("<i" + "I" * len(GROUPS))


def build_schema() -> fields.Schema:
    # (the id is also a column: reading a page of hits' ids costs a slice each, not a stored
    # fields record each)
    spec: dict[str, fields.FieldType] = {"id": fields.ID(stored=True, unique=True, sortable=True)}
    for g in GROUPS:
        # (A Tokenizer is a complete analyzer; Whoosh's stubs ask for Analyzer.)
        spec[g] = fields.FieldType(GramPositions(), GramTokenizer(2), scorable=False)  # type: ignore[arg-type]
        spec[g + "_c"] = fields.FieldType(TermCounts(), CharTokenizer(), scorable=False)  # type: ignore[arg-type]
        spec[g + "_w"] = fields.FieldType(TermCounts(), WordTokenizer(), scorable=False)  # type: ignore[arg-type]
    for k in KEYWORD_FIELDS:
        spec[k] = fields.ID()
    spec["meta"] = fields.COLUMN(columns.FixedBytesColumn(META.size, default=b"\0" * META.size))
    return fields.Schema(**spec)


def date_key(date: str | None) -> int:
    """yyyymmdd as an int, 0 for an unknown or unreadable date."""
    if not date:
        return 0
    digits = date.replace("-", "")[:8]
    if len(digits) == 4:
        digits += "0000"
    elif len(digits) == 6:
        digits += "00"
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def _join(parts: list[str | None]) -> str:
    return "\n".join(p for p in parts if p)


def group_texts(article: Article) -> dict[str, str]:
    """The original text of each group (values joined by "\\n")."""
    return {
        "title": article.title or "",
        "heads": _join([article.kicker, article.subtitle, *(h.text for h in article.section_heads)]),
        "body": _join([article.text, article.dateline, article.note, article.author_note]),
        "caption": _join([*article.captions, *article.photo_credits]),
    }


def _names(values: list[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v.strip():
            seen.setdefault(v.strip(), None)
    return list(seen)


def fields_of(article: Article) -> tuple[str, dict[str, str], dict[str, list[str]], bytes]:
    """What the index holds of an article: its id, each non-empty group's text in search form,
    each keyword field's values and the packed `meta` column value."""
    texts: dict[str, str] = {}
    lengths = []
    for g, text in group_texts(article).items():
        folded = fold(text)
        lengths.append(len(folded))
        if folded:
            texts[g] = Folded(folded)
    keyword_values: tuple[tuple[str, list[str | None]], ...] = (
        ("author", [b.name for b in article.bylines]),
        ("section", [article.section]),
        ("source", [article.source]),
        ("page", [article.page]),
    )
    keywords = {name: names for name, values in keyword_values if (names := _names(values))}
    return article.id, texts, keywords, META.pack(date_key(article.date), *lengths)
