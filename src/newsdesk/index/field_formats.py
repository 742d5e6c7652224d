"""The Whoosh formats of the gram, character and word fields.

The index files are newsdesk's own (`newsdesk.index.codec`, `newsdesk.index.postings`); a
field's format says which kind of posting list it holds (`codec.kind_of`) and how one posting's
value looks to Whoosh's generic API (its matchers, its writer's generic path), compactly:

- `GramPositions`: one type byte (`B`, `H` or `I`) then the position deltas as a native
  `array` of that width; decoding is C-speed (`array.frombytes` + `itertools.accumulate`).
- `TermCounts`: one byte, the term frequency capped at 255 (BM25 saturates long before).

Postings carry weight 1.0: newsdesk scores with its own BM25F (`newsdesk.index.engine`).
Whoosh pickles the format objects into the schema: keep this module path and the class names.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, pairwise
from typing import Any

from whoosh.formats import Format, tokens

__all__ = ["GramPositions", "TermCounts", "decode_positions"]

_LITTLE = sys.byteorder == "little"


def encode_positions(poslist: list[int]) -> bytes:
    if len(poslist) == 1:  # most grams occur once in a document
        p = poslist[0]
        if p < 0x100:
            return b"B" + bytes((p,))
        if p < 0x10000:
            return b"H" + p.to_bytes(2, "little")
        return b"I" + p.to_bytes(4, "little")
    deltas = [poslist[0]] + [b - a for a, b in pairwise(poslist)]
    top = max(deltas)
    code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
    arr = array(code, deltas)
    if not _LITTLE:
        arr.byteswap()
    return code.encode("ascii") + arr.tobytes()


def decode_positions(value: bytes) -> list[int]:
    """Ascending positions of one posting value written by `GramPositions`."""
    arr = array(chr(value[0]))
    arr.frombytes(value[1:])
    if not _LITTLE:
        arr.byteswap()
    return list(accumulate(arr))


_WIDTH = {ord("B"): 1, ord("H"): 2, ord("I"): 4}


def positions_count(value: bytes) -> int:
    return (len(value) - 1) // _WIDTH[value[0]]


class GramPositions(Format):
    """Positions only, as typed delta arrays (see the module docstring)."""

    def word_values(  # type: ignore[override]  # Whoosh passes str terms, typed as bytes
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        fast = getattr(analyzer, "postings", None)
        if fast is not None and isinstance(value, str):
            poses = fast(value)
        else:
            poses = {}
            kwargs["positions"] = True
            for t in tokens(value, analyzer, kwargs):
                poses.setdefault(t.text, []).append(t.pos)
        for w, poslist in poses.items():
            yield (w, len(poslist), 1.0, encode_positions(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return positions_count(valuestring)

    def decode_weight(self, valuestring: bytes) -> float:
        return positions_count(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(p, 1.0) for p in decode_positions(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        s: set[int] = set()
        for v in vs:
            s.update(decode_positions(v))
        return encode_positions(sorted(s))


class TermCounts(Format):
    """Term frequency in one byte (capped at 255)."""

    posting_size = 1

    def word_values(  # type: ignore[override]  # Whoosh passes str terms, typed as bytes
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        fast = getattr(analyzer, "counts", None)
        if fast is not None and isinstance(value, str):
            counts = fast(value)
        else:
            counts = {}
            for t in tokens(value, analyzer, kwargs):
                counts[t.text] = counts.get(t.text, 0) + 1
        for w, n in counts.items():
            yield (w, n, 1.0, bytes((min(n, 255),)))

    def decode_frequency(self, valuestring: bytes) -> int:
        return valuestring[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return valuestring[0] * self.field_boost

    def combine(self, vs: Iterable[bytes]) -> bytes:
        return bytes((min(sum(v[0] for v in vs), 255),))
