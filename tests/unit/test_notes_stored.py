"""An article's editor's note and author's note through the library (#22 points 14-15):
stored, found by search, shown by `show --json`, plain text and exports; schema 4's upgrade."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from newsdesk import Library
from newsdesk.cli import main
from newsdesk.render import article_as_text
from newsdesk.store.schema import MIGRATIONS, SCHEMA_VERSION

B1 = "文明的连续性，是理解一个民族历史的钥匙。多年来的田野工作，为这一认识提供了坚实证据。"
B2 = "从聚落到城邑，从礼器到文字，考古材料一次次印证了文明起源的多元一体格局。"
NOTE = "编者按：新年伊始，本版推出专题，与读者一同回望来路、展望前程。"
AUTHOR_NOTE = "（作者为某省社会科学院研究员）"


def _page(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "page.txt"
    path.write_text("\n\n".join(["回望来路 展望前程", NOTE, "王  巍", B1, B2, AUTHOR_NOTE]) + "\n", "utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "lib") as library:
        library.import_paths([_page(tmp_path / "in")])
        yield library


def test_notes_are_stored_and_found_by_search(lib: Library) -> None:
    (aid,) = lib.article_ids()
    a = lib.article(aid)
    assert (a.note, a.author_note, a.paragraphs) == (NOTE, AUTHOR_NOTE, [B1, B2])
    assert [(b.role, b.name) for b in a.bylines] == [("author", "王巍")]
    for query in ("展望前程", "社会科学院研究员"):  # only in the notes
        assert [h.id for h in lib.search(query).hits] == [aid], query
    marks = lib.marks(aid, "研究员")
    assert marks.author_note and not marks.text and not marks.note
    for query in ("展望前程", "社会科学院研究员"):  # the snippet shows the note that holds the hit
        (hit,) = lib.search(query).hits
        ((s, e),) = hit.snippet_spans
        assert hit.snippet[s:e] == query, hit.snippet
    (hit,) = lib.search("考古").hits  # a hit in the body is shown from the body
    assert "考古" in hit.snippet and "编者按" not in hit.snippet


def test_show_json_and_plain_text_put_the_notes_around_the_body(lib: Library, tmp_path: Path, capsys) -> None:
    (aid,) = lib.article_ids()
    assert main(["--library", str(tmp_path / "lib"), "show", aid, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["note"], shown["author_note"]) == (NOTE, AUTHOR_NOTE)
    text = article_as_text(lib.article(aid))
    assert text.index(NOTE) < text.index(B1) < text.index(B2) < text.index(AUTHOR_NOTE)


def test_csv_export_carries_the_notes(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    assert lib.research.export("考古", out) == 1
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert (rows[0]["note"], rows[0]["author_note"]) == (NOTE, AUTHOR_NOTE)
    assert rows[0]["bylines"] == "王巍"


def test_a_schema_3_library_gains_notes_and_title_keys(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.executescript("".join(MIGRATIONS[:3]) + "PRAGMA user_version = 3;")
    conn.execute(
        "INSERT INTO articles (id, title, text, content_key, created, modified) "
        "VALUES ('old-1', '賀詞裡的 追夢人', '正文。', 'k', 'now', 'now')"
    )
    conn.commit()
    conn.close()
    with Library.open(folder) as lib:
        assert lib.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert (lib.article("old-1").note, lib.article("old-1").author_note) == (None, None)
        assert lib.store.same_title("贺词里的追梦人", None, 5) == []  # not filled until an import
        lib.import_paths([_page(tmp_path / "in")])
        assert lib.store.same_title("贺词里的追梦人", None, 5) == ["old-1"]
