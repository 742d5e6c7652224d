"""One input file -> a SourceFile: its format, encoding, page-level text and streamed drafts.

open_source picks the reader by extension (a file of another extension is sniffed by its
content), checks what can be checked up front (size, encoding, gzip magic, JSON shape, HTML
text) so a bad file fails at once with BadFileError, and wraps the reader so every draft
carries the date/page/source/section that meta.path_meta reads from the path wherever the
record itself says nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError
from newsdesk.ingest import ReadMeter, RecordProblem
from newsdesk.ingest.encoding import read_text
from newsdesk.ingest.formats import Records
from newsdesk.ingest.formats.html import read_html
from newsdesk.ingest.formats.jsondoc import parse_json, read_json
from newsdesk.ingest.formats.jsonl import read_jsonl, read_jsonl_text, sniff
from newsdesk.ingest.formats.markdown import read_markdown
from newsdesk.ingest.formats.text import read_plain_text
from newsdesk.ingest.meta import PathMeta, path_meta
from newsdesk.ingest.walk import NO_SUCH, NOT_REGULAR
from newsdesk.language import N_, _

FORMATS = ("jsonl", "crawler", "page", "html", "markdown", "json")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I)
_CHUNK = 1 << 20


class SourceFile:
    """A readable input file. Iterating it reads (and for JSON Lines streams) its articles."""

    def __init__(
        self,
        path: Path,
        format: str,
        encoding: str,
        records: Callable[[], Records],
        *,
        meta: PathMeta | None = None,
        page_meta: dict[str, object] | None = None,
        meter: ReadMeter | None = None,
    ) -> None:
        self.path = path
        self.format = format
        self.encoding = encoding
        self.page_meta: dict[str, object] = page_meta or {}
        self.meta = meta or PathMeta()
        self._records = records
        self._meter = meter

    def __iter__(self) -> Iterator[ArticleDraft | RecordProblem]:
        for item in self._records():
            yield with_path_meta(item, self.meta) if isinstance(item, ArticleDraft) else item

    def bytes_read(self) -> int:
        """Bytes of the file read so far: where a streamed file's reader stands; all of it once
        a file read whole has been decoded (its records are being split then)."""
        if self._meter is None:
            try:
                return self.path.stat().st_size
            except OSError:
                return 0
        return self._meter.bytes_read()

    def __repr__(self) -> str:
        return f"SourceFile({str(self.path)!r}, format={self.format!r}, encoding={self.encoding!r})"


def with_path_meta(draft: ArticleDraft, meta: PathMeta) -> ArticleDraft:
    """Fill the draft's empty date/page/source/section from the path; its own values win."""
    changes = {
        name: getattr(meta, name)
        for name in ("date", "page", "source", "section")
        if getattr(draft, name) is None and getattr(meta, name) is not None
    }
    return dataclasses.replace(draft, **changes) if changes else draft


NOT_FIXED = N_("holds more bytes than its size says (a special file such as one under /proc, or growing)")


def sha256_file(path: Path, size: int | None = None) -> str:
    """The hex SHA-256 of a file's bytes, read in 1 MiB chunks; OSError if it cannot be read.
    With `size` (the file's size when it was looked at), BadFileError as soon as more bytes than
    that come: a file that reports a size of 0 and never ends is refused, not read forever."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            read += len(chunk)
            if size is not None and read > size:
                raise BadFileError(path, _(NOT_FIXED), "growing")
            digest.update(chunk)
    return digest.hexdigest()


def open_source(path: Path, root: Path | None = None) -> SourceFile:
    """Open one file for import; BadFileError(path, reason) when it cannot be imported."""
    if not path.exists():
        raise BadFileError(path, _(NO_SUCH), "not-found")
    if path.is_dir():
        raise BadFileError(path, _("is a folder, not a file"), "folder")
    if not path.is_file():
        raise BadFileError(path, _(NOT_REGULAR), "not-regular")
    meta = path_meta(path, root)
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        encoding = sniff(path)
        meter = ReadMeter()
        return SourceFile(
            path, "jsonl", encoding, lambda: read_jsonl(path, encoding, meter), meta=meta, meter=meter
        )
    if name.endswith(".gz"):
        raise BadFileError(path, _("compressed file: only .jsonl.gz and .ndjson.gz are read"), "compressed")
    if name.endswith((".html", ".htm", ".xhtml")):
        return _html(path, meta)
    decoded = read_text(path)
    text = decoded.text
    if name.endswith(".json"):
        return _json(path, text, decoded.encoding, meta)
    if name.endswith((".md", ".markdown")):
        draft = read_markdown(text)
        if draft is None:
            raise BadFileError(path, _("no article text found"), "no-text")
        return SourceFile(path, "markdown", decoded.encoding, lambda: iter([draft]), meta=meta)
    if not name.endswith((".txt", ".text")):  # an unknown extension: go by the content
        head = text.lstrip("\ufeff \t\r\n")[:4096]
        if _HTML_START.match(head):
            return _html(path, meta)
        if head.startswith(("{", "[")):
            return _json_or_lines(path, text, decoded.encoding, meta)
    read = read_plain_text(text)
    return SourceFile(
        path,
        read.format,
        decoded.encoding,
        lambda: iter(read.articles),
        meta=meta,
        page_meta=read.page_meta,
    )


def _html(path: Path, meta: PathMeta) -> SourceFile:
    decoded = read_text(path, html=True)
    draft = read_html(decoded.text)
    if draft is None:
        raise BadFileError(path, _("no article text found"), "no-text")
    return SourceFile(path, "html", decoded.encoding, lambda: iter([draft]), meta=meta)


def _json(path: Path, text: str, encoding: str, meta: PathMeta) -> SourceFile:
    items = parse_json(text.removeprefix("\ufeff"), path)
    return SourceFile(path, "json", encoding, lambda: read_json(items, path), meta=meta)


def _json_or_lines(path: Path, text: str, encoding: str, meta: PathMeta) -> SourceFile:
    """`{...}` at the top of a file of unknown type: one JSON document, or JSON Lines."""
    try:
        json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            return SourceFile(path, "jsonl", encoding, lambda: read_jsonl_text(text, path), meta=meta)
    except RecursionError:
        pass
    return _json(path, text, encoding, meta)
