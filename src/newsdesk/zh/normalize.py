"""Search normalisation of Chinese text, with a map from every normalised character back.

Search compares *normalised* text on both sides (query and article). Normalising is, in order:

1. per character (a base character with its combining marks is one cluster): NFKC (full-width
   Latin and digits to half-width, compatibility ideographs to unified ones), case folding,
   then Traditional → Simplified with OpenCC's character table (``TSCharacters.txt``, bundled
   in ``zh/data/`` with OpenCC's licence; first candidate, applied to a fixed point). Format
   characters (zero-width space, BOM, soft hyphen) and control characters vanish; tabs and
   other spaces become " ".
2. a run of spaces and quotation marks that stands between two Han characters vanishes
   (``王  珏`` reads ``王珏``, ``“五星”支部`` reads ``“五星支部``); any other run of several
   spaces becomes one space.

"\\n" is kept as it is: it separates paragraphs (and field values), and nothing matches across it.

`fold` gives the normalised string alone (what the indexer needs); `normalize` also keeps,
for each normalised character, the original characters it came from, so a match found in the
normalised text maps back to code-point offsets in the original (`Normalized.span`).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TypeAlias

import numpy as np

__all__ = [
    "HAN_CLASS",
    "QUOTES",
    "Normalized",
    "find_spans",
    "find_spans_many",
    "fold",
    "fold_char",
    "is_han",
    "normalize",
    "normalize_term",
]

# Han ideographs after NFKC (compatibility ideographs are folded into these ranges), plus 〇.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
# Quotation marks as they are after NFKC (＂ → ", ﹁ → 「 …).
QUOTES = "\"'\u2018\u2019\u201c\u201d\u300c\u300d\u300e\u300f\u301d\u301e\u301f\u00ab\u00bb\u2039\u203a"

_HAN_RE = re.compile(f"[{HAN_CLASS}]")
# Spaces/quotes between two Han characters vanish; any other run of 2+ spaces becomes one.
# (The rule as one pattern; `_gap_edits` applies it faster, and the tests hold it to this.)
_GAP_RE = re.compile(
    f"(?P<gap>(?<=[{HAN_CLASS}])[ {re.escape(QUOTES)}]+(?=[{HAN_CLASS}]))|(?P<squeeze> {{2,}})"
)
_EDGE_CHARS = " " + QUOTES
# A run of the characters step 2 may touch (what `_GAP_RE` can match lies inside one).
_RUN_RE = re.compile(f"[ {re.escape(QUOTES)}]+")

# Marks a character whose folding is not one-to-one (or that joins its neighbour): such text
# takes the slow path that keeps an offset map. U+FFFF is a noncharacter, so it never folds to
# itself silently: a text containing it also takes the slow path.
_SPECIAL = "\uffff"


def _continues_cluster(ch: str) -> bool:
    # Combining marks, kana voicing marks and conjoining jamo compose with what precedes them.
    o = ord(ch)
    return bool(
        unicodedata.combining(ch) or 0x3099 <= o <= 0x309A or 0xFF9E <= o <= 0xFF9F or 0x1160 <= o <= 0x11FF
    )


@lru_cache(maxsize=1)
def _ts_table() -> dict[str, str]:
    """OpenCC's Traditional → Simplified character table: first candidate, single characters."""
    # zh/data/TSCharacters.txt is OpenCC's own file, bundled with its licence (Apache-2.0).
    lines = files("newsdesk.zh").joinpath("data", "TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in lines.splitlines():
        src, _, cands = line.partition("\t")
        first = cands.split(" ")[0] if cands else ""
        if len(src) == 1 and len(first) == 1 and first != src:
            table[src] = first
    # Chains (A → B, B → C) resolve to their end so folding is idempotent.
    for src in list(table):
        seen = {src}
        dst = table[src]
        while dst in table and dst not in seen:
            seen.add(dst)
            dst = table[dst]
        table[src] = dst
    return table


def _fold_cluster(s: str) -> str:
    """Fold a character (or a base with its combining marks) to its search form."""
    out = []
    for ch in unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold()):
        if ch == "\n":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if ch.isspace() or cat == "Zs":
            out.append(" ")
        elif cat in ("Cf", "Cc"):
            continue
        elif not out and unicodedata.combining(ch) and not _continues_cluster(s[0]):
            # The mark's base vanished (a format character): left alone it would combine with
            # whatever precedes the cluster when folded again, so folding would not be idempotent.
            continue
        else:
            out.append(_ts_table().get(ch, ch))
    return "".join(out)


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character.

    One-to-one foldings map to their result; anything else maps to `_SPECIAL`.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _fold_cluster(ch)
        value = folded if len(folded) == 1 and not _continues_cluster(ch) else _SPECIAL
        self[code] = value
        return value


_TABLE = _FoldTable()
_UNSEEN = 0xFFFFFFFF  # no code point: a character `_CODES` has not looked up yet
_CODES: np.ndarray | None = None  # code point → code point of `_TABLE`'s value


def _fold_chars(text: str) -> str:
    """`text.translate(_TABLE)`, several times faster: one numpy lookup per text in a table
    of every code point (filled from `_TABLE` on first sight of each character)."""
    global _CODES
    if len(text) < 64:
        return text.translate(_TABLE)
    if _CODES is None:
        _CODES = np.full(0x110000, _UNSEEN, dtype=np.uint32)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    out = _CODES[codes]
    unseen = (out == _UNSEEN).nonzero()[0]  # (not `.any()`: a Python call in numpy, slow when cold)
    if len(unseen):
        new = np.sort(codes[unseen])  # (not `np.unique`: it imports `numpy.ma`, 30 ms cold)
        for c in new[np.flatnonzero(np.diff(new, prepend=-1))].tolist():
            _CODES[c] = ord(_TABLE[c])
        out = _CODES[codes]
    return out.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def fold_char(ch: str) -> str:
    """The search form of one character (may be empty or longer than one character)."""
    return _fold_cluster(ch)


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def _clusters(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 1
    while start < n:
        while i < n and _continues_cluster(text[i]):
            i += 1
        spans.append((start, i))
        start = i
        i += 1
    return spans


OffsetMap: TypeAlias = "list[int] | array[int]"
COMPACT_FROM = 200_000  # characters: a longer text keeps its offset maps in compact arrays


def _fold_with_map(text: str, mapped: bool = True) -> tuple[str, OffsetMap | None, OffsetMap | None]:
    """Step 1: per-character folding; the maps are None when it was one-to-one (or not
    `mapped`: `fold` needs none, and they cost two Python ints per character).

    Only the clusters holding a character marked `_SPECIAL` are folded one by one; the runs
    between them are copied from the translated text with their offsets (C speed)."""
    out = _fold_chars(text)
    at = out.find(_SPECIAL)
    if at < 0:
        return out, None, None
    pieces: list[str] = []
    # A long text's maps are arrays (8 bytes an offset; a Python int in a list costs 36), a
    # short one's lists (faster to fill and read: a page of hits is normalised every search).
    compact = len(text) > COMPACT_FROM
    starts: OffsetMap = array("q") if compact else []
    ends: OffsetMap = array("q") if compact else []
    n = len(text)
    pos = 0  # original offset up to which everything is emitted
    while at >= 0:
        s = at
        # A mark continues the cluster of the (one-to-one) character before it.
        if _continues_cluster(text[at]) and at - 1 >= pos:
            s = at - 1
        e = at + 1
        while e < n and _continues_cluster(text[e]):
            e += 1
        if s > pos:
            pieces.append(out[pos:s])
            if mapped:
                starts.extend(range(pos, s))
                ends.extend(range(pos + 1, s + 1))
        piece = _fold_cluster(text[s:e])
        if piece:
            pieces.append(piece)
            if mapped:
                starts.extend([s] * len(piece))
                ends.extend([e] * len(piece))
        pos = e
        at = out.find(_SPECIAL, pos)
    if pos < n:
        pieces.append(out[pos:])
        if mapped:
            starts.extend(range(pos, n))
            ends.extend(range(pos + 1, n + 1))
    return ("".join(pieces), starts, ends) if mapped else ("".join(pieces), None, None)


def _gap_edits(folded: str) -> list[tuple[int, int, bool]]:
    """Step 2 on folded text as edits (start, end, squeezed), in order: what `_GAP_RE`
    matches (a gap vanishes, a squeezed run becomes one space), found without its lookbehind.

    Every match lies in one maximal run of spaces and quotes: the whole run is a gap when a Han
    character stands on each side of it; otherwise each stretch of two or more spaces in it is
    squeezed (inside a run, the character before is never Han, so no later gap starts there)."""
    edits: list[tuple[int, int, bool]] = []
    n = len(folded)
    for m in _RUN_RE.finditer(folded):
        s, e = m.span()
        if s > 0 and e < n and _HAN_RE.match(folded, s - 1) and _HAN_RE.match(folded, e):
            edits.append((s, e, False))
            continue
        i = folded.find("  ", s, e)
        while i >= 0:
            j = i + 2
            while j < e and folded[j] == " ":
                j += 1
            edits.append((i, j, True))
            i = folded.find("  ", j, e)
    return edits


def fold(text: str) -> str:
    """The normalised (search) form of `text`: what `normalize` gives, made without its map."""
    folded, _, _ = _fold_with_map(text, mapped=False)
    pieces: list[str] = []
    prev = 0
    for s, e, squeezed in _gap_edits(folded):
        pieces.append(folded[prev:s])
        if squeezed:
            pieces.append(" ")
        prev = e
    if not pieces:
        return folded
    pieces.append(folded[prev:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text in search form, and where each of its characters came from in the original.

    Two maps compose: step 2 (gaps) as pieces — normalised offset `out[k]` onward copies folded
    offset `src[k]` onward, or (`run[k]` set) one squeezed space stands for folded range
    `run[k]` — and step 1 (per character) as `fold_starts`/`fold_ends`, the original range each
    folded character came from. Either is None when it is the identity (the common case).
    """

    text: str
    original: str
    fold_starts: OffsetMap | None = None
    fold_ends: OffsetMap | None = None
    out: list[int] | None = None
    src: list[int] | None = None
    run: list[tuple[int, int] | None] | None = None

    @property
    def identity(self) -> bool:
        """True when every normalised character is the original character at the same offset."""
        return self.fold_starts is None and self.out is None

    def _folded_range(self, i: int) -> tuple[int, int]:
        if self.out is None or self.src is None or self.run is None:
            return i, i + 1
        k = bisect_right(self.out, i) - 1
        r = self.run[k]
        if r is not None:
            return r
        j = self.src[k] + (i - self.out[k])
        return j, j + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets covering normalised characters [start, end) (end > start).

        Characters that normalisation skipped *inside* the range (spaces, quotes) are covered;
        those before its first or after its last character are not.
        """
        if self.identity:
            return start, end
        s = self._folded_range(start)[0]
        e = self._folded_range(end - 1)[1]
        if self.fold_starts is None or self.fold_ends is None:
            return s, e
        return self.fold_starts[s], self.fold_ends[e - 1]

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Original spans of every (possibly overlapping) occurrence of a normalised needle."""
        if not needle:
            return []
        n = len(needle)
        starts = _find_all(self.text, needle)
        if self.identity:
            return [(i, i + n) for i in starts]
        span = self.span
        return [span(i, i + n) for i in starts]


def normalize(text: str) -> Normalized:
    """`text` in search form with its offset map back to `text`."""
    folded, fstarts, fends = _fold_with_map(text)
    pieces: list[str] = []
    out: list[int] = [0]
    src: list[int] = [0]
    run: list[tuple[int, int] | None] = [None]
    prev = 0
    n = 0
    for s, e, squeezed in _gap_edits(folded):
        pieces.append(folded[prev:s])
        n += s - prev
        if squeezed:
            # One space stands for the whole run, then copying resumes after it.
            pieces.append(" ")
            out.append(n)
            src.append(s)
            run.append((s, e))
            n += 1
        out.append(n)
        src.append(e)
        run.append(None)
        prev = e
    if len(out) == 1:
        return Normalized(folded, text, fstarts, fends)
    pieces.append(folded[prev:])
    return Normalized("".join(pieces), text, fstarts, fends, out, src, run)


def _find_all(text: str, needle: str) -> list[int]:
    """Start of every occurrence of `needle` in `text`, overlapping ones included."""
    found = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def find_spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Original spans of every occurrence (overlapping ones included) of each normalised
    needle in `text`, needle after needle: `normalize(text).find_all(needle)` for each."""
    norm = normalize(text)
    return [span for needle in needles if needle for span in norm.find_all(needle)]


def find_spans_many(texts: Sequence[str], needles: Iterable[str]) -> list[list[tuple[int, int]]]:
    """`find_spans` of each text, found in one pass over all of them joined by "\\n" (which
    normalising keeps and no needle crosses): normalising a page of texts once costs much less
    than once each. If a text starts with a mark that would join the "\\n" before it, or a
    needle holds a "\\n", each text is searched alone."""
    needles = [n for n in needles if n]
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    if not needles or not any(texts):
        return out
    if any("\n" in n for n in needles) or any(t and _continues_cluster(t[0]) for t in texts):
        return [find_spans(t, needles) if t else [] for t in texts]
    starts = []
    at = 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    for s, e in find_spans("\n".join(texts), needles):
        k = bisect_right(starts, s) - 1
        out[k].append((s - starts[k], e - starts[k]))
    return out


@lru_cache(maxsize=4096)
def normalize_term(term: str) -> str:
    """A query term in search form: as `fold` (a line break reads as a space, since nothing
    matches across paragraphs), then spaces and quotation marks at its ends dropped (remembered:
    a search asks for each of its terms several times).

    Quotes at a term's ends would otherwise have to match literally, which a user typing
    `“五星”` and looking for `“五星”支部` (read `“五星支部`) does not mean.
    """
    return fold(term.replace("\n", " ")).strip(_EDGE_CHARS)
