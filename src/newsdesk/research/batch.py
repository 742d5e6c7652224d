"""Batch search: a list of names or terms, one per line, each run as a query of its own.

Each term gets its exact total and the dates of its first and last matching article (and, on
demand, its matches per year). A line that is not a valid query is reported with its line
number and the rest run; blank lines are skipped. A list is read as UTF-8 (with or without a
BOM), else GB18030, the two encodings a list pasted out of a Chinese spreadsheet comes in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsdesk.errors import BadFileError, QueryError

__all__ = ["MAX_TERMS", "BatchResult", "TermRow", "parse_terms", "read_terms", "run"]

MAX_TERMS = 100_000
MAX_BYTES = 16 << 20


@dataclass(frozen=True)
class TermRow:
    """One term's line, total, first and last date (YYYY-MM-DD or None) and, if asked, per year."""

    line: int
    term: str
    total: int
    first: str | None
    last: str | None
    years: dict[str, int] | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "term": self.term,
            "total": self.total,
            "first": self.first,
            "last": self.last,
        }
        if self.years is not None:
            out["years"] = self.years
        return out


@dataclass(frozen=True)
class BatchResult:
    """Every valid term's row, in list order, and the lines that could not be read as queries."""

    terms: tuple[TermRow, ...]
    errors: tuple[tuple[int, str, str], ...] = field(default=())  # (line, term, reason)

    def to_json(self) -> dict[str, object]:
        return {
            "terms": [t.to_json() for t in self.terms],
            "errors": [{"line": n, "term": t, "error": e} for n, t, e in self.errors],
        }


def parse_terms(text: str) -> list[tuple[int, str]]:
    """(line number from 1, term) for every non-blank line."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        term = line.strip().lstrip("\ufeff").strip()
        if term:
            out.append((n, term))
    return out


def read_terms(path: str | Path) -> list[tuple[int, str]]:
    """The terms of a list file; a missing, binary, too large or undecodable file is a BadFileError."""
    p = Path(path).expanduser()
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise BadFileError(p, "no such file") from None
    except OSError as exc:
        raise BadFileError(p, f"cannot read it ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise BadFileError(p, f"too large for a list of terms ({len(raw)} bytes, at most {MAX_BYTES})")
    if b"\x00" in raw:
        raise BadFileError(p, "not a text file (a list of terms is one term per line)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadFileError(p, "neither UTF-8 nor GB18030 text")
    terms = parse_terms(text)
    if not terms:
        raise BadFileError(p, "holds no terms (a list of terms is one term per line)")
    if len(terms) > MAX_TERMS:
        raise BadFileError(p, f"{len(terms)} terms: at most {MAX_TERMS} in one batch")
    return terms


def _date(d: int) -> str:
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"


def run(
    terms: Iterable[tuple[int, str]],
    dates_of: Callable[[str], np.ndarray],
    *,
    years: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Run every term through `dates_of` (a query → its matches' YYYYMMDD dates)."""
    rows: list[TermRow] = []
    errors: list[tuple[int, str, str]] = []
    for k, (line, term) in enumerate(terms):
        try:
            dates = dates_of(term)
        except QueryError as exc:
            errors.append(
                (
                    line,
                    term,
                    exc.reason if exc.position is None else f"{exc.reason} (position {exc.position})",
                )
            )
            continue
        dated = dates[dates > 0]
        per_year = None
        if years:
            ys, ns = np.unique(dated // 10000, return_counts=True)
            per_year = {f"{y:04d}": int(n) for y, n in zip(ys.tolist(), ns.tolist(), strict=True)}
        rows.append(
            TermRow(
                line,
                term,
                len(dates),
                _date(int(dated.min())) if len(dated) else None,
                _date(int(dated.max())) if len(dated) else None,
                per_year,
            )
        )
        if progress is not None and k % 50 == 0:
            progress(k)
    return BatchResult(tuple(rows), tuple(errors))
