"""Exit 3 means a bug in newsdesk, never input a user can reach (#18): file names and arguments
that are not UTF-8, deep JSON, damaged databases, folders that cannot be read during `--sync`,
control characters in archive text, absurd query values. Each case runs the real command.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk import Library
from newsdesk.cli import main, report_bug
from newsdesk.ingest.formats.markdown import read_markdown

BODY = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"
POSIX_BYTES = sys.platform != "win32"  # file names of arbitrary bytes exist on POSIX only


def _cli(*args: str | bytes | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process (arguments may be raw bytes, as a shell passes them)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    argv = [os.fsencode(sys.executable), b"-m", b"newsdesk", *(os.fsencode(a) for a in args)]
    return subprocess.run(argv, capture_output=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    src = write_jsonl(tmp_path / "src" / "a.jsonl", [record("r1", "郑州调研", BODY * 2)])
    with Library.open(folder) as lib:
        lib.import_paths([src])
        lib.passages.tag("r1", 0, 2, ["地名"])
    return folder


# -- names and arguments that are not UTF-8 ------------------------------------------------------


@pytest.mark.skipif(not POSIX_BYTES, reason="POSIX file names are bytes")
def test_a_folder_with_names_that_are_not_utf8_imports_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_jsonl(folder / "a.jsonl", [record("a1", "一", BODY)])
    write_jsonl(folder / "z.jsonl", [record("z1", "二", BODY)])
    bad_file = os.fsencode(folder) + b"/b\xff\xfe.jsonl"
    bad_dir = os.fsencode(folder) + b"/c\xe9"
    Path(os.fsdecode(bad_file)).write_text(json.dumps(record("b1", "三", BODY)) + "\n", "utf-8")
    os.mkdir(bad_dir)
    Path(os.fsdecode(bad_dir + b"/d.jsonl")).write_text(json.dumps(record("d1", "四", BODY)) + "\n")
    for extra in ([], ["--json"]):
        proc = _cli("--library", tmp_path / f"lib{len(extra)}", "import", folder, *extra)
        assert proc.returncode == 1, proc.stderr
        err = proc.stderr.decode("utf-8")  # everything printed is valid UTF-8
        assert "b\\xff\\xfe.jsonl" in err and "c\\xe9" in err and "not valid UTF-8" in err
        if extra:
            report = json.loads(proc.stdout)
            assert report["added"] == 2
            names = sorted(f["path"].rsplit("/", 1)[1] for f in report["failed"])
            assert names == ["b\\xff\\xfe.jsonl", "c\\xe9"]
    with Library.open(tmp_path / "lib0") as lib:
        assert sorted(a.id for a in lib.articles()) == ["a1", "z1"]
    # Named directly as an argument, too.
    proc = _cli("--library", tmp_path / "lib0", "import", os.fsdecode(bad_file))
    assert proc.returncode == 1 and b"not valid UTF-8" in proc.stderr


@pytest.mark.skipif(not POSIX_BYTES, reason="arguments are bytes on POSIX only")
@pytest.mark.parametrize(
    "args",
    [
        ["show", b"\xff"],
        ["show", "r1", "--query", b"\xe9t\xe9"],
        ["search", b"\xff\xfe"],
        ["tag", "list", "--tag", b"\xff"],
        ["tag", "export", "--format", "json", "--tag", b"\xff"],
        ["tag", "add", "r1", "--start", "0", "--end", "2", "--tag", b"\xc0"],
        ["tag", "rename", "地名", b"\xff"],
        ["article", "edit", "r1", "--title", b"\xff"],
        ["article", "edit", "r1", "--byline", b"author:\xff"],
    ],
)
def test_arguments_that_are_not_utf8_are_a_usage_error(library: Path, args: list[str | bytes]) -> None:
    proc = _cli("--library", library, *args)
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.decode("utf-8")
    assert "not valid text" in err or "bad query" in err
    assert "internal error" not in err


@pytest.mark.skipif(not POSIX_BYTES, reason="POSIX file names are bytes")
def test_a_library_folder_named_with_bytes_that_are_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    proc = _cli("--library", os.fsdecode(os.fsencode(tmp_path) + b"/lib\xff"), "stats")
    assert proc.returncode == 2 and b"must be valid UTF-8" in proc.stderr


# -- deep and damaged structures ------------------------------------------------------------------


@pytest.mark.parametrize("depth", [300, 950, 100_000])
def test_deeply_nested_json_is_refused_by_name(library: Path, tmp_path: Path, depth: int) -> None:
    deep = "[" * depth + "]" * depth
    deep_record = json.dumps(record("x1", "深", BODY))[:-1] + f', "extra": {deep}}}'
    files = {
        "export.json": deep,
        "in/a.json": deep,
        "in/b.jsonl": deep + "\n" + json.dumps(record("ok1", "好", BODY)) + "\n",
        "in/c.jsonl": deep_record + "\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "in" / "newsdesk.json").write_text('{"source": ' + deep + "}", "utf-8")
    proc = _cli("--library", library, "tag", "import", tmp_path / "export.json")
    assert proc.returncode == 2 and b"nested" in proc.stderr, proc.stderr
    proc = _cli("--library", library, "import", tmp_path / "in", "--json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    reasons = {Path(f["path"].split(":")[0]).name: f["error"] for f in report["failed"]}
    assert "nested" in reasons["a.json"] and "nested" in reasons["b.jsonl"]
    assert report["added"] >= 1  # the good line of b.jsonl (and c.jsonl's record, whose depth is its own)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-header", "pages-overwritten"])
def test_a_damaged_database_is_named_not_a_crash(library: Path, damage: str) -> None:
    db = library / "library.sqlite3"
    raw = bytearray(db.read_bytes())
    if damage == "garbage":
        raw = bytearray(b"this is not a database" * 500)
    elif damage == "truncated":
        raw = raw[: len(raw) // 3]
    elif damage == "empty-header":
        raw[:100] = bytes(100)
    else:  # the header intact, the tables' pages garbage: "database disk image is malformed"
        raw[4096:] = bytes((i * 37) % 256 for i in range(len(raw) - 4096))
    db.write_bytes(bytes(raw))
    for wal in library.glob("library.sqlite3-*"):
        wal.unlink()
    for args in (["stats"], ["list"], ["search", "郑州"], ["show", "r1"], ["tag", "list"], ["check"]):
        proc = _cli("--library", library, *args)
        err = proc.stderr.decode("utf-8")
        assert proc.returncode in (0, 1, 2), (args, err)
        assert "internal error" not in err, (args, err)
        if proc.returncode == 2:
            assert "damaged" in err or "not a newsdesk library database" in err, (args, err)


# -- `--sync` never removes what it could not read ------------------------------------------------


def _can_drop_privileges() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = ["unshare", "-U", "--map-user=1000", "--map-group=1000", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_drop_privileges(), reason="cannot run as a user without privileges here")
def test_sync_keeps_articles_of_folders_and_files_it_could_not_read(tmp_path: Path) -> None:
    """Run as an unprivileged user (a user namespace) so that permissions are really enforced."""
    folder = tmp_path / "in"
    write_jsonl(folder / "open" / "a.jsonl", [record("a1", "一", BODY)])
    write_jsonl(folder / "open" / "gone.jsonl", [record("g1", "去", BODY)])
    write_jsonl(folder / "locked" / "b.jsonl", [record("b1", "二", BODY)])
    write_jsonl(folder / "c.jsonl", [record("c1", "三", BODY)])
    lib = tmp_path / "lib"
    with Library.open(lib) as opened:
        opened.import_paths([folder])
        opened.passages.tag("b1", 0, 2, ["保留"])
    (folder / "open" / "gone.jsonl").unlink()  # really gone: removed
    (folder / "locked").chmod(0)  # a folder that cannot be listed: kept
    write_jsonl(folder / "c.jsonl", [record("c1", "三", BODY + "改")])
    (folder / "c.jsonl").chmod(0)  # a changed file that cannot be opened: kept
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        cmd = [sys.executable, "-m", "newsdesk", "--library", str(lib)]
        cmd += ["import", "--sync", "--json", str(folder)]
        proc = subprocess.run(
            ["unshare", "-U", "--map-user=1000", "--map-group=1000", *cmd],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    finally:
        (folder / "locked").chmod(0o755)
        (folder / "c.jsonl").chmod(0o644)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    failed = {Path(f["path"]).name for f in report["failed"]}
    assert {"locked", "c.jsonl"} <= failed
    assert report["removed"] == 1
    with Library.open(lib) as opened:
        assert sorted(a.id for a in opened.articles()) == ["a1", "b1", "c1"]
        assert [p.tags for p in opened.passages.find()] == [("保留",)]
        assert not opened.passages.orphans()


def test_sync_keeps_articles_under_an_argument_that_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "mnt" / "share"
    write_jsonl(folder / "a.jsonl", [record("a1", "一", BODY)])
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([folder])
        shutil.rmtree(tmp_path / "mnt")  # the share is not mounted: the folder is not there
        report = lib.import_paths([folder], sync=True)
        assert report.removed == 0 and report.failed
        assert [a.id for a in lib.articles()] == ["a1"]


# -- markup and terminal control ------------------------------------------------------------------


def test_control_characters_in_archive_text_are_shown_not_obeyed(tmp_path: Path, capsysbinary) -> None:
    hostile = "标题\x1b]0;pwned\x07\x1b[31m红\x9b2J结束"
    src = write_jsonl(tmp_path / "in" / "a\x1b[2J.jsonl", [record("r1", hostile, BODY + hostile)])
    (tmp_path / "in" / "b\x07.json").write_text("{not json", "utf-8")
    lib = tmp_path / "lib"
    assert main(["--library", str(lib), "import", str(src.parent)]) == 1
    for args in (["list"], ["show", "r1"], ["search", "结束"], ["show", "r1", "--query", "红"]):
        capsysbinary.readouterr()
        assert main(["--library", str(lib), *args]) == 0
        out, err = capsysbinary.readouterr()
        for stream in (out, err):
            assert not any(b in stream for b in (b"\x1b", b"\x07", "\x9b".encode())), (args, stream)
        assert b"\\x1b" in out, args
    capsysbinary.readouterr()
    assert main(["--library", str(lib), "import", str(src.parent)]) == 1
    _, err = capsysbinary.readouterr()
    assert b"\x1b" not in err and b"\x07" not in err and b"b\\x07.json" in err
    assert main(["--library", str(lib), "list", "--json"]) == 0
    out, _ = capsysbinary.readouterr()
    assert json.loads(out)[0]["title"] == hostile  # JSON keeps the text, escaped as JSON


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[链接](javascript:alert(1))后文", "链接后文"),
        ("见[维基](https://zh.wikipedia.org/wiki/A_(B))。", "见维基。"),
        ("![图](javascript:alert(document.cookie))正文", "正文"),
        ('[甲](<a b> "题(1)")乙', "甲乙"),
        ("[文](data:text/html,<b>x</b>)", "文"),
    ],
)
def test_markdown_link_targets_are_dropped_whole_and_the_text_kept(markdown: str, expected: str) -> None:
    draft = read_markdown(f"# 题\n\n{markdown}\n")
    assert draft is not None and draft.paragraphs == (expected,)


# -- small things ---------------------------------------------------------------------------------


def test_crash_logs_never_overwrite_each_other() -> None:
    logs = {report_bug(RuntimeError(f"bug {n}")) for n in range(5)}
    assert len(logs) == 5
    assert sorted(p.read_text("utf-8").strip().rsplit(" ", 1)[1] for p in logs) == ["0", "1", "2", "3", "4"]


def test_an_absurd_date_is_not_echoed_whole(library: Path, capsys) -> None:
    value = "9" * 900
    assert main(["--library", str(library), "search", f"date:{value}"]) == 2
    err = capsys.readouterr().err
    assert len(err) < 400 and "is not a date" in err


def test_a_limit_over_the_cap_is_said(library: Path, capsys) -> None:
    assert main(["--library", str(library), "search", "郑州", "--limit", "5000", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["limit"] == 1000 and "at most 1000" in err
    assert main(["--library", str(library), "search", "郑州", "--limit", "5", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["limit"] == 5 and not err


def test_a_gzip_of_deep_json_lines_is_refused_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "in" / "a.jsonl.gz"
    path.parent.mkdir()
    good = json.dumps(record("ok", "好", BODY), ensure_ascii=False)
    path.write_bytes(gzip.compress(("[" * 5000 + "\n" + good + "\n").encode()))
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
    assert report.added == 1 and "nested" in report.failed[0]["error"]


def test_a_huge_passage_export_is_refused_unread(library: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as f:
        f.truncate(300 << 20)  # sparse: costs no disk
    proc = _cli("--library", library, "tag", "import", big)
    assert proc.returncode == 2 and b"too large" in proc.stderr
