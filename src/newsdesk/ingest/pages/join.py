"""Paragraphs that print layout cut in two (转栏) joined back, never across a paragraph end."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from newsdesk.ingest.pages.lines import (
    Kind,
    Unit,
    ends_open,
    is_closing,
    is_dash_led,
    is_kicker_marked,
)

_MAX_CUT_CAPTIONS = 2  # captions that may sit inside a cut paragraph
_FRAGMENT_MIN = 20  # a head-like line this long, with a comma, inside a body is a cut sentence


@dataclass(frozen=True)
class Layout:
    """What blank lines and indentation mean on this page."""

    body_gap: int  # typical blank lines between two body paragraphs
    gap_mode: bool  # paragraphs touch, so a blank line marks a block boundary
    indent_mode: bool  # paragraphs open indented, so an unindented body line continues one


def measure(units: list[Unit]) -> Layout:
    """Read the page's layout conventions from its body lines."""
    gaps = [u.gap for p, u in pairwise(units) if _body(p) and _body(u)]
    body = [u for u in units if u.kind is Kind.BODY]
    indented = sum(u.indented for u in body)
    return Layout(
        body_gap=int(median(gaps)) if gaps else 1,
        gap_mode=len(gaps) >= 3 and sum(g == 0 for g in gaps) >= 0.75 * len(gaps),
        indent_mode=len(body) >= 3 and len(body) / 2 <= indented < len(body),
    )


def rejoin(units: list[Unit], layout: Layout) -> list[Unit]:
    """The units with cut paragraphs joined back into one unit each.

    A paragraph continues on the next body line when it stops mid-sentence (`…拉近` ⏎⏎
    `党员与群众之间的关系…`); a caption or two that extraction dropped into the cut become
    captions. A line that ends on sentence-final punctuation is a paragraph end and is never
    joined, except in indented text, where an unindented line right below a paragraph is a
    hard-wrapped continuation of it. A head-like line inside a body that reads like half a
    sentence (long enough, with a comma, stopping mid-sentence) is such a first half too.
    """
    out: list[Unit] = []
    last_body = -1  # index in `out` of the latest body unit
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if unit.kind is Kind.HEAD and _is_fragment(unit, out, nxt, layout):
            unit.kind = Kind.BODY
        target = _join_target(unit, out, last_body, layout, nxt)
        if target is not None:
            for between in out[target + 1 :]:
                between.kind = Kind.CAPTION
            _append(out[target], unit.text)
            continue
        out.append(unit)
        if unit.kind is Kind.BODY:
            last_body = len(out) - 1
    for unit in out:
        if unit.extra:
            unit.text = "".join([unit.text, *unit.extra])
            unit.extra = []
            unit.closing = is_closing(unit.text)
    return out


def _join_target(
    unit: Unit, out: list[Unit], last_body: int, layout: Layout, after: Unit | None
) -> int | None:
    """Index in `out` of the paragraph `unit` continues, or None. `after` is the line below
    `unit`: a bullet or dash item (`■ …`, `——…`) has no final punctuation of its own, so it
    continues only when the next item or the dateline opening the body follows the piece."""
    if last_body < 0:
        return None
    prev = out[last_body]
    if prev.closing:
        return None
    if prev.item:
        leader = prev.text[:2] if prev.text.startswith("——") else prev.text[:1]
        if after is None or not (after.dateline or after.text.startswith(leader)):
            return None
        below = last_body == len(out) - 1 and unit.kind in (Kind.BODY, Kind.HEAD)
        if below and not unit.item and not unit.dateline and ends_open(_tail(prev)):
            return last_body  # the piece is short enough to look like a head; its place says not
        return None
    # a hard-wrapped line of an indented paragraph; after a sentence end, a head-like line is
    # more likely the next article's title than the rest of the paragraph
    wrapped = layout.indent_mode and last_body == len(out) - 1 and not unit.indented
    body_like = unit.kind is Kind.BODY or (unit.kind is Kind.HEAD and ends_open(_tail(prev)))
    if wrapped and body_like and unit.gap == 0 and not unit.dateline and not unit.item:
        return last_body
    if not _continuable(unit, layout) or not ends_open(_tail(prev)):
        return None
    between = out[last_body + 1 :]
    if len(between) > _MAX_CUT_CAPTIONS:
        return None
    for b in between:
        if b.kind not in (Kind.HEAD, Kind.CAPTION) or is_kicker_marked(b) or is_dash_led(b):
            return None
    return last_body


def _is_fragment(unit: Unit, out: list[Unit], nxt: Unit | None, layout: Layout) -> bool:
    """A head-like line between two body lines that reads like the first half of a cut one."""
    if nxt is None or not out:
        return False
    prev = out[-1]
    if prev.kind is Kind.HEAD and len(out) > 1:  # right under a section head
        prev = out[-2]
    if prev.kind is not Kind.BODY or prev.closing:
        return False
    if layout.gap_mode and unit.gap > layout.body_gap:
        return False
    text = unit.text
    return (
        len(text) >= _FRAGMENT_MIN
        and ends_open(text)
        and any(c in text for c in "，,、")
        and _continuable(nxt, layout)
    )


def _continuable(unit: Unit, layout: Layout) -> bool:
    """A body line that may be the second half of a cut paragraph."""
    return (
        unit.kind is Kind.BODY
        and not unit.item
        and unit.dateline is None
        and not unit.closing
        and not unit.ednote
        and not (layout.indent_mode and unit.indented)
    )


def _body(unit: Unit) -> bool:
    return unit.kind is Kind.BODY


def _tail(unit: Unit) -> str:
    return unit.extra[-1] if unit.extra else unit.text


def _append(unit: Unit, text: str) -> None:
    """Add `text` to `unit`; a space only where two Latin words or numbers would touch."""
    left = _tail(unit)[-1]
    sep = " " if left.isascii() and left.isalnum() and text[0].isascii() and text[0].isalnum() else ""
    unit.extra.append(sep + text)
