"""The core's messages in the user's language: choosing it, the shipped gettext catalogue, and
every kind of message in Chinese on the command line (#22). The window's: tests/gui/test_messages_zh.py."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import english_left, record, write_jsonl

from newsdesk import cli, language, resources
from newsdesk.library import Library

ROOT = Path(__file__).resolve().parents[2]
BODY = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"


def _build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.Big5"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LC_MESSAGES": "zh_HK", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANGUAGE": "de:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),  # the first listed wins
        ({"LANGUAGE": "", "LC_ALL": "", "LANG": "zh_SG"}, "zh_CN"),
    ],
)
def test_the_language_is_read_from_the_environment_as_gettext_reads_it(env, expected) -> None:  # type: ignore[no-untyped-def]
    assert language.from_environment(env) == expected


def test_use_switches_the_core_and_english_is_the_source() -> None:
    assert language.use("zh-CN") == "zh_CN" and language.current() == "zh_CN"
    assert language._("binary file, not text") == "二进制文件，不是文本"
    assert language.use("fr") == "en" and language._("binary file, not text") == "binary file, not text"


def test_the_shipped_mo_is_what_the_po_compiles_to_and_every_sentence_is_translated() -> None:
    """Whoever edits the .po or adds a `_()` sentence must run scripts/build_translations.py."""
    build = _build_script()
    po = resources.file_path("locale", "zh_CN", "LC_MESSAGES", "newsdesk.po")
    entries = build.read_po(po)
    assert resources.read_bytes("locale", "zh_CN", "LC_MESSAGES", "newsdesk.mo") == build.compile_mo(entries)
    sentences = build.extract(build.core_sources())
    assert len(sentences) > 100
    assert build.problems(entries, sentences) == []


def test_a_stale_or_untranslated_catalogue_is_caught(tmp_path: Path) -> None:
    build = _build_script()
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", "empty file": "空文件"}
    assert build.compile_mo(entries) == build.compile_mo(
        dict(reversed(list(entries.items())))
    )  # reproducible
    assert build.compile_mo(entries) != build.compile_mo({**entries, "empty file": "空的文件"})
    found = build.problems({"a {n}": "甲 {m}"}, {"a {n}": [], "b": []})
    assert found == ["placeholders differ: 'a {n}' -> '甲 {m}'", "untranslated: 'b'"]


def test_no_module_that_translates_with_underscore_binds_it_too() -> None:
    """`_` is gettext's name here; a module that also uses `_` as a throwaway name would call
    a string (or raise UnboundLocalError) where a message is made."""
    build = _build_script()
    offenders = []
    for path in build.core_sources():
        tree = ast.parse(path.read_text("utf-8"))
        if not any(
            isinstance(n, ast.ImportFrom)
            and n.module == "newsdesk.language"
            and any(a.name == "_" for a in n.names)
            for n in ast.walk(tree)
        ):
            continue
        in_comprehensions = {
            id(name)
            for comp in ast.walk(tree)
            if isinstance(comp, ast.comprehension)
            for name in ast.walk(comp.target)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Name)
                and node.id == "_"
                and isinstance(node.ctx, ast.Store)
                and id(node) not in in_comprehensions
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# -- every kind of message, in Chinese, on the command line ----------------------------------------


def _zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _all_chinese(text: str) -> None:
    assert text.strip(), "no message"
    assert english_left(text) == [], text


def test_a_query_error_is_chinese_and_says_where(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _zh(monkeypatch)
    lib = str(tmp_path / "lib")
    for query, words in [
        ('date:2023-13 "熊猫', "这个引号没有闭合"),
        ("熊猫 AND", "AND 后面需要检索内容"),
        ("date:2023-02-30", "没有 30 日"),
        ("(熊猫", "这个括号没有闭合"),
    ]:
        code, _, err = _run(capsys, "--library", lib, "search", query)
        assert code == 2 and words in err and "在位置" in err, err
        _all_chinese(err)


def test_import_failures_are_chinese_with_stable_codes(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _zh(monkeypatch)
    src = tmp_path / "src"
    src.mkdir()
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 200)
    (src / "empty.txt").write_bytes(b"")
    (src / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    (tmp_path / "notes.gz").write_bytes(b"\x1f\x8b compressed")
    (src / "broken.json").write_text('{"title": "没有结尾', "utf-8")
    (src / "list.json").write_text("[1, 2]", "utf-8")
    write_jsonl(src / "lines.jsonl", [record("r1", "好的一篇", BODY)])
    with (src / "lines.jsonl").open("a", encoding="utf-8") as f:
        f.write("[1, 2]\n{坏的 JSON\n")
    code, out, err = _run(
        capsys,
        "--library",
        str(tmp_path / "lib"),
        "import",
        str(src),
        str(tmp_path / "gone.txt"),
        str(tmp_path / "notes.gz"),
    )
    assert code == 1
    for words in (
        "二进制文件，不是文本",
        "空文件",
        "无法解码：不是 UTF-8、GB18030、Big5 或 UTF-16 编码",
        "不是有效的 JSON",
        "不是文章记录",
        "不是 JSON 对象，而是数组",
        "没有这个文件或文件夹",
        "lines.jsonl：第 2 行：不是 JSON 对象，而是数组",
        "lines.jsonl：第 3 行：不是有效的 JSON：第 1 行第 2 列：此处应有用双引号括起的属性名",
        "压缩文件：只读取 .jsonl.gz 和 .ndjson.gz",
    ):
        assert words in err, (words, err)
    assert "新增 1 篇" in out and "失败" in out
    _all_chinese(err + out)
    code, out, _ = _run(capsys, "--library", str(tmp_path / "lib2"), "import", "--json", str(src))
    codes = {Path(f["path"].split("：")[0]).name: f["code"] for f in __import__("json").loads(out)["failed"]}
    assert codes["binary.txt"] == "binary" and codes["empty.txt"] == "empty"
    assert codes["undecodable.txt"] == "undecodable" and codes["broken.json"] == "bad-json"
    assert codes["list.json"] == "not-a-record" and "bad-record" in codes.values()


def test_a_busy_library_is_chinese_and_names_the_work_and_the_process(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsdesk import paths
    from newsdesk.lock import WriteLock

    _zh(monkeypatch)
    folder = tmp_path / "lib"
    Library.open(folder).close()
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", BODY)])
    with WriteLock(paths.lock_path(folder)).held("import"):
        code, _, err = _run(capsys, "--library", str(folder), "import", str(src))
    assert code == 2 and f"资料库正忙（进程 {os.getpid()} 正在导入）" in err, err
    _all_chinese(err)


def test_check_problems_are_chinese(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths(
            [write_jsonl(tmp_path / "a.jsonl", [record(f"r{i}", f"标题{i}", BODY) for i in range(3)])]
        )
        lib.store.mark_all_unindexed()
    _zh(monkeypatch)
    code, out, _ = _run(capsys, "--library", str(folder), "check")
    assert code == 1 and "问题：检索索引：有 3 篇文章尚未编入索引" in out, out
    assert "运行 `newsdesk check --repair` 修复能修复的问题" in out
    _all_chinese(out)
    code, out, _ = _run(capsys, "--library", str(folder), "check", "--repair")
    assert code == 0 and "已修复：检索索引：已从数据库为 3 篇文章建立索引" in out and "正常" in out, out
    _all_chinese(out)


def test_a_damaged_library_is_chinese(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"this is not a database, only words " * 200)
    _zh(monkeypatch)
    code, _, err = _run(capsys, "--library", str(folder), "stats")
    assert code == 2 and ("不是 newsdesk 资料库的数据库" in err or "已损坏" in err), err
    assert english_left(err.split("（")[0]) == [], err  # (SQLite's own words stand in brackets)


def test_a_read_only_library_is_chinese(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "lib"
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", BODY)])
    Library.open(folder).close()
    db = folder / "library.sqlite3"
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode
    ):
        pytest.skip("chattr +i is not supported here")
    try:
        _zh(monkeypatch)
        code, _, err = _run(capsys, "--library", str(folder), "import", str(src))
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert code == 2 and "资料库是只读的" in err, err
    _all_chinese(err)


def test_a_full_disk_is_chinese(tmp_path: Path) -> None:
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("no user/mount namespaces here")
    disk = tmp_path / "disk"
    disk.mkdir()
    many = write_jsonl(
        tmp_path / "many.jsonl", [record(f"m{i}", f"第{i}篇", f"{i}号{BODY * 12}") for i in range(3000)]
    )
    newsdesk = f"{sys.executable} -m newsdesk --library {disk / 'lib'}"
    script = f"mount -t tmpfs -o size=3m tmpfs {disk} || exit 3\n{newsdesk} import {many}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "LANG": "zh_CN.UTF-8"}
    proc = subprocess.run(
        ["unshare", "-rm", "bash", "-c", script], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 2 and "磁盘已满；之前保存的内容都保留" in proc.stderr, proc.stderr
    _all_chinese(proc.stderr)


def test_english_stays_english_without_a_chinese_environment(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _run(capsys, "--library", str(tmp_path / "lib"), "search", '"熊猫')
    assert code == 2 and "this quotation mark is never closed" in err and "at position 0" in err


def test_a_damaged_index_is_chinese_in_check(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths(
            [write_jsonl(tmp_path / "a.jsonl", [record(f"r{i}", f"标题{i}", BODY) for i in range(3)])]
        )
    biggest = max((p for p in (folder / "index").iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
    biggest.write_bytes(biggest.read_bytes()[:-7])  # cut short
    _zh(monkeypatch)
    code, out, _ = _run(capsys, "--library", str(folder), "check")
    assert code == 1 and "问题：检索索引：" in out and biggest.name in out, out
    _all_chinese(out)
