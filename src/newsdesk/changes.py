"""What an operation changed, so that every view can refresh itself from one broadcast.

Anki's OpChanges in small: an operation on the library (an import, a tag, a correction, a saved
search) reports which kinds of things it changed, the window broadcasts that value once, and
each view decides for itself whether it shows any of them. No caller has to know which views
depend on what (a `tag:` search depends on passages; a saved search's count on articles).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """Kinds of things an operation changed."""

    articles: bool = False  # added, removed or rewritten (import, corrections, sync)
    passages: bool = False  # tagged, edited, removed, re-anchored, orphaned
    tags: bool = False  # tag names, hierarchy or colours
    saved: bool = False  # saved searches added, removed or opened (their "new" counts)

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


PASSAGES = Changes(passages=True)
TAGS = Changes(passages=True, tags=True)  # renaming or merging a tag retags passages
ARTICLES = Changes(articles=True, passages=True, saved=True)  # texts move passages; hits change
SAVED = Changes(saved=True)
