"""A run of non-body lines between two stretches of body, read as heads, bylines or captions."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.domain import Byline
from newsdesk.ingest.pages.join import Layout
from newsdesk.ingest.pages.lines import Kind, Unit, is_dash_led, is_kicker_marked

META = (Kind.CREDIT, Kind.DROP, Kind.HEADER, Kind.JUMP)
_TAIL = (Kind.BYLINE, Kind.EDSIGN, Kind.AUTHOR_NOTE)  # lines that close the article above them
_VERSE = 4  # more short lines than this in a row inside a body are verse or a list, not heads


@dataclass
class Block:
    """The heads of one article, as found in a run."""

    title: Unit | None = None
    kicker: Unit | None = None
    subtitle: Unit | None = None
    bylines: list[Unit] = field(default_factory=list)
    captions: list[Unit] = field(default_factory=list)  # and photo credits beside them
    lead: list[tuple[str, Unit]] = field(default_factory=list)  # (role, unit) before paragraph 0
    confirmed: bool = True  # False: only its place says it is a head block


@dataclass
class Context:
    """Where a run stands on the page."""

    layout: Layout
    after_body: bool  # body text precedes the run
    next_body: Unit | None  # the paragraph after the run, if any
    started: bool  # an article has already begun on the page
    ended: bool  # the text before the run closed its article (a closing credit)


@dataclass
class Reading:
    """What a run says: `tail` ends the current article, `blocks` start new ones, `inside`
    stays in the current article as (role, unit) with role caption/section/paragraph; `meta`
    lines (page credits, adverts, headers, jump lines) belong to the page."""

    tail: list[Unit] = field(default_factory=list)
    meta: list[Unit] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    inside: list[tuple[str, Unit]] = field(default_factory=list)
    ended: bool = False


def read_run(run: list[Unit], ctx: Context) -> Reading:
    """Decide what each line of a run is.

    A run may end the article before it (a byline or photo credit right after its body, an
    editor's sign), start one or more articles (a head block: kicker, title, subtitle, bylines),
    or sit inside an article (captions, a section head before the next paragraph). Head blocks
    are recognised by their marks — an overline ending in `：`/`——`, a subtitle opening with
    `——`, a byline under the title, a dateline opening the next paragraph — or, more weakly, by
    standing at the top of the page or right after an article ended.
    """
    out = Reading()
    layout = ctx.layout
    out.ended = ctx.ended or (layout.gap_mode and ctx.after_body and run[0].gap > layout.body_gap)
    out.meta = [u for u in run if u.kind in META]
    if out.meta:
        out.ended = True
        run = [u for u in run if u.kind not in META]
    i = 0
    if ctx.after_body or ctx.started:
        while i < len(run) and run[i].kind in _TAIL:
            out.tail.append(run[i])
            out.ended = True
            i += 1
    rest = run[i:]
    loose: list[tuple[int, Unit]] = []  # (number of blocks before it, unit)
    j = 0
    while j < len(rest):
        found = _block_at(rest, j, layout)
        if found is None:
            loose.append((len(out.blocks), rest[j]))
            j += 1
        else:
            out.blocks.append(found[0])
            j = found[1]
    if out.blocks:
        _place_loose(out, loose, ctx)
    else:
        _read_unmarked(out, [u for _, u in loose], ctx)
    return out


def _block_at(rest: list[Unit], j: int, layout: Layout) -> tuple[Block, int] | None:
    """A marked head block starting at rest[j], and the index after it."""
    unit = rest[j]
    if unit.kind is not Kind.HEAD:
        return None
    nxt = rest[j + 1] if j + 1 < len(rest) else None
    after = rest[j + 2] if j + 2 < len(rest) else None
    block = Block()
    if nxt is not None and nxt.kind is Kind.HEAD and is_kicker_marked(unit):
        block.kicker, block.title, k = unit, nxt, j + 2
    elif nxt is not None and nxt.kind is Kind.HEAD and is_dash_led(nxt) and not is_dash_led(unit):
        block.title, block.subtitle, k = unit, nxt, j + 2
    elif _person(nxt) or _author_line(rest, j + 1):
        block.title, k = unit, j + 1
    elif nxt is not None and nxt.kind is Kind.HEAD and _person(after) and nxt.gap <= layout.body_gap:
        block.title, block.subtitle, k = unit, nxt, j + 2
    else:
        return None
    if block.kicker is not None and k < len(rest) and rest[k].kind is Kind.HEAD:
        following = rest[k + 1] if k + 1 < len(rest) else None
        if is_dash_led(rest[k]) or _person(following):
            block.subtitle, k = rest[k], k + 1
    if _author_line(rest, k):
        _as_author(rest[k])
    while k < len(rest) and rest[k].kind is Kind.BYLINE:
        block.bylines.append(rest[k])
        k += 1
    return block, k


def _author_line(rest: list[Unit], k: int) -> bool:
    """A bare name (`王  巍`) as the last line over the body: a commentary's author, printed
    on a line of its own between its title and its body."""
    return k == len(rest) - 1 and rest[k].kind is Kind.HEAD and rest[k].author is not None


def _as_author(unit: Unit) -> None:
    """Read a bare-name line as the byline it is."""
    assert unit.author is not None
    unit.kind, unit.bylines = Kind.BYLINE, (Byline("author", unit.author),)


def _person(unit: Unit | None) -> bool:
    """A byline line that credits an author, not only photos."""
    return unit is not None and unit.kind is Kind.BYLINE and not unit.photo_only


def _place_loose(out: Reading, loose: list[tuple[int, Unit]], ctx: Context) -> None:
    """Lines around marked blocks: captions, or the lead of the last block's body."""
    last = out.blocks[-1]
    trailing = [u for n, u in loose if n == len(out.blocks)]
    for n, unit in loose:
        if n == 0:
            (out.tail if ctx.started else out.blocks[0].captions).append(unit)
        elif n < len(out.blocks):
            out.blocks[n - 1].captions.append(unit)
    if not trailing:
        return
    nxt = ctx.next_body
    if nxt is None or nxt.dateline is not None:
        last.captions.extend(trailing)
    else:
        last.lead = _inside_roles(trailing, nxt, ctx.layout)


def _read_unmarked(out: Reading, loose: list[Unit], ctx: Context) -> None:
    """A run without marked head blocks: weak heads, a dateline's heads, or in-body lines."""
    nxt = ctx.next_body
    heads = [k for k, u in enumerate(loose) if u.kind is Kind.HEAD]
    if nxt is None:
        role = "paragraph" if not ctx.started else "caption"
        out.inside = [(role, u) for u in loose]
        return
    if heads and nxt.dateline is not None:  # heads standing over a dateline are an article's
        first = heads[-1]
        if len(heads) > 1 and heads[-2] == first - 1 and loose[first].gap <= ctx.layout.body_gap:
            first -= 1
        block = Block(title=loose[first], subtitle=loose[first + 1] if first < heads[-1] else None)
        block.captions.extend(loose[heads[-1] + 1 :])
        (out.tail if ctx.started else block.captions).extend(loose[:first])
        out.blocks.append(block)
        return
    if heads and (out.ended or not ctx.started):
        first = heads[0]
        block = Block(title=loose[first], confirmed=False)
        block.lead = _inside_roles(loose[first + 1 :], nxt, ctx.layout)
        (out.tail if ctx.started else block.captions).extend(loose[:first])
        out.blocks.append(block)
        return
    out.inside = _inside_roles(loose, nxt, ctx.layout)


def _inside_roles(units: list[Unit], nxt: Unit, layout: Layout) -> list[tuple[str, Unit]]:
    """Lines inside a body: the last head before the paragraph is a section head, the rest
    captions; a long stretch of short lines is verse or a list and stays paragraphs."""
    if sum(u.kind is Kind.HEAD for u in units) > _VERSE:
        return [("paragraph" if u.kind is Kind.HEAD else "caption", u) for u in units]
    roles = [("caption", u) for u in units]
    if units and units[-1].kind is Kind.HEAD:
        last = units[-1]
        isolated = last.gap > layout.body_gap and nxt.gap > layout.body_gap
        if not isolated:
            roles[-1] = ("section", last)
    return roles
