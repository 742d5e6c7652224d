"""Checksums of the index's files: recorded as they are written, verified on open and by `check`.

Whoosh's table of contents (`_MAIN_<generation>.toc`) lists the segments, pickled. newsdesk
writes it with a trailer — `MAGIC` and the CRC-32 of every byte before it — which Whoosh's
reader never reaches (it stops after the pickled segments). Each segment listed carries
`newsdesk_files`: {file name: (size, CRC-32)} of every file it is made of, computed once they
are complete. So the table of contents vouches for the segments (their deletions included) and
each segment for its files:

- on open (`verify_open`): the table of contents' bytes and every file's size, one `stat` per
  file — a file missing, cut short or grown is seen before anything reads it;
- by `check` and after a search failed (`verify_all`): every byte of every file, so flipped or
  zeroed bytes are found, and a failure is put down to damage only when a checksum says so.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Sequence
from typing import Any

from whoosh.index import TOC

from newsdesk.errors import IndexDamaged
from newsdesk.language import _

__all__ = ["IndexDamaged", "record", "verify_all", "verify_open", "verify_segments", "write_toc"]

SUMS = "newsdesk_files"  # the attribute of a segment that holds its files' sizes and CRCs
MAGIC = b"NDC1"
_TRAILER = struct.Struct("<4sI")
CHUNK = 1 << 20
RETRIES = 3  # times a verification starts again when a writer replaced the generation meanwhile


def _crc(path: str) -> int:
    crc = 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            crc = zlib.crc32(block, crc)
    return crc


def record(storage: Any, segment: Any) -> None:
    """Note the size and CRC of each of the segment's (complete) files in the segment."""
    prefix = segment.segment_id() + "."
    sums: dict[str, tuple[int, int]] = {}
    for name in sorted(n for n in storage.list() if n.startswith(prefix)):
        path = storage._fpath(name)
        sums[name] = (os.path.getsize(path), _crc(path))
    setattr(segment, SUMS, sums)


class _Trailed:
    """A storage for `TOC.write` that adds the trailer before the file takes its real name."""

    def __init__(self, storage: Any) -> None:
        self._storage = storage

    def create_file(self, name: str, **kwargs: Any) -> Any:
        return self._storage.create_file(name, **kwargs)

    def rename_file(self, frm: str, to: str, safe: bool = False) -> None:
        with open(self._storage._fpath(frm), "r+b") as f:
            body = f.read()
            f.write(_TRAILER.pack(MAGIC, zlib.crc32(body)))
        self._storage.rename_file(frm, to, safe=safe)


def write_toc(storage: Any, indexname: str, schema: Any, segments: Sequence[Any], generation: int) -> None:
    """Publish a generation: every segment's files recorded, then the TOC with its trailer."""
    for seg in segments:
        if getattr(seg, SUMS, None) is None:
            record(storage, seg)
    TOC(schema, list(segments), generation).write(_Trailed(storage), indexname)


def _toc_problem(storage: Any, indexname: str, generation: int) -> str | None:
    name = TOC._filename(indexname, generation)
    with open(storage._fpath(name), "rb") as f:
        data = f.read()
    if len(data) < _TRAILER.size:
        return _("{name} is cut short").format(name=name)
    magic, crc = _TRAILER.unpack(data[-_TRAILER.size :])
    if magic != MAGIC:
        return _("{name} has no checksum (cut short, or damaged at its end)").format(name=name)
    if zlib.crc32(data[: -_TRAILER.size]) != crc:
        return _("{name} does not match its checksum").format(name=name)
    return None


def _file_problems(storage: Any, segments: Sequence[Any], *, full: bool) -> list[str]:
    out = []
    for seg in segments:
        sums = getattr(seg, SUMS, None)
        if sums is None:
            out.append(_("segment {id} has no checksums").format(id=seg.segment_id()))
            continue
        for name, (size, crc) in sums.items():
            path = storage._fpath(name)
            try:
                actual = os.path.getsize(path)
            except FileNotFoundError:
                out.append(_("{name} is missing").format(name=name))
                continue
            if actual != size:
                out.append(
                    _("{name} holds {actual} bytes, not {size}").format(name=name, actual=actual, size=size)
                )
            elif full and _crc(path) != crc:
                out.append(_("{name} does not match its checksum").format(name=name))
    return out


def _verify(storage: Any, indexname: str, *, full: bool) -> list[str]:
    problems: list[str] = []
    for _attempt in range(RETRIES):
        gen = TOC._latest_generation(storage, indexname)
        if gen < 0:
            return [_("no table of contents")]
        try:
            problem = _toc_problem(storage, indexname, gen)
            if problem is not None:
                problems = [problem]
            else:
                segments = TOC.read(storage, indexname, gen).segments
                problems = _file_problems(storage, segments, full=full)
        except FileNotFoundError as e:  # (a writer's clean-up removed what this generation listed)
            problems = [_("{name} is missing").format(name=os.path.basename(str(e.filename)))]
        if not problems or TOC._latest_generation(storage, indexname) == gen:
            return problems
    return problems


def verify_segments(storage: Any, segments: Sequence[Any]) -> None:
    """Raise `IndexDamaged` unless every byte of these segments' files is as written (before a
    merge reads them: a merge must not give damaged lists fresh checksums)."""
    problems = _file_problems(storage, segments, full=True)
    if problems:
        raise IndexDamaged("; ".join(problems))


def verify_open(storage: Any, indexname: str) -> None:
    """Raise `IndexDamaged` if the table of contents is damaged or a file has another size."""
    problems = _verify(storage, indexname, full=False)
    if problems:
        raise IndexDamaged("; ".join(problems))


def verify_all(storage: Any, indexname: str) -> list[str]:
    """What is wrong with the index's files, reading every byte (empty: nothing)."""
    return _verify(storage, indexname, full=True)
