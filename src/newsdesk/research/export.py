"""Export every hit of a search (not a page): CSV, Markdown, RIS or a GB/T 7714 reference list.

Each row: id, title, date, source, page, bylines (each person once), snippet (around the first
matches, see `first_spans`), the GB/T 7714 citation, and the editor's and author's notes. CSV is
UTF-8 with a BOM (Excel reads it as UTF-8 only then) and formula-safe (`tags.export.neutralise`);
RIS (`TY  - NEWS`) is what Zotero and EndNote import; the GB/T list numbers its entries
`[1] …`. Articles are read from the record a chunk at a time and the file is written beside its
target and moved into place when complete, so a failed export never leaves half a file.
XLSX is left out on purpose: the BOM'd CSV opens in Excel and WPS without a dependency.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from newsdesk.domain import Article, byline_names
from newsdesk.errors import BadFileError, UserError
from newsdesk.index.snippets import snippet, spans
from newsdesk.language import _
from newsdesk.tags.cite import authors, citation, page_number
from newsdesk.tags.export import neutralise

__all__ = ["COLUMNS", "EXTENSIONS", "FORMATS", "format_for", "write"]

FORMATS = ("csv", "md", "ris", "gbt")
EXTENSIONS = {".csv": "csv", ".md": "md", ".markdown": "md", ".ris": "ris", ".txt": "gbt"}
COLUMNS = ("id", "title", "date", "source", "page", "bylines", "snippet", "citation", "note", "author_note")
CHUNK = 500
PREFIX = 400  # characters searched first for a snippet's spans (see first_spans)
CUT_MARGIN = 16  # a span this near the end of a prefix might continue past it

Fetch = Callable[[Sequence[str]], Mapping[str, Article]]


def format_for(path: str | os.PathLike[str], fmt: str | None) -> str:
    """The format asked for, else the one the file's extension names."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UserError(
                _("bad --format {fmt}: expected one of {value}").format(
                    fmt=repr(fmt), value=", ".join(FORMATS)
                )
            )
        return fmt
    ext = Path(path).suffix.lower()
    if ext not in EXTENSIONS:
        raise UserError(
            _(
                "{path}: cannot tell the export format from the extension {ext}; name the file .csv, "
                ".md, .ris or .txt (GB/T 7714), or give --format {formats}"
            ).format(path=path, ext=repr(ext or "(none)"), formats="|".join(FORMATS))
        )
    return EXTENSIONS[ext]


def first_spans(text: str, needles: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """The spans of the needles in the shortest prefix of `text` (growing fourfold from
    `PREFIX`) that holds one clear of the cut: the snippet shows the first cluster, and a
    frequent term is found without normalising the whole of a long text."""
    if not needles:
        return ()
    k = PREFIX
    while True:
        found = spans(text[:k], needles)
        if k >= len(text):
            return found
        if found and found[0][1] < k - CUT_MARGIN:
            return tuple(sp for sp in found if sp[1] < k - CUT_MARGIN)
        k *= 4


def _row(a: Article, needles: Sequence[str]) -> list[str]:
    plain = snippet(a.text, first_spans(a.text, needles))[0]
    names = byline_names(a.bylines, "; ")
    notes = [a.note or "", a.author_note or ""]
    return [a.id, a.title, a.date or "", a.source or "", a.page or "", names, plain, citation(a), *notes]


def _articles(ids: Sequence[str], fetch: Fetch) -> Iterator[Article]:
    for at in range(0, len(ids), CHUNK):
        part = ids[at : at + CHUNK]
        found = fetch(part)
        yield from (found[i] for i in part if i in found)


def _md_cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _write_rows(
    out: TextIO, fmt: str, articles: Iterator[Article], needles: Sequence[str], query: str
) -> int:
    n = 0
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for a in articles:
            w.writerow(neutralise(c) for c in _row(a, needles))
            n += 1
    elif fmt == "md":
        out.write(f"# {_md_cell(query)}\n\n| {' | '.join(COLUMNS)} |\n|{'---|' * len(COLUMNS)}\n")
        for a in articles:
            out.write("| " + " | ".join(_md_cell(c) for c in _row(a, needles)) + " |\n")
            n += 1
    elif fmt == "ris":
        for a in articles:
            out.write(_ris(a, needles))
            n += 1
    else:
        for a in articles:
            n += 1
            out.write(f"[{n}] {citation(a)}\n")
    return n


def _ris(a: Article, needles: Sequence[str]) -> str:
    lines = ["TY  - NEWS", f"TI  - {a.title}"]
    lines += [f"AU  - {name}" for name in authors(a.bylines)]
    if a.date:
        lines += [f"PY  - {a.date[:4]}", f"DA  - {a.date.replace('-', '/')}"]
    if a.source:
        lines.append(f"T2  - {a.source}")
    page = page_number(a.page)
    if page:
        lines.append(f"SP  - {page}")
    row = _row(a, needles)
    lines += [f"AB  - {row[6]}", f"N1  - {row[7]}"]
    lines += [f"N1  - {' '.join(n.split(chr(10)))}" for n in (a.note, a.author_note) if n]
    lines += [f"ID  - {a.id}", "LA  - zh", "ER  - "]
    return "\r\n".join(lines) + "\r\n\r\n"


def write(
    path: str | os.PathLike[str],
    fmt: str,
    ids: Sequence[str],
    fetch: Fetch,
    needles: Sequence[str],
    *,
    query: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the hits `ids` (in order) to `path`; returns how many were written."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise BadFileError(target, "is a folder; name a file to export to")
    partial = target.with_name(target.name + ".partial")
    total = len(ids)

    def reported() -> Iterator[Article]:
        for k, a in enumerate(_articles(ids, fetch), start=1):
            if progress is not None and k % CHUNK == 0:
                progress(k, total)
            yield a

    try:
        with open(partial, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
            n = _write_rows(out, fmt, reported(), needles, query)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadFileError(target, f"cannot write the export ({exc.strerror or exc})") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(n, total)
    return n
