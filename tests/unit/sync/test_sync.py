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
