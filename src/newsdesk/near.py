"""Near-identical versions of one article (the same story from a JSON Lines file, a crawler
file and a page text): how they are found, and which version's text a library keeps.

Finding stays linear in the number of articles: a draft is compared only with the stored
articles whose title has the same search form (`title_key`, an indexed column), at most
`CANDIDATES` of them, each by one bounded text comparison (`same_article`).
"""

from __future__ import annotations

import difflib
import re
from typing import Protocol

from newsdesk.domain import Byline, SectionHead
from newsdesk.ingest.credits import PAGE_CREDIT
from newsdesk.zh.normalize import fold

SIMILAR = 0.95  # bodies at least this much the same (difflib ratio) are one article's versions
CANDIDATES = 20  # stored articles with the same title key compared at most
_CHUNK = 4000  # characters a side compared character by character where lines differ
_NOT_KEY = re.compile(r"[\s\W_]+")


class Version(Protocol):
    """What two versions are compared on: an ArticleDraft or a stored Article."""

    @property
    def title(self) -> str: ...
    @property
    def kicker(self) -> str | None: ...
    @property
    def subtitle(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def dateline(self) -> str | None: ...
    @property
    def bylines(self) -> tuple[Byline, ...]: ...
    @property
    def captions(self) -> tuple[str, ...]: ...
    @property
    def photo_credits(self) -> tuple[str, ...]: ...
    @property
    def section_heads(self) -> tuple[SectionHead, ...]: ...
    @property
    def note(self) -> str | None: ...
    @property
    def author_note(self) -> str | None: ...


def title_key(title: str) -> str:
    """A title in search form without spaces or punctuation (`贺词里的追梦人`): Traditional
    folded to Simplified, full-width to half-width, case folded."""
    return _NOT_KEY.sub("", fold(title or ""))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def head_keys(version: Version) -> list[str]:
    """The title keys a version is looked up by: its title's, and its kicker's and subtitle's
    (a head block read as title and subtitle where the paper meant kicker and title)."""
    keys = (title_key(h) for h in (version.title, version.kicker, version.subtitle) if h)
    return list(dict.fromkeys(k for k in keys if k))


def _lines(version: Version, heads: set[str]) -> list[str]:
    """The prose line by line (editor's note, body, author's note), whitespace removed, without
    lines that are a head of either version or a page credit (a JSON Lines record carries its
    kicker and subtitle as the first lines of its body, and may carry the page's `版式设计：…`)."""
    parts = [version.note or "", version.text, version.author_note or ""]
    squeezed = (_squeeze(x) for part in parts for x in part.split("\n"))
    return [p for p in squeezed if p and p not in heads and not PAGE_CREDIT.match(p)]


def same_article(a: Version, b: Version) -> bool:
    """Whether two versions with the same title key are one article: no conflicting dates, and
    prose (head lines aside, whitespace ignored) at least `SIMILAR` the same.

    The measure is difflib's ratio (2 × matching characters / all characters), counted in two
    bounded steps: whole lines matched as units, then characters within the lines that differ
    (up to `_CHUNK` characters a side; a larger difference counts as no match at all)."""
    if a.date and b.date and a.date[:10] != b.date[:10]:
        return False
    heads = {_squeeze(h) for v in (a, b) for h in (v.kicker, v.subtitle, v.title) if h and h.strip()}
    la, lb = _lines(a, heads), _lines(b, heads)
    if la == lb:
        return True
    total = sum(map(len, la)) + sum(map(len, lb))
    if not la or not lb or abs(sum(map(len, la)) - sum(map(len, lb))) > (1 - SIMILAR) * total:
        return False
    lines = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    matched = 0
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            matched += sum(map(len, la[i1:i2]))
        elif tag == "replace":
            sa, sb = "".join(la[i1:i2]), "".join(lb[j1:j2])
            if max(len(sa), len(sb)) <= _CHUNK:
                chars = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
                matched += sum(m.size for m in chars.get_matching_blocks())
    return 2 * matched >= SIMILAR * total


def richness(version: Version) -> int:
    """How much of an article's structure a version holds apart from its body text: the
    version with more is the one a library keeps (heads, bylines, dateline, notes, captions)."""
    parts = (
        version.kicker,
        version.subtitle,
        version.dateline,
        version.bylines,
        version.captions,
        version.photo_credits,
        version.section_heads,
        version.note,
        version.author_note,
    )
    return sum(1 for p in parts if p)


def keeps_new(new: Version, stored: Version) -> bool:
    """Whether a newly read version replaces the stored one: only when it holds more structure
    (`richness`); on a tie the stored text stays, so ids, passages and corrections stay put."""
    return richness(new) > richness(stored)
