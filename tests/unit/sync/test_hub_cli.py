"""The newsroom commands end to end against a real PostgreSQL: init, adduser, join, sync, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl
from tests.newsroom import Newsroom
from tests.pg import PgServer

from newsdesk.store.hub_schema import HUB_SCHEMA_VERSION

BODY = "郑州市今天举行新年招聘会。\n当地企业提供了三千个岗位。"


def test_init_adduser_join_sync_status(pg: PgServer, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = pg.database()
    owner = pg.url(db)
    code, out, _ = cli("hub", "init", owner, "--json")
    assert code == 0 and json.loads(out) == {"url": owner, "schema_before": 0, "schema": HUB_SCHEMA_VERSION}
    code, out, _ = cli("hub", "init", owner, "--json")  # again: up to date
    assert json.loads(out)["schema_before"] == HUB_SCHEMA_VERSION
    name = pg.user("ann")
    code, out, err = cli(
        "hub", "adduser", owner, name, "--role", "archivist", "--password-stdin", "--json", stdin="s3cret\n"
    )
    assert code == 0, err
    assert json.loads(out) == {"user": name, "role": "archivist", "created": True}

    lib = str(tmp_path / "a")
    src = write_jsonl(
        tmp_path / "in" / "a.jsonl", [record("r1", "招聘会", BODY), record("r2", "另一篇", "别的内容。")]
    )
    assert cli("--library", lib, "import", str(src))[0] == 0
    url = pg.url(db, name, "s3cret")
    code, out, err = cli("--library", lib, "hub", "join", url, "--json")
    assert code == 0, err
    joined = json.loads(out)
    assert set(joined) == {"pushed", "pulled", "conflicts", "rejected"}
    assert joined["pushed"] == {"articles": 2, "passages": 0, "tags": 0, "edits": 0}
    assert set(joined["pulled"]) == {"articles", "passages", "tags", "edits"}
    assert joined["conflicts"] == [] and joined["rejected"] == []

    code, out, _ = cli("--library", lib, "hub", "status", "--json")
    status = json.loads(out)
    assert status["url"] == pg.url(db, name) and "s3cret" not in out
    assert (status["user"], status["role"], status["pending"], status["conflicts"]) == (
        name,
        "archivist",
        0,
        0,
    )
    assert status["last_sync"]
    assert not [f for f in Path(lib).rglob("*") if f.is_file() and b"s3cret" in f.read_bytes()]

    # Later syncs find the password where libpq looks (here PGPASSWORD; ~/.pgpass works alike).
    monkeypatch.setenv("PGPASSWORD", "s3cret")
    code, out, err = cli("--library", lib, "sync", "--json")
    assert code == 0, err
    assert json.loads(out)["pushed"] == {"articles": 0, "passages": 0, "tags": 0, "edits": 0}


def test_a_wrong_password_or_a_dead_hub_is_one_line_and_exit_2(
    newsroom: Newsroom,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    name = newsroom.user("archivist")
    lib = str(tmp_path / "a")
    wrong = newsroom.pg.url(newsroom.db, name, "not-the-password")
    code, out, err = cli("--library", lib, "hub", "join", wrong)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "password authentication failed" in err
    assert "not-the-password" not in err and "Traceback" not in err
    dead = f"postgresql://{name}@127.0.0.1:1/{newsroom.db}?connect_timeout=3"
    code, _, err = cli("--library", lib, "hub", "join", dead)
    assert code == 2 and err.startswith("newsdesk: cannot connect to the hub") and err.count("\n") == 1
    code, _, err = cli("--library", lib, "hub", "join", "postgresql://x@/db?nosuchoption=1")
    assert code == 2 and err.count("\n") == 1
    assert cli("--library", lib, "hub", "status", "--json")[1].strip() == "null"  # still tied to no hub


def test_a_hub_made_by_a_newer_newsdesk_is_refused(newsroom: Newsroom, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    with psycopg.connect(newsroom.owner_url, autocommit=True) as conn:
        conn.execute("UPDATE hub_meta SET value = '999' WHERE key = 'schema_version'")
    code, _, err = cli("hub", "init", newsroom.owner_url)
    assert code == 2 and "newer newsdesk" in err
    code, _, err = cli(
        "--library", str(tmp_path / "a"), "hub", "join", newsroom.url(newsroom.user("archivist"))
    )
    assert code == 2 and "newer newsdesk" in err


def test_a_library_tied_to_no_hub_never_loads_psycopg(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "招聘会", BODY)])
    script = (
        "import sys; from newsdesk.cli import main\n"
        f"assert main(['--library', {str(tmp_path / 'lib')!r}, 'import', {str(src)!r}]) == 0\n"
        f"assert main(['--library', {str(tmp_path / 'lib')!r}, 'search', '招聘', '--json']) == 0\n"
        f"assert main(['--library', {str(tmp_path / 'lib')!r}, 'hub', 'status']) == 0\n"
        f"assert main(['--library', {str(tmp_path / 'lib')!r}, 'tag', 'add', 'r1', '--start', '0', "
        "'--end', '2', '--tag', '地区']) == 0\n"
        "assert main(['--library', %r, 'tag', 'list', '--json']) == 0\n"
        "print('psycopg' in sys.modules)\n"
    ) % str(tmp_path / "lib")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"
    assert '"author": null' in proc.stdout


def test_the_change_log_is_written_in_commit_order(newsroom: Newsroom) -> None:
    """A writer holds the log until it commits: a second writer waits, so a change numbered N
    is never committed after a puller has read past N (no change is ever skipped)."""
    import psycopg

    with (
        psycopg.connect(newsroom.owner_url) as first,
        psycopg.connect(newsroom.owner_url, autocommit=True) as second,
    ):
        first.execute("INSERT INTO tags (path) VALUES ('甲')")  # its transaction stays open
        second.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            second.execute("INSERT INTO tags (path) VALUES ('乙')")
        first.commit()
        second.execute("INSERT INTO tags (path) VALUES ('乙')")
        logged = second.execute("SELECT object_id FROM changes ORDER BY seq").fetchall()
    assert logged == [("甲",), ("乙",)]
