"""The library's side of the hub without a hub: an older library upgrades, and a library tied to
no hub records nothing in the outbox (it behaves exactly as before)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import record, write_jsonl

from newsdesk.library import Library
from newsdesk.store import objects
from newsdesk.store.schema import MIGRATIONS, SCHEMA_VERSION


def test_an_older_library_gains_the_hub_tables_and_records_nothing_untied(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.executescript("".join(MIGRATIONS[:3]) + "PRAGMA user_version = 3;")
    conn.close()
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", "郑州市今天举行招聘会。")])
    with Library.open(folder) as lib:
        assert lib.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        lib.import_paths([src])
        p = lib.passages.tag("r1", 0, 2, ["地区"], note="注")
        lib.tags.set_colour("地区", "#112233")
        lib.edits.edit("r1", title="新标题")
        assert objects.count_pending(lib.store.conn) == 0
        assert lib.hub.status() is None and lib.hub.conflicts() == []
        assert lib.passages.get(p.id).author is None
        assert lib.check().ok


def test_a_tied_library_records_every_write_path_but_not_quiet_ones(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", "郑州市今天举行招聘会。")])
    with Library.open(tmp_path / "lib") as lib:
        with lib.store.transaction():
            objects.set_tie(lib.store.conn, "postgresql:///news", None, "ann", "archivist")
        lib.import_paths([src])
        p = lib.passages.tag("r1", 0, 2, ["地区"])
        lib.edits.edit("r1", title="新标题")
        waiting = {(x.kind, x.object_id) for x in objects.pending(lib.store.conn, 100)}
        (uid,) = [oid for kind, oid in waiting if kind == "edit"]
        assert waiting == {("article", "r1"), ("passage", p.id), ("tag", "地区"), ("edit", uid)}
        with lib.store.transaction():
            for x in objects.pending(lib.store.conn, 100):
                objects.done(lib.store.conn, x.change_id)
            with objects.quiet(lib.store.conn):
                objects.put(lib.store, "passage", p.id, None)
        assert objects.count_pending(lib.store.conn) == 0 and not lib.passages.find()
        lib.passages.tag("r1", 2, 4, ["新"])
        assert objects.count_pending(lib.store.conn) == 2  # the passage and its new tag
