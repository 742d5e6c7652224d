"""Byline (署名), photo-credit and editor's-sign lines of a printed page -> Byline values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.domain import Byline
from newsdesk.ingest.credits import (
    COLLECTIVE,
    COLLECTIVE_IN_PARENS,
    COMPOUND,
    MAX_LINE,
    NAME,
    ORG_WORDS,
    ROLE_WORDS,
    SLASH_ROLES,
    SLASHES,
    SUFFIX_WORDS,
    has_surname,
    is_person,
    pair_up,
)

# Characters a byline line may spend on layout rather than on names.
DECOR = "/／╱|｜:：()（）、，,;；．·‧・—－-◎●□■◇◆☆★"
_LEADERS = "◎●□■◇◆☆★"  # marks some papers print before a byline (`◎本报记者 张三`)

_TOKEN = re.compile(rf"[{SLASHES}]|[^\s{SLASHES}、，,;；]+")
_EDSIGN = re.compile(r"^[—－\-–]{1,3}\s*(编\s*者|編\s*者)$")
_PROSE = re.compile(r"[。！？!?；;…“”]")  # sentence punctuation: prose, not a byline
# A byline holds at least one character of a role word or marker.
_MARKS = re.compile(
    "[" + re.escape("".join(sorted({c for w in [*ROLE_WORDS, *SUFFIX_WORDS, *ORG_WORDS] for c in w}))) + "]"
)


@dataclass
class _Group:
    roles: list[str]  # several for `報導．攝影╱X`: reporting and photos by X
    word: str  # the role word or marker that set the roles
    names: list[str]


@dataclass(frozen=True)
class BylineLine:
    """What a byline line credits: people with roles, and organisations credited for photos."""

    bylines: tuple[Byline, ...]
    photo_credits: tuple[str, ...] = ()

    @property
    def photo_only(self) -> bool:
        """True when the line credits only photos (`郭威 摄`): a caption's credit, not an author."""
        return all(b.role == "photographer" for b in self.bylines)


def is_editor_sign(line: str) -> bool:
    """`——编  者`: the sign closing an editor's note (the note's, never a byline)."""
    return _EDSIGN.match(line.strip()) is not None


def bare_author(line: str) -> str | None:
    """The name on a line that is only a person's name (`王  巍`, `李向东`): two to four
    characters, padding allowed, opening with a common surname (a 2–4 character section head
    such as `结语` does not); else None."""
    tokens = line.split()
    if not 1 <= len(tokens) <= 2:
        return None
    name = "".join(tokens)
    if len(tokens) == 2 and not all(len(t) == 1 for t in tokens):
        return None
    if not (2 <= len(name) <= 4 and is_person(name) and has_surname(name)):
        return None
    return name


def parse_byline_line(line: str, *, in_parens: bool = False) -> BylineLine | None:
    """The credits on a line made only of role words and names, else None.

    `in_parens` is for the inside of `（记者宋豪新）` and `（本报记者曲颂、李强）`, where a
    two-character role word glued to a name is the norm rather than a risk.
    """
    text = line.strip().lstrip(_LEADERS).lstrip()
    if not text or len(text) > MAX_LINE or _PROSE.search(text) or not _MARKS.search(text):
        return None
    groups: list[_Group] = []
    pending: list[str] = []
    credits: list[str] = []
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens):
        if token in SLASHES:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        roles = _prefix_roles(token, nxt)
        if roles:
            if pending:
                return None
            groups.append(_Group(roles, token, []))
            continue
        names = pending or (groups[-1].names if groups else [])
        if token in SUFFIX_WORDS and names:
            if pending:
                groups.append(_Group([SUFFIX_WORDS[token]], token, pending[:]))
                pending.clear()
            else:
                groups[-1].roles = [SUFFIX_WORDS[token]]
            continue
        if token in ORG_WORDS and names and not credits:
            credits.append("".join(names))
            names.clear()
            continue
        if not _glued(token, groups, pending, credits, is_last=nxt == "", in_parens=in_parens):
            return None
    if pending:
        return None
    return _finish(groups, credits, in_parens)


def _prefix_roles(token: str, nxt: str) -> list[str]:
    """The roles a role-word token opens (`本报记者`, `報導．攝影`, `文` before a slash)."""
    if token in SLASH_ROLES and nxt in ("/", "／", "╱", ":", "："):
        return [SLASH_ROLES[token]]
    roles = [ROLE_WORDS.get(p) for p in COMPOUND.split(token) if p]
    return [] if None in roles else list(dict.fromkeys(r for r in roles if r))


def _glued(
    token: str,
    groups: list[_Group],
    pending: list[str],
    credits: list[str],
    *,
    is_last: bool,
    in_parens: bool,
) -> bool:
    """Place a token that is a name, possibly glued to a role word or marker; False if not one."""
    had_name = bool(pending) or any(g.names for g in groups)
    for size in range(min(len(token) - 2, 7), 1, -1):
        role = ROLE_WORDS.get(token[:size])
        if role and (size >= 3 or in_parens) and is_person(token[size:]) and not pending:
            groups.append(_Group([role], token[:size], [token[size:]]))
            return True
    if len(token) >= 4 and token[-2:] in ("供图", "供圖") and NAME.fullmatch(token[:-2]):
        credits.append(token[:-2])
        return True
    glued_photo = token[-1] in "摄攝" or (token[-1] in "图圖" and is_last and had_name)
    if glued_photo and 3 <= len(token) <= 5 and is_person(token[:-1]) and not pending:
        groups.append(_Group(["photographer"], token[-1], [token[:-1]]))
        return True
    if not NAME.fullmatch(token):
        return False
    (groups[-1].names if groups else pending).append(token)
    return True


def _finish(groups: list[_Group], credits: list[str], in_parens: bool) -> BylineLine | None:
    out: list[Byline] = []
    collective = COLLECTIVE_IN_PARENS if in_parens else COLLECTIVE
    for group in groups:
        if not group.names:
            if group.word not in collective:
                return None
            out.extend(Byline(role, group.word) for role in group.roles)
            continue
        paired = pair_up(group.names, strict=True)
        if paired is None or not all(is_person(n) for n in paired):
            return None
        out.extend(Byline(role, n) for n in paired for role in group.roles)
    if not out and not credits:
        return None
    if any(len(c) > 20 for c in credits):
        return None
    return BylineLine(tuple(out), tuple(credits))


def pair_names(tokens: list[str]) -> list[str]:
    """Names from space-separated tokens, padded two-character names rejoined where they pair."""
    paired = pair_up(tokens, strict=True)
    if paired is not None:
        return paired
    return [t for t in tokens if t]
