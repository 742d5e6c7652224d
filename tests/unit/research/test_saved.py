"""Saved searches: stored in the record, totals, "N new" after an import, seen when opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk import Library
from newsdesk.cli import main
from newsdesk.errors import NotFoundError, UserError


def run(capsys, *argv: str) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith(("{", "[")) else out


def test_new_hits_after_an_import_and_seen_once_shown(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    first = write_jsonl(
        tmp_path / "a.jsonl", [record("a1", "经济一", "经济发展"), record("a2", "别的", "无关")]
    )
    assert main(["--library", lib, "import", str(first)]) == 0
    capsys.readouterr()
    code, out = run(capsys, "--library", lib, "saved", "add", "经济观察", "经济", "--json")
    assert code == 0 and out == {
        "name": "经济观察",
        "query": "经济",
        "mode": "exact",
        "sort": "relevance",
        "total": 1,
        "new": 0,
    }
    run(capsys, "--library", lib, "saved", "add", "发展", "发展 经济", "--words")
    second = write_jsonl(tmp_path / "b.jsonl", [record("b1", "經濟二", "新的經濟文章", date="2024-01-01")])
    main(["--library", lib, "import", str(second)])
    capsys.readouterr()
    code, listed = run(capsys, "--library", lib, "saved", "list", "--json")
    assert [(s["name"], s["total"], s["new"]) for s in listed] == [("经济观察", 2, 1), ("发展", 1, 0)]
    assert set(listed[0]) >= {"name", "query", "mode", "total", "new"} and listed[1]["mode"] == "words"
    code, shown = run(capsys, "--library", lib, "saved", "show", "经济观察", "--new", "--json")
    assert [h["id"] for h in shown["hits"]] == ["b1"] and shown["hits"][0]["new"] is True
    code, listed = run(capsys, "--library", lib, "saved", "list", "--json")
    assert [(s["name"], s["new"]) for s in listed] == [("发展", 0), ("经济观察", 0)]
    code, shown = run(capsys, "--library", lib, "saved", "show", "经济观察", "--json")
    assert sorted(h["id"] for h in shown["hits"]) == ["a1", "b1"] and shown["new"] == 0
    code, out = run(capsys, "--library", lib, "saved", "remove", "经济观察", "--json")
    assert out == {"removed": "经济观察"}
    code, listed = run(capsys, "--library", lib, "saved", "list", "--json")
    assert [s["name"] for s in listed] == ["发展"]


def test_saved_searches_live_in_the_record(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([write_jsonl(tmp_path / "a.jsonl", [record("a1", "经济", "经济")])])
        lib.saved.add("one", "经济")
        backup = lib.backup(tmp_path / "copy.sqlite3")
    restored = tmp_path / "restored"
    restored.mkdir()
    backup.rename(restored / "library.sqlite3")
    with Library.open(restored) as lib:
        assert [(s.name, s.total, s.new) for s in lib.saved.list()] == [("one", 1, 0)]


def test_saved_mistakes(tmp_path: Path, capsys) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.saved.add("x", "经济")
        with pytest.raises(UserError, match="already exists"):
            lib.saved.add("x", "台湾")
        with pytest.raises(UserError, match="needs a name"):
            lib.saved.add("  ", "台湾")
        with pytest.raises(NotFoundError, match="no saved search named 'y'"):
            lib.saved.open("y")
    lib_ = str(tmp_path / "lib")
    assert main(["--library", lib_, "saved", "add", "bad", "经济 ("]) == 2
    assert "bad query" in capsys.readouterr().err
    assert main(["--library", lib_, "saved", "remove", "nope"]) == 2
    assert "no saved search named 'nope'" in capsys.readouterr().err


def test_a_schema_2_library_gains_saved_searches(tmp_path: Path) -> None:
    import sqlite3

    from newsdesk.store.schema import MIGRATIONS, SCHEMA_VERSION

    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version = 2;")
    conn.close()
    with Library.open(folder) as lib:
        assert lib.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert lib.saved.list() == []


def test_select_gives_every_match_in_order_with_dates(research_lib) -> None:
    for sort in ("date", "-date", "relevance"):
        sel = research_lib.select("经济", sort=sort)
        page = research_lib.search("经济", sort=sort, limit=1000)
        assert sel.total == page.total == len(sel.ids) > 20
        assert sel.ids[: len(page.hits)] == [h.id for h in page.hits]
        shown = [f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}" if d else None for d in sel.dates]
        assert shown == [h.date for h in page.hits]
    assert research_lib.select("经济", ids=False).ids is None
