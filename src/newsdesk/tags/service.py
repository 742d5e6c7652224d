"""TagService: every passage and tag operation on a library's record, each one transaction.

Operations take keyword-only arguments and report what they changed (the new or removed
Passage, or how many passages a tag operation touched), so the window can say "3 passages
retagged" and undo. The caller holds the library's writer lock; this class only opens
transactions (or joins the caller's, when one is open).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Final

from newsdesk.errors import NotFoundError, UserError
from newsdesk.language import _
from newsdesk.store import Store
from newsdesk.store import passages as rows
from newsdesk.store import tags as tagrows
from newsdesk.store.db import now
from newsdesk.tags import anchoring, export
from newsdesk.tags.cite import citation, quote_with_citation
from newsdesk.tags.model import (
    Passage,
    PassageImport,
    ancestors,
    normalize_colour,
    normalize_note,
    normalize_tag,
    normalize_tags,
    tree_key,
)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
MIN_ID_PREFIX = 6  # a passage id may be given by a unique prefix this long


def _check_offsets(article_id: str, text: str, start: object, end: object) -> tuple[int, int]:
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or isinstance(start, bool)
        or isinstance(end, bool)
    ):
        raise UserError(_("passage offsets must be whole numbers"))
    if not 0 <= start < end <= len(text):
        raise UserError(
            _(
                "bad passage offsets {start}..{end} in {article_id}: need 0 <= start < end <= {n} "
                "(code-point offsets into the article's text)"
            ).format(start=start, end=end, article_id=article_id, n=len(text))
        )
    return start, end


class TagService:
    """Passages and tags of one library (its Store)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    @contextmanager
    def _tx(self) -> Iterator[None]:
        if self.conn.in_transaction:
            yield
        else:
            with self.store.transaction():
                yield

    # -- reading -------------------------------------------------------------------------------

    def _text(self, article_id: str) -> str:
        text = self.store.text_of(article_id)
        if text is None:
            raise NotFoundError(_("no article with id {article_id}").format(article_id=repr(article_id)))
        return text

    def resolve_id(self, passage_id: str) -> str:
        """The id of the passage named by `passage_id` or by a unique prefix of it."""
        if not isinstance(passage_id, str) or not passage_id.strip():
            raise UserError(_("empty passage id"))
        pid = passage_id.strip()
        if rows.exists(self.conn, pid):
            return pid
        if len(pid) >= MIN_ID_PREFIX:
            found = rows.ids_from(self.conn, pid)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise UserError(_("passage id {pid} is ambiguous: give more of it").format(pid=repr(pid)))
        raise NotFoundError(_("no passage with id {pid}").format(pid=repr(pid)))

    def passage(self, passage_id: str) -> Passage:
        """One passage, by id (or a unique prefix of it)."""
        pid = self.resolve_id(passage_id)
        found = rows.get(self.conn, pid)
        if found is None:
            raise NotFoundError(_("no passage with id {pid}").format(pid=repr(pid)))
        return found

    def passages(
        self,
        *,
        tag: str | None = None,
        include_children: bool = True,
        article_id: str | None = None,
        orphans: bool = False,
    ) -> list[Passage]:
        """Passages, oldest first: those with `tag` (and its descendants unless told not to),
        of one article, and orphans too when `orphans` is true."""
        return rows.find(
            self.conn,
            tag=None if tag is None else normalize_tag(tag),
            include_children=include_children,
            article_id=article_id,
            orphans=orphans,
        )

    def orphans(self) -> list[Passage]:
        """Passages that lost their place in their article, with their old quote."""
        return rows.orphans(self.conn)

    # -- tagging -------------------------------------------------------------------------------

    def _new_id(self) -> str:
        while True:
            pid = secrets.token_hex(8)
            if not rows.exists(self.conn, pid):
                return pid

    def tag_passage(
        self, *, article_id: str, start: int, end: int, tags: Sequence[str], note: str | None = None
    ) -> Passage:
        """Tag text[start:end] of an article; returns the passage.

        Tagging exactly the span of an existing passage adds the tags (and the note, if given)
        to it instead of making a second passage on the same characters.
        """
        paths = normalize_tags(list(tags))
        note = normalize_note(note)
        if not paths and note is None:
            raise UserError(_("give at least one tag (or a note) to tag a passage"))
        with self._tx():
            text = self._text(article_id)
            start, end = _check_offsets(article_id, text, start, end)
            anchor = anchoring.make_anchor(text, start, end)
            stamp = now()
            existing = rows.placed_at(self.conn, article_id, start, end)
            if existing is not None:
                pid = existing
                tagrows.link(self.conn, pid, paths)
                if note is not None:
                    rows.set_note(self.conn, pid, note)
                rows.set_modified(self.conn, pid, stamp)
            else:
                pid = self._new_id()
                new = Passage(
                    id=pid,
                    article_id=article_id,
                    start=start,
                    end=end,
                    quote=anchor.quote,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                    tags=tuple(paths),
                    note=note,
                    created=stamp,
                    modified=stamp,
                )
                rows.insert(self.conn, new)
            return self.passage(pid)

    def update_passage(
        self,
        passage_id: str,
        *,
        tags: Sequence[str] | None = None,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        note: str | _Unset | None = UNSET,
        article_id: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Passage:
        """Change a passage's tags (replace all, or add/remove some), note, or span.

        Giving start and end (and, for an orphan, possibly another article) places the passage
        on those characters: this is how an orphan is put back by hand.
        """
        with self._tx():
            old = self.passage(passage_id)
            pid = old.id
            if tags is not None:
                rows.clear_tags(self.conn, pid)
                tagrows.link(self.conn, pid, normalize_tags(list(tags)))
            tagrows.link(self.conn, pid, normalize_tags(list(add_tags)))
            for path in normalize_tags(list(remove_tags)):
                rows.untag(self.conn, pid, path)
            if not isinstance(note, _Unset):
                rows.set_note(self.conn, pid, normalize_note(note))
            if start is not None or end is not None or article_id is not None:
                aid = old.article_id if article_id is None else article_id
                text = self._text(aid)
                s, e = _check_offsets(
                    aid, text, old.start if start is None else start, old.end if end is None else end
                )
                a = anchoring.make_anchor(text, s, e)
                rows.place(self.conn, pid, rows.Span(aid, s, e, a.quote, a.prefix, a.suffix))
            rows.set_modified(self.conn, pid, now())
            tagrows.prune(self.conn)
            return self.passage(pid)

    def delete_passage(self, passage_id: str) -> Passage:
        """Remove a passage; returns it as it was (restore_passage puts it back)."""
        with self._tx():
            p = self.passage(passage_id)
            rows.delete(self.conn, p.id)
            tagrows.prune(self.conn)
            return p

    def _put(self, p: Passage) -> Passage:
        """Store a passage as given (an import or an undo), placing it anew if its text moved."""
        orphaned, article_id = p.orphaned, p.article_id
        start, end, quote, prefix, suffix = p.start, p.end, p.quote, p.prefix, p.suffix
        if orphaned is None:
            text = self.store.text_of(article_id)
            where = (
                anchoring.locate(text, anchoring.Anchor(start, end, quote, prefix, suffix))
                if text is not None
                else None
            )
            if text is None or where is None:
                orphaned = now()
            elif (where.start, where.end) != (start, end) or text[start:end] != quote:
                a = anchoring.make_anchor(text, where.start, where.end)
                start, end, quote, prefix, suffix = a.start, a.end, a.quote, a.prefix, a.suffix
        placed = replace(
            p, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix, orphaned=orphaned
        )
        rows.insert(self.conn, placed)
        return self.passage(p.id)

    def restore_passage(self, passage: Passage) -> Passage:
        """Put back a deleted passage (undo), with its id and times."""
        with self._tx():
            if rows.exists(self.conn, passage.id):
                raise UserError(_("passage {id} already exists").format(id=passage.id))
            return self._put(passage)

    # -- tags ----------------------------------------------------------------------------------

    def count_tag(self, tag: str) -> int:
        """How many passages carry `tag` or one of its descendants (what deleting it touches)."""
        return len(
            tagrows.passages_under(self.conn, [i for i, _ in tagrows.subtree(self.conn, normalize_tag(tag))])
        )

    def rename_tag(self, *, old: str, new: str) -> int:
        """Rename a tag and its descendants (地区/… → 区域/…); returns the passages retagged."""
        old, new = normalize_tag(old), normalize_tag(new)
        if old == new:
            return 0
        with self._tx():
            return tagrows.move_subtrees(self.conn, [old], new, merge=False)

    def merge_tags(self, *, sources: Sequence[str], into: str) -> int:
        """Give every passage of `sources` (and their descendants) the tag `into` instead."""
        into = normalize_tag(into)
        names = [s for s in normalize_tags(list(sources)) if s != into]
        if not names:
            return 0
        with self._tx():
            return tagrows.move_subtrees(self.conn, names, into, merge=True)

    def delete_tag(self, *, tag: str) -> int:
        """Remove a tag and its descendants from every passage; returns how many it touched.

        The passages themselves stay, with their other tags and notes.
        """
        tag = normalize_tag(tag)
        with self._tx():
            subtree = tagrows.subtree(self.conn, tag)
            if not subtree:
                raise NotFoundError(_("no tag {tag}").format(tag=repr(tag)))
            touched = tagrows.passages_under(self.conn, [i for i, _ in subtree])
            tagrows.delete(self.conn, [i for i, _ in subtree])
            tagrows.touch(self.conn, touched, now())
            return len(touched)

    def tag_tree(self) -> list[tuple[str, int]]:
        """Every tag and every level above one, in tree order, with its passage count
        (passages carrying it or a descendant, orphans included)."""
        return tagrows.tree(self.conn)

    def tags(self) -> list[str]:
        """Every tag name, in tree order (for completion)."""
        return tagrows.paths(self.conn)

    def most_used_tags(self, *, limit: int = 9) -> list[str]:
        """The tags on most passages, most used first (the number keys 1–9)."""
        return tagrows.most_used(self.conn, limit)

    def set_tag_colour(self, *, tag: str, colour: str | None) -> str | None:
        """Give a tag a colour (#RRGGBB), or take it away with None; returns the stored colour."""
        path, value = normalize_tag(tag), normalize_colour(colour)
        with self._tx():
            tagrows.set_colour(self.conn, path, value)
            tagrows.prune(self.conn)
        return value

    def tag_colours(self) -> dict[str, str]:
        """The tags that have their own colour."""
        return tagrows.colours(self.conn)

    def colour_of(self, tag: str) -> str | None:
        """A tag's colour, or the nearest coloured level above it."""
        colours = self.tag_colours()
        for level in reversed(ancestors(normalize_tag(tag))):
            if level in colours:
                return colours[level]
        return None

    # -- search support --------------------------------------------------------------------------

    def article_ids_with_tag(self, tag: str, include_children: bool = True) -> set[str]:
        """Articles with a placed passage carrying `tag` (or a descendant): for `tag:` queries."""
        return rows.article_ids_with_tag(self.conn, normalize_tag(tag), include_children)

    def article_ids_with_note(self, text: str) -> set[str]:
        """Articles with a placed passage whose note contains `text`, compared in search form
        (case, width, Traditional/Simplified folded): for `note:` queries."""
        from newsdesk.zh.normalize import fold

        needle = fold(text).strip()
        if not needle:
            return set()
        return {aid for aid, note in rows.notes_of_placed(self.conn) if needle in fold(note)}

    # -- re-anchoring, export, import, citation ----------------------------------------------------

    def reanchor(
        self,
        *,
        changed: Iterable[str],
        deleted: Iterable[str] = (),
        redirect: Mapping[str, str] | None = None,
    ) -> tuple[int, int]:
        """Re-anchor the passages of changed or removed articles: (moved, orphaned)."""
        with self._tx():
            return anchoring.on_articles_changed(self.store, changed, deleted, redirect)

    def retry_orphans(self) -> tuple[int, int]:
        """Place again orphans and stale passages: (moved or recovered, orphans left)."""
        with self._tx():
            return anchoring.retry_orphans(self.store)

    def _articles(self, passages: Sequence[Passage]) -> dict[str, object]:
        return dict(self.store.summaries(list(dict.fromkeys(p.article_id for p in passages))))

    def export(self, *, format: str, tag: str | None = None) -> str:
        """All passages (orphans too), or a tag's and its descendants', as csv, json or md."""
        if format not in export.FORMATS:
            raise UserError(
                _("unknown export format {format}: use one of {value}").format(
                    format=repr(format), value=", ".join(export.FORMATS)
                )
            )
        passages = self.passages(tag=tag, orphans=True)
        articles = self._articles(passages)
        if format == "csv":
            return export.to_csv(passages, articles)  # type: ignore[arg-type]
        if format == "json":
            colours = self.tag_colours()
            if tag is not None:
                colours = {t: c for t, c in colours.items() if any(t in p.tags for p in passages)}
            return export.to_json(passages, articles, colours)  # type: ignore[arg-type]
        return export.to_markdown(passages, articles, within=None if tag is None else normalize_tag(tag))  # type: ignore[arg-type]

    def import_json(self, *, text: str) -> PassageImport:
        """Read a JSON export: new passages are added, changed ones take the newer version.

        A passage whose article is missing (or no longer holds its quote) is kept as an orphan.
        """
        passages, colours = export.parse_json(text)
        added = updated = unchanged = orphaned = 0
        with self._tx():
            for path, colour in colours.items():
                tagrows.offer_colour(self.conn, normalize_tag(path), normalize_colour(colour))
            for p in passages:
                modified = rows.modified_of(self.conn, p.id)
                if modified is not None:
                    same = replace(p, tags=tuple(sorted(p.tags, key=tree_key)))
                    if self.passage(p.id) == same or modified > p.modified:
                        unchanged += 1
                        continue
                    rows.clear_tags(self.conn, p.id)
                stored = self._put(p)
                if modified is None:
                    added += 1
                else:
                    updated += 1
                if stored.orphaned is not None and p.orphaned is None:
                    orphaned += 1
            tagrows.prune(self.conn)
        return PassageImport(added, updated, unchanged, orphaned)

    def citation(self, article_id: str) -> str:
        """The GB/T 7714 citation of an article."""
        rows = self.store.summaries([article_id])
        if article_id not in rows:
            raise NotFoundError(_("no article with id {article_id}").format(article_id=repr(article_id)))
        return citation(rows[article_id])

    def cite_passage(self, passage_id: str) -> str:
        """A passage's quote and its article's citation: what "Copy with citation" copies."""
        p = self.passage(passage_id)
        rows = self.store.summaries([p.article_id])
        if p.article_id not in rows:
            raise NotFoundError(
                _("the article of passage {id} ({article_id}) is not in the library").format(
                    id=p.id, article_id=p.article_id
                )
            )
        return quote_with_citation(p.quote, rows[p.article_id])
