"""`newsdesk tag …` and `newsdesk backup`: JSON shapes, files, and errors as exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

BODY = "本报北京12月31日电 𠮷野家在郑州开店。\n郑州高新区首个主题公园迎来荷花盛开的季节。"
KEYS = {
    "id",
    "article_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "tags",
    "note",
    "created",
    "modified",
    "author",  # the hub user who made it (#20); null without a hub
}

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def library(tmp_path: Path, cli: Cli) -> str:
    lib = str(tmp_path / "lib")
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "新年贺词", BODY, author="本报记者 李四")])
    assert cli("--library", lib, "import", str(src))[0] == 0
    return lib


def test_add_list_rename_delete(library: str, cli: Cli) -> None:
    code, out, _ = cli("--library", library, "show", "r1", "--json")
    text = json.loads(out)["text"]
    start = text.index("郑州开店")
    code, out, _ = cli(
        "--library", library, "tag", "add", "r1", "--start", str(start), "--end", str(start + 4),
        "--tag", "地区/郑州", "--tag", "店铺", "--note", "新店", "--json",
    )  # fmt: skip
    assert code == 0
    (added,) = json.loads(out)
    assert set(added) == KEYS
    assert (added["quote"], added["tags"], added["note"]) == ("郑州开店", ["地区/郑州", "店铺"], "新店")
    assert text[added["start"] : added["end"]] == added["quote"]

    code, out, _ = cli("--library", library, "tag", "list", "--tag", "地区", "--json")
    assert json.loads(out) == [added]
    code, out, _ = cli("--library", library, "tag", "list", "--tag", "地区", "--no-children", "--json")
    assert json.loads(out) == []
    code, out, _ = cli("--library", library, "tag", "list")
    assert out.startswith(added["id"]) and "郑州开店" in out

    code, out, _ = cli("--library", library, "tag", "rename", "地区", "区域", "--json")
    assert (code, json.loads(out)["passages"]) == (0, 1)
    code, out, _ = cli("--library", library, "tag", "tree", "--json")
    assert [(r["tag"], r["count"]) for r in json.loads(out)] == [("区域", 1), ("区域/郑州", 1), ("店铺", 1)]
    code, out, _ = cli("--library", library, "tag", "delete", "店铺")
    assert (code, out) == (0, "deleted tag 店铺 (and its children) from: 1 passage\n")
    code, out, _ = cli("--library", library, "tag", "cite", added["id"][:8])
    assert out == "“郑州开店”\n李四. 新年贺词[N]. 测试日报, 2023-01-01.\n"
    code, out, _ = cli("--library", library, "tag", "orphans", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_export_import_and_backup_files(library: str, cli: Cli, tmp_path: Path) -> None:
    cli("--library", library, "tag", "add", "r1", "--start", "0", "--end", "2", "--tag", "=危险")
    assert (
        cli("--library", library, "tag", "export", "--format", "csv", "-o", str(tmp_path / "p.csv"))[0] == 0
    )
    raw = (tmp_path / "p.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "'=危险".encode() in raw
    assert (
        cli("--library", library, "tag", "export", "--format", "json", "-o", str(tmp_path / "p.json"))[0] == 0
    )
    code, out, _ = cli("--library", library, "tag", "export", "--format", "md")
    assert code == 0 and out.startswith("# 标注摘录")

    fresh = str(tmp_path / "fresh")
    code, out, _ = cli("--library", fresh, "tag", "import", str(tmp_path / "p.json"), "--json")
    assert (code, json.loads(out)) == (0, {"added": 1, "updated": 0, "unchanged": 0, "orphaned": 1})
    code, out, _ = cli("--library", fresh, "tag", "orphans", "--json")
    assert [p["quote"] for p in json.loads(out)] == ["本报"]

    code, out, _ = cli("--library", library, "backup", str(tmp_path / "copy.sqlite3"), "--json")
    assert code == 0 and json.loads(out)["file"] == str(tmp_path / "copy.sqlite3")
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "r1", "--start", "5", "--end", "5", "--tag", "t"], "bad passage offsets 5..5"),
        (["add", "r1", "--start", "0", "--end", "999", "--tag", "t"], "bad passage offsets 0..999"),
        (["add", "nope", "--start", "0", "--end", "1", "--tag", "t"], "no article with id 'nope'"),
        (["add", "r1", "--start", "0", "--end", "1", "--tag", " "], "empty tag name"),
        (["remove", "0000000000"], "no passage with id '0000000000'"),
        (["delete", "没有"], "no tag '没有'"),
        (["import", "/no/such/file.json"], "cannot read"),
        (["colour", "t", "red"], "bad colour"),
    ],
)
def test_errors_exit_2_with_a_message(library: str, cli: Cli, argv: list[str], message: str) -> None:
    code, out, err = cli("--library", library, "tag", *argv)
    assert code == 2 and out == ""
    assert err.startswith("newsdesk: ") and message in err and "Traceback" not in err
