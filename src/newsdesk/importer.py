"""Import: walk files, read them through ingest, and record their articles (ids, dedup, sync)."""

from __future__ import annotations

import difflib
import hashlib
import itertools
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from newsdesk import edits, near
from newsdesk.domain import Article, ArticleDraft
from newsdesk.errors import BadFileError, Cancelled, shown_path
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.encoding import too_large
from newsdesk.ingest.sources import JSONL_SUFFIXES, open_source, sha256_file
from newsdesk.ingest.walk import NOT_REGULAR, iter_files
from newsdesk.language import _
from newsdesk.store import Store
from newsdesk.tags import anchoring

CHUNK = 1000  # records per transaction while reading a large file
FAILED_KEPT = 100  # failures listed in a report (all are counted in `failed_count`)
_SPACE = re.compile(r"\s+")


class CancelFlag(Protocol):
    """Anything with is_set(), such as threading.Event or multiprocessing.Event."""

    def is_set(self) -> bool: ...


@dataclass
class ImportProgress:
    """Where an import stands; passed to the progress callback as work advances."""

    phase: str  # "scanning" | "reading" | "indexing" | "settling" | "done"
    files_done: int = 0  # `bytes_done` counts the bytes of these and of the file being read
    files_total: int = 0
    articles: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    indexed: int = 0  # articles indexed by this import (or reindex), of `to_index` known so far
    to_index: int = 0
    settled: int = 0  # terms merged while settling the index, of `to_settle`
    to_settle: int = 0
    path: str = ""
    reading_done: bool = False  # every file read (what is left is indexing and settling)
    fraction: float = 0.0  # the whole import's share done, never going back (progress.Overall)


@dataclass
class ImportReport:
    """What an import changed, in articles, and what failed: the first `FAILED_KEPT` failures
    (a file or a record, with the reason) in `failed`, all of them counted in `failed_count`
    (three million bad lines must not become three million entries in memory)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0
    near_duplicates: int = 0  # of `duplicates`: near-identical versions (`newsdesk.near`)
    files: int = 0
    skipped_files: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    failed_count: int = 0
    cancelled: bool = False
    passages_moved: int = 0
    passages_orphaned: int = 0

    def fail(self, path: str, reason: str, code: str) -> None:
        """Count a failure; keep it if fewer than `FAILED_KEPT` are kept. `reason` is in the
        user's language, `code` names its kind for machines (binary, undecodable, ...)."""
        self.failed_count += 1
        if len(self.failed) < FAILED_KEPT:
            self.failed.append({"path": path, "error": reason, "code": code})

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "files": self.files,
            "skipped_files": self.skipped_files,
            "failed": self.failed,
            "failed_count": self.failed_count,
            "cancelled": self.cancelled,
            "passages_moved": self.passages_moved,
            "passages_orphaned": self.passages_orphaned,
        }


def content_key(d: ArticleDraft) -> str:
    """A hash of what makes two texts the same article, blind to layout whitespace."""
    parts = [d.kicker or "", d.title, d.subtitle or "", d.text, *d.captions]
    parts += [f"\x1enote:{n}" for n in (d.note, d.author_note) if n]  # (absent: keys as before)
    return hashlib.sha256(_SPACE.sub("", "\x1f".join(parts)).encode("utf-8")).hexdigest()


def to_article(article_id: str, d: ArticleDraft) -> Article:
    """The stored form of a draft under the given id."""
    return Article(
        id=article_id,
        title=d.title,
        text=d.text,
        kicker=d.kicker,
        subtitle=d.subtitle,
        bylines=d.bylines,
        dateline=d.dateline,
        captions=d.captions,
        photo_credits=d.photo_credits,
        section_heads=d.section_heads,
        date=d.date,
        source=d.source,
        page=d.page,
        section=d.section,
        note=d.note,
        author_note=d.author_note,
    )


class Importer:
    """One import run against a store; `index_pending` is called to index as it goes."""

    def __init__(
        self,
        store: Store,
        *,
        index_pending: Callable[[bool], None],
        progress: Callable[[ImportProgress], None] | None = None,
        cancel: CancelFlag | None = None,
    ) -> None:
        self.store = store
        self.index_pending = index_pending
        self.report = ImportReport()
        self._changed: list[str] = []
        self._redirect: dict[str, str] = {}  # an article of a file -> the version it joined
        self.state = ImportProgress("scanning")
        self._progress = progress
        self._cancel = cancel

    def _tick(self) -> None:
        if self._progress is not None:
            self._progress(self.state)

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled(_("import cancelled"))

    def run(self, paths: Sequence[Path], *, sync: bool = False) -> ImportReport:
        self._tick()
        orphans_before = anchoring.count_orphans(self.store)
        if not self.store.readonly:
            with self.store.transaction():
                self.store.fill_title_keys(near.title_key)
        items = list(iter_files(paths))
        files = [i for i in items if i.problem is None]
        self.state.files_total = len(files)
        self.state.bytes_total = sum(_size(i.path) for i in files)
        self.state.phase = "reading"
        seen: set[str] = set()
        try:
            for item in items:
                self._check_cancel()
                if item.problem is not None:
                    self._fail(str(item.path), item.problem, item.code)
                    continue
                seen.add(str(item.path))
                self.state.path = str(item.path)
                self._tick()
                before = self.state.bytes_done
                self._import_file(item.path, item.root)
                self.state.files_done += 1
                self.state.bytes_done = before + _size(item.path)
                self.report.files += 1
                self.index_pending(False)
            if sync:
                # Not seen is not gone: nothing under a folder or file that could not be read.
                self._sync(paths, seen, [i.path for i in items if i.problem is not None])
        except Cancelled:
            self.report.cancelled = True
        with self.store.transaction():
            # Repairs passages left stale by an import that was cancelled or killed mid-file.
            moved, _left = anchoring.retry_orphans(self.store)
            self.report.passages_moved += moved
        self.report.passages_orphaned = max(0, anchoring.count_orphans(self.store) - orphans_before)
        self.state.reading_done = True  # ("done" is the caller's to say: the index comes next)
        return self.report

    def _fail(self, path: str, reason: str, code: str) -> None:
        self.report.fail(shown_path(path), reason, code)

    def _import_file(self, path: Path, root: Path) -> None:
        try:
            st = path.stat()
        except OSError as exc:
            self._fail(str(path), _("cannot read: {detail}").format(detail=exc.strerror or exc), "unreadable")
            return
        if not stat.S_ISREG(st.st_mode):  # (replaced since the walk: a pipe would never end)
            self._fail(str(path), _(NOT_REGULAR), "not-regular")
            return
        known = self.store.source(str(path))
        if known and known.sha256 and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            self.report.unchanged += self.store.count_placements(known.id)
            return
        if not path.name.lower().endswith(JSONL_SUFFIXES) and (reason := too_large(st.st_size)):
            self._fail(str(path), reason, "too-large")  # refused before hashing: never read at all
            return
        try:
            digest = sha256_file(path, st.st_size)
        except OSError as exc:
            self._fail(str(path), _("cannot read: {detail}").format(detail=exc.strerror or exc), "unreadable")
            return
        except BadFileError as exc:
            self._fail(str(path), exc.reason, exc.code)
            return
        if known and known.sha256 == digest:
            self.store.touch_source(known.id, st.st_size, st.st_mtime_ns)
            self.report.unchanged += self.store.count_placements(known.id)
            return
        try:
            src = open_source(path, root)
            records = iter(src)
            first = list(itertools.islice(records, CHUNK))
        except BadFileError as exc:
            self._fail(str(path), exc.reason, exc.code)
            return
        if len(first) == CHUNK and all(isinstance(r, RecordProblem) for r in first):
            bad = first[0]
            assert isinstance(bad, RecordProblem)
            self._fail(
                str(path),
                _("refused: its first {n} records are all unreadable ({detail})").format(
                    n=CHUNK, detail=bad.message()
                ),
                "no-records",
            )
            return
        old = {aid for _ordinal, aid in self.store.placements(known.id)} if known else set()
        with self.store.transaction():
            source_id = self.store.put_source(
                str(path), "", st.st_size, st.st_mtime_ns, src.format, src.encoding, src.page_meta
            )
        placed: dict[int, str] = {}
        claimed: set[str] = set()
        start, size = self.state.bytes_done, st.st_size
        ordinal = 0
        chunk = first
        error: BadFileError | None = None
        problems = 0
        while chunk:
            self._check_cancel()
            with self.store.transaction():
                rows = []
                for rec in chunk:
                    if isinstance(rec, RecordProblem):
                        self._fail(rec.where, rec.reason, "bad-record")
                        problems += 1
                    else:
                        aid = self._place(rec, old, claimed, source_id)
                        placed[ordinal] = aid
                        rows.append((ordinal, aid))
                    ordinal += 1
                self.store.add_placements(source_id, rows)
            self.state.articles += len(chunk)
            self.state.bytes_done = start + min(src.bytes_read(), size)  # (inside a large file)
            self._tick()
            self.index_pending(False)
            try:
                chunk = list(itertools.islice(records, CHUNK))
            except BadFileError as exc:
                error = exc
                chunk = []
        with self.store.transaction():
            # A file read before has its placements rewritten (what it no longer holds is gone);
            # a new one's went in chunk by chunk: rewriting them would hold every id of a file of
            # millions of records in memory three more times, for nothing.
            gone = self.store.set_placements(source_id, sorted(placed.items())) if old else []
            edits.replay(self.store, [*placed.values(), *gone])
            removed = self.store.orphan_articles(gone)
            self.report.removed += self.store.delete_articles(removed)
            moved, _left = anchoring.on_articles_changed(self.store, self._changed, removed, self._redirect)
            self.report.passages_moved += moved
            self._changed.clear()
            self._redirect.clear()
            if error is None:
                self.store.put_source(
                    str(path),
                    digest,
                    st.st_size,
                    st.st_mtime_ns,
                    src.format,
                    src.encoding,
                    src.page_meta,
                )
        if error is not None:
            self._fail(str(path), error.reason, error.code)
        elif not placed and not problems:
            if src.page_meta:
                self.report.skipped_files += 1  # page furniture only (credits, an ad placeholder)
            else:
                self._fail(str(path), _("no articles found in this file"), "no-articles")

    def _place(self, d: ArticleDraft, old: set[str], claimed: set[str], source_id: int) -> str:
        key = content_key(d)
        external = d.external_id is not None
        aid = str(d.external_id) if external else self._match(d, key, old, claimed, source_id)
        if aid in claimed or (not external and aid not in old and self.store.exists(aid)):
            # The same text already stored from another place: remember this place too.
            claimed.add(aid)
            self.report.duplicates += 1
            return aid
        near_id = self._near(d, aid, claimed, source_id)
        if near_id is not None:
            return self._join(d, key, aid, near_id, old, claimed)
        if aid in old and self._shared(aid, source_id) and self._keeps_stored(d, aid):
            claimed.add(aid)  # a poorer version of an article kept from another file
            self.report.unchanged += 1
            return aid
        claimed.add(aid)
        outcome = self.store.put_article(
            to_article(aid, d), content_key=key, external=external, title_key=near.title_key(d.title)
        )
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)
        if outcome == "updated":
            self._changed.append(aid)
        return aid

    def _near(self, d: ArticleDraft, aid: str, claimed: set[str], source_id: int) -> str | None:
        """A stored article, found in another file, that `d` is a near-identical version of
        (`near.same_article`), other than `aid` itself; None when there is none."""
        seen = {aid}
        for key in near.head_keys(d):
            for other in self.store.same_title(key, d.date, near.CANDIDATES):
                if other in seen or other in claimed or not self._shared(other, source_id):
                    continue
                seen.add(other)
                if near.same_article(d, self.store.article(other)):
                    return other
        return None

    def _join(self, d: ArticleDraft, key: str, aid: str, kept: str, old: set[str], claimed: set[str]) -> str:
        """Place `d` as a version of the stored article `kept`: its text replaces the stored one
        only when it holds more structure (`near.keeps_new`); the id stays, so passages and
        corrections follow. This file's own earlier article `aid`, if any, is merged into it."""
        claimed.add(kept)
        self.report.duplicates += 1
        self.report.near_duplicates += 1
        if aid in old:
            self._redirect[aid] = kept
        stored = self.store.article(kept)
        if near.keeps_new(d, stored):
            identity = self.store.identity_of(kept)
            external = bool(identity and identity[1])
            article = to_article(kept, d)
            written = self.store.put_article(
                article, content_key=key, external=external, title_key=near.title_key(d.title)
            )
            if written == "updated":
                self._changed.append(kept)
        return kept

    def _keeps_stored(self, d: ArticleDraft, aid: str) -> bool:
        """Whether the stored text of `aid`, kept from another file, stays over `d`, a
        near-identical version with less structure read again from this file."""
        stored = self.store.article(aid)
        return near.richness(stored) > near.richness(d) and near.same_article(d, stored)

    def _match(self, d: ArticleDraft, key: str, old: set[str], claimed: set[str], source_id: int) -> str:
        """The id of the stored article this draft is, or a new id."""
        same = self.store.find_by_content(key)
        if same is not None:
            return same
        olds = [a for a in sorted(old) if a not in claimed]
        # Recognisably the same article, edited: same title, or mostly the same text.
        best, best_ratio = None, 0.0
        for aid in olds:
            if self._shared(aid, source_id):
                continue
            values = self.store.stored_values(aid)
            if values is None:
                continue
            if d.title and values["title"] == d.title:
                return aid
            ratio = difflib.SequenceMatcher(None, str(values["text"])[:2000], d.text[:2000]).quick_ratio()
            if ratio > best_ratio:
                best, best_ratio = aid, ratio
        if best is not None and best_ratio >= 0.6:
            return best
        aid = "nd-" + key[:12]
        n = 2
        while self.store.exists(aid):
            aid = f"nd-{key[:12]}-{n}"
            n += 1
        return aid

    def _shared(self, aid: str, source_id: int) -> bool:
        return self.store.placed_elsewhere(aid, source_id)

    def _sync(self, paths: Sequence[Path], seen: set[str], unread: Sequence[Path]) -> None:
        """Remove the articles of files gone from the folders walked. Removal needs positive
        evidence: the file was not found in a folder that was read. A missing argument, a
        folder that could not be listed, a name that could not be read: nothing under them goes.
        """
        roots = [p.resolve() for p in paths if p.exists()]
        gone = [
            s
            for s in self.store.source_paths()
            if s not in seen
            and any(_under(Path(s), r) for r in roots)
            and not any(_under(Path(s), u) for u in unread)
        ]
        for s in gone:
            with self.store.transaction():
                ids = self.store.remove_source(s)
                removed = self.store.orphan_articles(ids)
                self.report.removed += self.store.delete_articles(removed)
                anchoring.on_articles_changed(self.store, [], removed)


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
