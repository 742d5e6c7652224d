"""The Whoosh codec newsdesk writes with: W3's per-document files, its own term dictionary and
posting lists.

Stored fields and columns are Whoosh's W3 (`W3PerDocWriter`/`W3PerDocReader`). The inverted
index is two files per segment:

- `.npo`: each term's posting list, one after another, as `newsdesk.index.postings` encodes it;
- `.ntm`: per field, the sorted term bytes, and arrays of term offsets, posting list offsets
  and document frequencies; a pickled table of contents and its length close the file.

A term costs about 14 bytes in the dictionary plus its bytes (W3's hashed term index with
pickled term infos cost about 95), and a lookup is a binary search over the offsets, loaded per
field on first use (opening a segment reads only the table of contents). The reader implements
Whoosh's `TermsReader`, so Whoosh's own readers, searchers and `delete_by_term` work on it;
the query engine reads lists through `CompactTermsReader.lazy` (a long positional list's
positions stay in the mapped file until asked for).

Segments pickle their codec: keep this module path and the class names stable.
"""

from __future__ import annotations

import contextlib
import mmap
import pickle
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from whoosh.codec.base import FieldWriter, TermsReader
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound

from newsdesk.index.field_formats import GramPositions, TermCounts, decode_positions, encode_positions
from newsdesk.index.postings import (
    COUNTS,
    IDS,
    POSITIONS,
    DamagedList,
    Positions,
    Postings,
    decode,
    decode_arrays,
    decode_lazy,
    encode,
)

__all__ = ["CompactCodec", "CompactFieldWriter", "CompactTermsReader", "kind_of"]

TERMS_EXT = ".ntm"
POSTS_EXT = ".npo"
MAGIC = b"NDT1"
POSTS_LENGTH = "\0posts"  # the table of contents' entry for the posting file's length
_TAIL = struct.Struct("<Q4s")
SAMPLE = 32  # a term table keeps every SAMPLE-th term in a list for its first search step
SAMPLE_AFTER = 64  # lookups in a table before it builds that list
FOUND_CACHE = 50_000  # term lookups remembered per segment (a query looks each up several times)
_LITTLE = sys.byteorder == "little"
PREFAULT_CHUNK = 1 << 20  # bytes per read of `prefault`
CHECK_TERMS = 16  # first terms of each field of which `check` decodes the shortest list


def kind_of(fieldobj: Any) -> int:
    """What a field's posting lists hold (see `newsdesk.index.postings`)."""
    fmt = fieldobj.format
    if isinstance(fmt, GramPositions):
        return POSITIONS
    if isinstance(fmt, TermCounts):
        return COUNTS
    return IDS


def _le(arr: array[int]) -> bytes:
    if not _LITTLE:
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


class CompactFieldWriter(FieldWriter):
    """Writes one segment's terms and posting lists; terms must come sorted within a field."""

    def __init__(self, storage: Any, segment: Any) -> None:
        self._storage = storage
        self._segment = segment
        self._posts = storage.create_file(segment.make_filename(POSTS_EXT))
        self._at = 0
        self._toc: dict[str, tuple[int, ...]] = {}
        self._tables: list[bytes] = []
        self._table_at = len(MAGIC)
        self._field: str | None = None
        self._kind = IDS
        self._terms = bytearray()
        self._toff = array("Q", [0])
        self._poff = array("Q", [0])
        self._df = array("I")
        # Whoosh's generic path (start_term/add/finish_term)
        self._btext: bytes | None = None
        self._ids: list[int] = []
        self._counts: list[int] = []
        self._positions: list[int] = []
        self.is_closed = False

    # -- fast path -----------------------------------------------------------------------------

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        self.start_kind(fieldname, kind_of(fieldobj))

    def start_kind(self, fieldname: str, kind: int) -> None:
        self._field = fieldname
        self._kind = kind
        self._terms = bytearray()
        self._toff = array("Q", [0])
        self._poff = array("Q", [self._at])
        self._df = array("I")

    def write_term(self, btext: bytes, blob: bytes, df: int) -> None:
        """Add one term with its encoded posting list (terms ascending within the field)."""
        self._posts.write(blob)
        self._at += len(blob)
        self._terms += btext
        self._toff.append(len(self._terms))
        self._poff.append(self._at)
        self._df.append(df)

    def finish_field(self) -> None:
        assert self._field is not None
        n = len(self._df)
        if n:
            wide = self._toff[-1] >= 1 << 32
            toff = array("Q" if wide else "I", self._toff)
            wide_p = self._poff[-1] >= 1 << 32
            poff = array("Q" if wide_p else "I", self._poff)
            parts = [bytes(self._terms), _le(toff), _le(poff), _le(self._df)]
            at = self._table_at
            self._toc[self._field] = (self._kind, n, at, len(self._terms), toff.typecode, poff.typecode)
            self._tables.extend(parts)
            self._table_at += sum(len(p) for p in parts)
        self._field = None

    # -- Whoosh's generic path -------------------------------------------------------------------

    def start_term(self, text: bytes) -> None:
        self._btext = text
        self._ids, self._counts, self._positions = [], [], []

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int) -> None:
        self._ids.append(docnum)
        if self._kind == POSITIONS:
            poses = decode_positions(vbytes)
            self._counts.append(len(poses))
            self._positions.extend(poses)
        elif self._kind == COUNTS:
            self._counts.append(vbytes[0] if vbytes else 1)

    def finish_term(self) -> None:
        assert self._btext is not None
        if self._ids:
            blob = encode(self._kind, self._ids, self._counts, self._positions)
            self.write_term(self._btext, blob, len(self._ids))
        self._btext = None

    # -- closing -----------------------------------------------------------------------------------

    def abort(self) -> None:
        """Close the posting file, unfinished (its writer deletes the segment's files)."""
        if not self.is_closed:
            self._posts.close()
            self.is_closed = True

    def close(self) -> None:
        if self.is_closed:
            return
        self._posts.close()
        f = self._storage.create_file(self._segment.make_filename(TERMS_EXT))
        f.write(MAGIC)
        for part in self._tables:
            f.write(part)
        # the posting file's length, checked on open (a truncated segment is found at once)
        toc = pickle.dumps({**self._toc, POSTS_LENGTH: self._at}, 4)
        f.write(toc)
        f.write(_TAIL.pack(len(toc), MAGIC))
        f.close()
        self.is_closed = True


class _Table:
    """One field's term table: sorted term bytes and their offsets, read in place from the
    term file (a first search pays for the few pages its lookups touch, not for copying the
    whole table: 17 MB for the body's bigrams at a million articles)."""

    __slots__ = ("base", "df", "kind", "lookups", "n", "poff", "sample", "terms", "toff")

    def __init__(self, data: Any, entry: tuple[Any, ...]) -> None:
        kind, n, at, tlen, tcode, pcode = entry
        self.kind: int = kind
        self.n: int = n
        self.sample: list[bytes] | None = None
        self.lookups = 0
        self.terms = data  # (term i is terms[base + toff[i] : base + toff[i + 1]])
        self.base: int = at
        at += tlen
        self.toff = _numbers(data, at, n + 1, tcode)
        at += (n + 1) * self.toff.itemsize
        self.poff = _numbers(data, at, n + 1, pcode)
        at += (n + 1) * self.poff.itemsize
        self.df = _numbers(data, at, n, "I")

    def release(self) -> None:
        """Let go of the term file's bytes (the table is unusable after)."""
        for view in (self.toff, self.poff, self.df):
            if isinstance(view, memoryview):
                view.release()
        self.terms = b""
        self.sample = None

    def term(self, i: int) -> bytes:
        base = self.base
        return self.terms[base + self.toff[i] : base + self.toff[i + 1]]

    def find(self, btext: bytes) -> int:
        """Index of the term, or -1."""
        i = self.bisect(btext)
        return i if i < self.n and self.term(i) == btext else -1

    def bisect(self, btext: bytes) -> int:
        """Index of the first term >= btext."""
        lo, hi = 0, self.n
        terms, toff, base = self.terms, self.toff, self.base
        if self.sample is None and self.lookups >= SAMPLE_AFTER:
            # Every SAMPLE-th term, in a Python list, narrows the search at C speed first
            # (built once a table is looked up often: a first search needs only a few lookups).
            self.sample = [terms[base + toff[i] : base + toff[i + 1]] for i in range(0, self.n, SAMPLE)]
        self.lookups += 1
        if self.sample is not None:
            k = bisect_left(self.sample, btext)
            if k < len(self.sample) and self.sample[k] == btext:
                return k * SAMPLE
            lo, hi = max(0, (k - 1) * SAMPLE), min(self.n, k * SAMPLE)
        while lo < hi:
            mid = (lo + hi) >> 1
            if terms[base + toff[mid] : base + toff[mid + 1]] < btext:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _numbers(data: Any, at: int, n: int, code: str) -> Any:
    """`n` little-endian numbers of array type `code` at `data[at:]`: a view of the bytes in
    place (indexing gives ints), or a swapped copy on a big-endian machine."""
    width = array(code).itemsize
    if _LITTLE:
        return memoryview(data)[at : at + n * width].cast("B").cast(code)
    out = array(code)
    out.frombytes(data[at : at + n * width])
    out.byteswap()
    return out


def _decode_checked(kind: int, blob: bytes, decoder: Any = decode_arrays, *where: int) -> Any:
    """Decode a posting list; bytes that are not one raise `DamagedList` (what the searcher
    treats as a damaged index), never an arbitrary exception."""
    try:
        return decoder(kind, blob, *where)
    except DamagedList:
        raise
    except (KeyError, IndexError, ValueError, TypeError) as e:
        raise DamagedList(f"damaged posting list: {e!r}") from e


def _read_at(f: Any, at: int, n: int) -> bytes:
    """`n` bytes of a segment file at `at`; fewer mean the file ends early (damaged)."""
    f.seek(at)
    data = f.read(n)
    if len(data) != n:
        raise DamagedList("a segment file ends early")
    return bytes(data)


def _map(f: Any) -> Any:
    """The file's bytes: memory-mapped when it is a real file, else read whole."""
    if getattr(f, "is_real", False):
        with contextlib.suppress(OSError, ValueError):
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    f.seek(0)
    return f.read()


class CompactTermsReader(TermsReader):
    """Reads what `CompactFieldWriter` wrote (Whoosh's `TermsReader` API plus `postings`)."""

    def __init__(self, storage: Any, segment: Any) -> None:
        self._files = [
            segment.open_file(storage, TERMS_EXT),
            segment.open_file(storage, POSTS_EXT),
        ]
        self._tdata = _map(self._files[0])
        self._pdata = _map(self._files[1])
        size = len(self._tdata)
        tail = self._tdata[size - _TAIL.size : size]
        toclen, magic = _TAIL.unpack(tail)
        if magic != MAGIC or self._tdata[: len(MAGIC)] != MAGIC:
            raise pickle.UnpicklingError(f"{segment.make_filename(TERMS_EXT)} is not a newsdesk term file")
        start = size - _TAIL.size - toclen
        self._toc: dict[str, tuple[Any, ...]] = pickle.loads(self._tdata[start : start + toclen])
        posts_length = self._toc.pop(POSTS_LENGTH, None)
        if posts_length != len(self._pdata):
            raise pickle.UnpicklingError(
                f"{segment.make_filename(POSTS_EXT)} holds {len(self._pdata)} bytes, not {posts_length}"
            )
        self._tables: dict[str, _Table] = {}
        self._found: dict[tuple[str, bytes], tuple[_Table, int] | None] = {}

    def check(self) -> None:
        """Decode one short posting list of each field without loading any term table (a
        cheap test that the files are what their table of contents says): the shortest of the
        field's first `CHECK_TERMS`, so that opening a large archive reads a few pages.

        Read through the files, not their memory maps: a first touch of a mapped page reads
        the pages around it too (up to the device's read-ahead, megabytes on some systems),
        once for each field here."""
        for entry in self._toc.values():
            kind, n, at, tlen, tcode, pcode = entry
            width = array(pcode).itemsize
            at += tlen + (n + 1) * array(tcode).itemsize
            k = min(n, CHECK_TERMS)
            offsets = array(pcode)
            offsets.frombytes(_read_at(self._files[0], at, (k + 1) * width))
            if not _LITTLE:
                offsets.byteswap()
            i = min(range(k), key=lambda i: offsets[i + 1] - offsets[i])
            blob = _read_at(self._files[1], offsets[i], offsets[i + 1] - offsets[i])
            p = _decode_checked(kind, blob)
            if not len(p.ids):
                raise DamagedList("an empty posting list")

    def warm_up(self) -> None:
        """Load every field's term table and its search sample."""
        for name in self._toc:
            t = self.table(name)
            if t is not None and t.n:
                t.lookups = max(t.lookups, SAMPLE_AFTER)
                t.bisect(t.term(0))

    def prefault(self, budget: int) -> int:
        """Read up to `budget` bytes of the segment's files, term file first, into the system's
        page cache, so that a first query finds them there rather than on the disk; the bytes
        done (nothing once closed). Plain reads, not the memory maps: mapped pages this process
        touched would count as its resident memory, a whole archive's index in a window."""
        done = 0
        buf = bytearray(PREFAULT_CHUNK)
        for f in self._files:
            try:
                f.seek(0)
                while done < budget:
                    want = min(PREFAULT_CHUNK, budget - done)
                    n = f.raw_file().readinto(memoryview(buf)[:want])
                    if not n:
                        break
                    done += n
            except (OSError, ValueError, AttributeError):  # (closed meanwhile)
                return done
            if done >= budget:
                break
        return done

    def table(self, fieldname: str) -> _Table | None:
        t = self._tables.get(fieldname)
        if t is None:
            entry = self._toc.get(fieldname)
            if entry is None:
                return None
            t = self._tables[fieldname] = _Table(self._tdata, entry)
        return t

    def _find(self, fieldname: str, btext: bytes) -> tuple[_Table, int] | None:
        key = (fieldname, btext)
        if key in self._found:
            return self._found[key]
        t = self.table(fieldname)
        hit = None
        if t is not None:
            i = t.find(btext)
            hit = (t, i) if i >= 0 else None
        if len(self._found) >= FOUND_CACHE:
            self._found.clear()
        self._found[key] = hit
        return hit

    def postings(self, fieldname: str, btext: bytes) -> Postings | None:
        """The decoded posting list of a term (segment docnums), or None."""
        hit = self._find(fieldname, btext)
        if hit is None:
            return None
        t, i = hit
        return _decode_checked(t.kind, self._pdata[t.poff[i] : t.poff[i + 1]], decode)

    def lazy(self, fieldname: str, btext: bytes) -> tuple[Postings, Positions | None] | None:
        """The posting list of a term as numpy arrays, its positions (if any) read on demand
        (see `newsdesk.index.postings.decode_lazy`), or None."""
        hit = self._find(fieldname, btext)
        if hit is None:
            return None
        t, i = hit
        a, b = t.poff[i], t.poff[i + 1]
        return _decode_checked(t.kind, self._pdata, decode_lazy, a, b)  # type: ignore[no-any-return]

    def field_items(self, fieldname: str) -> Iterator[tuple[bytes, bytes, int]]:
        """Every (term, encoded posting list, df) of a field, in term order (for merging).

        The lists are read through the posting file, not its memory map: a merge reads every
        byte of its segments once, and mapped pages it touched would stay in the process's
        resident memory (a whole archive's index, at the end of a large import)."""
        t = self.table(fieldname)
        if t is None or not t.n:
            return
        poff, df = t.poff, t.df
        f = self._files[1]
        f.seek(poff[0])
        read = f.read
        for i in range(t.n):
            blob = read(poff[i + 1] - poff[i])
            if len(blob) != poff[i + 1] - poff[i]:
                raise DamagedList("a posting list ends early")
            yield t.term(i), blob, df[i]

    # -- Whoosh's TermsReader --------------------------------------------------------------------

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self._find(*term) is not None

    def indexed_field_names(self) -> list[str]:
        return sorted(self._toc)

    def _terms_of(self, fieldname: str, start: int = 0) -> Iterator[bytes]:
        t = self.table(fieldname)
        if t is not None:
            for i in range(start, t.n):
                yield t.term(i)

    def terms(self) -> Iterator[tuple[str, bytes]]:
        for name in self.indexed_field_names():
            for b in self._terms_of(name):
                yield name, b

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        for name in self.indexed_field_names():
            if name < fieldname:
                continue
            t = self.table(name)
            start = t.bisect(prefix) if (t is not None and name == fieldname) else 0
            for b in self._terms_of(name, start):
                yield name, b

    def _info(self, fieldname: str, btext: bytes) -> TermInfo:
        p = self.postings(fieldname, btext)
        if p is None:
            raise TermNotFound(f"No term {fieldname}:{btext!r}")
        weight = float(sum(p.counts)) if p.counts is not None else float(len(p.ids))
        return TermInfo(weight=weight, df=len(p.ids), minid=p.ids[0], maxid=p.ids[-1])

    def items(self) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for name, b in self.terms():
            yield (name, b), self._info(name, b)

    def items_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for name, b in self.terms_from(fieldname, prefix):
            yield (name, b), self._info(name, b)

    def term_info(self, fieldname: str, text: bytes) -> TermInfo:
        return self._info(fieldname, text)

    def frequency(self, fieldname: str, text: bytes) -> float:
        return self._info(fieldname, text).weight()

    def doc_frequency(self, fieldname: str, text: bytes) -> int:
        hit = self._find(fieldname, text)
        if hit is None:
            return 0
        t, i = hit
        return t.df[i]

    def matcher(self, fieldname: str, text: bytes, format_: Any, scorer: Any = None) -> Any:
        p = self.postings(fieldname, text)
        if p is None:
            raise TermNotFound(f"No term {fieldname}:{text!r}")
        if p.positions is not None and p.counts is not None:
            values, at = [], 0
            for c in p.counts:
                values.append(encode_positions(list(p.positions[at : at + c])))
                at += c
        elif p.counts is not None:
            values = [bytes((c,)) for c in p.counts]
        else:
            values = [b""] * len(p.ids)
        weights = [float(c) for c in p.counts] if p.counts is not None else None
        return ListMatcher(
            p.ids, weights=weights, values=values, format=format_, scorer=scorer, term=(fieldname, text)
        )

    def close(self) -> None:
        for t in self._tables.values():  # (views of the maps: released, the maps can close)
            with contextlib.suppress(BufferError):
                t.release()
        self._tables.clear()
        self._found.clear()
        for data in (self._tdata, self._pdata):
            if isinstance(data, mmap.mmap):
                with contextlib.suppress(BufferError):
                    data.close()
        for f in self._files:
            f.close()


class CompactCodec(W3Codec):
    """W3's per-document files with newsdesk's term dictionary and posting lists."""

    def field_writer(self, storage: Any, segment: Any) -> CompactFieldWriter:
        return CompactFieldWriter(storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> CompactTermsReader:
        return CompactTermsReader(storage, segment)
