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
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    return ", ".join(shown) + more


def _sqlite_problems(store: Store) -> list[str]:
    out = [f"database: {r}" for r in store.integrity_problems()]
    bad = store.dangling_references()
    if bad:
        tables = sorted(bad)
        out.append(
            f"database: {sum(bad.values())} rows point to rows that do not exist (in {', '.join(tables)})"
        )
    return out


def _index_problems(lib: Library) -> tuple[list[str], set[str], set[str], bool]:
    """The index's problems, the ids it misses and holds in excess, and whether its files are
    damaged (then they are not compared with the record: the index is rebuilt whole)."""
    store = lib.store
    index = lib.open_index()  # opened first: a rebuilt index marks every article unindexed
    problems = []
    if index.damage is not None and lib.index_lag():  # (the rebuild is not done yet)
        problems.append(f"index: was damaged and has been emptied for a rebuild ({index.damage})")
    damaged = index.verify()
    if damaged:
        problems += [f"index: damaged: {p}" for p in damaged]
        return problems, set(), set(), True
    unindexed = store.count_unindexed()
    if unindexed:
        problems.append(f"index: {unindexed} articles are not indexed yet")
    deletes = store.pending_deletes()
    if deletes:
        problems.append(f"index: {len(deletes)} removed articles are still in the index")
    record = set(store.article_ids("-date"))
    indexed = index.ids()
    missing, extra = record - indexed, indexed - record
    if missing:
        problems.append(f"index: {len(missing)} articles are missing from the index ({_some(missing)})")
    if extra:
        problems.append(f"index: {len(extra)} articles are in the index but not the record ({_some(extra)})")
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
    what = "is missing" if missing else "holds no articles"
    raise LibraryError(
        f"{folder}: the library's database {db.name} {what}, but its search index lists "
        f"{listed} articles: put back {db.name} from a backup (see `newsdesk backup`), or, to "
        f"start an empty library here, remove the folder {index}"
    )


def run_check(lib: Library, *, repair: bool = False) -> CheckReport:
    """Check `lib` (see the module docstring); with `repair`, fix what can be fixed and check
    again, so that `problems` holds what is left."""
    report = CheckReport()
    sqlite_problems = _sqlite_problems(lib.store)
    index_problems, missing, extra, damaged = _index_problems(lib)
    stale = passages.count_stale(lib.store.conn)
    passage_problems = [f"passages: {stale} passages are no longer at their place"] if stale else []
    report.problems += sqlite_problems + index_problems + passage_problems
    if not repair or report.ok:
        return report
    with lib._writing("check --repair"):
        if damaged:
            lib.indexing.replace("; ".join(index_problems))
            report.repaired.append("index: replaced the damaged index by an empty one")
        if index_problems:
            if missing:
                lib.store.mark_unindexed(sorted(missing))
            if extra:
                with lib.open_index().writer() as w:
                    w.delete(sorted(extra))
                report.repaired.append(f"index: removed {len(extra)} articles the record no longer has")
            n = lib.indexing.pending(True)
            report.repaired.append(f"index: indexed {n} articles from the record")
        if passage_problems:
            moved, left = TagService(lib.store).retry_orphans()
            report.repaired.append(f"passages: placed {moved} passages again ({left} orphans left)")
    report.problems = run_check(lib, repair=False).problems
    return report
