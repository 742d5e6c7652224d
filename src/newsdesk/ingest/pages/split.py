"""Newspaper page text (as extracted from print layout) -> the articles on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.domain import ArticleDraft
from newsdesk.ingest.pages.bylines import pair_names
from newsdesk.ingest.pages.drafts import Draft, finish, pass_notes, resolve_bodyless
from newsdesk.ingest.pages.join import Layout, measure, rejoin
from newsdesk.ingest.pages.lines import Kind, Unit, page_number, split_lines
from newsdesk.ingest.pages.runs import Context, Reading, read_run

_META_KEYS = {Kind.CREDIT: "credits", Kind.DROP: "dropped", Kind.HEADER: "header", Kind.JUMP: "jumps"}
_CREDIT_LABEL = re.compile(r"([^\s：:]{1,8})\s*[：:]")


@dataclass(frozen=True)
class PageSplit:
    """The articles found on a page, and page-level text that belongs to no article."""

    articles: tuple[ArticleDraft, ...]
    page_meta: dict[str, object] = field(default_factory=dict)


def split_page(text: str) -> PageSplit:
    """Split a page's text into articles; never raises, never loses text.

    The pipeline, one module per step: `lines` classifies every non-empty line from its own
    text (body, head-like, byline — read by `bylines` —, explicit caption, editor's sign,
    page credit, advert, header, jump line); `join` measures the layout (blank lines and
    indentation between paragraphs) and joins paragraphs cut by a column change; `runs`
    reads each run of non-body lines as the end of the article before it, new head blocks, or
    captions and a section head inside a body; `drafts` assembles the articles, gives head
    blocks with no body of their own (printed above their article, extracted after it) the
    nearest body without heads, and reads datelines and the reporters named with them.

    `page_meta` holds, verbatim, the lines that are the page's rather than an article's:
    `credits` (本版责编/版式设计/责任编辑 … lines), `dropped` (advert placeholders such as
    `广告`), `header` (page header/footer lines such as `第05版`, `来源：…`), `jumps`
    (`（下转第二版）`); and, read from them, `editors` (`{"role": "本版责编", "name": "刘念"}`
    …) and `page` (`"05"`) when a header names it. Only keys with content are present.

    A dateline (`本报北京12月31日电`) stays where it was printed, at the start of the first
    paragraph, so text offsets and search see it, and is also given in `ArticleDraft.dateline`;
    the reporters named with it (`（记者刘阳）`) or in a closing credit (`（本报记者曲颂、李强）`)
    are added to the bylines after the printed ones. Captions, photo credits, section heads,
    bylines and editor's signs are not paragraphs. An editor's note — a paragraph opening
    `编者按：`, or the paragraphs a `——编  者` sign closes — is the article's `note` (with its
    label or sign, as printed), never a byline; a closing `（作者为…）` is its `author_note`; a
    bare name on a line of its own between a title and its body is its `author` byline.

    A text without any heads comes back as one article with an empty title; a text with no body
    at all as one article whose paragraphs are its lines.
    """
    units = split_lines(text)
    meta: dict[str, list[str]] = {key: [] for key in _META_KEYS.values()}
    if not units:
        return PageSplit((), _page_meta(meta))
    layout = measure(units)
    drafts = pass_notes(resolve_bodyless(_assemble(rejoin(units, layout), layout, meta)))
    return PageSplit(tuple(finish(d) for d in drafts), _page_meta(meta))


def _assemble(units: list[Unit], layout: Layout, meta: dict[str, list[str]]) -> list[Draft]:
    """Walk the page once: body lines fill the current article, runs between them are read."""
    drafts: list[Draft] = []
    pending: list[Unit] = []  # credits seen before the first article
    current: Draft | None = None
    i, n = 0, len(units)
    while i < n:
        unit = units[i]
        if unit.kind is Kind.BODY:
            current = current or _new(drafts, Draft("headless"), pending)
            after_gap = layout.gap_mode and i > 0 and units[i - 1].kind is Kind.BODY
            if current.paragraphs and (current.ended or (after_gap and unit.gap > layout.body_gap)):
                current.splits.append(len(current.paragraphs))
            current.ended = unit.closing
            if unit.ednote:
                current.attach(unit, "paragraph")
            else:
                current.paragraphs.append(unit.text)
            i += 1
            continue
        j = i
        while j < n and units[j].kind is not Kind.BODY:
            j += 1
        ctx = Context(
            layout=layout,
            after_body=i > 0,
            next_body=units[j] if j < n else None,
            started=current is not None,
            ended=current is not None and current.ended,
        )
        current = _apply(read_run(units[i:j], ctx), current, drafts, pending, meta)
        i = j
    if pending:  # nothing but credits and bylines on the page
        _new(drafts, Draft("headless"), pending)
    return drafts


def _apply(
    reading: Reading,
    current: Draft | None,
    drafts: list[Draft],
    pending: list[Unit],
    meta: dict[str, list[str]],
) -> Draft | None:
    """Carry out what a run says; returns the article that the next body line continues."""
    for unit in reading.meta:
        meta[_META_KEYS[unit.kind]].append(unit.text)
    if current is None:
        pending.extend(reading.tail)
    else:
        for unit in reading.tail:
            current.attach(unit)
        current.ended = current.ended or reading.ended
    if reading.inside:
        current = current or _new(drafts, Draft("headless"), pending)
        for role, unit in reading.inside:
            current.attach(unit, role)
    for block in reading.blocks:
        draft = Draft(
            "strong" if block.confirmed else "weak",
            kicker=block.kicker.text if block.kicker else None,
            title=block.title.text if block.title else "",
            subtitle=block.subtitle.text if block.subtitle else None,
        )
        for unit in block.bylines:
            draft.head_bylines.extend(unit.bylines)
            draft.photo_credits.extend((0, c) for c in unit.photo_credits)
        current = _new(drafts, draft, pending)
        for unit in block.captions:
            current.attach(unit)
        for role, unit in block.lead:
            current.attach(unit, role)
    return current


def _new(drafts: list[Draft], draft: Draft, pending: list[Unit]) -> Draft:
    drafts.append(draft)
    for unit in pending:
        draft.attach(unit)
    pending.clear()
    return draft


def _page_meta(meta: dict[str, list[str]]) -> dict[str, object]:
    """The non-empty page-level entries (an empty dict for a page of articles only)."""
    out: dict[str, object] = {key: lines for key, lines in meta.items() if lines}
    editors = [{"role": r, "name": n} for line in meta["credits"] for r, n in _editors(line)]
    if editors:
        out["editors"] = editors
    page = next((p for line in meta["header"] if (p := page_number(line))), None)
    if page is not None:
        out["page"] = page
    return out


def _editors(line: str) -> list[tuple[str, str]]:
    """`本版责编：刘 念　史 哲` -> [("本版责编", "刘念"), ("本版责编", "史哲")]."""
    line = line.strip("（()）")
    labels = list(_CREDIT_LABEL.finditer(line))
    out = []
    for k, match in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
        tokens = re.split(r"[\s、，,;；]+", line[match.end() : end].strip())
        out += [(match.group(1), name) for name in pair_names([t for t in tokens if t])]
    return out
