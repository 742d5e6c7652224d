"""The Library's doors to passages and tags: `lib.passages` and `lib.tags` (Anki's `col.tags`).

Each write takes the library's writer lock through the one `writing` context the Library hands
in, then runs one TagService operation (one transaction); reads never wait for the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from newsdesk.store import Store
from newsdesk.tags.model import Passage, PassageImport
from newsdesk.tags.service import UNSET, TagService

Writing = Callable[[str], AbstractContextManager[object]]


class _Door:
    def __init__(self, store: Store, writing: Writing) -> None:
        self._service = TagService(store)
        self._writing = writing


class PassageManager(_Door):
    """Passages: tag a span, find, change, remove and put back, export, import, cite."""

    def tag(
        self, article_id: str, start: int, end: int, tags: Sequence[str], note: str | None = None
    ) -> Passage:
        """Tag text[start:end] of an article (code-point offsets into `Article.text`)."""
        with self._writing("tag"):
            return self._service.tag_passage(
                article_id=article_id, start=start, end=end, tags=tags, note=note
            )

    def get(self, passage_id: str) -> Passage:
        """One passage by id (or a unique prefix of the id)."""
        return self._service.passage(passage_id)

    def find(
        self,
        tag: str | None = None,
        include_children: bool = True,
        *,
        article_id: str | None = None,
        orphans: bool = False,
    ) -> list[Passage]:
        """Placed passages (orphans too if asked), of a tag and its children, or of one article."""
        return self._service.passages(
            tag=tag, include_children=include_children, article_id=article_id, orphans=orphans
        )

    def update(
        self,
        passage_id: str,
        *,
        tags: Sequence[str] | None = None,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        note: object = UNSET,
        article_id: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Passage:
        """Change a passage's tags, note or span (an orphan is put back by giving its span)."""
        with self._writing("tag"):
            return self._service.update_passage(
                passage_id,
                tags=tags,
                add_tags=add_tags,
                remove_tags=remove_tags,
                note=note,  # type: ignore[arg-type]
                article_id=article_id,
                start=start,
                end=end,
            )

    def delete(self, passage_id: str) -> Passage:
        """Remove a passage; returns it as it was, for undo (`restore`)."""
        with self._writing("tag"):
            return self._service.delete_passage(passage_id)

    def restore(self, passage: Passage) -> Passage:
        """Put back a passage removed by `delete` (undo)."""
        with self._writing("tag"):
            return self._service.restore_passage(passage)

    def orphans(self) -> list[Passage]:
        """Passages that could not be placed again in their changed article."""
        return self._service.orphans()

    def retry_orphans(self) -> tuple[int, int]:
        """Place again the orphans, and any passage whose article changed without re-anchoring
        (an import killed half-way): (moved or recovered, orphans left)."""
        with self._writing("tag"):
            return self._service.retry_orphans()

    def export(self, format: str, tag: str | None = None) -> str:
        """All passages, or a tag's, as "csv", "json" (W3C Web Annotation) or "md"."""
        return self._service.export(format=format, tag=tag)

    def import_json(self, text: str) -> PassageImport:
        """Add the passages of a JSON export (the newer version of a known passage wins)."""
        with self._writing("tag import"):
            return self._service.import_json(text=text)

    def cite(self, passage_id: str) -> str:
        """A passage's quote with its article's citation (Copy with citation)."""
        return self._service.cite_passage(passage_id)


class TagManager(_Door):
    """Tags: the tree, names, colours; rename, merge and delete (each says how many passages)."""

    def rename(self, old: str, new: str) -> int:
        """Rename a tag and its children; returns how many passages were retagged."""
        with self._writing("tag"):
            return self._service.rename_tag(old=old, new=new)

    def merge(self, sources: Sequence[str], into: str) -> int:
        """Replace tags `sources` (and children) by `into`; returns how many passages changed."""
        with self._writing("tag"):
            return self._service.merge_tags(sources=sources, into=into)

    def delete(self, tag: str) -> int:
        """Remove a tag and its children from every passage; returns how many it touched."""
        with self._writing("tag"):
            return self._service.delete_tag(tag=tag)

    def count(self, tag: str) -> int:
        """How many passages deleting `tag` would touch (ask before deleting)."""
        return self._service.count_tag(tag)

    def tree(self) -> list[tuple[str, int]]:
        """(tag path, passages under it) for every tag and level, in tree order."""
        return self._service.tag_tree()

    def names(self) -> list[str]:
        """Every tag, for completion."""
        return self._service.tags()

    def most_used(self, limit: int = 9) -> list[str]:
        """The most used tags first (the number keys 1–9)."""
        return self._service.most_used_tags(limit=limit)

    def set_colour(self, tag: str, colour: str | None) -> str | None:
        """Give a tag a colour (#RRGGBB) or clear it (None)."""
        with self._writing("tag"):
            return self._service.set_tag_colour(tag=tag, colour=colour)

    def colours(self) -> dict[str, str]:
        """The tags that have their own colour."""
        return self._service.tag_colours()

    def article_ids_with_tag(self, tag: str) -> set[str]:
        """Articles with a placed passage carrying `tag` or a child (what `tag:` finds)."""
        return self._service.article_ids_with_tag(tag)

    def article_ids_with_note(self, text: str) -> set[str]:
        """Articles with a placed passage whose note holds `text` (what `note:` finds)."""
        return self._service.article_ids_with_note(text)
