"""Tagging in the window: select and tag (exact characters, 𠮷, across paragraphs), painting,
number keys, undo, copy with citation, the tags panel, deleting a tag, orphans, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox
from tests.gui.helpers import commit_text, painted_spans
from tests.helpers import record, write_jsonl

from newsdesk.library import Library
from newsdesk.ui.models.passages import ORPHANS, PASSAGE_ROLE, QUOTE, PassageListModel, TagTreeModel

BODY = (
    "𠮷野家今天在郑州开设新店，牛肉饭很受欢迎。\n"
    "店长说：“郑州的顾客最喜欢牛肉饭。”𠮷𠮷售价不变。\n"
    "记者在现场看到，排队买牛肉饭的人很多。"
)


def _records(body: str = BODY) -> list[dict[str, object]]:
    return [
        record(
            "p-1",
            "𠮷野家在郑州开设新店",
            body,
            kicker="本报讯",
            author="本报记者 王小明",
            date="2023-03-02",
            source="测试日报",
            page="05",
        ),
        record(
            "p-2", "郑州高新区发布新政策", "郑州高新区今天发布新政策。\n企业对此表示欢迎。", date="2023-04-01"
        ),
    ]


@pytest.fixture
def tag_lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    src = write_jsonl(tmp_path / "src" / "a.jsonl", _records())
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        lib.source_file = src  # type: ignore[attr-defined]
        yield lib


@pytest.fixture
def tw(tag_lib, make_window):  # type: ignore[no-untyped-def]
    w = make_window(tag_lib)
    w.open_article("p-1")
    return w


def _idle(qtbot, w) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10000)


def _select(w, first: str, last: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Select from the start of `first` to the end of `last` (or of `first`), found by Qt itself."""
    doc = w.reader.built.doc
    a = doc.find(first)
    b = doc.find(last, a.selectionStart()) if last else a
    assert not a.isNull() and not b.isNull()
    c = QTextCursor(doc)
    c.setPosition(a.selectionStart())
    c.setPosition(b.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    w.reader.view.setTextCursor(c)
    w.reader.view.setFocus()


def _tag(qtbot, w, tags: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    w.activateWindow()  # offscreen, a closed dialog does not hand activation back by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    qtbot.keyClick(w.reader.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = w.tagging.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.tags_edit.setText(tags)
    dialog.note_edit.setPlainText(note)
    dialog.accept()
    _idle(qtbot, w)


def test_select_and_tag_lands_the_exact_characters_after_non_bmp(qtbot, tw, tag_lib) -> None:
    _select(tw, "牛肉饭很受欢迎")
    _tag(qtbot, tw, "地区/郑州, 食品", "开业当天")
    [p] = tag_lib.passages.find(article_id="p-1")
    text = tag_lib.article("p-1").text
    assert text[p.start : p.end] == p.quote == "牛肉饭很受欢迎"
    assert p.start == text.index("牛肉饭很受欢迎")  # 𠮷 before it is one code point
    assert p.tags == ("地区/郑州", "食品") and p.note == "开业当天"
    assert "Passage tagged" in tw.status_label.text() or "已标记" in tw.status_label.text()


def test_selection_across_paragraphs_and_from_the_title(qtbot, tw, tag_lib) -> None:
    _select(tw, "很受欢迎。", "店长说")
    _tag(qtbot, tw, "跨段")
    [p] = tag_lib.passages.find(tag="跨段")
    assert p.quote == "很受欢迎。\n店长说"
    # From the kicker/title into the body: clamped to where the body text begins.
    _select(tw, "本报讯", "𠮷野家今天")
    assert tw.reader.selection_span() == (0, len("𠮷野家今天"))
    _select(tw, "王小明")  # a byline only: nothing of the text
    assert tw.reader.selection_span() is None
    tw.tagging.tag_selection()
    assert "Select" in tw.status_label.text() or "选" in tw.status_label.text()


def test_typing_tags_with_an_input_method_and_completion(qtbot, tw, tag_lib) -> None:
    tag_lib.passages.tag("p-2", 0, 2, ["地区/郑州"])
    _select(tw, "排队")
    dialog = tw.tagging.tag_selection()
    commit_text(dialog.tags_edit, "郑州", preedit="zhengzhou")
    dialog.tags_edit.textEdited.emit(dialog.tags_edit.text())
    assert dialog.tags_edit.completer_.completionCount() == 1
    dialog.tags_edit.insert_completion("地区/郑州")
    commit_text(dialog.tags_edit, "人物")
    assert dialog.tags() == ["地区/郑州", "人物"]
    dialog.set_colour("#e15759")
    dialog.accept()
    _idle(qtbot, tw)
    assert tag_lib.tags.colours() == {"人物": "#e15759"}  # only the new tag takes the colour


def test_painted_ranges_equal_the_stored_passages(qtbot, tw, tag_lib) -> None:
    _select(tw, "牛肉饭很受欢迎")
    _tag(qtbot, tw, "食品")
    _select(tw, "欢迎。", "𠮷𠮷售价")  # overlaps the first, crosses a paragraph, ends after 𠮷𠮷
    _tag(qtbot, tw, "地区/郑州")
    stored = {p.id: (p.start, p.end) for p in tag_lib.passages.find(article_id="p-1")}
    assert len(stored) == 2
    assert painted_spans(tw.reader) == stored
    text = tag_lib.article("p-1").text
    assert {text[s:e] for s, e in stored.values()} == {
        "牛肉饭很受欢迎",
        "欢迎。\n店长说：“郑州的顾客最喜欢牛肉饭。”𠮷𠮷售价",
    }
    # Hovering shows tags; clicking selects the passage.
    first = next(p for p in tag_lib.passages.find(article_id="p-1") if p.tags == ("食品",))
    pos = tw.reader.built.doc.find("牛肉").selectionStart()
    assert "食品" in tw.reader.passage_tooltip(pos)
    tw.tagging._clicked(pos)
    assert tw.reader.current_passage == first.id
    assert tw.reader.selection_span() == (first.start, first.end)


def test_number_key_applies_a_most_used_tag_and_ctrl_z_undoes(qtbot, tw, tag_lib) -> None:
    tag_lib.passages.tag("p-2", 0, 2, ["地区/郑州"])
    tag_lib.passages.tag("p-2", 2, 5, ["地区/郑州"])
    tag_lib.passages.tag("p-2", 5, 7, ["政策"])
    assert tag_lib.tags.most_used()[:2] == ["地区/郑州", "政策"]
    view = tw.reader.view
    _select(tw, "排队买牛肉饭")
    qtbot.keyClick(view, Qt.Key.Key_2)
    _idle(qtbot, tw)
    [p] = tag_lib.passages.find(article_id="p-1")
    assert p.quote == "排队买牛肉饭" and p.tags == ("政策",)
    qtbot.keyClick(view, Qt.Key.Key_1)  # the same span again: the tag is added to the passage
    _idle(qtbot, tw)
    assert tag_lib.passages.get(p.id).tags == ("地区/郑州", "政策")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the edit
    _idle(qtbot, tw)
    assert tag_lib.passages.get(p.id).tags == ("政策",)
    tw.reader.select_passage(p.id)
    tw.tagging.remove_passage()
    _idle(qtbot, tw)
    assert tag_lib.passages.find(article_id="p-1") == []
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the removal
    _idle(qtbot, tw)
    assert tag_lib.passages.get(p.id).tags == ("政策",)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the first tagging
    _idle(qtbot, tw)
    assert tag_lib.passages.find(article_id="p-1") == []
    assert painted_spans(tw.reader) == {}


def test_edit_tags_of_a_clicked_passage(qtbot, tw, tag_lib) -> None:
    _select(tw, "排队")
    _tag(qtbot, tw, "食品")
    [p] = tag_lib.passages.find(article_id="p-1")
    tw.tagging._clicked(tw.reader.built.doc.find("排队").selectionStart())
    dialog = tw.tagging.edit_passage()
    assert dialog.tags() == ["食品"]
    dialog.tags_edit.setText("人物")
    dialog.note_edit.setPlainText("改过")
    dialog.accept()
    _idle(qtbot, tw)
    assert tag_lib.passages.get(p.id).tags == ("人物",) and tag_lib.passages.get(p.id).note == "改过"
    tw.tagging.undo()
    _idle(qtbot, tw)
    assert tag_lib.passages.get(p.id).tags == ("食品",) and tag_lib.passages.get(p.id).note is None


def test_copy_with_citation(qtbot, tw, tag_lib) -> None:
    _select(tw, "店长说", "最喜欢牛肉饭。”")
    qtbot.keyClick(
        tw.reader.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    citation = tag_lib.citation("p-1")
    assert citation == "王小明. 𠮷野家在郑州开设新店[N]. 测试日报, 2023-03-02(5)."
    assert QGuiApplication.clipboard().text() == "“店长说：“郑州的顾客最喜欢牛肉饭。””\n" + citation


def test_tags_panel_lists_passages_and_opens_one_selected(qtbot, tw, tag_lib) -> None:
    a = tag_lib.passages.tag("p-2", 0, 5, ["地区/郑州/高新区"], note="政策发布")
    text = tag_lib.article("p-1").text
    s = text.index("排队")
    b = tag_lib.passages.tag("p-1", s, s + 6, ["地区/郑州"])
    tw.tags_panel.reload()
    _idle(qtbot, tw)
    assert [(tw.tags_panel.tree_model.index_of(p).isValid(), p) for p in ("地区", "地区/郑州")] == [
        (True, "地区"),
        (True, "地区/郑州"),
    ]
    tw.show_tags_panel()
    tw.tags_panel.tree.setCurrentIndex(tw.tags_panel.tree_model.index_of("地区"))
    _idle(qtbot, tw)
    model = tw.tags_panel.passage_model
    assert {model.passage(r).id for r in range(model.rowCount())} == {a.id, b.id}
    row = next(r for r in range(model.rowCount()) if model.passage(r).id == a.id)
    assert [model.index(row, c).data() for c in range(5)] == [
        "郑州高新区",
        "政策发布",
        "郑州高新区发布新政策",
        "2023-04-01",
        "测试日报",
    ]
    tw.tags_panel.open_row(model.index(row, QUOTE))
    assert tw.reader.article.id == "p-2"
    assert tw.reader.selection_span() == (0, 5) and tw.reader.selected_text() == "郑州高新区"
    # The check box of a tag filters the articles by it.
    item = tw.tags_panel.tree_model.itemFromIndex(tw.tags_panel.tree_model.index_of("地区/郑州/高新区"))
    item.setCheckState(Qt.CheckState.Checked)
    assert tw.bar.field.text() == "tag:地区/郑州/高新区"
    _idle(qtbot, tw)
    assert tw.model.rowCount() == 1


def test_delete_tag_asks_with_the_count(qtbot, tw, tag_lib) -> None:
    tag_lib.passages.tag("p-2", 0, 2, ["地区/郑州"])
    tag_lib.passages.tag("p-2", 2, 5, ["地区/郑州/高新区", "政策"])
    tag_lib.passages.tag("p-1", 0, 3, ["地区"])
    box = tw.tags_panel.ask_delete("地区/郑州")
    assert "2" in box.text() and "地区/郑州" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    _idle(qtbot, tw)
    assert tag_lib.tags.count("地区/郑州") == 2
    box = tw.tags_panel.ask_delete("地区/郑州")
    box.button(QMessageBox.StandardButton.Yes).click()
    _idle(qtbot, tw)
    assert tag_lib.tags.count("地区") == 1 and "2" in tw.status_label.text()
    assert [p.tags for p in tag_lib.passages.find(article_id="p-2")] == [(), ("政策",)]


def test_rename_tag_from_the_panel(qtbot, tw, tag_lib) -> None:
    tag_lib.passages.tag("p-2", 0, 2, ["地区/郑州"])
    dialog = tw.tags_panel.ask_rename("地区")
    dialog.setTextValue("区域")
    dialog.accept()
    _idle(qtbot, tw)
    assert tag_lib.tags.names() == ["区域/郑州"]


def test_every_view_refreshes_itself_from_one_broadcast(qtbot, tw, tag_lib) -> None:
    # A `tag:` search shows the articles of a tag; renaming the tag in the tags panel changes
    # what that search finds, the tree, and the open article's painted passages: each refreshes
    # itself from the window's one broadcast of what changed (#19).
    tag_lib.passages.tag("p-2", 0, 2, ["地区/郑州"])
    seen: list[object] = []
    tw.changed.connect(seen.append)
    tw.search.set_query("tag:地区")
    qtbot.waitUntil(lambda: tw.search.last_result is not None and tw.search.last_result.total == 1)
    dialog = tw.tags_panel.ask_rename("地区")
    dialog.setTextValue("区域")
    dialog.accept()
    _idle(qtbot, tw)
    qtbot.waitUntil(lambda: tw.search.last_result is not None and tw.search.last_result.total == 0)
    assert [c.tags for c in seen] == [True]  # one broadcast
    assert "区域" in [
        tw.tags_panel.tree_model.item(i).text() for i in range(tw.tags_panel.tree_model.rowCount())
    ]


def test_orphans_view_lists_an_orphan_with_its_old_quote(qtbot, tw, tag_lib) -> None:
    text = tag_lib.article("p-1").text
    s = text.index("排队买牛肉饭")
    p = tag_lib.passages.tag("p-1", s, s + 6, ["食品"])
    edited = BODY.replace("记者在现场看到，排队买牛肉饭的人很多。", "下午店里已经没有座位。")
    write_jsonl(tag_lib.source_file, _records(edited))
    report = tag_lib.import_paths([tag_lib.source_file])
    assert report.to_json().get("passages_orphaned", 1)
    tw._import_ended(None)
    assert "排队" not in tw.reader.article.text  # the open article was shown anew
    assert painted_spans(tw.reader) == {}
    tw.show_orphans()
    _idle(qtbot, tw)
    model = tw.tags_panel.passage_model
    assert model.rowCount() == 1
    assert model.passage(0).id == p.id and model.index(0, QUOTE).data() == "排队买牛肉饭"
    assert tw.tags_panel.chosen == ORPHANS


def test_export_passages(qtbot, tw, tag_lib, tmp_path) -> None:
    tag_lib.passages.tag("p-2", 0, 5, ["地区/郑州"], note="=SUM(A1)")
    out = tmp_path / "out.json"
    tw.tagging.export("json", "地区", str(out))
    _idle(qtbot, tw)
    data = json.loads(out.read_text("utf-8"))
    assert "郑州高新区" in json.dumps(data, ensure_ascii=False)
    tw.tagging.export("csv", None, str(tmp_path / "out.csv"))
    _idle(qtbot, tw)
    assert "'=SUM(A1)" in (tmp_path / "out.csv").read_text("utf-8")


def test_models_pass_qtmodeltester(qtmodeltester, tag_lib) -> None:
    tag_lib.passages.tag("p-2", 0, 5, ["地区/郑州/高新区"], note="备注")
    tag_lib.passages.tag("p-1", 0, 3, ["人物"])
    tree = TagTreeModel()
    tree.set_tree(tag_lib.tags.tree(), {"地区": "#ff0000"}, 2, {"人物"})
    qtmodeltester.check(tree)
    assert tree.index_of("地区/郑州").isValid()
    tree.set_active(set())
    qtmodeltester.check(tree)
    model = PassageListModel(tag_lib.summaries)
    model.set_passages(tag_lib.passages.find())
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.index(0, 0).data(PASSAGE_ROLE).quote
    model.set_passages([])
    qtmodeltester.check(model)


def test_screenshot_of_painted_passages_and_the_tags_panel(qtbot, tw, tag_lib, tmp_path) -> None:
    from newsdesk.ui.widgets.passages import background_of, passage_colour

    text = tag_lib.article("p-1").text
    s = text.index("牛肉饭很受欢迎")
    tag_lib.tags.set_colour("食品", "#e15759")
    tag_lib.passages.tag("p-1", s, s + 7, ["食品"], note="开业")
    s2 = text.index("郑州的顾客")
    tag_lib.passages.tag("p-1", s2, s2 + 5, ["地区/郑州"])
    tw.resize(1100, 700)
    tw.open_article("p-1")
    tw.show_tags_panel()
    tw.tags_panel.reload()
    _idle(qtbot, tw)
    tw.tags_panel.choose("食品", select=True)
    _idle(qtbot, tw)
    qtbot.wait(50)
    shot = tmp_path / "tagging.png"
    assert tw.grab().save(str(shot))
    # The passage's background sits on its characters and nowhere before them.
    view = tw.reader.view
    image = view.viewport().grab().toImage()
    p = tag_lib.passages.find(tag="食品")[0]
    want = background_of(passage_colour(p, tag_lib.tags.colours())).rgb()

    def has_background(doc_pos: int) -> bool:
        c = QTextCursor(tw.reader.built.doc)
        c.setPosition(doc_pos)
        r = view.cursorRect(c)
        dpr = image.devicePixelRatio()
        return any(
            image.pixel(int((r.right() + dx) * dpr), int((r.top() + dy) * dpr)) == want
            for dx in range(2, 8)
            for dy in range(1, r.height() - 1)
        )

    first = tw.reader.built.doc.find("牛肉饭很受欢迎").selectionStart()
    assert has_background(first) and has_background(first + 5)
    assert not has_background(first - 3)  # "开设新店，" before it stays white


def test_a_busy_library_is_reported_and_the_undo_waits_for_it(qtbot, tw, tag_lib) -> None:
    from newsdesk import paths
    from newsdesk.lock import WriteLock

    _select(tw, "排队")
    _tag(qtbot, tw, "食品")
    lock = WriteLock(paths.lock_path(tag_lib.folder))
    lock.acquire("import")  # as an import in another process would
    try:
        tw.tagging.undo()
        _idle(qtbot, tw)
        assert "busy" in tw.status_label.text()
        assert len(tw.tagging.waiting) == 1 and tw.waiting_label.isVisibleTo(tw)
        assert len(tag_lib.passages.find(article_id="p-1")) == 1
    finally:
        lock.release()
    # the undo was kept: it is done once the library is free
    qtbot.waitUntil(lambda: tag_lib.passages.find(article_id="p-1") == [], timeout=10000)
    assert not tw.tagging.waiting and not tw.waiting_label.isVisibleTo(tw)


_HOLD_LOCK = """
import sys
from pathlib import Path
from newsdesk import paths
from newsdesk.lock import WriteLock
lock = WriteLock(paths.lock_path(Path(sys.argv[1])))
lock.acquire("import")
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""


def test_tags_made_while_an_import_holds_the_lock_are_saved_when_it_frees(qtbot, tw, tag_lib) -> None:
    import subprocess
    import sys

    with subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(tag_lib.folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline().strip() == "held"  # another process holds the lock
            _select(tw, "牛肉饭很受欢迎")
            _tag(qtbot, tw, "食品")
            _select(tw, "排队")
            _tag(qtbot, tw, "人物", "现场")
            _idle(qtbot, tw)
            assert "busy" in tw.status_label.text()
            assert len(tw.tagging.waiting) == 2
            assert tag_lib.passages.find(article_id="p-1") == []  # nothing written yet
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=30)
    qtbot.waitUntil(lambda: len(tag_lib.passages.find(article_id="p-1")) == 2, timeout=10000)
    saved = {p.quote: (p.tags, p.note) for p in tag_lib.passages.find(article_id="p-1")}
    assert saved == {"牛肉饭很受欢迎": (("食品",), None), "排队": (("人物",), "现场")}
    qtbot.waitUntil(lambda: not tw.tagging.waiting and not tw.ops.busy, timeout=5000)
    assert len(tw.tagging.undo_stack) == 2  # each can be undone like any other tagging


def test_hover_tooltip_and_context_menu_of_a_passage(qtbot, tw, tag_lib) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QMenu, QToolTip

    _select(tw, "牛肉饭很受欢迎")
    _tag(qtbot, tw, "食品", "开业当天")
    view = tw.reader.view
    c = QTextCursor(tw.reader.built.doc)
    c.setPosition(tw.reader.built.doc.find("肉饭很").selectionStart())
    rect = view.cursorRect(c)
    point = QPoint(rect.right() + 4, rect.center().y())
    assert view.position_at(point) >= 0
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    assert "食品" in QToolTip.text() and "开业当天" in QToolTip.text()
    view.setTextCursor(QTextCursor(tw.reader.built.doc))  # no selection: the menu selects the passage
    menu = QMenu()
    tw.tagging.fill_context_menu(menu, view.position_at(point))
    texts = [a.text() for a in menu.actions()]
    assert {"Tag…", "Edit tags…", "Remove passage", "Copy with citation"} <= set(texts)
    assert tw.reader.selected_text() == "牛肉饭很受欢迎"


def test_the_passages_pane_shows_cards_filters_by_tag_and_opens_a_passage(qtbot, tw, tag_lib) -> None:
    from newsdesk.ui.models.passages import ALL, CARD_ROLE, TAG_ROLE

    text = tag_lib.article("p-1").text
    s = text.index("牛肉饭很受欢迎")
    tag_lib.tags.set_colour("食品", "#e15759")
    tag_lib.passages.tag("p-1", s, s + 7, ["食品", "地区/郑州"], note="开业")
    s2 = text.index("排队")
    tag_lib.passages.tag("p-1", s2, s2 + 2, ["人物"])
    tw.show_tags_panel()
    tw.tags_panel.reload()
    _idle(qtbot, tw)
    panel = tw.tags_panel
    assert panel.tree_model.index(0, 0).data(TAG_ROLE) == ALL  # "All passages" opens the tree
    panel.choose_all()
    _idle(qtbot, tw)
    model = panel.passage_model
    assert model.rowCount() == 2
    row = next(r for r in range(2) if model.passage(r).note == "开业")
    title, date, chips = model.index(row, QUOTE).data(CARD_ROLE)
    assert (title, date) == ("𠮷野家在郑州开设新店", "2023-03-02")
    assert dict(chips)["食品"] == "#e15759" and set(dict(chips)) == {"食品", "地区/郑州"}
    panel.filter_edit.setText("郑州")  # filter by tag
    assert model.rowCount() == 1 and model.passage(0).note == "开业"
    panel.filter_edit.setText("人")
    assert model.rowCount() == 1 and model.passage(0).quote == "排队"
    panel.filter_edit.clear()
    assert model.rowCount() == 2
    tw.open_article("p-2")
    with qtbot.waitSignal(panel.passage_opened):
        panel.open_row(model.index(row, QUOTE))
    assert tw.reader.article.id == "p-1" and tw.reader.current_passage == model.passage(row).id
    tw.resize(1100, 700)
    assert tw.grab().save(str(tag_lib.folder.parent / "cards.png"))


def test_text_with_several_tags_shows_every_colour(qtbot, tw, tag_lib) -> None:
    from newsdesk.ui.widgets.passages import PASSAGE_PROPERTY, background_of

    text = tag_lib.article("p-1").text
    s = text.index("牛肉饭很受欢迎")
    tag_lib.tags.set_colour("食品", "#e15759")
    tag_lib.tags.set_colour("地区", "#4e79a7")
    tag_lib.passages.tag("p-1", s, s + 7, ["食品", "地区"])
    tw.open_article("p-1")
    doc = tw.reader.built.doc
    start = doc.find("牛肉饭很受欢迎").selectionStart()
    seen = set()
    for pos in range(start, start + 7):
        c = QTextCursor(doc)
        c.setPosition(pos + 1)  # the format of the character before the cursor
        fmt = c.charFormat()
        assert fmt.property(PASSAGE_PROPERTY)
        seen.add(fmt.background().color().rgb())
    from PySide6.QtGui import QColor

    assert seen == {background_of(QColor("#e15759")).rgb(), background_of(QColor("#4e79a7")).rgb()}


def test_a_tagging_still_waiting_when_the_window_closes_is_saved_by_the_next_window(
    qtbot, tag_lib, make_window, monkeypatch
) -> None:
    from newsdesk import paths
    from newsdesk.lock import WriteLock
    from newsdesk.ui import pending

    monkeypatch.setattr(pending, "CLOSE_WAIT_S", 0.3)
    lock = WriteLock(paths.lock_path(tag_lib.folder))
    lock.acquire("import")  # the import goes on after the window closes
    try:
        w = make_window(tag_lib)
        w.open_article("p-1")
        _select(w, "牛肉饭很受欢迎")
        _tag(qtbot, w, "食品", "开业")
        _idle(qtbot, w)
        assert len(w.tagging.waiting) == 1
        w.close()
        box = w.tagging.closing_box
        assert box.isVisible() and "1" in box.text()
        box.close()
        saved = paths.pending_tags_path(tag_lib.folder)
        assert saved.is_file() and "食品" in saved.read_text(encoding="utf-8")
        assert tag_lib.passages.find(article_id="p-1") == []
    finally:
        lock.release()
    w2 = make_window(tag_lib)  # the next window takes the tagging up and saves it
    qtbot.waitUntil(lambda: len(tag_lib.passages.find(article_id="p-1")) == 1, timeout=10000)
    p = tag_lib.passages.find(article_id="p-1")[0]
    assert (p.quote, p.tags, p.note) == ("牛肉饭很受欢迎", ("食品",), "开业")
    assert not paths.pending_tags_path(tag_lib.folder).exists()
    _idle(qtbot, w2)
