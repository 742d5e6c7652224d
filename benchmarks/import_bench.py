"""Import benchmark: articles/s and MB/s for a corpus, peak memory, library size on disk.

Usage: .venv/bin/python benchmarks/import_bench.py [--corpus PATH] [--library DIR] [--keep]

The corpus is the whole `../shared/corpora` folder unless `--corpus` names a file or folder.
Beside the import it measures, in the same run, a baseline that only reads and parses the same
input (for a folder: the walk and every file's reader, no store, no index): the floor any import
of it could reach. Then it re-imports the unchanged corpus (which must change nothing) and
reports that time too.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError
from newsdesk.ingest.sources import open_source
from newsdesk.ingest.walk import iter_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora"


def baseline(path: Path) -> tuple[int, float]:
    """Read and parse every record with the import's own readers; no storing, no indexing."""
    t0 = time.perf_counter()
    n = 0
    for item in iter_files([path]):
        if item.problem:
            continue
        try:
            for rec in open_source(item.path, item.root):
                n += isinstance(rec, ArticleDraft)
        except BadFileError:
            continue
    return n, time.perf_counter() - t0


def on_disk(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_import(library: Path, corpus: Path) -> tuple[dict[str, object], float]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--library", str(library), "import", str(corpus), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"import failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout), elapsed


def size_on_disk(folder: Path) -> tuple[int, int]:
    db = sum(p.stat().st_size for p in folder.glob("library.sqlite3*"))
    index = sum(p.stat().st_size for p in (folder / "index").rglob("*") if p.is_file())
    return db, index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--library", type=Path, help="library folder to create (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the library afterwards")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus}")
    folder = args.library or Path(tempfile.mkdtemp(prefix="newsdesk-bench-")) / "lib"
    if folder.exists():
        sys.exit(f"{folder} exists; give a new folder")
    mb = on_disk(corpus) / 1e6

    n, t_base = baseline(corpus)
    print(f"corpus: {corpus} ({mb:.1f} MB on disk, {n} records)")
    print(
        f"baseline  read+parse only : {t_base:8.1f} s  {n / t_base:10.0f} articles/s  {mb / t_base:7.2f} MB/s"
    )

    report, t_imp = run_import(folder, corpus)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    articles = int(report["added"]) + int(report["duplicates"])
    print(
        f"import (store + index)    : {t_imp:8.1f} s  {articles / t_imp:10.0f} articles/s  "
        f"{mb / t_imp:7.2f} MB/s  ({t_imp / t_base:.1f}x baseline)"
    )
    print(
        f"  report: added {report['added']} updated {report['updated']} "
        f"duplicates {report['duplicates']} failed {len(report['failed'])}"
    )
    print(f"  peak memory (import process): {peak_mb:.0f} MB")
    db, index = size_on_disk(folder)
    print(
        f"  library on disk: database {db / 1e6:.1f} MB + index {index / 1e6:.1f} MB "
        f"= {(db + index) / 1e6:.1f} MB ({(db + index) / (mb * 1e6):.2f}x the compressed corpus)"
    )

    again, t_re = run_import(folder, corpus)
    print(
        f"re-import unchanged       : {t_re:8.1f} s  ({t_re / t_base:.2f}x baseline)  "
        f"unchanged {again['unchanged']} added {again['added']} updated {again['updated']}"
    )
    if not args.keep and args.library is None:
        shutil.rmtree(folder.parent)


if __name__ == "__main__":
    main()
