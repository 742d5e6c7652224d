"""Whoosh tokenizers for Chinese search: character bigrams, single characters, jieba words.

All three read text in search form (`newsdesk.zh.normalize`): they normalise what they are given,
unless it is a `Folded` string, which the indexer passes to fold each field once for all three.

- `GramTokenizer`: overlapping character n-grams (bigrams by default) over every character but
  "\\n" (Han, Latin, digits, punctuation and single spaces alike), so that any string of two or
  more characters is found as a phrase of the grams that cover it. A gram's `pos` is the offset of
  its first character in the normalised value: grams of one paragraph are numbered 0, 1, 2 …,
  and a paragraph break skips two numbers, so no phrase matches across it.
- `CharTokenizer`: each character but space and "\\n", for one-character queries.
- `WordTokenizer`: rjieba's search-mode words (`cut_for_search`), for ranking and word mode;
  tokens without a letter or digit (punctuation, spaces) are dropped; `pos` counts words.

Each follows Whoosh's tokenizer contract (`whoosh.analysis.tokenizers.RegexTokenizer`): one reused
`Token`, `pos` set only when `positions`, `startchar`/`endchar` (offsets into the *original*
value, through the normalisation map) only when `chars`, `start_pos`/`start_char` honoured.
Each also has a fast path (`postings`/`counts`) that the field formats in `newsdesk.index.field_formats`
call instead of building a Token per gram. Whoosh pickles these classes into the index schema:
keep their import path (`newsdesk.zh.analysis`) and names stable.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterator, MutableSequence
from typing import Any

from whoosh.analysis import Token, Tokenizer

from newsdesk.zh import word_table
from newsdesk.zh.normalize import fold, normalize

__all__ = ["CharTokenizer", "Folded", "GramTokenizer", "WordTokenizer"]

_WORDLIKE = re.compile(r"\w")
# Characters outside every block jieba segments on its own (its runs of Han characters, letters,
# digits and "+#&._%-"): spaces and punctuation other than those.
_UP_TO_BLOCK_END = re.compile(r".*[\s\u3000-\u303f，！？；：,!?;:]", re.DOTALL)
SLICE = 1 << 15  # characters of a long paragraph tokenized at a time
LARGE_TEXT = 1 << 17  # characters from which a text's gram positions are kept in arrays


class Folded(str):
    """A string already in search form (the indexer's fast path: fold once, tokenize thrice)."""

    __slots__ = ()


def _prepare(value: str, chars: bool) -> tuple[str, Any]:
    """The normalised text, and the normalisation (for original offsets) when `chars`."""
    if isinstance(value, Folded):
        return str(value), None
    if chars:
        norm = normalize(value)
        return norm.text, norm
    return fold(value), None


def _orig(norm: Any, start: int, end: int) -> tuple[int, int]:
    return (start, end) if norm is None else norm.span(start, end)


class GramTokenizer(Tokenizer):
    """Overlapping character n-grams of normalised text; paragraphs do not share grams."""

    def __init__(self, size: int = 2) -> None:
        self.size = size

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.size == self.size  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.size))

    def _grams(self, text: str) -> Iterator[tuple[int, str]]:
        n = self.size
        base = 0
        for para in text.split("\n"):
            for i in range(len(para) - n + 1):
                yield base + i, para[i : i + n]
            base += len(para) + 1

    def postings(self, value: str) -> dict[str, MutableSequence[int]]:
        """Fast path: each gram with its ascending positions (in a list; in an `array` for a
        text of more than `LARGE_TEXT` characters, a quarter of the memory).

        Grams are cut `SLICE` positions at a time, so a paragraph of millions of characters
        never stands as a list of millions of grams."""
        text, _ = _prepare(value, False)
        n = self.size
        large = len(text) > LARGE_TEXT
        out: dict[str, MutableSequence[int]] = {}
        base = 0
        for para in text.split("\n"):
            last = len(para) - n + 1
            for lo in range(0, max(last, 0), SLICE):
                hi = min(last, lo + SLICE)
                for i, g in enumerate([para[i : i + n] for i in range(lo, hi)], base + lo):
                    lst = out.get(g)
                    if lst is None:
                        out[g] = array("I", (i,)) if large else [i]
                    else:
                        lst.append(i)
            base += len(para) + 1
        return out

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        assert isinstance(value, str), f"{value!r} is not unicode"
        text, norm = _prepare(value, chars)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = text  # type: ignore[attr-defined]
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        n = self.size
        for pos, gram in self._grams(text):
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = gram  # type: ignore[attr-defined]
            if positions:
                t.pos = start_pos + pos
            if chars:
                s, e = _orig(norm, pos, pos + n)
                t.startchar, t.endchar = start_char + s, start_char + e
            yield t


class CharTokenizer(Tokenizer):
    """Every character of normalised text except spaces and paragraph breaks."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def counts(self, value: str) -> Counter[str]:
        """Fast path: each character with its number of occurrences."""
        text, _ = _prepare(value, False)
        c = Counter(text)
        c.pop(" ", None)
        c.pop("\n", None)
        return c

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        assert isinstance(value, str), f"{value!r} is not unicode"
        text, norm = _prepare(value, chars)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, ch in enumerate(text):
            if ch == " " or ch == "\n":
                continue
            t.text = ch
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = ch  # type: ignore[attr-defined]
            if positions:
                t.pos = start_pos + i
            if chars:
                s, e = _orig(norm, i, i + 1)
                t.startchar, t.endchar = start_char + s, start_char + e
            yield t


def _rjieba() -> Any:
    """rjieba, imported on first use (an import's words): loading its dictionary takes about
    0.1 s, holding the GIL, which a library opened for searching need not pay."""
    import rjieba

    return rjieba


def _words(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of rjieba's search-mode words, paragraph by paragraph (a long one
    `SLICE` characters or so at a time: see `_slices`)."""
    base = 0
    tokenize = _rjieba().tokenize
    for para in text.split("\n"):
        for at, piece in _slices(para):
            for word, s, e in tokenize(piece, mode="search"):
                if _WORDLIKE.search(word):
                    yield word, base + at + s, base + at + e
        base += len(para) + 1


def _slices(para: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a paragraph, cut every `SLICE` characters or so just after a
    character that ends jieba's blocks (punctuation or a space: jieba segments the runs of Han
    characters and word characters between them on their own, so words come out the same);
    a run of `SLICE` characters without one is cut where it stands."""
    at = 0
    while len(para) - at > SLICE:
        m = _UP_TO_BLOCK_END.match(para, at + SLICE // 2, at + SLICE)  # (to the last one)
        cut = m.end() if m is not None else at + SLICE
        yield at, para[at:cut]
        at = cut
    if at < len(para):
        yield at, para[at:]


def query_words(text: str) -> list[str]:
    """The words of an already normalised query term (jieba's precise mode, as rjieba cuts them,
    from `word_table`: no rjieba load for a query), for word mode and the word bonus."""
    if len(text) == 1:  # (one character is one word, or none)
        return [text] if _WORDLIKE.search(text) else []
    return [w for w in word_table.cut(text) if _WORDLIKE.search(w)]


class WordTokenizer(Tokenizer):
    """rjieba search-mode words of normalised text (letters/digits runs come out as words)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def counts(self, value: str) -> Counter[str]:
        text, _ = _prepare(value, False)
        return Counter(w for w, _, _ in _words(text))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        assert isinstance(value, str), f"{value!r} is not unicode"
        text, norm = _prepare(value, chars)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (word, s, e) in enumerate(_words(text)):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word  # type: ignore[attr-defined]
            if positions:
                t.pos = start_pos + pos
            if chars:
                os_, oe = _orig(norm, s, e)
                t.startchar, t.endchar = start_char + os_, start_char + oe
            yield t
