"""Passage and tag values: the frozen Passage, and the rules for tag names (paths like 地区/郑州)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from newsdesk.errors import UserError
from newsdesk.language import _

SEPARATOR = "/"
# A full-width solidus typed with a Chinese input method separates levels too.
_SEPARATORS = re.compile(r"\s*[/／]\s*")
_SPACES = re.compile(r"\s+")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MAX_TAG_LENGTH = 200


@dataclass(frozen=True)
class Passage:
    """A tagged span of an article's text, with what is needed to find it again.

    `start`/`end` are code-point offsets into `Article.text`, and `quote == text[start:end]`
    while the passage is anchored. An orphan (`orphaned` is the UTC time it lost its place)
    keeps its last article id, offsets, quote and context: it is shown, never dropped.
    """

    id: str
    article_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    tags: tuple[str, ...]
    note: str | None
    created: str
    modified: str
    orphaned: str | None = None
    # The hub user who made it (None in a library tied to no hub, or not yet pushed): who made
    # a passage is not part of what it is (an export, an undo compare equal without it).
    author: str | None = field(default=None, compare=False)

    @property
    def is_orphan(self) -> bool:
        return self.orphaned is not None

    def to_json(self) -> dict[str, object]:
        """The `tag list --json` shape."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "tags": list(self.tags),
            "note": self.note,
            "created": self.created,
            "modified": self.modified,
            "author": self.author,
        }


@dataclass(frozen=True)
class PassageImport:
    """What importing a passage file did, counted in passages."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0  # of the added and updated, how many could not be placed in their article

    def to_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "orphaned": self.orphaned,
        }


def normalize_tag(name: str) -> str:
    """The stored form of a tag: NFC, levels split on / (or ／), blanks around levels dropped.

    `" 地区 / 郑州 "` → `"地区/郑州"`. An empty name or an empty level is a UserError.
    """
    if not isinstance(name, str):
        raise UserError(_("a tag name must be text, not {type}").format(type=type(name).__name__))
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()
    if not text:
        raise UserError(_("empty tag name"))
    levels = _SEPARATORS.split(text)
    if any(not level for level in levels):
        raise UserError(_("bad tag name {name}: a level between '/' is empty").format(name=repr(name)))
    path = SEPARATOR.join(levels)
    if len(path) > MAX_TAG_LENGTH:
        raise UserError(
            _("tag name too long ({n} characters, at most {max})").format(n=len(path), max=MAX_TAG_LENGTH)
        )
    return path


def normalize_tags(names: object) -> tuple[str, ...]:
    """Several tags, normalised, without repeats, in the order given."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list | tuple | set | frozenset):
        raise UserError(_("tags must be a list of names"))
    return tuple(dict.fromkeys(normalize_tag(n) for n in names))


def ancestors(path: str) -> list[str]:
    """`地区/郑州/高新区` → `["地区", "地区/郑州", "地区/郑州/高新区"]`."""
    levels = path.split(SEPARATOR)
    return [SEPARATOR.join(levels[: i + 1]) for i in range(len(levels))]


def is_within(path: str, tag: str) -> bool:
    """Whether `path` is `tag` or one of its descendants."""
    return path == tag or path.startswith(tag + SEPARATOR)


def subtree_bounds(tag: str) -> tuple[str, str]:
    """A half-open string range holding exactly the descendants of `tag` ('0' follows '/')."""
    return tag + SEPARATOR, tag + chr(ord(SEPARATOR) + 1)


def tree_key(path: str) -> tuple[str, ...]:
    """Sort key that keeps children right under their parent (地区, 地区/郑州, 地区A)."""
    return tuple(path.split(SEPARATOR))


def normalize_colour(colour: str | None) -> str | None:
    """`#RGB` or `#RRGGBB` (stored lower-case, #rgb expanded); None or "" clears it."""
    if colour is None or not colour.strip() or colour.strip().lower() == "none":
        return None
    c = colour.strip()
    if not _COLOUR.match(c):
        raise UserError(_("bad colour {colour}: expected #RRGGBB").format(colour=repr(colour)))
    if len(c) == 4:
        c = "#" + "".join(ch * 2 for ch in c[1:])
    return c.lower()


def normalize_note(note: str | None) -> str | None:
    """A note as stored: None for no note, else the text without blank ends."""
    if note is None:
        return None
    if not isinstance(note, str):
        raise UserError(_("a note must be text"))
    note = note.strip()
    return note or None
