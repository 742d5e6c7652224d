"""Two or three client libraries through one hub: imports, tags, corrections reach everyone."""

from __future__ import annotations

from pathlib import Path

from tests.newsroom import Newsroom

from newsdesk import resources


def _import_sample(lib) -> None:  # type: ignore[no-untyped-def]
    with resources.as_folder(resources.SAMPLE) as folder:
        report = lib.import_paths([folder])
    assert report.added >= 2 and not report.failed


def test_an_import_on_one_client_is_searchable_on_another(newsroom: Newsroom, tmp_path: Path) -> None:
    arch = newsroom.user("archivist")
    a = newsroom.client(tmp_path / "a", arch)
    _import_sample(a)
    pushed = a.hub.sync()
    assert pushed.pushed["articles"] == a.stats()["articles"]
    b = newsroom.client(tmp_path / "b")
    report = b.hub.join(newsroom.url(newsroom.user("archivist")))
    assert report.pulled["articles"] == a.stats()["articles"]
    assert b.stats()["articles"] == a.stats()["articles"]
    for query in ("郑州", "经济"):
        assert b.search(query).total == a.search(query).total > 0
    assert b.hub.status().pending == 0


def _jsonl(tmp_path: Path, name: str, n: int = 3) -> Path:
    from tests.helpers import record, write_jsonl

    return write_jsonl(
        tmp_path / "in" / name,
        [
            record(f"{name}-{i}", f"标题{i}", f"第{i}篇。郑州市今天举行新年招聘会。\n企业提供岗位。")
            for i in range(n)
        ],
    )


def test_a_tag_made_on_one_client_appears_on_another_with_its_author(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    ann, bob = newsroom.user("archivist"), newsroom.user("archivist")
    a = newsroom.client(tmp_path / "a", ann)
    a.import_paths([_jsonl(tmp_path, "x.jsonl")])
    a.hub.sync()
    b = newsroom.client(tmp_path / "b", bob)
    text = b.article("x.jsonl-1").text
    start = text.index("招聘会")
    made = b.passages.tag("x.jsonl-1", start, start + 3, ["事件/招聘"], note="看这里")
    b.tags.set_colour("事件", "#ff0000")
    assert b.hub.sync().pushed["passages"] == 1
    assert b.passages.get(made.id).author == bob
    report = a.hub.sync()
    assert report.pulled["passages"] == 1 and report.pulled["tags"] >= 1
    got = a.passages.get(made.id)
    assert (got.quote, got.tags, got.note, got.author) == ("招聘会", ("事件/招聘",), "看这里", bob)
    assert a.tags.colours() == {"事件": "#ff0000"}
    assert a.search("tag:事件").total == 1


def test_a_correction_on_one_client_replays_on_a_third(newsroom: Newsroom, tmp_path: Path) -> None:
    src = _jsonl(tmp_path, "y.jsonl")
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    a.import_paths([src])
    a.hub.sync()
    b = newsroom.client(tmp_path / "b", newsroom.user("archivist"))
    c = newsroom.client(tmp_path / "c", newsroom.user("archivist"))
    a.edits.edit("y.jsonl-0", title="更正后的标题")
    assert a.hub.sync().pushed == {"articles": 1, "passages": 0, "tags": 0, "edits": 1}
    for lib in (b, c):
        report = lib.hub.sync()
        assert report.pulled["articles"] == 1 and report.pulled["edits"] == 1
        assert lib.article("y.jsonl-0").title == "更正后的标题"
        assert lib.search("title:更正后").total == 1
    # C imports the same file itself: the correction is in its log, so it survives the import.
    c.import_paths([src])
    assert c.article("y.jsonl-0").title == "更正后的标题"


def test_articles_removed_by_import_sync_are_removed_everywhere(newsroom: Newsroom, tmp_path: Path) -> None:
    keep, drop = _jsonl(tmp_path, "keep.jsonl"), _jsonl(tmp_path, "drop.jsonl")
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    a.import_paths([tmp_path / "in"])
    a.hub.sync()
    b = newsroom.client(tmp_path / "b", newsroom.user("archivist"))
    assert b.stats()["articles"] == 6
    # B's own import with --sync of a folder holding other files does not drop what it pulled.
    other = tmp_path / "b-files"
    _jsonl(other, "bee.jsonl", 1)
    b.import_paths([other], sync=True)
    assert b.stats()["articles"] == 7
    drop.unlink()
    assert a.import_paths([tmp_path / "in"], sync=True).removed == 3
    a.hub.sync()
    b.hub.sync()
    a.hub.sync()
    assert sorted(b.article_ids()) == sorted(a.article_ids()) and b.stats()["articles"] == 4
    assert b.search("招聘会").total == a.search("招聘会").total == 4
    assert keep.exists()


def test_a_sync_says_what_it_changed_for_the_views(newsroom: Newsroom, tmp_path: Path) -> None:
    from newsdesk.changes import Changes

    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    b = newsroom.client(tmp_path / "b", newsroom.user("archivist"))
    assert not b.hub.sync().changes
    a.import_paths([_jsonl(tmp_path, "v.jsonl", 1)])
    a.hub.sync()
    assert b.hub.sync().changes == Changes(articles=True, passages=True, saved=True)
    a.passages.tag("v.jsonl-0", 0, 2, ["新"])
    a.hub.sync()
    assert b.hub.sync().changes == Changes(passages=True, tags=True)
