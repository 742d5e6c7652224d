"""A randomized newsroom (Hypothesis stateful): random operations on three clients — two
archivists and a reporter — random syncs, syncs SIGKILLed in a child process, and periods when
the hub refuses a client; after a final sync of everyone, every library equals the hub
(canonical dumps, what stays private left out) and every operation's effect is there, was
superseded by a later operation on the same thing, or is listed: a conflict on its client, or
a change the hub refused.

Bounded (a few examples of a few dozen steps, ~1–2 minutes); NEWSDESK_HUB_EXAMPLES=N runs more.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from tests.helpers import record, write_jsonl
from tests.newsroom import Newsroom, open_newsroom
from tests.pg import PgServer
from tests.unit.sync.dumps import differences, hub_dump, library_dump

from newsdesk.errors import UserError
from newsdesk.library import Library
from newsdesk.store import hub as pg_hub

EXAMPLES = int(os.environ.get("NEWSDESK_HUB_EXAMPLES", "20"))
STEPS = 30
CLIENTS = ("a", "b", "c")  # a, b: archivists; c: a reporter
TAGS = ("人物", "地区/郑州", "经济", "待核实")
BODY = "郑州市今天举行新年招聘会，当地企业提供了三千个岗位。\n记者在现场看到，求职者排起了长队。"
clients = st.sampled_from(CLIENTS)
picks = st.integers(0, 1000)


@dataclass(frozen=True)
class Op:
    """One operation done on one client: what it should leave behind."""

    step: int
    client: str
    kind: str  # passage, note, delete, rename, merge, title, import
    target: str  # passage id, tag path, article id
    value: Any = None  # new note, title or tag name; a new passage's tag
    refused: bool = False  # a reporter changing what others made: the hub must refuse it


class Newsroom3(RuleBasedStateMachine):
    """See the module docstring. Class attributes are set by the test (fixtures)."""

    pg: PgServer
    base: Path
    pgpass: Path
    users: dict[str, str]
    serial = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        self.n = next(self.serial)
        self.room = Newsroom(self.pg, self.pg.database(), self.pgpass)
        conn = pg_hub.connect(self.room.owner_url)
        try:
            pg_hub.init_schema(conn)
        finally:
            conn.close()
        self.folder = {c: self.base / f"ex{self.n}" / c for c in CLIENTS}
        self.libs: dict[str, Library] = {}
        self.ops: list[Op] = []
        self.listed: dict[str, set[tuple[str, str]]] = {c: set() for c in CLIENTS}  # rejected
        self.offline: set[str] = set()
        self.step = 0

    # -- set-up and helpers -------------------------------------------------------------------------

    @initialize()
    def newsroom(self) -> None:
        src = write_jsonl(
            self.base / f"ex{self.n}" / "base.jsonl",
            [record(f"base-{i}", f"招聘会第{i}场", BODY, date=f"2023-01-{i + 1:02d}") for i in range(5)],
        )
        for c in CLIENTS:
            self.libs[c] = lib = Library.open(self.folder[c])
            if c == "a":
                assert not lib.import_paths([src]).failed
            lib.hub.join(self.room.url(self.users[c]))
        self.libs["a"].passages.tag("base-0", 0, 3, ["人物"], note="起点")
        for c in CLIENTS:
            self.libs[c].hub.sync()

    def teardown(self) -> None:
        try:
            if len(self.libs) == len(CLIENTS):
                self.final_check()
        finally:
            for name in CLIENTS:
                self._login(name, True)
            for lib in self.libs.values():
                lib.close()

    def _record(self, client: str, kind: str, target: str, value: Any = None, refused: bool = False) -> None:
        self.ops.append(Op(self.step, client, kind, target, value, refused))

    def _others(self, client: str, passage_id: str) -> bool:
        """Whether a reporter is about to change a passage someone else made (hub author)."""
        author = self.libs[client].passages.get(passage_id).author
        return client == "c" and author not in (None, self.users[client])

    def _tick(self) -> int:
        self.step += 1
        return self.step

    def _passage_ids(self, client: str) -> list[str]:
        return sorted(p.id for p in self.libs[client].passages.find(orphans=True))

    def _login(self, client: str, on: bool) -> None:
        with psycopg.connect(self.room.owner_url, autocommit=True) as conn:
            conn.execute(f'ALTER ROLE "{self.users[client]}" {"LOGIN" if on else "NOLOGIN"}')  # type: ignore[arg-type]

    # -- operations -------------------------------------------------------------------------------------

    @rule(c=clients, article=picks, start=picks, length=st.integers(1, 8), tag=st.sampled_from(TAGS))
    def tag_passage(self, c: str, article: int, start: int, length: int, tag: str) -> None:
        lib, step = self.libs[c], self._tick()
        ids = sorted(lib.article_ids())
        aid = ids[article % len(ids)]
        text = lib.article(aid).text
        s = start % max(1, len(text) - length)
        p = lib.passages.tag(aid, s, s + length, [tag], note=f"{c}{step}")
        # (the tag as its value: a passage tagged later with a renamed or merged tag's old
        # name uses that name anew, which supersedes the rename there)
        self._record(c, "passage", p.id, tag)

    @rule(c=clients, pick=picks)
    def edit_note(self, c: str, pick: int) -> None:
        ids = self._passage_ids(c)
        if not ids:
            return
        step = self._tick()
        pid = ids[pick % len(ids)]
        refused = self._others(c, pid)
        self.libs[c].passages.update(pid, note=f"note {c}{step}")
        self._record(c, "note", pid, f"note {c}{step}", refused)

    @rule(c=clients, pick=picks)
    def delete_passage(self, c: str, pick: int) -> None:
        ids = self._passage_ids(c)
        if not ids:
            return
        self._tick()
        pid = ids[pick % len(ids)]
        refused = self._others(c, pid)
        self.libs[c].passages.delete(pid)
        self._record(c, "delete", pid, refused=refused)

    @rule(c=clients, pick=picks, merge=st.booleans())
    def rename_or_merge_tag(self, c: str, pick: int, merge: bool) -> None:
        lib = self.libs[c]
        names = sorted(n for n in lib.tags.names() if "/" not in n)
        if not names:
            return
        step = self._tick()
        old = names[pick % len(names)]
        if merge and len(names) > 1:
            into = names[(pick + 1) % len(names)]
            lib.tags.merge([old], into)
            self._record(c, "merge", old, into)
        else:
            new = f"{old.split('~')[0]}~{c}{step}"
            lib.tags.rename(old, new)
            self._record(c, "rename", old, new)

    @rule(c=clients, pick=picks)
    def correct_article(self, c: str, pick: int) -> None:
        lib = self.libs[c]
        ids = sorted(lib.article_ids())
        step = self._tick()
        aid = ids[pick % len(ids)]
        lib.edits.edit(aid, title=f"更正标题 {c}{step}")
        self._record(c, "title", aid, f"更正标题 {c}{step}", refused=c == "c")

    @rule(c=clients, n=st.integers(1, 3))
    def import_small_file(self, c: str, n: int) -> None:
        step = self._tick()
        rows = [record(f"imp-{c}{step}-{i}", f"新到的第{i}篇 {c}{step}", BODY) for i in range(n)]
        src = write_jsonl(self.base / f"ex{self.n}" / f"imp-{c}{step}.jsonl", rows)
        report = self.libs[c].import_paths([src])
        assert report.added == n and not report.failed
        for row in rows:
            self._record(c, "import", str(row["id"]))

    # -- syncs, kills, a hub that refuses -------------------------------------------------------------

    @rule(c=clients)
    def sync(self, c: str) -> None:
        self._tick()
        if c in self.offline:
            with pytest.raises(UserError, match="not permitted to log in"):
                self.libs[c].hub.sync()
            return
        self._note(c, self.libs[c].hub.sync())

    @rule(c=clients, delay=st.floats(0.0, 1.5))
    def killed_sync(self, c: str, delay: float) -> None:
        """`newsdesk sync` in a child process, SIGKILLed (by its PID) after `delay` seconds."""
        self._tick()
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "--library", str(self.folder[c]), "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=0.4 + delay)  # (start-up takes about half a second)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    @rule(c=clients)
    def hub_refuses(self, c: str) -> None:
        self._tick()
        self._login(c, False)
        self.offline.add(c)

    @rule(c=clients)
    def hub_is_back(self, c: str) -> None:
        self._tick()
        self._login(c, True)
        self.offline.discard(c)

    def _note(self, c: str, report: Any) -> None:
        for r in report.rejected:
            self.listed[c].add((r["kind"], r["object_id"]))

    # -- the end ------------------------------------------------------------------------------------------

    def final_check(self) -> None:
        for c in CLIENTS:
            self._login(c, True)
        self.offline.clear()
        for _ in range(4):
            for c in CLIENTS:
                self._note(c, self.libs[c].hub.sync())
            if all(self.libs[c].hub.status().pending == 0 for c in CLIENTS):  # type: ignore[union-attr]
                break
        for c in CLIENTS:  # a last pull: what the others pushed in the last round
            self._note(c, self.libs[c].hub.sync())
        hub = hub_dump(self.room.owner_url)
        for c in CLIENTS:
            lib = self.libs[c]
            assert lib.hub.status().pending == 0  # type: ignore[union-attr]
            assert differences(library_dump(lib), hub) == [], c
            report = lib.check()
            assert report.ok, (c, report.problems)
        for op in self.ops:
            assert self._kept(op, hub), (op, self.ops, {c: self.libs[c].hub.conflicts() for c in CLIENTS})

    def _later(self, op: Op, *targets: str) -> bool:
        """Whether an operation after `op` touched any of `targets` (it may have superseded op)."""
        return any(o.step > op.step and (o.target in targets or o.value in targets) for o in self.ops)

    def _conflicted(self, op: Op, kind: str, oid: str, anywhere: bool = False) -> list[Any]:
        """The conflicts listed about an object on op's client (or on any client)."""
        where = CLIENTS if anywhere else (op.client,)
        return [
            x for c in where for x in self.libs[c].hub.conflicts() if (x.kind, x.object_id) == (kind, oid)
        ]

    def _kept(self, op: Op, hub: dict[str, dict[str, Any]]) -> bool:
        """Whether `op`'s effect is on the hub, superseded by a later operation, or listed."""
        lib = self.libs[op.client]
        local = {(str(k), str(o)) for k, o in lib.store.conn.execute("SELECT kind, object_id FROM hub_local")}
        passages = hub["passage"]
        if op.kind == "passage":
            if op.target in passages or ("passage", op.target) in local:
                return True
            return self._later(op, op.target) or bool(self._conflicted(op, "passage", op.target))
        if op.kind == "note":
            there = op.target in passages and passages[op.target]["note"] == op.value
            if op.refused:  # (a refusal is reported by the sync that met it: maybe a killed one)
                # ... unless its maker removed it meanwhile: a change against a removal keeps it.
                return not there or self._removed_by_others(op)
            if there or self._later(op, op.target) or ("passage", op.target) in self.listed[op.client]:
                return True
            mine = [x.mine for x in self._conflicted(op, "passage", op.target)]
            return any(m is not None and m["note"] == op.value for m in mine)
        if op.kind == "delete":
            if op.refused:  # stays, unless someone who may remove it did
                return op.target in passages or self._removed_by_others(op)
            if op.target not in passages:
                return True
            return (
                self._later(op, op.target)
                or ("passage", op.target) in self.listed[op.client]
                # a change made elsewhere before the removal reached the hub keeps the passage;
                # the client that pushed the change lists the removal as its conflict
                or bool(self._conflicted(op, "passage", op.target, anywhere=True))
            )
        if op.kind in ("rename", "merge"):
            new = op.value
            carried = any(op.target in s["tags"] for s in passages.values())
            if not carried or any(new in s["tags"] for s in passages.values()):
                return True
            return self._later(op, op.target, new) or self._refused_or_conflicted(op.client)
        if op.kind == "title":
            got = hub["article"].get(op.target)
            there = got is not None and got["values"]["title"] == op.value
            if op.refused:  # a reporter's correction of the archive stays here or is put back
                return not there
            return there or self._later(op, op.target) or bool(self._conflicted(op, "article", op.target))
        if op.kind == "import":
            if op.client == "c":  # a reporter's imports stay here
                return ("article", op.target) in local and op.target not in hub["article"]
            return op.target in hub["article"] or self._later(op, op.target)
        raise AssertionError(op)

    def _removed_by_others(self, op: Op) -> bool:
        return any(o.kind == "delete" and o.client != op.client and o.target == op.target for o in self.ops)

    def _refused_or_conflicted(self, client: str) -> bool:
        return bool(self.listed[client]) or bool(self.libs[client].hub.conflicts())


@pytest.mark.slow
def test_random_operations_on_three_clients_end_equal(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_newsroom(pg, tmp_path, monkeypatch)  # (the hub's groups, its PGPASSFILE)
    room = next(opened)
    pgpass = room.pgpass
    users = {
        "a": room.user("archivist", "ann"),
        "b": room.user("archivist", "bob"),
        "c": room.user("reporter", "carol"),
    }
    Newsroom3.pg, Newsroom3.base, Newsroom3.pgpass, Newsroom3.users = pg, tmp_path, pgpass, users
    run_state_machine_as_test(
        Newsroom3,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    opened.close()


@pytest.mark.slow
def test_a_tag_name_used_anew_after_a_rename_supersedes_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An example Hypothesis found (shrunk): the reporter renames 人物 offline, the only passage
    carrying it goes, and an archivist then tags a new passage 人物. The hub ends with 人物 on
    that passage and no 人物~c…, which is right: the check counts the later tagging as an
    operation on that tag."""
    opened = open_newsroom(pg, tmp_path, monkeypatch)
    room = next(opened)
    Newsroom3.pg, Newsroom3.base, Newsroom3.pgpass = pg, tmp_path, room.pgpass
    Newsroom3.users = {
        "a": room.user("archivist", "ann"),
        "b": room.user("archivist", "bob"),
        "c": room.user("reporter", "carol"),
    }
    state = Newsroom3()
    state.newsroom()
    state.rename_or_merge_tag(c="c", merge=False, pick=0)
    state.delete_passage(c="b", pick=0)
    state.delete_passage(c="c", pick=0)
    state.tag_passage(c="a", article=0, start=0, length=7, tag="人物")
    state.sync(c="b")
    state.sync(c="a")
    state.teardown()
    opened.close()
