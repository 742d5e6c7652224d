"""An archivist's corrections of the page splitter: edit heads and bylines, merge, split.

Each correction is recorded in the `edits` table and applied at once. Re-importing a changed
file rewrites its articles from the file, so after every file import the corrections that name
its articles are replayed in the order they were made: corrections survive re-import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TypeVar

from newsdesk.domain import Article, Byline, SectionHead
from newsdesk.errors import NotFoundError, UserError
from newsdesk.language import _
from newsdesk.store import Store
from newsdesk.store import edits as edit_log
from newsdesk.tags import anchoring

T = TypeVar("T")
EDITABLE = ("kicker", "title", "subtitle", "bylines")


class EditManager:
    """The Library's door to corrections (`lib.edits`): each is applied and recorded in one
    transaction under the writer lock (`writing`), then the index follows (`follow_index`)."""

    def __init__(
        self,
        store: Store,
        writing: Callable[[str], AbstractContextManager[object]],
        follow_index: Callable[[], object],
    ) -> None:
        self._store = store
        self._writing = writing
        self._follow_index = follow_index

    def _correct(self, kind: str, data: dict[str, object], apply: Callable[[], T]) -> T:
        with self._writing("correction"):
            with self._store.transaction():
                result = apply()
                record(self._store, kind, data)
            self._follow_index()
            return result

    def edit(self, article_id: str, **fields: object) -> Article:
        """Correct kicker, title, subtitle or bylines ([{"role","name"}]); survives re-import."""
        data = {"article": article_id, "fields": fields}
        return self._correct("fields", data, lambda: apply_fields(self._store, article_id, fields))

    def merge(self, first: str, second: str) -> Article:
        """Append article `second` to `first` (two halves of one article); survives re-import."""
        data = {"into": first, "from": second}
        return self._correct("merge", data, lambda: apply_merge(self._store, first, second))

    def split(self, article_id: str, paragraph: int) -> tuple[Article, Article]:
        """Cut an article before a paragraph into two articles; survives re-import."""
        data = {"article": article_id, "paragraph": paragraph}
        return self._correct("split", data, lambda: apply_split(self._store, article_id, paragraph))


_HEADLIKE = re.compile(r"^[^。！？!?；;]{1,40}$")


def record(store: Store, kind: str, data: dict[str, object]) -> None:
    """Store one correction (inside the caller's transaction)."""
    edit_log.record(store.conn, kind, data)


def _put(store: Store, a: Article) -> None:
    keys = store.identity_of(a.id)
    if keys is None:
        store.put_article(a, content_key="edit:" + a.id, external=False)
    else:
        store.put_article(a, content_key=keys[0], external=keys[1])


def apply_fields(store: Store, article_id: str, fields: dict[str, object]) -> Article:
    """Replace kicker/title/subtitle/bylines of one article."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise UserError(
            _("cannot edit {value}: only {value2}").format(
                value=", ".join(sorted(unknown)), value2=", ".join(EDITABLE)
            )
        )
    a = store.article(article_id)
    changes: dict[str, object] = {}
    for key, value in fields.items():
        if key == "bylines":
            changes[key] = tuple(Byline(str(b["role"]), str(b["name"])) for b in value)  # type: ignore[attr-defined, index]
        elif key == "title":
            changes[key] = str(value or "")
        else:
            changes[key] = (str(value) or None) if value is not None else None
    edited = replace(a, **changes)  # type: ignore[arg-type]
    _put(store, edited)
    return edited  # the text is untouched: passages stay where they are


def apply_merge(store: Store, into: str, other: str) -> Article:
    """Append article `other` to article `into`; `other` is removed, its places go to `into`."""
    if into == other:
        raise UserError(_("cannot merge an article with itself"))
    a, b = store.article(into), store.article(other)
    offset = len(a.paragraphs)
    heads = a.section_heads + tuple(SectionHead(h.text, h.paragraph + offset) for h in b.section_heads)
    if b.title and b.title != a.title:
        heads += (SectionHead(b.title, offset),)
        heads = tuple(sorted(heads, key=lambda h: h.paragraph))
    merged = replace(
        a,
        text="\n".join([*a.paragraphs, *b.paragraphs]),
        bylines=a.bylines + tuple(x for x in b.bylines if x not in a.bylines),
        captions=a.captions + b.captions,
        photo_credits=a.photo_credits + tuple(c for c in b.photo_credits if c not in a.photo_credits),
        section_heads=heads,
        note=_joined(a.note, b.note),
        author_note=_joined(a.author_note, b.author_note),
    )
    _put(store, merged)
    store.copy_placements(other, into)
    store.delete_articles([other])
    anchoring.on_articles_changed(store, [into], [other], {other: into})
    return merged


def _joined(first: str | None, second: str | None) -> str | None:
    """Two articles' notes as one (each kept once)."""
    return "\n".join(dict.fromkeys(n for n in (first, second) if n)) or None


def split_id(article_id: str, paragraph: int) -> str:
    """The id of the part split off an article at a paragraph: stable, so replays agree."""
    return f"{article_id}~{paragraph}"


def apply_split(store: Store, article_id: str, paragraph: int) -> tuple[Article, Article]:
    """Cut an article before paragraph `paragraph`; the second part becomes a new article.

    A short first line without sentence-final punctuation in the second part is taken as its
    title (it was a headline swallowed into the body); otherwise the part keeps no title.
    """
    a = store.article(article_id)
    paras = a.paragraphs
    if not 0 < paragraph < len(paras):
        raise UserError(
            _("cannot split {article_id} at paragraph {paragraph}: it has {n} paragraphs").format(
                article_id=article_id, paragraph=paragraph, n=len(paras)
            )
        )
    head, tail = paras[:paragraph], paras[paragraph:]
    title = ""
    if len(tail) > 1 and _HEADLIKE.match(tail[0]):
        title, tail = tail[0], tail[1:]
    cut = paragraph + (1 if title else 0)
    first = replace(
        a,
        text="\n".join(head),
        section_heads=tuple(h for h in a.section_heads if h.paragraph < paragraph),
        author_note=None,  # (it closes the body: the second part's)
    )
    second = Article(
        id=split_id(article_id, paragraph),
        title=title,
        text="\n".join(tail),
        section_heads=tuple(
            SectionHead(h.text, h.paragraph - cut) for h in a.section_heads if h.paragraph >= cut
        ),
        date=a.date,
        source=a.source,
        page=a.page,
        section=a.section,
        author_note=a.author_note,
    )
    _put(store, first)
    _put(store, second)
    store.copy_placements(article_id, second.id)
    anchoring.on_articles_changed(store, [first.id, second.id], [])
    return first, store.article(second.id)


def _ids(kind: str, data: dict[str, object]) -> set[str]:
    if kind == "merge":
        return {str(data["into"]), str(data["from"])}
    return {str(data["article"])}


def replay(store: Store, article_ids: Iterable[str]) -> int:
    """Re-apply, in order, every correction naming these articles (or parts made from them)."""
    touched = set(article_ids)
    applied = 0
    for kind, data in edit_log.log(store.conn):
        names = _ids(kind, data)
        if not names & touched:
            continue
        try:
            if kind == "fields":
                apply_fields(store, str(data["article"]), data["fields"])
            elif kind == "merge":
                apply_merge(store, str(data["into"]), str(data["from"]))
            elif kind == "split":
                _first, second = apply_split(store, str(data["article"]), int(data["paragraph"]))
                touched.add(second.id)
        except (NotFoundError, UserError):
            continue  # the file changed so much that this correction no longer fits
        touched |= names
        applied += 1
    return applied
