"""Fixtures for the hardening tests: small article files made from real corpus text (read from
the shared corpora at test time, never copied into the repository)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = "appledaily_tw_charity/articles.jsonl.gz"
FILES, PER_FILE, BODY_CHARS = 80, 2, 240


def kill_loops(default: int = 5) -> int:
    """How many times a kill test kills its child: NEWSDESK_KILL_LOOPS=N for a longer run."""
    return int(os.environ.get("NEWSDESK_KILL_LOOPS", default))


def import_process(library: Path, folder: Path) -> subprocess.Popen[str]:
    """`newsdesk import FOLDER --json` in a child process, its output piped as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "--library", str(library), "import", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def corpus_records(corpora: Path, n: int) -> list[dict[str, object]]:
    out = []
    with gzip.open(corpora / CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            r["body"] = str(r["body"])[:BODY_CHARS]
            out.append(r)
            if len(out) == n:
                break
    return out


@pytest.fixture(scope="session")
def article_files(
    corpora: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, list[str]]]:
    """A folder of FILES small JSON Lines files; returns it and {path: article ids in it}."""
    folder = tmp_path_factory.mktemp("articles")
    recs = corpus_records(corpora, FILES * PER_FILE)
    ids: dict[str, list[str]] = {}
    for i in range(FILES):
        part = recs[i * PER_FILE : (i + 1) * PER_FILE]
        path = folder / f"{i:04d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8")
        ids[str(path)] = [str(r["id"]) for r in part]
    return folder, ids
