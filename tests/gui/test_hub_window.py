"""The window and the newsroom hub, against the test PostgreSQL: the status button after a sync,
offline with changes waiting, the conflicts dialog resolving both ways, File → Join…, authors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from tests.helpers import record, write_jsonl
from tests.newsroom import Newsroom, open_newsroom
from tests.pg import PgServer

from newsdesk.library import Library
from newsdesk.store import hub as pg_hub
from newsdesk.ui.models.passages import CARD_ROLE, PASSAGE_ROLE

BODY = "郑州市今天举行新年招聘会。\n当地企业提供了三千个岗位，吸引了许多求职者。"


@pytest.fixture
def room(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Newsroom]:
    yield from open_newsroom(pg, tmp_path, monkeypatch)


def _owner_sql(room: Newsroom, statement: str) -> None:
    import psycopg

    with psycopg.connect(room.owner_url, autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def _hub_note(room: Newsroom, passage_id: str) -> str | None:
    import psycopg

    with psycopg.connect(room.owner_url) as conn:
        row = conn.execute("SELECT note FROM passages WHERE id = %s", (passage_id,)).fetchone()
    assert row is not None
    return row[0]


def _seeded(room: Newsroom, tmp_path: Path) -> tuple[str, Library]:
    """An archivist's library holding two articles and one tagged passage, pushed to the hub."""
    ann = room.user("archivist", "ann")
    a = room.client(tmp_path / "a", ann)
    records = [record("r1", "招聘会", BODY), record("r2", "另一篇", "别的内容。")]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    assert not a.import_paths([src]).failed
    a.passages.tag("r1", 0, 3, ["地区/郑州"], note="first")
    a.hub.sync()
    return ann, a


def _wait_synced(qtbot, w) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not w.hub_sync.running, timeout=30000)
    w.ops.wait()


def test_status_says_synced_then_offline_with_changes_waiting(
    room: Newsroom, tmp_path: Path, qtbot, make_window
) -> None:
    _seeded(room, tmp_path)
    bob = room.user("archivist", "bob")
    b = room.client(tmp_path / "b", bob)
    w = make_window(b)
    _wait_synced(qtbot, w)
    assert w.hub_sync.button.isVisible()
    assert re.fullmatch(r"Synced at \d\d:\d\d", w.hub_sync.button.text()), w.hub_sync.button.text()

    _owner_sql(room, f'ALTER ROLE "{bob}" NOLOGIN')  # the hub refuses bob: offline
    w.hub_sync.sync_now()
    _wait_synced(qtbot, w)
    assert re.fullmatch(r"Offline since \d\d:\d\d", w.hub_sync.button.text()), w.hub_sync.button.text()
    assert "not permitted to log in" in w.hub_sync.reason

    # Local work goes on and waits: the debounce after the change tries (and fails) quietly.
    passage = b.passages.get(b.passages.find(article_id="r1")[0].id)
    w.ops.run(
        lambda lib: lib.passages.update(passage.id, note="bob's note"),
        done=lambda _: w.broadcast(_passages()),
    )
    w.ops.wait()
    assert w.hub_sync._debounce.isActive()
    w.hub_sync.sync_now()
    _wait_synced(qtbot, w)
    assert re.fullmatch(r"Offline since \d\d:\d\d with 1 change waiting", w.hub_sync.button.text())

    _owner_sql(room, f'ALTER ROLE "{bob}" LOGIN')  # back: the waiting change reaches the hub
    w.hub_sync.sync_now()
    _wait_synced(qtbot, w)
    assert re.fullmatch(r"Synced at \d\d:\d\d", w.hub_sync.button.text())
    assert _hub_note(room, passage.id) == "bob's note"
    assert b.hub.status().pending == 0  # type: ignore[union-attr]


def _passages():  # type: ignore[no-untyped-def]
    from newsdesk.changes import PASSAGES

    return PASSAGES


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_the_conflicts_dialog_resolves_side_by_side(
    keep: str, room: Newsroom, tmp_path: Path, qtbot, make_window
) -> None:
    _ann, a = _seeded(room, tmp_path)
    bob = room.user("archivist", "bob")
    b = room.client(tmp_path / "b", bob)
    pid = a.passages.find(article_id="r1")[0].id
    # Both change the same note offline; ann's reaches the hub first.
    a.passages.update(pid, note="ann's note")
    b.passages.update(pid, note="bob's note")
    a.hub.sync()
    w = make_window(b)  # syncs on start: bob's change loses and is listed
    _wait_synced(qtbot, w)
    assert w.hub_sync.button.text().endswith("· 1 conflict"), w.hub_sync.button.text()
    assert b.passages.get(pid).note == "ann's note"

    w.hub_sync.button.click()
    dialog = w.hub_sync.conflict_dialog
    assert dialog is not None and dialog.isVisible() and dialog.list.count() == 1
    assert "◆ Note: bob's note" in dialog.mine.toPlainText()
    assert "◆ Note: ann's note" in dialog.theirs.toPlainText()
    assert "   Quote: 郑州市" in dialog.mine.toPlainText()  # the same on both sides: unmarked

    (dialog.keep_mine if keep == "mine" else dialog.keep_theirs).click()
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10000)
    assert dialog.empty.isVisible()
    w.hub_sync.sync_now()  # (the debounce would, a few seconds later)
    _wait_synced(qtbot, w)
    expected = "bob's note" if keep == "mine" else "ann's note"
    assert b.passages.get(pid).note == expected
    assert _hub_note(room, pid) == expected
    assert "conflict" not in w.hub_sync.button.text()
    a.hub.sync()
    assert a.passages.get(pid).note == expected


def test_join_dialog_ties_the_library_and_shows_authors(
    room: Newsroom, tmp_path: Path, qtbot, make_window
) -> None:
    from tests.gui.helpers import commit_text

    ann, _a = _seeded(room, tmp_path)
    carol = room.pg.user("carol")
    conn = pg_hub.connect(room.owner_url)
    try:
        pg_hub.add_user(conn, carol, "reporter", "s3cret-carol")  # not in PGPASSFILE: typed
    finally:
        conn.close()
    c = room.client(tmp_path / "c")
    w = make_window(c)
    assert not w.hub_sync.button.isVisible()  # tied to no hub: no button
    (sync_action,) = [a for a in w.actions() if a.shortcut() == QKeySequence("F9")]
    sync_action.trigger()
    assert "not part of a newsroom archive" in w.status_label.text()
    w.hub_sync.show_join()
    dialog = w.hub_sync.join_dialog
    assert dialog is not None and dialog.isVisible()
    assert "~/.pgpass" in dialog.help.text()
    dialog.url.setText(room.url(carol))
    dialog.password.setFocus()
    commit_text(dialog.password, "wrong")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: not dialog.joining, timeout=30000)
    assert dialog.isVisible() and "password authentication failed" in dialog.state.text()
    assert "wrong" not in dialog.state.text() and c.hub.status() is None

    commit_text(dialog.password, "s3cret-carol")
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.join_button.click()
    assert dialog.password.text() == ""  # not kept by the dialog
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60000)
    w.ops.wait()
    status = c.hub.status()
    assert status is not None and (status.user, status.role) == (carol, "reporter")
    assert re.fullmatch(r"Synced at \d\d:\d\d", w.hub_sync.button.text())
    assert c.stats()["articles"] == 2
    assert not [f for f in (tmp_path / "c").rglob("*") if f.is_file() and b"s3cret-carol" in f.read_bytes()]

    # The passage ann tagged shows her name: in the tags panel's list and the reader's tooltip.
    w.tags_panel.choose("地区/郑州", select=True)
    qtbot.waitUntil(lambda: w.tags_panel.passage_model.rowCount() == 1, timeout=10000)
    model = w.tags_panel.passage_model
    assert model.data(model.index(0, 5)) == ann
    first = model.index(0, 0)
    title, date, _chips = first.data(CARD_ROLE)
    meta = w.tags_panel.list.itemDelegate().meta(first.data(PASSAGE_ROLE), title, date)
    assert f"by {ann}" in meta  # the card names who tagged it
    assert w.open_article("r1")
    passage = c.passages.find(article_id="r1")[0]
    start = w.reader.built.text_to_document(passage.start, passage.end)[0][0]
    assert f"Tagged by {ann}" in w.reader.passage_tooltip(start + 1)
