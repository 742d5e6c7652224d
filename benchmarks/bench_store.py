"""Where the search benchmark's articles come from and where it keeps them: the shared corpora,
a JSON Lines file (make_corpus's), its own SQLite table, or a library `newsdesk import` made."""

from __future__ import annotations

import gzip
import itertools
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsdesk.domain import Article, Byline
from newsdesk.store.db import TEXT_COLUMNS, ArticleText


def read_corpora(corpora: Path, limit: int | None) -> Iterator[Article]:
    """CCTV and Apple Daily records interleaved (one Apple Daily per 47 CCTV), as Articles."""

    def records(path: Path) -> Iterator[dict]:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)

    cctv = records(corpora / "cctv_xwlb" / "articles.jsonl.gz")
    apple = records(corpora / "appledaily_tw_charity" / "articles.jsonl.gz")
    rmrb = corpora / "rmrb_20230101" / "articles.jsonl"
    extra: list[dict] = []
    if rmrb.exists():
        extra = [json.loads(line) for line in rmrb.read_text(encoding="utf-8").splitlines()]

    def mixed() -> Iterator[dict]:
        yield from extra
        for i, r in enumerate(cctv):
            yield r
            if i % 47 == 46:
                yield from itertools.islice(apple, 1)
        yield from apple

    for r in itertools.islice(mixed(), limit):
        yield _article(r)


def read_records(path: Path, limit: int | None) -> Iterator[Article]:
    """The records of one JSON Lines file in the corpora's format (make_corpus writes them)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, limit):
            yield _article(json.loads(line))


def _from_document(d: dict) -> Article:
    return Article(
        id=d["id"],
        title=d["title"],
        text=d["text"],
        date=d["date"],
        source=d["source"],
        section=d["section"],
        page=d["page"],
        bylines=tuple(Byline(b["role"], b["name"]) for b in d["bylines"]),
    )


class LibraryStore:
    """A newsdesk library's own database, read as the library's search reads it."""

    def __init__(self, folder: Path) -> None:
        from newsdesk.store.db import Store as RecordStore

        self.record = RecordStore(folder / "library.sqlite3", readonly=True)

    def fetch(self, ids: Sequence[str]) -> dict[str, ArticleText]:
        return self.record.article_texts(ids)

    def all(self) -> Iterator[Article]:
        ids = self.record.article_ids("-date")
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            by_id = self.record.articles_by_id(chunk)
            yield from (by_id[i] for i in chunk if i in by_id)


class Store:
    """The stored texts: a SQLite table with the library's columns for what the benchmark's
    articles hold, read the way the library's search reads them (`fetch`: only what a hit shows,
    as `newsdesk.store.db.Store.article_texts` does)."""

    COLUMNS = "id, date, title, text, source, page, section, bylines"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        # (an older benchmark's library keeps one JSON document per article: converted once)
        if "json" in [r[1] for r in self.db.execute("PRAGMA table_info(article)")]:
            self.db.execute("ALTER TABLE article RENAME TO article_json")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS article (id TEXT PRIMARY KEY, date TEXT, title TEXT, text TEXT, "
            "source TEXT, page TEXT, section TEXT, bylines TEXT)"
        )
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_json'").fetchone():
            docs = self.db.execute("SELECT json FROM article_json ORDER BY rowid")
            self.add([_from_document(json.loads(j)) for (j,) in docs])
            self.db.execute("DROP TABLE article_json")
            self.db.execute("VACUUM")

    def add(self, articles: Sequence[Article]) -> None:
        self.db.executemany(
            f"INSERT OR REPLACE INTO article ({self.COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    a.id,
                    a.date,
                    a.title,
                    a.text,
                    a.source,
                    a.page,
                    a.section,
                    json.dumps([b.name for b in a.bylines]),
                )
                for a in articles
            ],
        )
        self.db.commit()

    def fetch(self, ids: Sequence[str]) -> dict[str, ArticleText]:
        marks = ",".join("?" * len(ids))
        q = f"SELECT {TEXT_COLUMNS} FROM article WHERE id IN ({marks})"
        return {row[0]: ArticleText(*row) for row in self.db.execute(q, list(ids))}

    def all(self) -> Iterator[Article]:
        for aid, date, title, text, source, page, section, bylines in self.db.execute(
            f"SELECT {self.COLUMNS} FROM article ORDER BY rowid"
        ):
            yield Article(
                id=aid,
                title=title,
                text=text,
                date=date,
                source=source,
                page=page,
                section=section,
                bylines=tuple(Byline("author", name) for name in json.loads(bylines)),
            )


def drop_page_cache() -> bool:
    """Drop the page cache, so that what is read next comes from the disk; False when not
    allowed (only root on Linux may)."""
    import subprocess

    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _article(r: dict) -> Article:  # type: ignore[type-arg]
    """An article of one record in the corpora's JSON Lines format."""
    return Article(
        id=r["id"],
        title=r.get("title") or "",
        text=r.get("body") or "",
        date=r.get("date"),
        source=r.get("source"),
        section=r.get("section"),
        page=r.get("page"),
        bylines=(Byline("author", r["author"]),) if r.get("author") else (),
    )


class TreePeak:
    """The largest summed resident memory of a process and its descendants (its index worker),
    sampled every `interval` seconds from /proc (Linux; elsewhere stays 0): `ru_maxrss` of the
    children is the largest one process's, not their sum."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        import threading

        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            total = 0
            for p in self._tree():
                try:
                    for line in Path(f"/proc/{p}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    continue
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def read_through(*paths: Path) -> int:
    """Read files (or every file under folders) once, into the page cache; the bytes read."""
    done = 0
    for path in paths:
        for f in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            with f.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    done += len(chunk)
    return done
