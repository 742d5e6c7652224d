"""The query language: text → a small syntax tree, with errors that say what and where.

    query    := and_expr
    and_expr := or_expr ( ["AND"] or_expr )*        space means AND
    or_expr  := unary ( "OR" unary )*               OR binds tighter than AND (as on the web)
    unary    := ("NOT" | "-") unary | primary
    primary  := "(" and_expr ")" | FIELD ":" value | TERM | "PHRASE"

A TERM is a run of characters up to a space or parenthesis; a PHRASE is quoted ("…", ＂…＂, or
“…” when the closing ” ends a token) and keeps its spaces. FIELD is one of `FIELDS` (case does
not matter; a full-width colon works too) plus any registered with `parse(extra_fields=…)`
(`tag:`, `note:`); `word:x` with another word before the colon is an ordinary term. Dates take
`2023`, `2023-01`, `2023-01-05` (or `/`), ranges `A..B` (either end may be open) and `>`, `>=`,
`<`, `<=`. Pages take a number, a range `1..4`, or a page name.

Sizes are bounded (`MAX_CHARS`, `MAX_DEPTH`, `MAX_TERMS`) so no query can take long to parse or
evaluate; every problem raises `QueryError(query, reason, position)`.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.errors import QueryError, shown
from newsdesk.language import _

__all__ = [
    "FIELDS",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_TERMS",
    "And",
    "DateRange",
    "Node",
    "Not",
    "Or",
    "PageMatch",
    "Resolved",
    "Term",
    "parse",
]

MAX_CHARS = 1000
MAX_DEPTH = 16
MAX_TERMS = 64

# Fields with their own meaning; `date` and `page` have their own value syntax.
FIELDS = ("title", "author", "source", "section", "page", "caption", "date")


@dataclass(frozen=True)
class Term:
    """A term or phrase; `field` None means every text field."""

    text: str
    field: str | None
    phrase: bool
    position: int


@dataclass(frozen=True)
class DateRange:
    """Inclusive yyyymmdd bounds; None is open."""

    low: int | None
    high: int | None
    text: str
    position: int


@dataclass(frozen=True)
class PageMatch:
    """Pages numbered low..high, or (when `name` is set) named exactly `name`."""

    low: int | None
    high: int | None
    name: str | None
    position: int


@dataclass(frozen=True)
class Resolved:
    """A field answered by a callback with a set of article ids (`tag:`, `note:`)."""

    field: str
    value: str
    position: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node
    position: int


Node = Term | DateRange | PageMatch | Resolved | And | Or | Not


# ---------------------------------------------------------------------------------------------
# Lexer

_OPERATORS = {"AND", "OR", "NOT"}
_PHRASE_QUOTES = {'"': '"', "\uff02": "\uff02"}
_SPACE = re.compile(r"\s+")


@dataclass
class _Tok:
    kind: str  # "(" ")" AND OR NOT "-" FIELD TERM PHRASE
    text: str
    pos: int


@lru_cache(maxsize=16)
def _field_pattern(fields: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"(" + "|".join(re.escape(f) for f in sorted(fields, key=len, reverse=True)) + r")[:：]",
        re.IGNORECASE,
    )


def _lex(q: str, fields: Iterable[str]) -> list[_Tok]:
    field_re = _field_pattern(frozenset(fields))
    toks: list[_Tok] = []
    i, n = 0, len(q)
    at_start = True  # at the start of a token (after space, "(", "-", NOT, or a field)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i = _SPACE.match(q, i).end()  # type: ignore[union-attr]
            at_start = True
            continue
        if ch == "(":
            toks.append(_Tok("(", ch, i))
            i += 1
            at_start = True
            continue
        if ch == ")":
            toks.append(_Tok(")", ch, i))
            i += 1
            at_start = True
            continue
        if at_start and ch == "-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] != "-":
            toks.append(_Tok("-", ch, i))
            i += 1
            continue
        if at_start and (m := field_re.match(q, i)):
            toks.append(_Tok("FIELD", m.group(1).lower(), i))
            i = m.end()
            continue
        if ch in _PHRASE_QUOTES:
            close = q.find(_PHRASE_QUOTES[ch], i + 1)
            if close < 0:
                raise QueryError(q, _("this quotation mark is never closed"), i)
            toks.append(_Tok("PHRASE", q[i + 1 : close], i))
            i = close + 1
            at_start = False
            continue
        if ch == "\u201c":
            # “…” is a phrase when its closing ” ends a token; otherwise the quotes are text.
            close = q.find("\u201d", i + 1)
            if close >= 0 and (close + 1 == n or q[close + 1].isspace() or q[close + 1] == ")"):
                toks.append(_Tok("PHRASE", q[i + 1 : close], i))
                i = close + 1
                at_start = False
                continue
        # A plain term: up to a space or parenthesis.
        j = i
        while j < n and not q[j].isspace() and q[j] not in "()":
            if q[j] in _PHRASE_QUOTES:
                raise QueryError(q, _("a quotation mark inside a word; put a space before it"), j)
            j += 1
        word = q[i:j]
        kind = word if word in _OPERATORS else "TERM"
        toks.append(_Tok(kind, word, i))
        at_start = kind in _OPERATORS
        i = j
    return toks


# ---------------------------------------------------------------------------------------------
# Values of date: and page:

_DATE_RE = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?|(\d{2})(\d{2}))?$")


def _date_bounds(q: str, text: str, pos: int) -> tuple[int, int]:
    """The first and last day (yyyymmdd) that a date of the given precision covers."""
    m = _DATE_RE.match(text)
    if not m:
        raise QueryError(
            q, _("{text} is not a date (use 2023, 2023-01 or 2023-01-05)").format(text=shown(text)), pos
        )
    year = int(m.group(1))
    month_s = m.group(2) or m.group(4)
    day_s = m.group(3) or m.group(5)
    if year < 1:
        raise QueryError(q, _("there is no year {year}").format(year=year), pos)
    if month_s is None:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(month_s)
    if not 1 <= month <= 12:
        raise QueryError(
            q, _("there is no month {month} in {text}").format(month=month, text=shown(text)), pos
        )
    last = calendar.monthrange(year, month)[1]
    if day_s is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    day = int(day_s)
    if not 1 <= day <= last:
        raise QueryError(
            q, _("there is no day {day} in {month}").format(day=day, month=f"{year}-{month:02d}"), pos
        )
    d = year * 10000 + month * 100 + day
    return d, d


def _shift(d: int, days: int) -> int:
    """yyyymmdd moved by `days` (clamped to the calendar's range)."""
    day = datetime.date(d // 10000, d // 100 % 100, d % 100)
    with contextlib.suppress(OverflowError):
        day += datetime.timedelta(days=days)
    return day.year * 10000 + day.month * 100 + day.day


def _fmt(d: int) -> str:
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"


def _date_node(q: str, value: str, pos: int) -> DateRange:
    for op in (">=", "<=", ">", "<", "="):
        if value.startswith(op):
            rest = value[len(op) :]
            if not rest:
                raise QueryError(q, _("{field} needs a date after it").format(field=f"date:{op}"), pos)
            lo, hi = _date_bounds(q, rest, pos)
            low, high = {
                ">=": (lo, None),
                ">": (_shift(hi, 1), None),
                "<=": (None, hi),
                "<": (None, _shift(lo, -1)),
                "=": (lo, hi),
            }[op]
            return DateRange(low, high, value, pos)
    if ".." in value:
        a, _sep, b = value.partition("..")
        if not a and not b:
            raise QueryError(q, _("date range '..' needs a date on at least one side"), pos)
        low = _date_bounds(q, a, pos)[0] if a else None
        high = _date_bounds(q, b, pos)[1] if b else None
        if low is not None and high is not None and low > high:
            raise QueryError(
                q,
                _("date range starts ({low}) after it ends ({high})").format(low=_fmt(low), high=_fmt(high)),
                pos,
            )
        return DateRange(low, high, value, pos)
    lo, hi = _date_bounds(q, value, pos)
    return DateRange(lo, hi, value, pos)


def _page_node(q: str, value: str, pos: int) -> PageMatch:
    if ".." in value:
        a, _sep, b = value.partition("..")
        if (a and not a.isdigit()) or (b and not b.isdigit()) or not (a or b):
            raise QueryError(
                q, _("page range {value} needs page numbers (page:1..4)").format(value=shown(value)), pos
            )
        low = int(a) if a else None
        high = int(b) if b else None
        if low is not None and high is not None and low > high:
            raise QueryError(
                q, _("page range starts ({low}) after it ends ({high})").format(low=low, high=high), pos
            )
        return PageMatch(low, high, None, pos)
    if value.isdigit():
        return PageMatch(int(value), int(value), None, pos)
    return PageMatch(None, None, value, pos)


# ---------------------------------------------------------------------------------------------
# Parser


class _Parser:
    def __init__(self, q: str, toks: list[_Tok], extra: tuple[str, ...]) -> None:
        self.q = q
        self.toks = toks
        self.i = 0
        self.extra = extra
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def error(self, reason: str, pos: int | None) -> QueryError:
        return QueryError(self.q, reason, pos)

    def parse(self) -> Node:
        node = self.and_expr(0)
        tok = self.peek()
        if tok is not None:
            if tok.kind == ")":
                raise self.error(_("this closing parenthesis has no opening one"), tok.pos)
            raise self.error(_("unexpected {text}").format(text=shown(tok.text)), tok.pos)  # pragma: no cover
        return node

    def and_expr(self, depth: int) -> Node:
        parts: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind == ")":
                break
            if tok.kind == "AND":
                if not parts:
                    raise self.error(_("AND needs something to search before it"), tok.pos)
                self.i += 1
                nxt = self.peek()
                if nxt is None or nxt.kind in (")", "AND", "OR"):
                    raise self.error(_("AND needs something to search after it"), tok.pos)
                continue
            if tok.kind == "OR":
                raise self.error(_("OR needs something to search before it"), tok.pos)
            parts.append(self.or_expr(depth))
        if not parts:
            tok = self.peek()
            raise self.error(_("nothing to search for"), tok.pos if tok else len(self.q))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def or_expr(self, depth: int) -> Node:
        parts = [self.unary(depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "AND", "OR"):
                raise self.error(_("OR needs something to search after it"), tok.pos)
            parts.append(self.unary(depth))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def unary(self, depth: int) -> Node:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("NOT", "-"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "AND", "OR"):
                raise self.error(
                    _("{text} needs something to search after it").format(text=tok.text), tok.pos
                )
            if depth + 1 > MAX_DEPTH:
                raise self.error(_("nested more than {n} levels deep").format(n=MAX_DEPTH), tok.pos)
            return Not(self.unary(depth + 1), tok.pos)
        return self.primary(depth, None)

    def primary(self, depth: int, field: str | None) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error(_("nothing to search for"), len(self.q))
        self.i += 1
        if tok.kind == "(":
            if depth + 1 > MAX_DEPTH:
                raise self.error(_("parentheses nested more than {n} deep").format(n=MAX_DEPTH), tok.pos)
            inner = self.and_expr(depth + 1)
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.error(_("this parenthesis is never closed"), tok.pos)
            self.i += 1
            return _with_field(inner, field) if field else inner
        if tok.kind == "FIELD":
            if field is not None:
                raise self.error(
                    _("{text}: inside {field}: is not allowed").format(text=tok.text, field=field), tok.pos
                )
            return self.field_value(tok, depth)
        if tok.kind in ("TERM", "PHRASE"):
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise self.error(_("more than {n} search terms").format(n=MAX_TERMS), tok.pos)
            return self.leaf(field, tok)
        if tok.kind == ")":
            raise self.error(_("this closing parenthesis has no opening one"), tok.pos)
        raise self.error(_("{text} needs something to search around it").format(text=tok.text), tok.pos)

    def field_value(self, ftok: _Tok, depth: int) -> Node:
        name = ftok.text
        nxt = self.peek()
        if nxt is None or nxt.kind not in ("TERM", "PHRASE", "("):
            raise self.error(_("{name}: needs something to search for after it").format(name=name), ftok.pos)
        if name in ("date", "page") or name in self.extra:
            if nxt.kind == "(":
                raise self.error(_("{name}: takes one value, not a group").format(name=name), nxt.pos)
            self.i += 1
            self.terms += 1
            if name == "date":
                return _date_node(self.q, nxt.text.strip(), nxt.pos)
            if name == "page":
                value = nxt.text.strip()
                if not value:
                    raise self.error(_("page: needs a page after it"), nxt.pos)
                return _page_node(self.q, value, nxt.pos)
            return Resolved(name, nxt.text, nxt.pos)
        return self.primary(depth, name)

    def leaf(self, field: str | None, tok: _Tok) -> Node:
        if field == "date":
            return _date_node(self.q, tok.text.strip(), tok.pos)
        if field == "page":
            return _page_node(self.q, tok.text.strip(), tok.pos)
        return Term(tok.text, field, tok.kind == "PHRASE", tok.pos)


def _with_field(node: Node, field: str) -> Node:
    """`title:(a OR b)`: the field applies to every term of the group."""
    if isinstance(node, Term):
        return node if node.field else Term(node.text, field, node.phrase, node.position)
    if isinstance(node, And):
        return And(tuple(_with_field(c, field) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_field(c, field) for c in node.children))
    if isinstance(node, Not):
        return Not(_with_field(node.child, field), node.position)
    return node


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(query: str, *, extra_fields: Iterable[str] = ()) -> Node:
    """Parse `query`; `extra_fields` are names answered by callbacks (e.g. "tag", "note")."""
    if not isinstance(query, str):
        raise QueryError(str(query), _("a query must be text"))
    if len(query) > MAX_CHARS:
        raise QueryError(
            query[:60],
            _("the query is {n} characters long; at most {max}").format(n=len(query), max=MAX_CHARS),
            MAX_CHARS,
        )
    if not query.strip():
        raise QueryError(query, _("nothing to search for"), 0)
    bad = _SURROGATE.search(query)
    if bad is not None:  # cannot be UTF-8 encoded (rjieba, SQLite): not text anyone typed
        raise QueryError(query, _("holds an unpaired surrogate, which is not text"), bad.start())
    extra = tuple(f.lower() for f in extra_fields)
    toks = _lex(query, (*FIELDS, *extra))
    return _Parser(query, toks, extra).parse()
