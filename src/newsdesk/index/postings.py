"""One term's posting list as bytes: what the compact codec writes and the snapshot decodes.

A list holds ascending document numbers and, by the field's kind, nothing more (`IDS`: id and
keyword fields), each document's term frequency (`COUNTS`: character and word fields) or each
document's positions (`POSITIONS`: bigram fields). Layout, after one flag byte (1 = the rest is
an LZ4 block with its size in front, done when it saves space on lists of 64 bytes or more;
LZ4 rather than zlib: it decompresses about eight times faster, and a query's cost is mostly
its lists' first reads; lists are about a fifth larger):

    varint n                     number of documents
    array  docnum deltas         the first docnum, then differences
    COUNTS:    n bytes           frequency per document, capped at 255
    POSITIONS: array counts      exact frequency per document
               array positions   each document's ascending positions, documents one after another

A positional list of `SPLIT_MIN` documents or more is *split* (flag byte 2): its positions
stay uncompressed after a compressed head, so a phrase reads the positions of the few documents
it needs in place, without decompressing (or keeping) those of all the others:

    varint h                     length of the head
    head                         flag byte, then varint n, array docnum deltas, array counts
                                 (compressed as above)
    array  positions             never compressed

An *array* is one type byte (`B`, `H` or `I`: the narrowest that holds every value) and the
values little-endian at that width, so decoding is `array.frombytes` and `itertools.accumulate`:
C speed, whatever the length of the list (`decode_arrays` gives numpy arrays, `decode` lists,
for merging; `decode_lazy` numpy arrays and a `Positions` that reads documents' positions
when asked).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import NamedTuple

import lz4.block
import numpy as np

__all__ = [
    "COUNTS",
    "IDS",
    "POSITIONS",
    "DamagedList",
    "Positions",
    "Postings",
    "decode",
    "decode_arrays",
    "decode_lazy",
    "encode",
    "encode_arrays",
    "rebased",
    "slices_index",
]

IDS, COUNTS, POSITIONS = 0, 1, 2

COMPRESS_MIN = 64
SPLIT_MIN = 256  # documents from which a positional list is split
_SPLIT = 2
_LITTLE = sys.byteorder == "little"
_WIDTH = {66: 1, 72: 2, 73: 4}  # b"B", b"H", b"I"


class DamagedList(Exception):
    """Bytes that are not a posting list (a damaged index file)."""


class Postings(NamedTuple):
    """A decoded posting list (counts and positions are None where the kind has none)."""

    ids: list[int]
    counts: Sequence[int] | None
    positions: Sequence[int] | None


def _pack(values: Sequence[int], top: int) -> bytes:
    code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
    arr = array(code, values)
    if not _LITTLE:
        arr.byteswap()
    return code.encode("ascii") + arr.tobytes()


def _unpack(buf: bytes, at: int, n: int) -> tuple[array[int], int]:
    code = buf[at]
    end = at + 1 + n * _WIDTH[code]
    arr = array(chr(code))
    arr.frombytes(buf[at + 1 : end])
    if not _LITTLE:
        arr.byteswap()
    return arr, end


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(buf: bytes, at: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[at]
        at += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, at
        shift += 7


def encode(
    kind: int,
    ids: Sequence[int],
    counts: Sequence[int] | None = None,
    positions: Sequence[int] | None = None,
) -> bytes:
    """The bytes of one posting list (ids ascending; counts/positions as the kind needs)."""
    n = len(ids)
    if n == 1:
        deltas: Sequence[int] = ids
        top = ids[0]
    else:
        deltas = [ids[0], *[b - a for a, b in pairwise(ids)]]
        top = max(deltas)
    parts = [_varint(n), _pack(deltas, top)]
    if kind == COUNTS:
        assert counts is not None
        parts.append(bytes([c if c < 256 else 255 for c in counts]))
    elif kind == POSITIONS:
        assert counts is not None and positions is not None
        parts.append(_pack(counts, max(counts)))
        if n >= SPLIT_MIN:
            return _split(parts, _pack(positions, max(positions)))
        parts.append(_pack(positions, max(positions) if positions else 0))
    return _finish(b"".join(parts))


def _split(head: list[bytes], positions: bytes) -> bytes:
    packed = _finish(b"".join(head))
    return b"\x02" + _varint(len(packed)) + packed + positions


def _finish(payload: bytes) -> bytes:
    if len(payload) >= COMPRESS_MIN:
        packed = lz4.block.compress(payload, store_size=True)
        if len(packed) < len(payload):
            return b"\x01" + packed
    return b"\x00" + payload


_CODES = {"B": np.dtype("u1"), "H": np.dtype("<u2"), "I": np.dtype("<u4")}


def _pack_array(values: np.ndarray) -> bytes:
    top = int(values.max()) if len(values) else 0
    code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
    return code.encode("ascii") + values.astype(_CODES[code]).tobytes()


def encode_arrays(
    kind: int, ids: np.ndarray, counts: np.ndarray | None = None, positions: np.ndarray | None = None
) -> bytes:
    """`encode` of numpy arrays (the same bytes), for long lists."""
    parts = [_varint(len(ids)), _pack_array(np.diff(ids, prepend=0))]
    if kind == COUNTS:
        assert counts is not None
        parts.append(np.minimum(counts, 255).astype(np.uint8).tobytes())
    elif kind == POSITIONS:
        assert counts is not None and positions is not None
        parts.append(_pack_array(counts))
        if len(ids) >= SPLIT_MIN:
            return _split(parts, _pack_array(positions))
        parts.append(_pack_array(positions))
    return _finish(b"".join(parts))


def rebased(blob: bytes, base: int) -> bytes | None:
    """The encoded list with `base` added to every docnum, patched without decoding where that
    gives what `encode` would write (a short uncompressed list whose first docnum still fits its
    width: the others are deltas); None otherwise."""
    if blob[0] != 0 or len(blob) > COMPRESS_MIN:
        return None  # (compressed or split)
    _, at = _read_varint(blob, 1)
    width = _WIDTH[blob[at]]
    first = int.from_bytes(blob[at + 1 : at + 1 + width], "little") + base
    if first >= 1 << (8 * width):
        return None
    return blob[: at + 1] + first.to_bytes(width, "little") + blob[at + 1 + width :]


def _payload(packed: bytes) -> bytes:
    """What follows a flag byte: decompressed if the flag says it is compressed."""
    if packed[0] != 1:
        return packed[1:]
    try:
        return lz4.block.decompress(packed[1:])
    except lz4.block.LZ4BlockError as e:
        raise DamagedList(f"damaged compressed posting list: {e}") from e


def _head(data: bytes, start: int) -> tuple[bytes, int]:
    """A split list's head (decompressed) and where its positions start in `data`."""
    h, at = _read_varint(data, start + 1)
    return _payload(data[at : at + h]), at + h


def decode(kind: int, blob: bytes) -> Postings:
    """The posting list `encode` wrote."""
    split = blob[0] == _SPLIT
    if split:
        buf, positions_at = _head(blob, 0)
    else:
        buf = _payload(blob)
    n, at = _read_varint(buf, 0)
    deltas, at = _unpack(buf, at, n)
    ids = list(accumulate(deltas))
    if kind == COUNTS:
        return Postings(ids, buf[at : at + n], None)
    if kind == POSITIONS:
        counts, at = _unpack(buf, at, n)
        if split:
            buf, at = blob, positions_at
        positions, at = _unpack(buf, at, sum(counts))
        return Postings(ids, counts, positions)
    return Postings(ids, None, None)


_DTYPES = {66: np.dtype("u1"), 72: np.dtype("<u2"), 73: np.dtype("<u4")}


def _np(buf: bytes, at: int, n: int) -> tuple[np.ndarray, int]:
    dtype = _DTYPES[buf[at]]
    return np.frombuffer(buf, dtype=dtype, count=n, offset=at + 1), at + 1 + n * dtype.itemsize


def slices_index(first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes of the slices [first[i], first[i] + counts[i]) one after another (int64),
    to gather many slices of an array at once."""
    ends = counts.cumsum()
    total = int(ends[-1]) if len(ends) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.arange(total, dtype=np.int64) + (first - (ends - counts)).repeat(counts)


class Positions:
    """A positional list's positions by document: decoded, or (a split list) read in place
    from the index file's bytes, only those of the documents asked for."""

    __slots__ = ("_at", "_counts", "_data", "_flat", "_starts")

    def __init__(
        self, counts: np.ndarray, flat: np.ndarray | None = None, data: bytes | None = None, at: int = 0
    ) -> None:
        self._counts = counts
        self._starts: np.ndarray | None = None
        self._flat = flat
        self._data = data
        self._at = at

    @property
    def starts(self) -> np.ndarray:
        """Where each document's positions start (one more entry at the end: the total)."""
        if self._starts is None:
            starts = np.zeros(len(self._counts) + 1, dtype=np.int64)
            self._counts.cumsum(out=starts[1:])
            self._starts = starts
        return self._starts

    @property
    def nbytes(self) -> int:
        """What it holds once its starts are computed."""
        return (len(self._counts) + 1) * 8 + (self._flat.nbytes if self._flat is not None else 0)

    def _source(self) -> np.ndarray:
        if self._flat is not None:
            return self._flat
        assert self._data is not None
        try:  # (a view of the file's bytes: dropped as soon as the caller has gathered from it)
            return _np(self._data, self._at, int(self.starts[-1]))[0]
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise DamagedList(f"damaged positions: {e!r}") from e

    def all(self) -> np.ndarray:
        """Every position, documents one after another (in the type they were stored in)."""
        return self._source().copy() if self._flat is None else self._flat

    def take(self, sel: np.ndarray | None = None) -> np.ndarray:
        """The positions (int64) of the documents at ascending indexes `sel` (None: all), one
        document after another."""
        if sel is None:
            return self._source().astype(np.int64)
        starts = self.starts
        idx = slices_index(starts[sel], starts[sel + 1] - starts[sel])
        if not len(idx):
            return idx
        return self._source()[idx].astype(np.int64)


def decode_lazy(
    kind: int, data: bytes, start: int = 0, end: int | None = None
) -> tuple[Postings, Positions | None]:
    """The posting list at `data[start:end]` as numpy arrays, positions left to a `Positions`
    (which keeps `data` to read a split list's positions from)."""
    if data[start] != _SPLIT:
        p = decode_arrays(kind, data[start:end], narrow=True)
        if kind != POSITIONS:
            return p, None
        return Postings(p.ids, p.counts, None), Positions(p.counts, flat=p.positions)  # type: ignore[arg-type]
    buf, positions_at = _head(data, start)
    n, at = _read_varint(buf, 0)
    deltas, at = _np(buf, at, n)
    counts, at = _np(buf, at, n)
    ids = deltas.astype(np.int64).cumsum()  # (cheaper than cumsum(dtype=) when cold)
    return Postings(ids, counts, None), Positions(counts, data=data, at=positions_at)  # type: ignore[arg-type]


def decode_arrays(kind: int, blob: bytes, narrow: bool = False) -> Postings:
    """The posting list `encode` wrote, as numpy arrays (ids int64; positions int64 too unless
    `narrow`: then in the type they were stored in)."""
    if blob[0] == _SPLIT:
        p, positions = decode_lazy(kind, blob)
        assert positions is not None
        flat = positions.all()
        return Postings(p.ids, p.counts, flat if narrow else flat.astype(np.int64))  # type: ignore[arg-type]
    buf = _payload(blob)
    n, at = _read_varint(buf, 0)
    deltas, at = _np(buf, at, n)
    ids = deltas.astype(np.int64).cumsum()  # (cheaper than cumsum(dtype=) when cold)
    if kind == COUNTS:
        return Postings(ids, np.frombuffer(buf, dtype=np.uint8, count=n, offset=at), None)  # type: ignore[arg-type]
    if kind == POSITIONS:
        counts, at = _np(buf, at, n)
        positions, _ = _np(buf, at, int(counts.sum()))
        return Postings(ids, counts, positions if narrow else positions.astype(np.int64))  # type: ignore[arg-type]
    return Postings(ids, None, None)  # type: ignore[arg-type]
