"""The Whoosh codec newsdesk writes with: Whoosh's W3 format, written compactly.

Stock W3 pickles every posting block and inlined posting list with pickle protocol 2, in which
each `bytes` value (one per posting for positional formats) costs about 30 bytes of
`_codecs.encode` boilerplate; and its `inlinelimit` option is broken (`finish_postings` calls a
`set_inline` that `W3TermInfo` lacks, in 2.7.4 and whoosh3 alike), so even a one-posting term
gets its own block (header tag, pickled block info, pickled data). This codec writes the same
structures with pickle protocol 3 (two or three bytes per `bytes` value) and inlines posting
lists of fewer than `inlinelimit` documents into the term dictionary, without weights when they
are all 1.0 (as every posting newsdesk writes is). Readers are stock W3: `pickle.loads` reads any
protocol, and inlined terms come back as a `ListMatcher`. Segments pickle their codec: keep this
module path and the class names stable.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import (
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

__all__ = ["NewsdeskCodec"]

PROTOCOL = 3
COMPRESS_MIN = 80  # below this, zlib's header outweighs what it saves

try:
    import zlib
except ImportError:  # pragma: no cover
    zlib = None  # type: ignore[assignment]


class _TermInfo(W3TermInfo):
    def to_bytes(self) -> bytes:
        if not self.is_inlined():
            return super().to_bytes()
        minlength = 0 if self._minlength is None else length_to_byte(self._minlength)
        maxlength = length_to_byte(self._maxlength)
        minid = 0xFFFFFFFF if self._minid is None else self._minid
        maxid = 0xFFFFFFFF if self._maxid is None else self._maxid
        head = self._struct.pack(
            1, self._weight, self._df, minlength, maxlength, self._maxweight, minid, maxid
        )
        return head + dumps(self._inlined, PROTOCOL)


class _PostingsWriter(W3PostingsWriter):
    def finish_postings(self) -> Any:
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            weights = () if all(w == 1.0 for w in self._weights) else self._weights
            # A format without values (Existence) still needs one b"" per posting: with none,
            # ListMatcher yields "" (str), which Whoosh's merge rejects.
            values = self._values or (b"",) * len(self._ids)
            terminfo.set_inlined(self._ids, weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _write_block(self, last: bool = False) -> None:
        # W3PostingsWriter._write_block with protocol 3 pickles (same structures, same layout).
        if not self._blockcount:
            self._postfile.write(b"W3Bl")
        self._terminfo.add_block(self)
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), PROTOCOL)
        comp = self._compression if zlib is not None and len(databytes) >= COMPRESS_MIN else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            PROTOCOL,
        )
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Whoosh's loop, grouped by term: a short list goes straight into the term dictionary.

        Items come sorted by (field, term, docnum). Scorable fields (none in newsdesk's schema)
        take Whoosh's own path, which records field lengths.
        """
        if any(schema[name].scorable for name in schema.names()):
            super().add_postings(schema, lengths, items)
            return
        limit = self._postwriter_limit()
        tindex_add = self._tindex.add
        for fieldname, field_items in groupby(items, key=itemgetter(0)):
            self.start_field(fieldname, schema[fieldname])
            prefix = pack_ushort(self._fieldid)
            for btext, term_items in groupby(field_items, key=itemgetter(1)):
                plist = [p for p in term_items if p[2] != -1]  # -1: Whoosh's spelling hack
                if not plist:
                    continue
                if len(plist) < limit:
                    ids = tuple(p[2] for p in plist)
                    weights = tuple(p[3] for p in plist)
                    ti = _TermInfo(
                        weight=sum(weights),
                        df=len(ids),
                        maxweight=max(weights),
                        minid=ids[0],
                        maxid=ids[-1],
                    )
                    if all(w == 1.0 for w in weights):
                        weights = ()
                    ti.set_inlined(ids, weights, tuple(p[4] or b"" for p in plist))
                    tindex_add(prefix + btext, ti.to_bytes())
                    continue
                self.start_term(btext)
                add = self._postwriter.add_posting
                for p in plist:
                    add(p[2], p[3], p[4] or b"", 0)
                self.finish_term()
            self.finish_field()

    def _postwriter_limit(self) -> int:
        return int(getattr(self._codec, "_inlinelimit", 1))

    def start_term(self, btext: bytes) -> None:
        if self._postwriter is None:
            raise Exception("Called start_term before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())


class NewsdeskCodec(W3Codec):
    """W3, written with protocol-3 pickles and short posting lists inlined."""

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = 8) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
