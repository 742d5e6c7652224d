"""Conflicts and refusals: the hub keeps what reached it first, nothing is lost, roles hold."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from tests.helpers import record, write_jsonl
from tests.newsroom import Newsroom

from newsdesk.library import Library


def _two_clients(
    newsroom: Newsroom, tmp_path: Path, second: str = "archivist"
) -> tuple[Library, Library, str]:
    """Archivist A with one article and a tagged passage, and a second client that has pulled them."""
    src = write_jsonl(tmp_path / "in" / "a.jsonl", [record("r1", "招聘会", "郑州市今天举行新年招聘会。")])
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    a.import_paths([src])
    p = a.passages.tag("r1", 3, 5, ["地区/郑州"], note="原注")
    a.hub.sync()
    b = newsroom.client(tmp_path / "b", newsroom.user(second))
    assert b.passages.get(p.id).note == "原注"
    return a, b, p.id


def test_two_archivists_change_one_note_offline_then_resolve_both_ways(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a, b, pid = _two_clients(newsroom, tmp_path)
    a.passages.update(pid, note="A 的注")
    b.passages.update(pid, note="B 的注")
    assert a.hub.sync().ok  # first to reach the hub: kept
    report = b.hub.sync()
    assert not report.ok and report.rejected == []
    (conflict,) = report.conflicts
    assert (conflict["kind"], conflict["object_id"]) == ("passage", pid)
    assert (conflict["mine"]["note"], conflict["theirs"]["note"]) == ("B 的注", "A 的注")
    assert b.passages.get(pid).note == "A 的注"  # B took the hub's version; its own is listed
    assert [c.id for c in b.hub.conflicts()] == [conflict["id"]]

    # Keep theirs: nothing changes anywhere, the conflict is gone.
    b.hub.resolve(conflict["id"], "theirs")
    assert b.hub.conflicts() == [] and b.hub.sync().ok
    assert a.hub.sync().pulled["passages"] == 0 and a.passages.get(pid).note == "A 的注"

    # Again, and keep mine: B's note reaches the hub and A.
    a.passages.update(pid, note="A 再改")
    b.passages.update(pid, note="B 再改")
    a.hub.sync()
    (again,) = b.hub.sync().conflicts
    b.hub.resolve(again["id"], "mine")
    assert b.passages.get(pid).note == "B 再改"
    assert b.hub.sync().ok
    a.hub.sync()
    assert a.passages.get(pid).note == "B 再改"


def test_removing_what_was_changed_elsewhere_keeps_it_and_lists_a_conflict(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a, b, pid = _two_clients(newsroom, tmp_path)
    a.passages.update(pid, note="改了")
    b.passages.delete(pid)
    a.hub.sync()
    (conflict,) = b.hub.sync().conflicts
    assert conflict["mine"] is None and conflict["theirs"]["note"] == "改了"
    assert b.passages.get(pid).note == "改了"  # kept
    # The other way round: removed on the hub first, changed here: kept too (and on the hub).
    b.hub.resolve(conflict["id"], "theirs")
    b.passages.delete(pid)
    b.hub.sync()
    a.passages.update(pid, note="我还在改")
    (kept,) = a.hub.sync().conflicts
    assert kept["mine"]["note"] == "我还在改" and kept["theirs"] is None
    b.hub.sync()
    assert b.passages.get(pid).note == "我还在改"
    a.hub.resolve(kept["id"], "theirs")  # the removal wins after all
    a.hub.sync()
    b.hub.sync()
    assert not b.passages.find(orphans=True) and not a.passages.find(orphans=True)


def test_a_reporter_editing_an_archivists_passage_is_rejected_and_put_back(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a, r, pid = _two_clients(newsroom, tmp_path, second="reporter")
    r.passages.update(pid, note="记者改的")
    own = r.passages.tag("r1", 0, 2, ["地区/郑州", "记者/线索"], note="我的")
    report = r.hub.sync()
    assert [(x["kind"], x["object_id"]) for x in report.rejected] == [("passage", pid)]
    assert report.pushed["passages"] == 1 and report.conflicts == []
    assert r.passages.get(pid).note == "原注"  # put back to the hub's version
    assert r.hub.status().pending == 0
    # Removing it is refused too; the reporter's own passage (and new tag) reached the hub.
    r.passages.delete(pid)
    assert [x["object_id"] for x in r.hub.sync().rejected] == [pid]
    assert r.passages.get(pid).note == "原注"
    a.hub.sync()
    assert a.passages.get(own.id).author == r.hub.status().user
    assert "记者/线索" in a.tags.names()


def test_the_same_change_by_a_reporter_in_plain_sql_changes_no_row(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a, r, pid = _two_clients(newsroom, tmp_path, second="reporter")
    user = r.hub.status().user
    with psycopg.connect(newsroom.url(user), autocommit=True) as conn:
        assert conn.execute("UPDATE passages SET note = 'x' WHERE id = %s", (pid,)).rowcount == 0
        assert conn.execute("DELETE FROM passages WHERE id = %s", (pid,)).rowcount == 0
        assert conn.execute("DELETE FROM passage_tags WHERE passage_id = %s", (pid,)).rowcount == 0
        assert conn.execute("UPDATE tags SET colour = '#000000' WHERE path = '地区/郑州'").rowcount == 0
        assert conn.execute("DELETE FROM tags").rowcount == 0
        for statement in (
            "UPDATE articles SET data = '{}'",
            "DELETE FROM articles",
            "INSERT INTO edits (id, kind, data, created) VALUES ('e', 'fields', '{}', 'now')",
            "UPDATE changes SET kind = 'x'",
            "INSERT INTO passages (id, article_id, start_pos, end_pos, quote, created, modified, owner) "
            "VALUES ('p2', 'r1', 0, 1, 'x', 'now', 'now', 'someone_else')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        note = conn.execute("SELECT note FROM passages WHERE id = %s", (pid,)).fetchone()[0]
        # What a reporter may do: its own passages, tagged with anyone's tags.
        conn.execute(
            "INSERT INTO passages (id, article_id, start_pos, end_pos, quote, created, modified) "
            "VALUES ('mine', 'r1', 0, 2, '郑州', 'now', 'now')"
        )
        conn.execute("INSERT INTO passage_tags (passage_id, path) VALUES ('mine', '地区/郑州')")
        assert conn.execute("UPDATE passages SET note = 'ok' WHERE id = 'mine'").rowcount == 1
        by = conn.execute("SELECT by FROM changes ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert note == "原注" and by == user
    a.hub.sync()
    assert a.passages.get("mine").author == user


def test_a_reporters_own_imports_stay_in_its_library(newsroom: Newsroom, tmp_path: Path) -> None:
    a, r, _ = _two_clients(newsroom, tmp_path, second="reporter")
    mine = write_jsonl(tmp_path / "r" / "mine.jsonl", [record("private-1", "私人稿", "记者自己的材料。")])
    r.import_paths([mine])
    private = r.passages.tag("private-1", 0, 2, ["私人"])
    report = r.hub.sync()
    assert report.ok and report.pushed["articles"] == 0 and report.rejected == []
    status = r.hub.status()
    assert status.pending == 0 and status.local == 2  # the article and its passage
    a.hub.sync()
    assert not a.store.exists("private-1")
    assert private.id not in {p.id for p in a.passages.find(orphans=True)}
    assert r.search("记者自己").total == 1


def test_conflicts_on_the_command_line(newsroom: Newsroom, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import json

    a, b, pid = _two_clients(newsroom, tmp_path)
    a.passages.update(pid, note="甲")
    b.passages.update(pid, note="乙")
    a.hub.sync()
    b.close()
    lib = str(tmp_path / "b")
    code, out, _ = cli("--library", lib, "sync", "--json")
    assert code == 1
    (listed,) = json.loads(out)["conflicts"]
    code, out, _ = cli("--library", lib, "hub", "conflicts", "--json")
    assert code == 0 and json.loads(out) == [listed]
    assert json.loads(cli("--library", lib, "hub", "status", "--json")[1])["conflicts"] == 1
    code, out, _ = cli("--library", lib, "hub", "resolve", str(listed["id"]), "--keep", "mine", "--json")
    assert code == 0 and json.loads(out)["kept"] == "mine"
    code, out, _ = cli("--library", lib, "sync", "--json")
    assert code == 0 and json.loads(out)["pushed"]["passages"] == 1
    code, _, err = cli("--library", lib, "hub", "resolve", str(listed["id"]), "--keep", "mine")
    assert code == 2 and "no open conflict" in err
    a.hub.sync()
    assert a.passages.get(pid).note == "乙"


def test_tag_renames_merges_and_colours_reach_everyone(newsroom: Newsroom, tmp_path: Path) -> None:
    a, b, pid = _two_clients(newsroom, tmp_path)
    other = b.passages.tag("r1", 0, 2, ["人物/市民"])
    b.hub.sync()
    a.hub.sync()
    a.tags.rename("地区", "区域")
    a.tags.merge(["人物"], "人")
    a.tags.set_colour("区域", "#00aa00")
    assert a.hub.sync().ok
    b.hub.sync()
    assert b.passages.get(pid).tags == ("区域/郑州",)
    assert b.passages.get(other.id).tags == ("人/市民",)
    assert b.tags.colours() == {"区域": "#00aa00"}
    assert sorted(b.tags.names()) == sorted(a.tags.names())
    assert b.search("tag:区域").total == 1 and b.search("tag:地区").total == 0
    for lib in (a, b):
        assert lib.check().ok, lib.check().problems


def test_a_reporter_may_not_rename_an_archivists_tag(newsroom: Newsroom, tmp_path: Path) -> None:
    a, r, pid = _two_clients(newsroom, tmp_path, second="reporter")
    r.tags.rename("地区/郑州", "地区/河南")
    report = r.hub.sync()
    assert ("passage", pid) in {(x["kind"], x["object_id"]) for x in report.rejected}
    assert r.passages.get(pid).tags == ("地区/郑州",)  # put back
    a.hub.sync()
    assert a.passages.get(pid).tags == ("地区/郑州",)
    assert a.tags.names() == ["地区/郑州"]


def test_a_reporter_made_archivist_shares_what_it_kept_private(newsroom: Newsroom, tmp_path: Path) -> None:
    from newsdesk.store import hub as pg_hub

    a, r, _ = _two_clients(newsroom, tmp_path, second="reporter")
    r.import_paths([write_jsonl(tmp_path / "r" / "m.jsonl", [record("m-1", "私人稿", "记者自己的材料。")])])
    r.hub.sync()
    assert r.hub.status().local == 1
    conn = pg_hub.connect(newsroom.owner_url)
    pg_hub.add_user(conn, r.hub.status().user, "archivist", None)
    conn.close()
    assert r.hub.sync().pushed["articles"] == 1
    assert (r.hub.status().role, r.hub.status().local) == ("archivist", 0)
    a.hub.sync()
    assert a.article("m-1").title == "私人稿"


def test_a_reporters_correction_of_a_hub_article_is_refused_and_undone(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    _, r, _ = _two_clients(newsroom, tmp_path, second="reporter")
    r.edits.edit("r1", title="记者改的标题")
    report = r.hub.sync()
    assert {x["kind"] for x in report.rejected} == {"article", "edit"}
    assert r.article("r1").title == "招聘会"
    assert r.store.conn.execute("SELECT count(*) FROM edits").fetchone()[0] == 0
    assert r.search("title:招聘会").total == 1
    assert r.hub.status().pending == 0


def test_a_private_article_that_reaches_the_hub_shares_the_reporters_passages_on_it(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a, r, _ = _two_clients(newsroom, tmp_path, second="reporter")
    src = write_jsonl(tmp_path / "shared" / "s.jsonl", [record("s-1", "同一篇", "两边都有的材料。")])
    r.import_paths([src])
    mine = r.passages.tag("s-1", 0, 2, ["线索"])
    r.hub.sync()
    assert r.hub.status().local == 2
    a.import_paths([src])  # an archivist imports the same article: now it is the hub's
    a.hub.sync()
    r.hub.sync()
    assert r.hub.status().local == 0 and r.hub.status().pending == 1
    assert r.hub.sync().pushed["passages"] == 1
    a.hub.sync()
    assert a.passages.get(mine.id).author == r.hub.status().user
