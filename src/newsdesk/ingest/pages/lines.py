"""Page text -> lines classified from their own text: body, head-like, byline, credit, advert…"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from newsdesk.domain import Byline
from newsdesk.ingest.credits import AUTHOR_NOTE, CLOSING_OPENERS, PAGE_CREDIT
from newsdesk.ingest.pages.bylines import bare_author, is_editor_sign, parse_byline_line

FINAL = "。！？!?…；;."  # a sentence (and so possibly a paragraph) may end here
CLOSERS = "”’」』）)】》〉\"'"
OPENERS = "“‘「『（(【《〈"
BULLETS = "■□●○◆◇★☆•◎►▶◼▪"
DASHES = ("——", "──", "－－", "--", "—")
HEAD_MAX = 40  # longer lines are body text, whatever their punctuation
MAX_COMMAS = 1  # heads may hold one comma (`今天的中国，是…`); column-cut prose holds more
FUNCTION_END = "的和与及或把被从并而"  # a head does not end on these; a cut-off sentence may
LAYOUT_SPACE = "\ufeff\u200b"  # stripped at line ends along with str.isspace() characters


class Kind(Enum):
    """What a line is, as far as the line alone can tell."""

    BODY = "body"
    HEAD = "head"  # short, no sentence-final punctuation: kicker, title, section head, caption
    BYLINE = "byline"
    CAPTION = "caption"  # explicit caption (`图为…`, `▲…`)
    EDSIGN = "edsign"  # `——编  者`, closing an editor's note
    AUTHOR_NOTE = "author_note"  # `（作者为中国社科院考古研究所所长）`
    CREDIT = "credit"  # page credits: 本版责编, 版式设计, 责任编辑 …
    DROP = "drop"  # advert or empty placeholder
    HEADER = "header"  # page header/footer: 第05版, the issue date
    JUMP = "jump"  # `（下转第二版）`


@dataclass
class Unit:
    """One non-empty line (or several joined lines) of the page."""

    text: str
    kind: Kind
    gap: int = 0  # blank lines before it
    indented: bool = False
    hint: str | None = None  # "kicker"/"subtitle" when a crawler head line said so
    bylines: tuple[Byline, ...] = ()
    photo_credits: tuple[str, ...] = ()
    photo_only: bool = False
    dateline: str | None = None
    closing: bool = False  # `（本报记者…）`, `（新华社北京12月31日电 …）`
    item: bool = False  # bullet or dash-led line: a paragraph of its own
    ednote: bool = False  # a body paragraph opening `编者按：`: the article's editor's note
    author: str | None = None  # a head-like line that is only a person's name (`王  巍`)
    extra: list[str] = field(default_factory=list)


_CREDIT = PAGE_CREDIT
_DROP = re.compile(r"^[（(【\[]?\s*(?:广\s*告|廣\s*告|此处为广告|广告位|以下为广告)\s*[）)】\]]?$")
_JUMP = re.compile(
    r"^[（(]?\s*(?:紧接|上接|下转|接|转|續接|续接|轉)\s*第?\s*[\d一二三四五六七八九十〇零]{1,3}\s*版"
    r"\s*[）)]?$"
)
_HEADER = re.compile(
    r"^(?:.{0,30}第\s*[\d一二三四五六七八九十〇零]{1,3}\s*版.{0,30}|"
    r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(?:星期.|周.|週.)?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:来源|來源|出处|出處)[：:].{0,30})?|"
    r"(?:来源|來源|出处|出處)\s*[：:].{1,30})$"
)
_PAGE_NO = re.compile(r"第\s*(\d{1,3})\s*版")
_CAPTION = re.compile(r"^(?:图为|圖為|上图|下图|左图|右图|中图|上圖|下圖|左圖|右圖|图[①-⑳]|圖[①-⑳]|[▲△▼])")
_DATELINE = re.compile(
    r"^(?:本报|本報|新华社|新華社|中新社|中新网|中新網|人民网|人民網|新华网|新華網|央视网|央視網|"
    r"光明网|光明網|[\u4e00-\u9fff]{2,6}(?:日报|日報|晚报|晚報|时报|時報))"
    r"(?:[\u4e00-\u9fff·]{1,12}?(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})\s*日\s*(?:专电|專電|电|電)|讯|訊|电|電|消息)"
)
_CLOSING = re.compile(r"^[（(](?:" + "|".join(CLOSING_OPENERS) + r"|完[）)]$)")
_EDNOTE = re.compile(r"^[【\[［〔]?\s*(?:编\s*者\s*按|編\s*者\s*按|编者的话|編者的話)\s*[】\]］〕：:]")
_PAIRS = ("“”", "（）", "()", "《》", "「」", "『』", "【】")
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_SENTENCE = re.compile(r"[。！？!?；;]")
_EDGE = 4  # header lines are looked for among this many lines at each end of the page


def split_lines(text: str) -> list[Unit]:
    """Every non-empty line of `text` as a classified Unit (blank lines become `gap`).

    A line's kind is decided from the line alone (and whether it sits near the page's edges);
    what a head-like line *is* (kicker, title, section head, caption) is decided later, from its
    neighbours, in `runs`.
    """
    text = text.removeprefix("\ufeff")
    raw = text.splitlines()
    units: list[Unit] = []
    gap = 0
    for line in raw:
        stripped = line.strip().strip(LAYOUT_SPACE).strip()
        if not stripped:
            gap += 1
            continue
        indented = line[:1].isspace()
        if not units and "\t" in stripped:
            heads = _crawler_heads(stripped, gap)
            if heads:
                units.extend(heads)
                gap = 0
                continue
        units.append(Unit(stripped, Kind.BODY, gap, indented))
        gap = 0
    last = len(units) - 1
    for i, unit in enumerate(units):
        classify(unit, edge=i < _EDGE or i > last - _EDGE)
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i < last else None
        # `…鼓舞士气：` introduces the paragraph below it; only over a head is it an overline
        overline = unit.kind is Kind.HEAD and unit.hint is None and is_kicker_marked(unit)
        if overline and (nxt is None or nxt.kind is not Kind.HEAD):
            unit.kind = Kind.BODY
    return units


def _crawler_heads(line: str, gap: int) -> list[Unit] | None:
    """`kicker<TAB>title<TAB>subtitle`, the first line of a crawler file, as head units."""
    parts = [p.strip() for p in line.split("\t")]
    if len(parts) != 3 or not all(len(p) <= HEAD_MAX for p in parts) or not parts[1]:
        return None
    out: list[Unit] = []
    for part, hint in zip(parts, ("kicker", None, "subtitle"), strict=True):
        if part:
            out.append(Unit(part, Kind.HEAD, gap if not out else 0, hint=hint))
    return out


def classify(unit: Unit, *, edge: bool) -> None:
    """Set `unit.kind` (and what goes with it) from its text."""
    s = unit.text
    if unit.kind is Kind.HEAD:  # a crawler head line already said what it is
        return
    short = len(s) <= 80
    if short and _CREDIT.match(s):
        unit.kind = Kind.CREDIT
    elif short and _DROP.match(s):
        unit.kind = Kind.DROP
    elif short and _JUMP.match(s):
        unit.kind = Kind.JUMP
    elif edge and len(s) <= 60 and _HEADER.match(s):
        unit.kind = Kind.HEADER
    elif is_editor_sign(s):
        unit.kind = Kind.EDSIGN
    elif len(s) <= 200 and s[-1] in "）)" and AUTHOR_NOTE.match(s):
        unit.kind = Kind.AUTHOR_NOTE
    elif short and (byline := parse_byline_line(s)) is not None:
        unit.kind, unit.bylines = Kind.BYLINE, byline.bylines
        unit.photo_credits, unit.photo_only = byline.photo_credits, byline.photo_only
    elif _CAPTION.match(s):
        unit.kind = Kind.CAPTION
    elif is_closing(s):
        unit.kind, unit.closing = Kind.BODY, True
    elif _EDNOTE.match(s):
        unit.kind, unit.ednote = Kind.BODY, True
    elif is_head_like(s) and dateline_of(s) is None:
        unit.kind = Kind.HEAD
        unit.author = bare_author(s)
    else:
        unit.kind = Kind.BODY
        unit.dateline = dateline_of(s)
        unit.item = s[0] in BULLETS or s.startswith(DASHES)


def is_closing(s: str) -> bool:
    """A closing credit in parentheses: `（本报记者曲颂、李强）`, `（新华社北京12月31日电 …）`."""
    return s[0] in "（(" and s[-1] in "）)" and len(s) <= 400 and bool(_CLOSING.match(s))


def balanced(s: str) -> bool:
    """True when every quote and bracket opened in `s` is closed in it, and none closed unopened."""
    if not _BRACKET.search(s):
        return True
    return all(s.count(pair[0]) == s.count(pair[1]) for pair in _PAIRS)


def page_number(text: str) -> str | None:
    """`05` from a header line such as `第05版：要闻`."""
    match = _PAGE_NO.search(text)
    return match.group(1) if match else None


def dateline_of(paragraph: str) -> str | None:
    """The dateline opening a paragraph (`本报北京12月31日电`, `新华社北京12月31日电`), if any."""
    match = _DATELINE.match(paragraph[:40])
    return match.group(0) if match else None


def ends_final(s: str) -> bool:
    """True when `s` ends a sentence: final punctuation, maybe inside closing quotes/brackets."""
    core = s.rstrip(CLOSERS + " ")
    return bool(core) and core[-1] in FINAL


def ends_open(s: str) -> bool:
    """True when `s` stops mid-sentence: on a letter, digit or a comma-like mark."""
    last = s[-1]
    return last.isalnum() or last in "，,、"


def is_head_like(s: str) -> bool:
    """Short, without sentence punctuation: a line that may be a head, a caption or a kicker."""
    if len(s) > HEAD_MAX or ends_final(s) or s[0] in BULLETS or not balanced(s):
        return False
    if _SENTENCE.search(s) or s.count("，") + s.count(",") > MAX_COMMAS:
        return False
    if "…" in s.rstrip("…"):  # `……` inside a line ends a clause, as in prose
        return False
    if s[-1] in "，,、" + OPENERS or s[-1] in FUNCTION_END:
        return False
    return any(c.isalpha() for c in s)


def is_kicker_marked(unit: Unit) -> bool:
    """A head line that ends like an overline (`高新区枫杨办事处：`, `…热烈反响——`)."""
    return unit.hint == "kicker" or unit.text.endswith(("：", ":", "—", "─"))


def is_dash_led(unit: Unit) -> bool:
    """A head line that opens like a subtitle (`——访国家发展改革委…`)."""
    return unit.hint == "subtitle" or unit.text.startswith(DASHES)
