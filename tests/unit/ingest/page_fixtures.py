"""Helpers for the page-splitter tests: text conservation, rmrb truth, a second page layout."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from newsdesk.domain import ArticleDraft
from newsdesk.ingest.credits import ORG_WORDS, ROLE_WORDS, SLASH_ROLES, SUFFIX_WORDS
from newsdesk.ingest.pages import PageSplit
from newsdesk.ingest.pages.bylines import DECOR

LAYOUT_CHARS = "\ufeff\u200b"
META_TEXT_KEYS = ("credits", "dropped", "header", "jumps")  # verbatim lines; the rest is derived


def chars(text: str) -> Counter[str]:
    """The multiset of characters that are not layout whitespace."""
    return Counter(c for c in text if not c.isspace() and c not in LAYOUT_CHARS)


def _role_allowance(role: str) -> Counter[str]:
    """Characters a byline of `role` may have spent on role words and layout marks."""
    words = [w for w, r in ROLE_WORDS.items() if r == role]
    words += [w for w, r in {**SUFFIX_WORDS, **SLASH_ROLES}.items() if r == role]
    out: Counter[str] = Counter()
    for word in words:
        out |= Counter(word)
    return out + Counter(DECOR * 2)


def conservation_gaps(text: str, split: PageSplit) -> tuple[Counter[str], Counter[str]]:
    """(missing, extra): input characters found nowhere in the split, and characters of the split
    that are not in the input. Role words (本报记者, 摄, 供图 …) may be missing, as far as the
    bylines and photo credits found account for them; a byline name may be extra only when it is
    a reporter named inside the article's own text (`（记者宋豪新）` after a dateline) or a name
    already credited in another role (`報導．攝影╱X`)."""
    found: Counter[str] = Counter()
    for article in split.articles:
        found += article_chars(article)
    for key in META_TEXT_KEYS:
        for line in cast(list[str], split.page_meta.get(key, [])):
            found += chars(line)
    missing = chars(text) - found
    extra = found - chars(text)
    allowance: Counter[str] = Counter()
    for article in split.articles:
        body = "".join("".join(p.split()) for p in article.paragraphs)  # `（本报记者 刘  洋）`
        # a name credited in several roles (`報導．攝影╱X`) may be printed once
        printed: Counter[str] = Counter()
        for (name, _), n in Counter((b.name, b.role) for b in article.bylines).items():
            printed[name] = max(printed[name], n)
        for name, n in printed.items():
            for _ in range(n):
                if chars(name) <= missing:
                    missing -= chars(name)
                elif name not in body:
                    extra += chars(name)
        for byline in article.bylines:
            allowance += _role_allowance(byline.role)
        for _ in article.photo_credits:
            allowance += Counter("".join(ORG_WORDS)) + Counter(DECOR)
    return missing - allowance, extra


def article_chars(article: ArticleDraft) -> Counter[str]:
    """Characters of every text field of an article, bylines and dateline aside."""
    parts = [article.title, article.kicker or "", article.subtitle or "", *article.paragraphs]
    parts += [*article.captions, *article.photo_credits, *(h.text for h in article.section_heads)]
    parts += [article.note or "", article.author_note or ""]
    return chars("".join(parts))


def assert_conserved(text: str, split: PageSplit) -> None:
    """Fail unless every non-whitespace character of `text` ends up somewhere in `split`."""
    missing, extra = conservation_gaps(text, split)
    assert not missing and not extra, f"missing {dict(missing)!r}, extra {dict(extra)!r}"


def merged_body(article: ArticleDraft) -> list[str]:
    """Paragraphs with section heads put back where they stand: the crawler's paragraph list."""
    heads: dict[int, list[str]] = {}
    for head in article.section_heads:
        heads.setdefault(head.paragraph, []).append(head.text)
    out: list[str] = []
    for i, paragraph in enumerate(article.paragraphs):
        out += heads.get(i, [])
        out.append(paragraph)
    return out


def explicit_bylines(article: ArticleDraft) -> list[tuple[str, str]]:
    """Bylines printed as bylines, not reporters read from a dateline or a closing credit."""
    body = "".join(article.paragraphs)
    return [(b.role, b.name) for b in article.bylines if b.name not in body]


# --- People's Daily 2023-01-01: truth from the raw crawler files ---------------------------

_CREDIT = re.compile(r"^(?:本版责编|本版策划|版式设计|责任编辑)[：:]")
_EDSIGN = re.compile(r"^——\s*编\s*者$")
_DATELINE = re.compile(r"^(?:本报|新华社)[^\d\s（]{1,10}\d{1,2}月\d{1,2}日电")
_ROLE_OF = {"本报记者": "reporter", "记者": "reporter", "新华社记者": "reporter", "通讯员": "correspondent"}


@dataclass
class Truth:
    """One raw crawler file: what the page splitter should find for it."""

    name: str
    kicker: str | None
    title: str
    subtitle: str | None
    paragraphs: list[str]
    bylines: list[tuple[str, str]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # page credits inside the file
    meta_key: str | None = None  # the whole file is page metadata ("credits", "dropped")
    dateline: str | None = None  # opening the first paragraph, or in a closing `（…电 …）`
    note: list[str] = field(default_factory=list)  # an editor's note: the lines `——编者` closes


def _truth_bylines(line: str) -> list[tuple[str, str]]:
    """An independent reading of the two byline forms in the raw files."""
    tokens = line.split()
    if tokens == ["本报评论员"]:
        return [("commentator", "本报评论员")]
    out, role, single = [], "", ""
    for token in tokens:
        if token in _ROLE_OF:
            role = _ROLE_OF[token]
        elif len(token) == 1 and not single:
            single = token
        else:
            out.append((role, single + token))
            single = ""
    return out


def read_truth(path: Path) -> Truth:
    """A raw file (`kicker\\ttitle\\tsubtitle`, CRLF, U+3000-indented paragraphs, byline last)."""
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    kicker, title, subtitle = [*lines[0].split("\t"), "", ""][:3]
    body = [ln for ln in lines[1:] if ln.strip()]
    bylines: list[tuple[str, str]] = []
    if body and not body[-1].startswith("\u3000"):
        bylines = _truth_bylines(body.pop())
    truth = Truth(path.stem, kicker.strip() or None, title.strip(), subtitle.strip() or None, [])
    for line in (ln.strip() for ln in body):
        if _CREDIT.match(line):
            truth.credits.append(line)
        elif _EDSIGN.match(line):
            truth.note += [*truth.paragraphs, line]  # the sign closes a note (none run longer)
            truth.paragraphs = []
        else:
            truth.paragraphs.append(line)
    truth.bylines = bylines
    opening = _DATELINE.match(truth.paragraphs[0]) if truth.paragraphs else None
    closing = _DATELINE.match(truth.paragraphs[-1][1:]) if truth.paragraphs else None
    truth.dateline = (opening or closing).group(0) if opening or closing else None
    if _CREDIT.match(truth.title):
        truth.meta_key = "credits"
    elif truth.title == "广告":
        truth.meta_key = "dropped"
    return truth


def rmrb_pages(root: Path) -> dict[str, tuple[str, list[Truth]]]:
    """Page number -> (page text, the truth of its articles in page order)."""
    truths: dict[str, list[Truth]] = {}
    for raw in sorted((root / "raw").glob("*.txt")):
        truths.setdefault(raw.stem.split("-")[1], []).append(read_truth(raw))
    return {
        page: ((root / "pages" / f"rmrb-20230101-p{page}.txt").read_text("utf-8"), found)
        for page, found in truths.items()
    }


def second_layout(page: str, truths: list[Truth], every: int = 3) -> tuple[str, list[str]]:
    """The page with a blank line between every two lines and every `every`-th long body paragraph
    cut mid-sentence by a blank line (a column change); returns (text, the paragraphs cut)."""
    body = {p for t in truths for p in t.paragraphs if len(p) >= 60}
    out: list[str] = []
    cut: list[str] = []
    seen = 0
    for line in (ln.strip() for ln in page.splitlines()):
        if not line:
            continue
        if line in body:
            seen += 1
            at = _cut_point(line) if seen % every == 0 else None
            if at is not None:
                out += [line[:at], line[at:]]
                cut.append(line)
                continue
        out.append(line)
    return "\n\n".join(out) + "\n", cut


def _cut_point(line: str) -> int | None:
    """A place past the middle of `line`, mid-sentence, before a Han character."""
    for at in range(len(line) * 11 // 20, len(line) - 10):
        if (_han(line[at - 1]) or line[at - 1] in "，、") and _han(line[at]):
            return at
    return None


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
