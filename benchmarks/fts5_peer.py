"""The peer to beat: SQLite FTS5 with the trigram tokenizer (what Zotero and Calibre use).

Holds the same search-form texts the brute-force scan uses (so Traditional/Simplified folding is
not held against it), one row per article: `title`, `body` (every searchable value joined by
"\\n"), `date` (yyyymmdd, unindexed). A term of three or more characters is a phrase `MATCH`;
a shorter one cannot use the trigram index and is a `LIKE` scan, as the tokenizer's
documentation says. First page: 20 rows with FTS5's `snippet()` (or the text's start, for a
`LIKE` query), ranked by `bm25()` or by date; total: `count(*)` of the same condition.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from bench_store import read_through
from newsdesk.zh.normalize import normalize_term


class FTS5Peer:
    """An FTS5 trigram table over the benchmark corpus, built once per library folder."""

    def __init__(self, path: Path, corpus: Sequence[tuple[str, int, str, str]]) -> None:
        self.path = path
        fresh = not path.exists()
        self.db = sqlite3.connect(path)
        self.build_s = 0.0
        if fresh:
            t = time.perf_counter()
            self.db.execute(
                "CREATE VIRTUAL TABLE doc USING fts5(title, body, date UNINDEXED, tokenize='trigram')"
            )
            self.db.executemany(
                "INSERT INTO doc(rowid, title, body, date) VALUES (?, ?, ?, ?)",
                ((i + 1, title, hay, date) for i, (_, date, title, hay) in enumerate(corpus)),
            )
            self.db.commit()
            self.build_s = time.perf_counter() - t

    def warm_up(self) -> int:
        """Read the whole database file once, so that its pages come from the page cache as
        newsdesk's do (see search_bench); the bytes read."""
        return read_through(self.path)

    def size(self) -> int:
        return self.path.stat().st_size

    def _condition(self, query: tuple) -> tuple[str, list[object], bool]:
        """SQL condition, parameters, and whether it is a MATCH (rankable, snippet-able)."""
        _, terms, title, year, *_ = query
        clauses: list[str] = []
        params: list[object] = []
        match: list[str] = []
        targets = [("title", normalize_term(title))] if title else []
        targets += [(None, normalize_term(t)) for t in terms]
        for column, text in targets:
            if len(text) >= 3:
                phrase = '"' + text.replace('"', '""') + '"'
                match.append(f"{column} : {phrase}" if column else phrase)
            else:
                like = "%" + text.replace("%", "\\%").replace("_", "\\_") + "%"
                if column:
                    clauses.append("title LIKE ? ESCAPE '\\'")
                    params.append(like)
                else:
                    clauses.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
                    params.extend([like, like])
        if year:
            clauses.append("date BETWEEN ? AND ?")
            params.extend([int(year) * 10000 + 101, int(year) * 10000 + 1231])
        if match:
            clauses.insert(0, "doc MATCH ?")
            params.insert(0, " AND ".join(match))
        return " AND ".join(clauses) or "1", params, bool(match)

    def search(self, query: tuple) -> tuple[int, float, float]:
        """(total, first page ms, total alone ms) for one benchmark query (its page at the
        query's offset, if it has one)."""
        sort = query[4]
        offset = query[5] if len(query) > 5 else 0
        where, params, is_match = self._condition(query)
        order = "ORDER BY date DESC" if sort != "relevance" else "ORDER BY rank" if is_match else ""
        text = "snippet(doc, 1, '«', '»', '…', 16)" if is_match else "substr(body, 1, 100)"
        t = time.perf_counter()
        rows = self.db.execute(
            f"SELECT rowid, {text} FROM doc WHERE {where} {order} LIMIT 20 OFFSET {int(offset)}", params
        )
        rows.fetchall()
        total = self.db.execute(f"SELECT count(*) FROM doc WHERE {where}", params).fetchone()[0]
        page_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        self.db.execute(f"SELECT count(*) FROM doc WHERE {where}", params).fetchone()
        total_ms = (time.perf_counter() - t) * 1000
        return total, page_ms, total_ms
