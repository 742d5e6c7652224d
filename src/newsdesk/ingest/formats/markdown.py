"""A Markdown file -> one article: the first `# ` heading is the title, blocks are paragraphs.

Markup is removed, not rendered: emphasis and code marks dropped, links kept as their text,
images and reference definitions dropped, list and quote markers stripped, other headings
become section heads. A YAML-like front matter block (`---` ... `---`) may give title, date,
author, source and section. Lines of one block are joined (no space between CJK characters),
except that a block whose lines all end a sentence (。！？…) is one paragraph per line, as
Chinese text is often written.
"""

from __future__ import annotations

import html
import re

from newsdesk.domain import ArticleDraft, SectionHead
from newsdesk.ingest.formats import clean_line
from newsdesk.ingest.formats.records import author_bylines
from newsdesk.ingest.meta import parse_date

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A link's destination: (url), (<url>) or (url "title"), parentheses balanced one level deep as
# in `javascript:alert(1)` or a Wikipedia URL: dropped whole with the link, its text kept.
_DEST = r"\((?:<[^>]*>|[^()]|\([^()]*\))*\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _DEST + r"|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\](?:" + _DEST + r"|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`+([^`]*)`+")
_EMPHASIS = re.compile(
    r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![A-Za-z0-9*])\*(?=\S)(.+?)(?<=\S)\*(?![A-Za-z0-9])"
)
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HIDDEN = re.compile("[\U000f0000-\U000f007f]")  # escaped characters, parked in plane 15
_SENTENCE_END = tuple("。！？!?…”」』)）")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def read_markdown(text: str) -> ArticleDraft | None:
    """The file's article, or None when it holds no text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front, lines = _front_matter(lines)
    title = ""
    paragraphs: list[str] = []
    heads: list[SectionHead] = []
    for level, block in _blocks(lines):
        if level:
            if level == 1 and not title:
                title = block[0]
            else:
                heads.append(SectionHead(block[0], len(paragraphs)))
            continue
        paragraphs.extend(_paragraphs(block))
    if not title and "title" in front:
        title = front["title"]
    elif not title and heads and heads[0].paragraph == 0:
        title = heads.pop(0).text  # no `# ` heading: the first heading of any level
    heads = [h for h in heads if h.paragraph < len(paragraphs)]
    if not paragraphs:
        return None
    return ArticleDraft(
        paragraphs=tuple(paragraphs),
        title=title,
        bylines=author_bylines(front.get("author")),
        section_heads=tuple(heads),
        date=parse_date(front.get("date", "")),
        source=front.get("source"),
        section=front.get("section"),
    )


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            values = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and value.strip():
                    values[key.strip().lower()] = value.strip().strip("\"'")
            return values, lines[end + 1 :]
    return {}, lines


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(heading level or 0, lines) for each block, markup of block structure removed."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    fence: str | None = None
    quoted = False

    def end_block() -> None:
        if current:
            blocks.append((0, current[:]))
            current.clear()

    for line in lines:
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1) == fence:
                fence = None
                end_block()
            elif line.strip():
                blocks.append((0, [line.strip()]))  # code: one paragraph per line, verbatim
            continue
        if fence_match:
            end_block()
            fence = fence_match.group(1)
            continue
        atx = _ATX.match(line)
        if atx:
            end_block()
            blocks.append((len(atx.group(1)), [_inline(atx.group(2))]))
        elif _SETEXT.match(line) and len(current) == 1 and not _LIST.match(current[0]):
            level = 1 if line.strip().startswith("=") else 2
            blocks.append((level, [_inline(current.pop())]))
        elif not line.strip() or _RULE.match(line):
            end_block()
        elif _REF_DEF.match(line) or _TABLE_RULE.match(line):
            continue
        elif _LIST.match(line) or line.lstrip().startswith("|"):
            end_block()  # a list item or a table row is a paragraph of its own
            current.append(_LIST.sub("", line, count=1))
        elif _QUOTE.match(line):
            if current and not quoted:
                end_block()
            current.append(_QUOTE.sub("", line))
        else:
            current.append(line)
        quoted = bool(_QUOTE.match(line))
    end_block()
    return [(level, block) for level, block in blocks if any(b.strip() for b in block)]


def _paragraphs(block: list[str]) -> list[str]:
    lines = [t for t in (_inline(line) for line in block) if t]
    if len(lines) > 1 and all(line.endswith(_SENTENCE_END) for line in lines[:-1]):
        return lines
    joined = ""
    for line in lines:
        if joined and not (_CJK.match(line[0]) and _CJK.match(joined[-1])):
            joined += " "
        joined += line
    return [joined] if joined else []


def _inline(text: str) -> str:
    """Inline markup -> plain text."""
    text = _ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), text)
    if text.startswith("|") or text.rstrip().endswith("|"):
        text = " ".join(cell.strip() for cell in text.strip().strip("|").split("|"))
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
        text = _UNDERSCORE.sub(r"\1", text)
    text = _HIDDEN.sub(lambda m: chr(ord(m.group(0)) - 0xF0000), text)
    return clean_line(html.unescape(text.rstrip("\\")))
