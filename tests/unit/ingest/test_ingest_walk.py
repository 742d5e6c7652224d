"""iter_files: order, what a folder walk skips, links, loops and missing arguments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.ingest.walk import WalkItem, iter_files


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def rel(items: list[WalkItem], root: Path) -> list[str]:
    return [item.path.relative_to(root).as_posix() for item in items]


def test_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "b.txt",
        "a.jsonl.gz",
        "c/z.md",
        "c/a.html",
        "c/d.htm",
        "c/e.ndjson",
        "c/f.json",
        "c/g.markdown",
        "c/h.text",
        "c/i.JSONL",
        "photo.jpg",
        "notes.docx",
        "archive.tar.gz",
        "README.md",
        "readme.txt",
        "LICENSE.txt",
        "CHANGELOG.md",
        "source.txt",
        "newsdesk.json",
        ".hidden.txt",
        ".git/x.txt",
        "sub/.cache/y.txt",
    )
    items = list(iter_files([tmp_path]))
    assert rel(items, tmp_path) == [
        "a.jsonl.gz",
        "b.txt",
        "c/a.html",
        "c/d.htm",
        "c/e.ndjson",
        "c/f.json",
        "c/g.markdown",
        "c/h.text",
        "c/i.JSONL",
        "c/z.md",
    ]
    assert all(i.root == tmp_path.resolve() and i.problem is None for i in items)
    assert all(i.path.is_absolute() for i in items)


def test_explicit_file_of_any_extension_is_attempted(tmp_path: Path) -> None:
    touch(tmp_path, "photo.jpg", "README.md")
    items = list(iter_files([tmp_path / "photo.jpg", tmp_path / "README.md"]))
    assert [(i.path.name, i.root.name, i.problem) for i in items] == [
        ("photo.jpg", "photo.jpg", None),
        ("README.md", "README.md", None),
    ]


def test_devices_and_pipes_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(iter_files([Path("/dev/zero"), fifo, tmp_path]))
    assert [(i.path.name, i.problem) for i in items] == [
        ("zero", "not a regular file (a device, pipe or socket)"),
        ("pipe.txt", "not a regular file (a device, pipe or socket)"),
    ]


def test_missing_argument_is_reported_and_the_rest_walked(tmp_path: Path) -> None:
    touch(tmp_path, "a.txt")
    items = list(iter_files([tmp_path / "nope", tmp_path]))
    assert items[0].problem == "no such file or folder"
    assert items[0].path == tmp_path / "nope"
    assert [i.path.name for i in items[1:]] == ["a.txt"]


def test_arguments_keep_their_order_and_files_come_once(tmp_path: Path) -> None:
    touch(tmp_path, "x/1.txt", "y/2.txt")
    items = list(iter_files([tmp_path / "y", tmp_path / "x", tmp_path, tmp_path / "x/1.txt"]))
    assert rel(items, tmp_path) == ["y/2.txt", "x/1.txt"]


def test_symlink_loops_end(tmp_path: Path) -> None:
    touch(tmp_path, "a/one.txt", "b/two.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "b" / "self").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "a" / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    items = list(iter_files([tmp_path]))
    assert rel(items, tmp_path) == ["a/one.txt", "b/two.txt"]


def test_linked_folder_and_file_are_followed_once(tmp_path: Path) -> None:
    touch(tmp_path, "data/one.txt")
    (tmp_path / "link").symlink_to(tmp_path / "data", target_is_directory=True)
    (tmp_path / "same.txt").symlink_to(tmp_path / "data" / "one.txt")
    assert rel(list(iter_files([tmp_path])), tmp_path) == ["data/one.txt"]


def test_relative_arguments_are_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "d/a.txt")
    monkeypatch.chdir(tmp_path)
    [item] = list(iter_files([Path("d")]))
    assert item.path == (tmp_path / "d" / "a.txt").resolve()
    assert item.root == (tmp_path / "d").resolve()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    touch(tmp_path, "ok.txt", "locked/a.txt")
    (tmp_path / "locked").chmod(0)
    try:
        items = list(iter_files([tmp_path]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert [(i.path.name, i.problem is not None) for i in items] == [
        ("locked", True),
        ("ok.txt", False),
    ]


def test_corpora_walk(corpora: Path) -> None:
    items = list(iter_files([corpora]))
    names = rel(items, corpora)
    assert names[:3] == [
        "appledaily_tw_charity/articles.jsonl.gz",
        "cctv_xwlb/articles.jsonl.gz",
        "rmrb_20230101/articles.jsonl",
    ]
    assert len([n for n in names if n.startswith("rmrb_20230101/raw/")]) == 20
    assert not [n for n in names if n.endswith("README.md")]
    assert "seed/zhengzhou-special-page.txt" in names
