"""The reading pane shows an article's editor's note above its body and the author's note after
it, marked where a query's hits fall in them; the byline column names a person once (#22)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.gui.helpers import highlighted_others, highlighted_spans

from newsdesk.domain import Article, Byline
from newsdesk.index.snippets import part_marks
from newsdesk.ui.models.articles import byline_names, byline_tooltip

NOTE = "编者按：新年伊始，本版推出专题，\n与读者一同回望来路、展望前程。\n——编  者"
AUTHOR_NOTE = "（作者为某省社会科学院研究员）"


def _article() -> Article:
    return Article(
        id="x-notes",
        title="回望来路 展望前程",
        text="第一段说到来路。\n第二段说到前程。",
        bylines=(Byline("author", "王巍"),),
        note=NOTE,
        author_note=AUTHOR_NOTE,
    )


def _blocks(reader) -> list[str]:  # type: ignore[no-untyped-def]
    doc = reader.built.doc
    block, out = doc.begin(), []
    while block.isValid():
        if block.text():
            out.append(block.text())
        block = block.next()
    return out


def test_note_above_the_body_and_author_note_after_it(qtbot, window) -> None:
    article = _article()
    window.reader.show_article(article)
    blocks = _blocks(window.reader)
    note_lines = NOTE.split("\n")
    first = blocks.index(note_lines[0])
    assert blocks[first : first + 3] == note_lines
    assert blocks.index("第一段说到来路。") > first + 2
    assert blocks.index(AUTHOR_NOTE) > blocks.index("第二段说到前程。")
    # the body's offsets are untouched by the parts around it
    window.reader.show_article(article, marks=part_marks(article, text=["前程", "研究员"]))
    assert highlighted_others(window.reader) == [
        ("与读者一同回望来路、展望前程。", "前程"),
        (AUTHOR_NOTE, "研究员"),
    ]
    assert highlighted_spans(window.reader) == ([], [])


def test_the_pane_with_notes_at_two_sizes(qtbot, window, tmp_path) -> None:
    window.reader.show_article(_article())
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        qtbot.wait(20)
        assert not window.reader.grab().isNull()
        window.reader.grab().save(str(tmp_path / f"notes-{size[0]}.png"))


def test_byline_column_names_a_person_once_with_both_roles_in_the_tooltip(
    qtbot, make_window, tmp_path
) -> None:
    from tests.helpers import record, write_jsonl

    from newsdesk.library import Library
    from newsdesk.ui.models.articles import BYLINES

    bylines = (Byline("reporter", "向高彬"), Byline("photographer", "向高彬"), Byline("reporter", "刘地"))
    assert byline_names(bylines) == "向高彬  刘地"
    assert byline_tooltip(bylines).split("\n") == ["记者·摄影 向高彬", "记者 刘地"]
    src = write_jsonl(
        tmp_path / "a.jsonl", [record("r1", "题", "正文一段。", author="记者 向高彬 摄影 向高彬")]
    )
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        assert [b.role for b in lib.article("r1").bylines] == ["reporter", "photographer"]
        w = make_window(lib)
        row = w.model.row_of("r1")
        assert row is not None
        index = w.model.index(row, BYLINES)
        assert w.model.data(index, Qt.ItemDataRole.DisplayRole) == "向高彬"
        assert ">记者·摄影 向高彬<" in w.model.data(index, Qt.ItemDataRole.ToolTipRole)
        w.close()
