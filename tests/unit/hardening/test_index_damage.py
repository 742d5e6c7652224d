"""Any damage to any index file — deleted, cut at any offset, bytes flipped or zeroed — is either
healed by the next search or found by `check` and fixed by `check --repair`; never a wrong
answer while `check` says ok, never an internal error. And a library whose database is gone or
empty while its index remains is refused, not opened as an empty library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from newsdesk import Library, paths
from newsdesk.cli import main
from newsdesk.errors import IndexDamaged, LibraryError, QueryError
from newsdesk.index import SearchIndex
from newsdesk.index.codec import CompactTermsReader

# (a date filter and facets read the meta column, ids the id column, phrases the positions)
QUERIES = ["的", "date:2008-02", '"生活"', "title:婦 OR 孩子", "醫院 -台北", "author:韓"]
KINDS = ("delete", "truncate", "flip", "zero")


def results(library: Path) -> list[object]:
    with Library.open(library) as lib:
        out: list[object] = []
        for q in QUERIES:
            r = lib.search(q, limit=200, sort="date", facets=True)
            out.append((r.total, [h.id for h in r.hits], r.facets))
        return out


@pytest.fixture(scope="module")
def built(article_files, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[object]]:
    """A library of two segments, the older with deletions (a file changed and imported again)."""
    folder, _ = article_files
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(folder, src / "a")
    library = tmp_path_factory.mktemp("built") / "lib"
    with Library.open(library) as lib:
        assert not lib.import_paths([src / "a"]).failed
        changed = sorted((src / "a").iterdir())[3]
        records = [json.loads(line) for line in changed.read_text("utf-8").splitlines()]
        for r in records:
            r["body"] = "醫院的生活。" + str(r["body"])
        changed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
        assert lib.import_paths([src / "a"]).updated == len(records)
    expected = results(library)
    assert all(total for total, _, _ in expected)
    return library, expected


def _damage(path: Path, kind: str, data: st.DataObject) -> None:
    size = path.stat().st_size
    if kind == "delete" or size == 0:
        path.unlink()
        return
    if kind == "truncate":
        with path.open("r+b") as f:
            f.truncate(data.draw(st.integers(0, size - 1), label="offset"))
        return
    raw = bytearray(path.read_bytes())
    if kind == "flip":
        for at in data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=3), label="at"):
            raw[at] ^= data.draw(st.integers(1, 255), label="xor")
    else:
        start = data.draw(st.integers(0, size - 1), label="start")
        end = data.draw(st.integers(start + 1, min(size, start + 64)), label="end")
        raw[start:end] = bytes(end - start)
    path.write_bytes(bytes(raw))


def _check(library: Path, *more: str) -> int:
    code = main(["--library", str(library), "check", *more])
    assert code in (0, 1), f"check {' '.join(more)} exited {code}"
    return code


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damage_to_any_index_file_is_healed_or_found_and_repaired(
    built, tmp_path_factory: pytest.TempPathFactory, capsys, data: st.DataObject
) -> None:
    source, expected = built
    library = tmp_path_factory.mktemp("damaged") / "lib"
    shutil.copytree(source, library)
    index = paths.index_dir(library)
    name = data.draw(st.sampled_from(sorted(p.name for p in index.iterdir())), label="file")
    _damage(index / name, data.draw(st.sampled_from(KINDS), label="kind"), data)
    if data.draw(st.booleans(), label="search first"):
        if results(library) == expected:  # healed (or the damage changed nothing a search reads)
            return
        assert _check(library) == 1, "a search answered wrongly and check says ok"
    elif _check(library) == 0:
        assert results(library) == expected, "check says ok and a search answers wrongly"
        return
    assert _check(library, "--repair") == 0
    assert results(library) == expected
    assert _check(library) == 0
    capsys.readouterr()


@pytest.mark.parametrize("kind", ["flip", "zero"])
def test_a_search_failing_on_damaged_bytes_rebuilds_and_answers(built, tmp_path: Path, kind: str) -> None:
    """Bytes of the id column changed after the index was opened: the search that trips on
    them finds the checksum wrong, rebuilds the index from the record and answers right."""
    source, expected = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    with Library.open(library) as lib:
        lib.search("的")  # (opened and verified before the damage)
        col = max(paths.index_dir(library).glob("*.id.col"), key=lambda p: p.stat().st_size)
        raw = bytearray(col.read_bytes())
        raw[:8] = b"\xff" * 8 if kind == "flip" else bytes(8)
        col.write_bytes(bytes(raw))
        lib.open_index()._reset_snapshot()  # (as another generation would)
        r = lib.search(QUERIES[0], limit=200, sort="date", facets=True)
        assert (r.total, [h.id for h in r.hits], r.facets) == expected[0]
        assert lib.open_index().damage and "id.col" in lib.open_index().damage
    assert _check(library) == 0


@pytest.mark.parametrize("how", ["missing", "empty file", "emptied"])
def test_a_lost_database_beside_an_index_is_refused(built, tmp_path: Path, capsys, how: str) -> None:
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    db = paths.db_path(library)
    if how == "missing":
        db.unlink()
    elif how == "empty file":
        db.write_bytes(b"")
    else:
        with Library.open(library) as lib:
            lib.store.conn.execute("PRAGMA foreign_keys = OFF")
            for table in ("placements", "articles"):
                lib.store.conn.execute(f"DELETE FROM {table}")
            lib.store.conn.commit()
    for command in (["list"], ["search", "的"], ["stats"]):
        assert main(["--library", str(library), *command]) == 2
        err = capsys.readouterr().err
        assert str(library) in err and "library.sqlite3" in err
        assert "search index lists 160 articles" in err and "backup" in err
    with pytest.raises(LibraryError):
        Library.open(library)
    shutil.rmtree(paths.index_dir(library))  # what the message offers: start empty
    with Library.open(library) as lib:
        assert lib.search("的").total == 0


def test_damage_found_while_another_process_writes_is_said_not_repaired(built, tmp_path: Path) -> None:
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    with Library.open(library) as lib, Library.open(library) as writer:
        lib.search("的")
        col = max(paths.index_dir(library).glob("*.id.col"), key=lambda p: p.stat().st_size)
        col.write_bytes(b"\xff" * 8 + col.read_bytes()[8:])
        lib.open_index()._reset_snapshot()
        with writer._lock.held("import"), pytest.raises(IndexDamaged, match=r"id\.col does not match"):
            lib.search("的", limit=200)  # (every hit's id read, the damaged ones too)
    assert _check(library, "--repair") == 0 and _check(library) == 0


def test_a_query_error_does_not_read_the_index_through(built, monkeypatch) -> None:
    source, _ = built
    with Library.open(source) as lib:
        monkeypatch.setattr(SearchIndex, "verify", lambda self: pytest.fail("verified on a query error"))
        with pytest.raises(QueryError):
            lib.search("\x01")


def test_an_import_that_trips_on_damage_rebuilds_the_index(built, tmp_path: Path) -> None:
    """Damage deep in the id lists (open checks the first of each field only) met by an import
    replacing that article: the index is rebuilt from the record, the import goes on."""
    source, _ = built
    library = tmp_path / "lib"
    shutil.copytree(source, library)
    index = paths.index_dir(library)
    storage = FileStorage(str(index))
    seg = TOC.read(storage, "MAIN").segments[0]
    terms = CompactTermsReader(storage, seg)
    table = terms.table("id")
    assert table is not None
    aid, at, end = table.term(1).decode("utf-8"), table.poff[1], table.poff[2]
    terms.close()
    npo = index / f"{seg.segment_id()}.npo"
    raw = bytearray(npo.read_bytes())
    raw[at:end] = b"\xff" * (end - at)
    npo.write_bytes(bytes(raw))
    with Library.open(library) as lib:
        old = lib.article(aid)
        update = tmp_path / "update.jsonl"
        record = {"id": aid, "title": old.title, "body": "改过的正文。" + old.text}
        update.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
        report = lib.import_paths([update])
        assert (report.updated, report.failed_count) == (1, 0)
        assert [h.id for h in lib.search('"改过的正文"').hits] == [aid]
        assert lib.check().ok
