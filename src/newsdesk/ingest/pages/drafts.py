"""Articles under construction while a page is read, and their finishing into ArticleDraft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.domain import ArticleDraft, Byline, SectionHead
from newsdesk.ingest.pages.bylines import bare_author, parse_byline_line
from newsdesk.ingest.pages.lines import Kind, Unit, dateline_of

_NOTE_MAX = 400  # characters, and
_NOTE_PARAGRAPHS = 3  # paragraphs: an editor's note signed `——编者` is short; a longer body
# before the sign is the article, and only the paragraph right above the sign is the note
_LOOK_BACK = 8  # articles a bodiless head block may reach back over to find its body
_PAREN = re.compile(r"^\s*[（(]([^（()）]{1,80})[）)]")


@dataclass
class Draft:
    """One article being assembled; `strength` says how sure its heads are.

    What it collects after its heads is kept with the paragraph count at the time it was seen,
    so the article can later be split where an earlier one ended, and heads found after a body
    (the title block that extraction put last) can be moved onto that body.
    """

    strength: str  # "strong" (marked heads), "weak" (heads by position), "headless"
    kicker: str | None = None
    title: str = ""
    subtitle: str | None = None
    head_bylines: list[Byline] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # (paragraph count when seen, value)
    bylines: list[tuple[int, Byline]] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)
    photo_credits: list[tuple[int, str]] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)
    splits: list[int] = field(default_factory=list)  # where an end mark was followed by body
    ednotes: list[tuple[int, str]] = field(default_factory=list)  # `编者按：…` paragraphs
    signs: list[tuple[int, str]] = field(default_factory=list)  # `——编  者` closing a note
    author_notes: list[tuple[int, str]] = field(default_factory=list)  # `（作者为…）`
    ended: bool = False

    @property
    def has_heads(self) -> bool:
        return bool(self.title or self.kicker or self.subtitle or self.head_bylines)

    def attach(self, unit: Unit, role: str = "caption") -> None:
        """Add a non-body line where it belongs: credits by kind, other lines by `role`."""
        at = len(self.paragraphs)
        if unit.kind is Kind.EDSIGN:
            self.signs.append((at, unit.text))
        elif unit.kind is Kind.AUTHOR_NOTE:
            self.author_notes.append((at, unit.text))
        elif unit.ednote and role == "paragraph":
            self.ednotes.append((at, unit.text))
        elif unit.kind is Kind.BYLINE:
            self.bylines.extend((at, b) for b in unit.bylines)
            self.photo_credits.extend((at, c) for c in unit.photo_credits)
        elif role == "section":
            self.sections.append((at, unit.text))
        elif role == "paragraph":
            self.paragraphs.append(unit.text)
        else:
            self.captions.append((at, unit.text))

    def demote_heads(self) -> None:
        """Heads that turned out to be captions (weak heads replaced by a real head block)."""
        lead = [h for h in (self.kicker, self.title or None, self.subtitle) if h]
        lead += [text for at, text in self.sections if at == 0]
        self.sections = [(at, t) for at, t in self.sections if at != 0]
        self.captions[:0] = [(0, text) for text in lead]
        self.kicker, self.title, self.subtitle = None, "", None

    def take_heads(self, other: Draft) -> None:
        """Put `other`'s heads (and what came with them) on this article."""
        self.demote_heads()
        self.kicker, self.title, self.subtitle = other.kicker, other.title, other.subtitle
        self.head_bylines = other.head_bylines
        end = len(self.paragraphs)
        self.bylines += [(end, b) for _, b in other.bylines]
        self.captions += [(end, c) for _, c in other.captions]
        self.photo_credits += [(end, c) for _, c in other.photo_credits]
        for name in ("ednotes", "signs", "author_notes"):
            getattr(self, name).extend((end, v) for _, v in getattr(other, name))
        self.strength = "strong"

    def split_off(self, at: int) -> Draft:
        """Cut this article before paragraph `at`; the rest becomes a headless article."""
        rest = Draft("headless", paragraphs=self.paragraphs[at:])
        self.paragraphs = self.paragraphs[:at]
        for name in ("bylines", "captions", "photo_credits", "sections", "ednotes", "signs", "author_notes"):
            # what was seen at the cut stays with the article it ended, except a section head,
            # which stands before the paragraph after it
            first = at if name == "sections" else at + 1
            mine = getattr(self, name)
            setattr(rest, name, [(n - at, v) for n, v in mine if n >= first])
            setattr(self, name, [(n, v) for n, v in mine if n < first])
        self.splits = [s for s in self.splits if s < at]
        return rest

    def note_at_end(self) -> bool:
        """An editor's note after everything else in this article: printed before the next."""
        n = len(self.paragraphs)
        if self.signs:
            return not self.title and all(at == n for at, _ in self.signs)
        return bool(self.ednotes) and all(at == n for at, _ in self.ednotes) and n > 0

    def pass_note(self, other: Draft) -> None:
        """Give this article's closing editor's note to `other`, the article it stands before."""
        n = len(self.paragraphs)
        if self.signs:  # a headless run of note paragraphs and their sign
            other.ednotes[:0] = [(0, p) for p in self.paragraphs] + [(0, t) for _, t in self.signs]
            self.paragraphs, self.signs = [], []
        else:
            other.ednotes[:0] = [(0, t) for at, t in self.ednotes if at == n]
            self.ednotes = [(at, t) for at, t in self.ednotes if at != n]


def pass_notes(drafts: list[Draft]) -> list[Draft]:
    """Move an editor's note printed above an article's heads (so read at the end of the article
    before, or as a headless piece) onto that article; drop a piece left empty by the move."""
    out: list[Draft] = []
    for k, draft in enumerate(drafts):
        nxt = drafts[k + 1] if k + 1 < len(drafts) else None
        if nxt is not None and nxt.strength == "strong" and draft.note_at_end():
            draft.pass_note(nxt)
            if not (draft.paragraphs or draft.has_heads or draft.captions or draft.bylines):
                continue
        out.append(draft)
    return out


def resolve_bodyless(drafts: list[Draft]) -> list[Draft]:
    """Give head blocks that have no body of their own the body that has no heads.

    Extraction can put an article's title block after its body. Such a block is matched with the
    nearest earlier body that lacks real heads: an article whose heads were only guessed from
    their place, a page-opening body without heads, or the part of an article after an end mark
    (photo credit, end byline). A block with no such body stays an article of heads only.
    """
    out: list[Draft] = []
    for draft in drafts:
        if draft.paragraphs or not draft.has_heads or not _give_body(draft, out):
            out.append(draft)
    return out


def _give_body(draft: Draft, out: list[Draft]) -> bool:
    """Move `draft`'s heads onto the nearest headless body in `out`; False if there is none."""
    for k in range(len(out) - 1, max(len(out) - _LOOK_BACK, 0) - 1, -1):
        host = out[k]
        if host.strength in ("weak", "headless") and host.paragraphs:
            host.take_heads(draft)
            return True
        if host.splits:
            rest = host.split_off(host.splits[-1])
            rest.take_heads(draft)
            out.insert(k + 1, rest)
            return True
        if host.paragraphs:
            return False
    return False


def finish(draft: Draft) -> ArticleDraft:
    """The ArticleDraft for a finished article (datelines and their reporters read here)."""
    note, draft_paragraphs, draft_sections = _notes(draft)
    paragraphs = tuple(draft_paragraphs)
    n = len(paragraphs)
    author = _author_under_title(draft, draft_sections)
    sections = [SectionHead(t, at) for at, t in draft_sections if at < n]
    captions = [t for at, t in draft_sections if at >= n]
    captions[:0] = [t for _, t in draft.captions]
    dateline, derived = _dateline_and_reporters(paragraphs)
    bylines = [*draft.head_bylines, *author, *(b for _, b in draft.bylines)]
    bylines += [b for b in dict.fromkeys(derived) if b not in bylines]  # printed ones come first
    return ArticleDraft(
        paragraphs=paragraphs,
        title=draft.title,
        kicker=draft.kicker,
        subtitle=draft.subtitle,
        bylines=tuple(bylines),
        dateline=dateline,
        captions=tuple(captions),
        photo_credits=tuple(t for _, t in draft.photo_credits),
        section_heads=tuple(sections),
        note=note,
        author_note="\n".join(t for _, t in draft.author_notes) or None,
    )


def _author_under_title(draft: Draft, sections: list[tuple[int, str]]) -> list[Byline]:
    """A bare name read as a head over the first paragraph (below an editor's note, say) of an
    article with a title and no printed byline of its own: its author. Removed from `sections`."""
    if not draft.title or draft.head_bylines or not sections or sections[0][0] != 0:
        return []
    name = bare_author(sections[0][1])
    if name is None:
        return []
    del sections[0]
    return [Byline("author", name)]


def _notes(draft: Draft) -> tuple[str | None, list[str], list[tuple[int, str]]]:
    """(the editor's note, the body without it, section heads renumbered for that body).

    A `编者按：` paragraph is the note wherever it stands. A `——编者` sign closes a note that
    runs from the article's start, or, when the body above the sign is longer than an editor's
    note is, the paragraph right above it. The note keeps its words as printed, sign included.
    """
    parts = [t for _, t in draft.ednotes]
    paragraphs, sections = list(draft.paragraphs), list(draft.sections)
    for end, sign in sorted(draft.signs, reverse=True):
        short = end <= _NOTE_PARAGRAPHS and sum(len(p) for p in paragraphs[:end]) <= _NOTE_MAX
        start = 0 if short else max(end - 1, 0)
        parts[len(draft.ednotes) :] = [*paragraphs[start:end], sign, *parts[len(draft.ednotes) :]]
        del paragraphs[start:end]
        cut = end - start
        kept = []
        for at, text in sections:
            if start < at < end:
                draft.captions.append((start, text))  # a head inside the note: not the body's
            else:
                kept.append((at - cut if at >= end else at, text))
        sections = kept
    return ("\n".join(parts) or None), paragraphs, sections


def _dateline_and_reporters(paragraphs: tuple[str, ...]) -> tuple[str | None, list[Byline]]:
    """The dateline opening the first paragraph (or inside a closing credit), and the reporters
    named in `（记者 X）` after it or in a closing `（本报记者 X、Y）`."""
    if not paragraphs:
        return None, []
    derived: list[Byline] = []
    dateline = dateline_of(paragraphs[0])
    if dateline is not None:
        derived += _credited(paragraphs[0][len(dateline) :])
    last = paragraphs[-1]
    if len(last) <= 200 and last[:1] in "（(" and last[-1:] in "）)":
        inner = last[1:-1].strip()
        closing = dateline_of(inner)
        if closing is not None:
            dateline = dateline or closing
            inner = inner[len(closing) :].strip()
        found = parse_byline_line(inner, in_parens=True) if inner else None
        if found is not None:
            derived += found.bylines
    return dateline, derived


def _credited(rest: str) -> list[Byline]:
    """Reporters in the parenthesis right after a dateline: `  （记者宋豪新）`."""
    match = _PAREN.match(rest)
    if match is None:
        return []
    found = parse_byline_line(match.group(1), in_parens=True)
    return list(found.bylines) if found else []
