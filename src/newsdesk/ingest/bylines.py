"""Byline (署名) and dateline (电头) lines -> Byline values: `本报记者  王  珏 通讯员 X` and kin.

A byline is a run of groups `ROLE NAME NAME ...`; a group may instead end in a credit marker
(`NAME 摄`, `NAME/摄`, `ORG 供图`, `NAME╱台北報導`). Two-character names padded to three with
spaces (`王  珏`) are rejoined: single characters pair up. Anything that is not made only of
role words, markers and name-like tokens is not a byline, and parse_byline returns None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.domain import Byline

# Role words that open a group, Simplified and Traditional; longest match wins.
_ROLE_WORDS: dict[str, str] = {}
for _role, _words in {
    "reporter": "本报记者 本報記者 本报特约记者 本報特約記者 特约记者 特約記者 新华社记者 新華社記者 "
    "人民日报记者 中新社记者 央视记者 见习记者 見習記者 实习记者 實習記者 记者 記者 实习生 "
    "實習生 报道 報導 報道 采写 採寫",
    "correspondent": "本报通讯员 本報通訊員 特约通讯员 特約通訊員 通讯员 通訊員",
    "photographer": "本报摄影记者 本報攝影記者 摄影记者 攝影記者 摄影 攝影 图片 圖片 摄 攝 图 圖",
    "commentator": "本报评论员 本報評論員 本报特约评论员 特约评论员 新华社评论员 人民日报评论员 "
    "评论员 評論員",
    "editor": "责任编辑 責任編輯 本版责编 本版責編 本版编辑 本版編輯 视频编辑 視頻編輯 文字编辑 "
    "文字編輯 美术编辑 图片编辑 圖片編輯 责编 責編 编辑 編輯",
    "author": "撰文 作者 文",
}.items():
    for _word in _words.split():
        _ROLE_WORDS[_word] = _role

# Markers that follow the names they credit.
_SUFFIX_ROLES = {
    "摄": "photographer", "攝": "photographer", "摄影": "photographer", "攝影": "photographer",
    "图": "photographer", "圖": "photographer", "供图": "photographer", "供圖": "photographer",
    "文": "author", "报道": "reporter", "報導": "reporter", "報道": "reporter",
}  # fmt: skip
_SINGLE_CHAR_ROLES = {"摄", "攝", "图", "圖", "文"}  # roles only before a slash or colon
_NO_NAME_ROLES = {"commentator"}  # `本报评论员` alone is a byline; its name is the role word
_SEP = "/／╱:："
_TOKEN = re.compile(rf"[{_SEP}]|[^\s{_SEP}、，,;；]+")
_NAME = re.compile(r"[\u3400-\u9fff·•・]{1,16}")
_COMPOUND = re.compile(r"[．.・·]")
_PLACE_REPORT = re.compile(r"[\u4e00-\u9fff]{1,4}(?:报道|報導|報道)")
_DATELINE = re.compile(
    r"^[（(]?((?:本报|本報|新华社|新華社|中新社|人民日报|人民日報|央视网|央視網)"
    r"[\u4e00-\u9fff]{0,12}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:专)?电)"
)
_PAREN_CREDIT = re.compile(r"[（(][^（()）]{2,60}[）)]")
_MAX_LINE = 100


def parse_byline(line: str) -> tuple[Byline, ...] | None:
    """The bylines a line credits, or None when the line is not a byline."""
    text = " ".join(line.replace("\u3000", " ").replace("\xa0", " ").split())
    if not text or len(text) > _MAX_LINE:
        return None
    if text[0] in "（(" and text[-1] in "）)":
        text = text[1:-1].strip()
    groups = _groups(_TOKEN.findall(text))
    if groups is None:
        return None
    out: list[Byline] = []
    for roles, names in groups:
        if not names:
            if not set(roles) <= _NO_NAME_ROLES:
                return None
            names = [text.strip(_SEP + " ")]
        out.extend(Byline(role, name) for name in names for role in roles)
    return tuple(dict.fromkeys(out)) or None


def parse_dateline(paragraph: str) -> str | None:
    """The dateline opening a paragraph (`本报北京12月31日电`, `新华社北京12月31日电`), if any."""
    match = _DATELINE.match(paragraph.lstrip("\u3000\xa0 "))
    return match.group(1) if match else None


def credit_bylines(paragraphs: Sequence[str]) -> tuple[Byline, ...]:
    """Bylines an article credits inside its body: `本报成都12月30日电  （记者宋豪新）` opening
    the first paragraph, or a closing credit paragraph `（本报记者曲颂、李强）`."""
    if not paragraphs:
        return ()
    first = paragraphs[0].lstrip("\u3000\xa0 ")
    dateline = parse_dateline(first)
    if dateline:
        rest = first[first.index(dateline) + len(dateline) :].lstrip("\u3000\xa0 ")
        match = _PAREN_CREDIT.match(rest)
        found = parse_byline(match.group(0)) if match else None
        if found:
            return found
    last = paragraphs[-1].strip("\u3000\xa0 ")
    if last[:1] in "（(" and last[-1:] in "）)":
        return parse_byline(last) or ()
    return ()


def normalize_name(name: str) -> str:
    """A credited name without the padding newspapers put inside two-character names."""
    return "".join(name.split())


def _groups(tokens: list[str]) -> list[tuple[list[str], list[str]]] | None:
    """Tokens -> [(roles, names)]; None as soon as a token fits no byline grammar."""
    groups: list[tuple[list[str], list[str]]] = []
    pending: list[str] = []  # names seen before any role word (`X 摄`, `X╱台北報導`)
    for i, token in enumerate(tokens):
        current = groups[-1] if groups else None
        is_last = i == len(tokens) - 1
        if token in _SEP:
            continue
        if current is not None and not current[1] and _role_of(token, "/"):
            current[0].extend(_role_of(token, "/") or ())  # `文/图 张三`: roles share names
            continue
        suffix = _suffix_role(token)
        named = pending or (current is not None and current[1])
        if suffix and named and (is_last or token not in _ROLE_WORDS):  # `X 摄`, `X 报道`
            if pending:
                groups.append(([suffix], pending[:]))
                pending.clear()
            elif current is not None:
                current[0][:] = [suffix]
            continue
        roles = _role_of(token, "" if is_last else tokens[i + 1])
        if roles is not None:
            if pending:
                return None
            groups.append((roles, []))
            continue
        glued = _glued_role(token, is_last=is_last, after_role=bool(groups))
        if glued:
            if pending:
                return None
            groups.append(glued)
            continue
        if not _NAME.fullmatch(token):
            return None
        (current[1] if current is not None else pending).append(token)
    if pending or not groups:
        return None
    return [(roles, _pair_up(names)) for roles, names in groups]


def _role_of(token: str, nxt: str) -> list[str] | None:
    """Roles of a role-word token (`本报记者`, `報導．攝影`), else None."""
    parts = [p for p in _COMPOUND.split(token) if p]
    roles = []
    for part in parts:
        role = _ROLE_WORDS.get(part)
        if role is None:
            return None
        if part in _SINGLE_CHAR_ROLES and (nxt == "" or nxt not in _SEP):
            return None
        roles.append(role)
    return roles or None


def _suffix_role(token: str) -> str | None:
    if token in _SUFFIX_ROLES:
        return _SUFFIX_ROLES[token]
    if _PLACE_REPORT.fullmatch(token):
        return "reporter"
    return None


def _glued_role(token: str, *, is_last: bool, after_role: bool) -> tuple[list[str], list[str]] | None:
    """`记者马卓言` (role word glued to a name) or `郭威图` (photo credit glued to the last name)."""
    for size in range(min(len(token) - 2, 7), 1, -1):
        role = _ROLE_WORDS.get(token[:size])
        if role and _NAME.fullmatch(token[size:]) and len(token) - size <= 4:
            return [role], [token[size:]]
    name = token[:-1]
    if is_last and after_role and token[-1] in "图圖摄攝" and 2 <= len(name) <= 4:
        return (["photographer"], [name]) if _NAME.fullmatch(name) else None
    return None


def _pair_up(names: list[str]) -> list[str]:
    """Rejoin padded two-character names: consecutive single characters pair up."""
    out: list[str] = []
    i = 0
    while i < len(names):
        if len(names[i]) == 1 and i + 1 < len(names) and len(names[i + 1]) == 1:
            out.append(names[i] + names[i + 1])
            i += 2
        else:
            out.append(normalize_name(names[i]))
            i += 1
    return out
