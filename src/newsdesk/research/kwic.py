"""A concordance (KWIC): every occurrence of a search's terms, one per line, match centred.

Occurrences are those of the query's normalised body needles (what a hit's spans mark) in each
matching article's `text`, overlapping ones included, found in the text's search form and
mapped back to original code-point offsets (`Normalized.find_all`): `start` indexes
`Article.text`. `count` counts them all in the search form alone (`fold`, no offset map), which
is what makes a first screen cheap to show before the count of tens of thousands is known.

Sorting by date streams articles in date order (oldest first, undated last) and stops when a
screen is full; sorting by left context (nearest character first, as AntConc does) or right
context needs every line, so it reads every matching article once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.errors import UserError
from newsdesk.language import _
from newsdesk.zh.normalize import fold, normalize

__all__ = ["CHUNK", "SORTS", "Concordance", "KwicLine", "KwicResult", "count_in", "occurrences_in"]

SORTS = ("date", "left", "right")
CHUNK = 400  # articles read from the record at a time
BREAK = "¶"  # a paragraph break in a context, one character wide so columns stay aligned
MAX_WIDTH = 500

Texts = Callable[[Sequence[str]], Mapping[str, str]]


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: its article, date, left context, the match as written, right context,
    and the match's code-point offset in the article's text."""

    id: str
    date: str | None
    left: str
    match: str
    right: str
    start: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.date,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "start": self.start,
        }


@dataclass(frozen=True)
class KwicResult:
    """Every occurrence counted, and the lines asked for."""

    occurrences: int
    lines: tuple[KwicLine, ...]

    def to_json(self) -> dict[str, object]:
        return {"occurrences": self.occurrences, "lines": [x.to_json() for x in self.lines]}


def _count_overlapping(hay: str, needle: str) -> int:
    n, at = 0, hay.find(needle)
    while at >= 0:
        n += 1
        at = hay.find(needle, at + 1)
    return n


def count_in(text: str, needles: Sequence[str]) -> int:
    """Occurrences (overlapping included) of the normalised needles in a text's search form."""
    if not text:
        return 0
    hay = fold(text)
    return sum(_count_overlapping(hay, n) for n in needles)


def occurrences_in(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Original (start, end) of every occurrence, in text order."""
    if not text or not needles:
        return []
    norm = normalize(text)
    return sorted(span for n in needles for span in norm.find_all(n))


def _date(d: int) -> str | None:
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}" if d > 0 else None


class Concordance:
    """The concordance of one query over its matching articles (in date order)."""

    def __init__(self, ids: Sequence[str], dates: np.ndarray, needles: Sequence[str], texts: Texts) -> None:
        self.ids = list(ids)
        self.dates = [_date(int(d)) for d in dates]
        self.needles = sorted({n for n in needles if n})
        self._texts = texts

    def _chunks(self, ids: list[str] | None = None) -> Iterator[tuple[list[str], Mapping[str, str]]]:
        ids = self.ids if ids is None else ids
        for at in range(0, len(ids), CHUNK):
            part = ids[at : at + CHUNK]
            yield part, self._texts(part)

    def count(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Every occurrence in every matching article's text."""
        if not self.needles:
            return 0
        total, done = 0, 0
        for part, texts in self._chunks():
            total += sum(count_in(texts.get(i, ""), self.needles) for i in part)
            done += len(part)
            if progress is not None:
                progress(done, len(self.ids))
        return total

    def _lines_of(self, aid: str, date: str | None, text: str, width: int) -> list[KwicLine]:
        out = []
        for s, e in occurrences_in(text, self.needles):
            left = text[max(0, s - width) : s].replace("\n", BREAK)
            right = text[e : e + width].replace("\n", BREAK)
            out.append(KwicLine(aid, date, left, text[s:e].replace("\n", BREAK), right, s))
        return out

    def iter_lines(self, width: int = 20) -> Iterator[KwicLine]:
        """Lines in date order (then text order), read article chunk by chunk."""
        check_width(width)
        if not self.needles:
            return
        date_of = dict(zip(self.ids, self.dates, strict=True))
        for part, texts in self._chunks():
            for aid in part:
                yield from self._lines_of(aid, date_of[aid], texts.get(aid, ""), width)

    def lines(
        self, *, width: int = 20, sort: str = "date", limit: int | None = None, offset: int = 0
    ) -> list[KwicLine]:
        """A page of lines in the given order."""
        check_sort(sort)
        end = None if limit is None else offset + max(0, limit)
        if sort == "date":
            out = []
            for line in self.iter_lines(width):
                out.append(line)
                if end is not None and len(out) >= end:
                    break
            return out[offset:end]
        every = list(self.iter_lines(width))
        if sort == "left":
            every.sort(key=lambda x: (x.left[::-1], x.match, x.right))
        else:
            every.sort(key=lambda x: (x.right, x.match, x.left[::-1]))
        return every[offset:end]


def check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise UserError(
            _("bad --sort {sort}: expected one of {value}").format(sort=repr(sort), value=", ".join(SORTS))
        )


def check_width(width: int) -> None:
    if not 1 <= width <= MAX_WIDTH:
        raise UserError(
            _("bad --width {width}: expected 1 to {MAX_WIDTH} characters of context").format(
                width=width, MAX_WIDTH=MAX_WIDTH
            )
        )
