"""Newsroom hub benchmark: joining a loaded hub beside importing the same corpora locally.

Usage: .venv/bin/python benchmarks/sync_bench.py [--corpus PATH] [--passages N] [--url OWNER_URL]

One run, on a private PostgreSQL server started for it (tests/pg.py: initdb + pg_ctl on a
socket folder, fsync off as in the tests; `--url` names an existing empty database instead):

1. baseline: `newsdesk import CORPUS` into library A (store + index), timed, its peak memory;
2. A joins the hub as an archivist and pushes every article; N passages are tagged on A
   (default 10,000) and pushed: the hub is loaded;
3. `newsdesk hub join` from a fresh library B (pull + index), timed beside the import of step 1
   (target: within 1.5×), its peak memory (the child's own high-water mark, as for the import:
   the pull is streamed in batches, so it must stay near the import's, whatever the archive's size);
4. an incremental sync of 100 passage changes: A pushes them, B pulls them (target < 1 s each
   on loopback), in-process as the window does it, and as `newsdesk sync` (with start-up);
5. the hub's size: the database, its largest tables, bytes per article.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora"
TAGS = ("地区/北京", "地区/上海", "人物", "经济/就业", "政策", "待核实", "科技", "文化")
CHANGES = 100

# A child that runs the CLI and reports its own peak resident memory (VmHWM, in kB) on stderr.
CHILD = (
    "import sys\n"
    "from newsdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "sys.stderr.write('\\nVmHWM ' + (hwm[0].split()[1] if hwm else '0') + '\\n')\n"
    "sys.exit(code)\n"
)


def newsdesk(library: Path, *args: str) -> tuple[dict[str, Any], float, float]:
    """Run `newsdesk --library LIBRARY ARGS… --json` in a child: (its report, seconds, peak MB)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "--library", str(library), *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"newsdesk {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak = [line for line in proc.stderr.splitlines() if line.startswith("VmHWM ")]
    return json.loads(proc.stdout), elapsed, int(peak[-1].split()[1]) / 1024 if peak else 0.0


def tag_passages(library: Path, n: int) -> float:
    """Tag `n` passages (random spans of random articles) on a library; returns the seconds."""
    from newsdesk.library import Library

    rng = random.Random(10_000)
    t0 = time.perf_counter()
    with Library.open(library) as lib:
        ids = lib.article_ids()
        for aid in rng.sample(ids, min(n, len(ids))):
            text = lib.article(aid).text
            start = rng.randrange(max(1, len(text) - 20))
            end = min(len(text), start + rng.randint(2, 16))
            lib.passages.tag(aid, start, end, rng.sample(TAGS, rng.randint(1, 2)), note=f"bench {aid[-6:]}")
    return time.perf_counter() - t0


def incremental(a_dir: Path, b_dir: Path) -> None:
    """100 passage changes on A: A's push and B's pull, in-process and as `newsdesk sync`."""
    from newsdesk.library import Library

    with Library.open(a_dir) as a, Library.open(b_dir) as b:
        for round_, label in ((1, "in-process (the window's way)"), (2, "newsdesk sync (with start-up)")):
            passages = a.passages.find()[round_ * CHANGES : (round_ + 1) * CHANGES]
            for p in passages:
                a.passages.update(p.id, note=f"changed in round {round_}")
            if round_ == 1:
                t0 = time.perf_counter()
                pushed = a.hub.sync().pushed["passages"]
                t_push = time.perf_counter() - t0
                t0 = time.perf_counter()
                pulled = b.hub.sync().pulled["passages"]
                t_pull = time.perf_counter() - t0
            else:
                report, t_push, _ = newsdesk(a_dir, "sync")
                pushed = report["pushed"]["passages"]
                report, t_pull, _ = newsdesk(b_dir, "sync")
                pulled = report["pulled"]["passages"]
            print(
                f"incremental sync of {CHANGES} passage changes, {label}: push {t_push * 1000:6.0f} ms "
                f"({pushed} pushed)  pull {t_pull * 1000:6.0f} ms ({pulled} pulled)  (target < 1000 ms)"
            )


def hub_size(owner_url: str, articles: int) -> None:
    import psycopg

    with psycopg.connect(owner_url) as conn:
        db = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
        tables = conn.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 6"
        ).fetchall()
    print(
        f"hub size: database {db / 1e6:.1f} MB = {db / max(1, articles) / 1024:.1f} kB per article "
        f"({articles} articles)"
    )
    print("  " + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in tables))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--passages", type=int, default=10_000)
    ap.add_argument("--url", help="an empty database, as its owner (default: a private server)")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus}")
    sys.path.insert(0, str(ROOT))
    from psycopg.conninfo import make_conninfo
    from tests import pg as pgserver

    from newsdesk.store import hub as pg_hub

    work = Path(tempfile.mkdtemp(prefix="newsdesk-sync-bench-"))
    server = None
    try:
        if args.url:
            owner_url = args.url
        else:
            server = pgserver.start_server()
            owner_url = server.url(server.database())
        pgpass = work / "pgpass"
        pgpass.write_text("")
        os.chmod(pgpass, 0o600)
        os.environ["PGPASSFILE"] = str(pgpass)
        conn = pg_hub.connect(owner_url)
        try:
            pg_hub.init_schema(conn)
            for name in ("bench_ann", "bench_bob"):
                pg_hub.add_user(conn, name, "archivist", f"pw-{name}")
                with pgpass.open("a") as f:
                    f.write(f"*:*:*:{name}:pw-{name}\n")
        finally:
            conn.close()

        def url(user: str) -> str:
            return make_conninfo(owner_url, user=user)

        a_dir, b_dir = work / "a", work / "b"
        print(f"corpus: {corpus}")
        report, t_import, mem_import = newsdesk(a_dir, "import", str(corpus))
        articles = int(report["added"])
        print(
            f"baseline  local import (store + index) : {t_import:8.1f} s  "
            f"{articles / t_import:8.0f} articles/s  peak {mem_import:5.0f} MB  ({articles} articles)"
        )
        report, t_push, mem_push = newsdesk(a_dir, "hub", "join", url("bench_ann"))
        print(
            f"push every article to the hub (A joins) : {t_push:8.1f} s  "
            f"{report['pushed']['articles'] / t_push:8.0f} articles/s  peak {mem_push:5.0f} MB"
        )
        t_tag = tag_passages(a_dir, args.passages)
        report, t_pp, _ = newsdesk(a_dir, "sync")
        print(
            f"tag {args.passages} passages on A / push them : {t_tag:8.1f} s / {t_pp:.1f} s  "
            f"({report['pushed']['passages']} passages, {report['pushed']['tags']} tags pushed)"
        )

        report, t_join, mem_join = newsdesk(b_dir, "hub", "join", url("bench_bob"))
        pulled = report["pulled"]
        print(
            f"join from a fresh library (pull + index): {t_join:8.1f} s  "
            f"{pulled['articles'] / t_join:8.0f} articles/s  peak {mem_join:5.0f} MB  "
            f"({t_join / t_import:.2f}x the local import; target 1.5x)"
        )
        print(
            f"  pulled {pulled['articles']} articles, {pulled['passages']} passages, {pulled['tags']} tags; "
            f"peak memory {mem_join / mem_import:.2f}x the import's"
        )
        incremental(a_dir, b_dir)
        hub_size(owner_url, articles)
    finally:
        if server is not None:
            server.stop()
            pgserver.remove(server)
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
