"""JSON Lines (`.jsonl`, `.ndjson`, and the same gzip'd) -> drafts, streamed line by line.

Memory stays bounded whatever the file: lines are read with a length cap, and gzip data is
counted as it expands, stopping once past RATIO_GRACE_BYTES at an expansion ratio over
MAX_RATIO (JSON text compresses 3-10:1; a gzip bomb of zeros ~1000:1). There is no limit on the
expanded size itself, as there is none on a plain file's: an archive of two million articles
is 3.4 GiB of JSON Lines, 1.6 GB gzip'd.
A damaged or truncated gzip keeps every record before the damage and ends with a
RecordProblem; so does a bomb. The encoding is detected from the first 64 KiB, then each
line is decoded strictly on its own, so one bad line costs one record.
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from newsdesk import jsontext
from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError
from newsdesk.ingest import ReadMeter, RecordProblem
from newsdesk.ingest.encoding import decode_bytes, decode_strict
from newsdesk.ingest.formats import Records, fix_surrogates_in, may_hold_surrogates
from newsdesk.ingest.formats.records import record_to_draft
from newsdesk.language import _

MAX_RATIO = 100
RATIO_GRACE_BYTES = 64 * 1024**2
MAX_LINE_BYTES = 16 * 1024**2
"""A single record larger than this is skipped with a RecordProblem (no article is that long)."""
SAMPLE_BYTES = 1 << 16
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


class GzipBombError(Exception):
    """Raised inside the reader when gzip data expands past the limits."""


class _Stream:
    """A file, gunzipped if gzip, that counts expanded bytes and enforces the bomb limits."""

    def __init__(self, path: Path) -> None:
        self.raw = path.open("rb")
        self.gz = gzip.GzipFile(fileobj=self.raw, mode="rb") if is_gzip(path) else None
        self.expanded = 0

    def readline(self, limit: int) -> bytes:
        return self._count(self.gz.readline(limit) if self.gz else self.raw.readline(limit))

    def read(self, size: int) -> bytes:
        return self._count(self.gz.read(size) if self.gz else self.raw.read(size))

    def _count(self, data: bytes) -> bytes:
        if self.gz is None:
            return data
        self.expanded += len(data)
        if self.expanded > RATIO_GRACE_BYTES:
            ratio = self.expanded / max(self.raw.tell(), 1)
            if ratio > MAX_RATIO:
                raise GzipBombError(_("expands more than {ratio}:1").format(ratio=MAX_RATIO))
        return data

    def close(self) -> None:
        if self.gz:
            self.gz.close()
        self.raw.close()


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def sniff(path: Path) -> str:
    """Check a JSON Lines file can be read and return its encoding; BadFileError if not."""
    sample = b""
    error: Exception | None = None
    try:
        if is_gzip(path):
            with path.open("rb") as raw:
                if raw.read(2) != b"\x1f\x8b":
                    raise BadFileError(path, _("not a gzip file"), "bad-gzip")
            with gzip.open(path, "rb") as gz:
                sample = gz.read(SAMPLE_BYTES)
        else:
            with path.open("rb") as f:
                sample = f.read(SAMPLE_BYTES)
    except BadFileError:
        raise
    except _GZIP_ERRORS as exc:
        error = exc
    if not sample.strip():
        if error is not None:
            raise BadFileError(path, _("damaged gzip data: {detail}").format(detail=error), "bad-gzip")
        raise BadFileError(path, _("empty file"), "empty")
    partial = len(sample) == SAMPLE_BYTES
    if partial:  # cut at a line end, not in a character
        sample = _cut_at_line_end(sample)
        # A first line longer than the sample: the sample may still end inside a character.
        partial = not sample.endswith((b"\n", b"\n\x00", b"\x00\n"))
    if _mostly_utf8(sample, partial):  # one damaged line is the reader's to report, line by line
        return "utf-8"
    return decode_bytes(sample, path, partial=partial).encoding


def _cut_at_line_end(sample: bytes) -> bytes:
    if b"\x00" not in sample:
        return sample[: sample.rindex(b"\n") + 1] if b"\n" in sample else sample
    for newline in (b"\n\x00", b"\x00\n"):  # UTF-16 LE, BE: a newline on an even offset
        end = len(sample)
        while (end := sample.rfind(newline, 0, end)) > 0 and end % 2:
            pass
        if end > 0:
            return sample[: end + 2]
    return sample[: len(sample) // 4 * 4]


def _mostly_utf8(sample: bytes, partial: bool = False) -> bool:
    """UTF-8 unless lines with non-ASCII bytes are, by 2:1 or more, not UTF-8.

    So a damaged line in a UTF-8 file costs that line (a RecordProblem), not the file. With
    `partial` the last line is cut where the sample ends, perhaps inside a character.
    """
    if b"\x00" in sample:
        return False
    good = bad = 0
    lines = sample.split(b"\n")
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            decode_strict(line, "utf-8", partial=partial and number == len(lines))
        except UnicodeDecodeError:
            bad += 1
        else:
            good += 1
    return bad * 2 <= good or bad == 0


def read_jsonl(path: Path, encoding: str, meter: ReadMeter | None = None) -> Records:
    """Every record of a JSON Lines file; bad lines and damage as RecordProblem. `meter` is told
    where in the file (its bytes on disk, compressed or not) the reading stands."""
    wide = encoding.startswith(("utf-16", "utf-32"))
    stream = _Stream(path)
    if meter is not None:
        meter.watch(stream.raw)
    lines = _wide_lines(stream, encoding) if wide else _byte_lines(stream)
    number = 0
    try:
        while True:
            number += 1
            try:
                raw = next(lines)
            except StopIteration:
                return
            except GzipBombError as exc:
                yield _problem(
                    path, number, _("gzip data {detail} (a gzip bomb?); stopped here").format(detail=exc)
                )
                return
            except _GZIP_ERRORS as exc:
                if stream.gz:
                    damage = _("damaged gzip data, stopped here: {detail}")
                else:
                    damage = _("read error, stopped here: {detail}")
                yield _problem(path, number, damage.format(detail=exc))
                return
            if raw is None:
                yield _problem(path, number, _("line longer than {n} MiB").format(n=MAX_LINE_BYTES >> 20))
                continue
            if isinstance(raw, bytes):
                try:
                    raw = raw.removeprefix(b"\xef\xbb\xbf").decode(encoding)
                except UnicodeDecodeError:
                    yield _problem(path, number, _("not valid {encoding} text").format(encoding=encoding))
                    continue
            item = _parse(raw, path, number)
            if item is not None:
                yield item
    finally:
        stream.close()


def read_jsonl_text(text: str, path: Path) -> Records:
    """Records of JSON Lines already decoded (a file of unknown extension sniffed as such)."""
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        item = _parse(line, path, number)
        if item is not None:
            yield item


def _byte_lines(stream: _Stream) -> Iterator[bytes | None]:
    """Lines as bytes (safe to split on b"\\n" in UTF-8, GB18030 and Big5); None if too long."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest without keeping it
                raw = stream.readline(1 << 20)
            yield None
        else:
            yield raw


def _wide_lines(stream: _Stream, encoding: str) -> Iterator[str | None]:
    """Lines of UTF-16/32 text (rare: RFC 8259 wants UTF-8), decoded incrementally."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    skipping = False  # inside a line already reported as too long
    while True:
        chunk = stream.read(1 << 20)
        *lines, pending = (pending + decoder.decode(chunk, final=not chunk)).split("\n")
        if lines and skipping:
            lines, skipping = lines[1:], False
        yield from lines
        if len(pending) > MAX_LINE_BYTES // 2 and not skipping:
            skipping = True
            yield None
        if skipping:
            pending = ""
        if not chunk:
            if pending:
                yield pending
            return


def _parse(line: str, path: Path, number: int) -> ArticleDraft | RecordProblem | None:
    if not line.strip():
        return None
    try:
        obj = jsontext.loads(line)
    except jsontext.JSONTextError as exc:
        return _problem(path, number, _("not valid JSON: {detail}").format(detail=exc))
    if may_hold_surrogates(line):
        obj = fix_surrogates_in(obj)
    return record_to_draft(obj, line_of(path, number))


def line_of(path: Path, number: int) -> str:
    """Where a record stands, for a message: the file and the line."""
    return _("{path}:line {number}").format(path=path, number=number)


def _problem(path: Path, number: int, reason: str) -> RecordProblem:
    return RecordProblem(line_of(path, number), reason)
