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
from newsdesk.ingest.credits import (
    COMPOUND,
    MAX_LINE,
    NAME,
    ROLE_WORDS,
    SLASH_ROLES,
    SLASHES,
    SUFFIX_WORDS,
    pair_up,
)

# The vocabulary is ingest.credits'; this parser adds its own grammar: a photo credit marker
# (`供图`) after a person's name, and `地名报道` (`台北報導`) closing a group.
_SUFFIX_ROLES = {**SUFFIX_WORDS, "供图": "photographer", "供圖": "photographer"}
_NO_NAME_ROLES = {"commentator"}  # `本报评论员` alone is a byline; its name is the role word
_SEP = SLASHES
_TOKEN = re.compile(rf"[{_SEP}]|[^\s{_SEP}、，,;；]+")
_REPORTED = "|".join(w for w, r in SUFFIX_WORDS.items() if r == "reporter")
_PLACE_REPORT = re.compile(rf"[\u4e00-\u9fff]{{1,4}}(?:{_REPORTED})")
_DATELINE = re.compile(
    r"^[（(]?((?:本报|本報|新华社|新華社|中新社|人民日报|人民日報|央视网|央視網)"
    r"[\u4e00-\u9fff]{0,12}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:专)?电)"
)
_PAREN_CREDIT = re.compile(r"[（(][^（()）]{2,60}[）)]")


def parse_byline(line: str) -> tuple[Byline, ...] | None:
    """The bylines a line credits, or None when the line is not a byline."""
    text = " ".join(line.replace("\u3000", " ").replace("\xa0", " ").split())
    if not text or len(text) > MAX_LINE:
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
        if suffix and named and (is_last or token not in ROLE_WORDS):  # `X 摄`, `X 报道`
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
        if not NAME.fullmatch(token):
            return None
        (current[1] if current is not None else pending).append(token)
    if pending or not groups:
        return None
    return [(roles, pair_up(names, strict=False) or []) for roles, names in groups]


def _role_of(token: str, nxt: str) -> list[str] | None:
    """Roles of a role-word token (`本报记者`, `報導．攝影`, `文` before a slash), else None."""
    parts = [p for p in COMPOUND.split(token) if p]
    roles = []
    for part in parts:
        role = ROLE_WORDS.get(part)
        if role is None and part in SLASH_ROLES and nxt != "" and nxt in _SEP:
            role = SLASH_ROLES[part]
        if role is None:
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
        role = ROLE_WORDS.get(token[:size])
        if role and NAME.fullmatch(token[size:]) and len(token) - size <= 4:
            return [role], [token[size:]]
    name = token[:-1]
    if is_last and after_role and token[-1] in "图圖摄攝" and 2 <= len(name) <= 4:
        return (["photographer"], [name]) if NAME.fullmatch(name) else None
    return None
