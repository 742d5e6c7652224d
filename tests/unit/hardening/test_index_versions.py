"""An index folder from an older or newer newsdesk, a missing one, or truncated index files:
the library rebuilds the index from the database (the CLI says so) and searches as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsdesk import Library, paths
from newsdesk.cli import main
from newsdesk.index.search_index import SCHEMA_VERSION, VERSION_FILE

QUERIES = ["的", "醫院", "title:暖流 OR 孩子", '"生活"']


def results(library: Path) -> list[tuple[int, list[str]]]:
    with Library.open(library) as lib:
        return [
            (r.total, [h.id for h in r.hits]) for r in (lib.search(q, limit=50, sort="date") for q in QUERIES)
        ]


@pytest.fixture(scope="module")
def built(article_files, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder, _ = article_files
    library = tmp_path_factory.mktemp("built") / "lib"
    with Library.open(library) as lib:
        assert not lib.import_paths([folder]).failed
    return library, results(library)


def _older(index: Path) -> None:
    (index / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))


def _newer(index: Path) -> None:
    (index / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))


def _missing(index: Path) -> None:
    shutil.rmtree(index)


def _truncated(index: Path) -> None:
    for f in index.iterdir():
        if f.name != VERSION_FILE and f.stat().st_size > 16:
            with f.open("r+b") as fh:
                fh.truncate(f.stat().st_size // 2)


def _garbage_version(index: Path) -> None:
    (index / VERSION_FILE).write_bytes(b"\x00\xff not json")


@pytest.mark.parametrize("damage", [_older, _newer, _missing, _truncated, _garbage_version])
def test_damaged_index_is_rebuilt_on_search(built, tmp_path: Path, capsys, damage) -> None:
    source, expected = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    damage(paths.index_dir(library))
    assert main(["--library", str(library), "search", "的", "--limit", "3"]) == 0
    err = capsys.readouterr().err
    assert "bringing the search index up to date" in err
    assert results(library) == expected
    assert main(["--library", str(library), "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "problems": [], "repaired": []}


def test_check_finds_and_repairs_index_differences(built, tmp_path: Path, capsys) -> None:
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    with Library.open(library) as lib:
        ids = lib.article_ids()
        with lib.open_index().writer() as w:  # the index loses two, and keeps one the record dropped
            w.delete(ids[:2])
        gone = lib.article(ids[2])
        lib.store.conn.execute("DELETE FROM articles WHERE id = ?", (gone.id,))
        lib.store.conn.commit()
    assert main(["--library", str(library), "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert any("2 articles are missing from the index" in p for p in report["problems"])
    assert any("1 articles are in the index but not the record" in p for p in report["problems"])
    assert main(["--library", str(library), "check", "--repair", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["repaired"]
    with Library.open(library) as lib:
        assert lib.open_index().ids() == set(lib.article_ids())
        assert lib.open_index().doc_count() == len(ids) - 1


def test_check_reports_stale_passages_and_repair_places_them(built, tmp_path: Path) -> None:
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    with Library.open(library) as lib:
        aid = lib.article_ids()[0]
        text = lib.article(aid).text
        p = lib.passages.tag(aid, 10, 20, ["t"])
        # The text changes under the passage without the re-anchoring hook (a killed import).
        lib.store.conn.execute("UPDATE articles SET text = ? WHERE id = ?", ("前言。" + text, aid))
        lib.store.conn.commit()
        report = lib.check()
        assert not report.ok and any(s.startswith("passages: 1 ") for s in report.problems)
        report = lib.check(repair=True)
        assert report.ok, report.problems
        moved = lib.passages.get(p.id)
        assert (moved.start, moved.end) == (13, 23)


def test_check_reports_broken_references_it_cannot_repair(built, tmp_path: Path, capsys) -> None:
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    with Library.open(library) as lib:
        lib.store.conn.execute("PRAGMA foreign_keys = OFF")
        lib.store.conn.execute("INSERT INTO placements VALUES (1, 999, 'no-such-article')")
        lib.store.conn.commit()
    assert main(["--library", str(library), "check", "--repair"]) == 1
    out = capsys.readouterr().out
    assert "problem: database: 1 rows point to rows that do not exist (in placements)" in out
