"""`newsdesk check`: does the record hold together, and does the index agree with it?

The record (SQLite) is the truth and the index is derived from it, so every difference is
repaired in one direction: re-index from the record, drop from the index what the record no
longer has. Passages whose quote no longer sits at their offsets are placed again by the
re-anchoring of `tags.anchoring`. Damage inside SQLite itself (integrity_check) cannot be
repaired here: it is reported, and the way out is a backup. The index's files are verified
byte by byte against their checksums (`index.integrity`); a damaged index is replaced whole.
A record lost beside its index (`refuse_lost_record`) is refused before a library opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import paths
from newsdesk.errors import LibraryError
from newsdesk.language import _
from newsdesk.store import Store, passages
from newsdesk.tags.service import TagService

if TYPE_CHECKING:
    from newsdesk.library import Library

SHOWN = 5  # ids named in one problem line


@dataclass
class CheckReport:
    """What `Library.check` found (`problems`) and, when asked to repair, what it fixed."""

    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": self.problems, "repaired": self.repaired}


def _some(ids: set[str] | list[str]) -> str:
    shown = sorted(ids)[:SHOWN]
    more = _(" and {n} more").format(n=len(ids) - SHOWN) if len(ids) > SHOWN else ""
    return ", ".join(shown) + more


def _sqlite_problems(store: Store) -> list[str]:
    out = [_("database: {problem}").format(problem=r) for r in store.integrity_problems()]
    bad = store.dangling_references()
    if bad:
        tables = sorted(bad)
        out.append(
            _("database: {n} rows point to rows that do not exist (in {tables})").format(
                n=sum(bad.values()), tables=", ".join(tables)
            )
        )
    return out


def _index_problems(lib: Library) -> tuple[list[str], set[str], set[str], bool]:
    """The index's problems, the ids it misses and holds in excess, and whether its files are
    damaged (then they are not compared with the record: the index is rebuilt whole)."""
    store = lib.store
    index = lib.open_index()  # opened first: a rebuilt index marks every article unindexed
    problems = []
    if index.damage is not None and lib.index_lag():  # (the rebuild is not done yet)
        problems.append(
            _("index: was damaged and has been emptied for a rebuild ({detail})").format(detail=index.damage)
        )
    damaged = index.verify()
    if damaged:
        problems += [_("index: damaged: {detail}").format(detail=p) for p in damaged]
        return problems, set(), set(), True
    unindexed = store.count_unindexed()
    if unindexed:
        problems.append(_("index: {n} articles are not indexed yet").format(n=unindexed))
    deletes = store.pending_deletes()
    if deletes:
        problems.append(_("index: {n} removed articles are still in the index").format(n=len(deletes)))
    record = set(store.article_ids("-date"))
    indexed = index.ids()
    missing, extra = record - indexed, indexed - record
    if missing:
        problems.append(
            _("index: {n} articles are missing from the index ({ids})").format(
                n=len(missing), ids=_some(missing)
            )
        )
    if extra:
        problems.append(
            _("index: {n} articles are in the index but not the record ({ids})").format(
                n=len(extra), ids=_some(extra)
            )
        )
    return problems, missing, extra, False


def refuse_lost_record(folder: Path, db: Path, *, missing: bool) -> None:
    """Refuse a library whose database is gone (`missing`) or empty while its search index
    still lists articles: opened, it would show an empty library and an index answering with
    articles no one can read."""
    from newsdesk.index import SearchIndex

    index = paths.index_dir(folder)
    listed = SearchIndex.listed_count(index)
    if not listed:
        return
    if missing:
        text = _(
            "{folder}: the library's database {db} is missing, but its search index lists "
            "{n} articles: put back {db} from a backup (see `newsdesk backup`), or, to "
            "start an empty library here, remove the folder {index}"
        )
    else:
        text = _(
            "{folder}: the library's database {db} holds no articles, but its search index lists "
            "{n} articles: put back {db} from a backup (see `newsdesk backup`), or, to "
            "start an empty library here, remove the folder {index}"
        )
    raise LibraryError(text.format(folder=folder, db=db.name, n=listed, index=index))


def run_check(lib: Library, *, repair: bool = False) -> CheckReport:
    """Check `lib` (see the module docstring); with `repair`, fix what can be fixed and check
    again, so that `problems` holds what is left."""
    report = CheckReport()
    sqlite_problems = _sqlite_problems(lib.store)
    index_problems, missing, extra, damaged = _index_problems(lib)
    stale = passages.count_stale(lib.store.conn)
    passage_problems = (
        [_("passages: {n} passages are no longer at their place").format(n=stale)] if stale else []
    )
    report.problems += sqlite_problems + index_problems + passage_problems
    if not repair or report.ok:
        return report
    with lib._writing("check --repair"):
        if damaged:
            lib.indexing.replace("; ".join(index_problems))
            report.repaired.append(_("index: replaced the damaged index by an empty one"))
        if index_problems:
            if missing:
                lib.store.mark_unindexed(sorted(missing))
            if extra:
                with lib.open_index().writer() as w:
                    w.delete(sorted(extra))
                report.repaired.append(
                    _("index: removed {n} articles the record no longer has").format(n=len(extra))
                )
            n = lib.indexing.pending(True)
            report.repaired.append(_("index: indexed {n} articles from the record").format(n=n))
        if passage_problems:
            moved, left = TagService(lib.store).retry_orphans()
            report.repaired.append(
                _("passages: placed {moved} passages again ({left} orphans left)").format(
                    moved=moved, left=left
                )
            )
    report.problems = run_check(lib, repair=False).problems
    return report
