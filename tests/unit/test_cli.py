"""The newsdesk command: JSON shapes, exit codes, messages without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk.cli import main

BODY = "本报北京12月31日电  今天是新年前夜。\n第二段。"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(tmp_path / "lib")
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "新年贺词", BODY, author="本报记者 李四")])
    code, out, _ = run(capsys, "--library", lib, "import", str(src), "--json")
    assert code == 0
    assert json.loads(out) == {
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "duplicates": 0,
        "near_duplicates": 0,
        "files": 1,
        "skipped_files": 0,
        "failed": [],
        "failed_count": 0,
        "cancelled": False,
        "passages_moved": 0,
        "passages_orphaned": 0,
    }
    code, out, _ = run(capsys, "--library", lib, "list", "--json")
    assert [r["id"] for r in json.loads(out)] == ["r1"]
    code, out, _ = run(capsys, "--library", lib, "show", "r1", "--json")
    shown = json.loads(out)
    assert set(shown) >= {
        "id",
        "title",
        "kicker",
        "subtitle",
        "date",
        "source",
        "page",
        "section",
        "bylines",
        "captions",
        "section_heads",
        "note",
        "author_note",
        "text",
        "paragraphs",
        "sources",
    }
    assert shown["text"] == BODY
    assert shown["paragraphs"] == BODY.split("\n")
    assert shown["sources"][0]["path"] == str(src)
    assert len(shown["sources"][0]["sha256"]) == 64
    code, out, _ = run(capsys, "--library", lib, "stats", "--json")
    stats = json.loads(out)
    assert (stats["articles"], stats["sources"]) == (1, 1)
    code, out, _ = run(capsys, "--library", lib, "import", str(src), "--json")
    assert json.loads(out)["unchanged"] == 1


def test_partial_failure_exits_1_and_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_jsonl(tmp_path / "in" / "a.jsonl", [record("r1", "一", BODY)])
    bad = tmp_path / "in" / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "import", str(good.parent), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["added"] == 1
    assert [f["path"] for f in report["failed"]] == [str(bad)]
    assert str(bad) in err and "Traceback" not in err


def test_user_errors_exit_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "show", "no-such-id")
    assert code == 2 and "no-such-id" in err and "Traceback" not in err
    afile = tmp_path / "file"
    afile.write_text("x")
    code, _, err = run(capsys, "--library", str(afile), "stats")
    assert code == 2 and "not a library folder" in err
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "frobnicate")
    assert code == 2


def test_subcommands_never_import_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--json")  # the default library, via a subcommand
    assert code == 0
    assert json.loads(out)["articles"] == 0


def test_a_bug_is_one_line_and_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("newsdesk.library.Library.stats", broken)
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "stats")
    assert code == 3
    assert "internal error" in err and "boom" in err and "Traceback" not in err
    log = Path(err.rsplit("details in ", 1)[1].strip())
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_the_terminal_progress_bar_shows_the_index_being_optimised() -> None:
    import io

    from newsdesk.importer import ImportProgress
    from newsdesk.progress import TerminalProgress

    out = io.StringIO()
    bar = TerminalProgress(enabled=True, stream=out)
    bar.update(ImportProgress("settling", indexed=60, to_index=60, settled=1, to_settle=4, fraction=0.85))
    bar.close()
    assert "optimising the index:  85%|" in out.getvalue()
    assert "1/4 terms merged" in out.getvalue()


def test_show_marks_a_querys_terms_in_every_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsdesk import resources

    lib = str(tmp_path / "lib")
    with resources.as_folder(resources.SAMPLE) as sample:
        assert run(capsys, "--library", lib, "import", str(sample))[0] == 0
    code, out, _ = run(capsys, "--library", lib, "search", "五星 支部", "--json")
    found = json.loads(out)
    (hit,) = found["hits"]
    assert list(found["stages_ms"]) == ["parse", "evaluate", "rank", "facets", "fetch", "marks"]
    assert sum(found["stages_ms"].values()) == pytest.approx(found["took_ms"], abs=0.02)
    code, out, _ = run(capsys, "--library", lib, "show", hit["id"], "--query", "五星 支部", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["marks"]["text"] == hit["spans"] and shown["marks"]["title"] == hit["title_spans"] == []
    heads = [h["text"] for h in shown["section_heads"]]
    at = heads.index("深耕细作 抓实“五星”支部创建")
    assert [heads[at][s:e] for s, e in shown["marks"]["section_heads"][at]] == ["五星", "支部"]
    code, out, _ = run(capsys, "--library", lib, "show", hit["id"], "--query", "五星 支部")
    assert "【深耕细作 抓实“«五星»”«支部»创建】" in out
    assert "〔图〕枫杨办事处大里村党组织获评省级“«五星»”«支部»" in out
    assert out.count("«") == out.count("»") == len(shown["marks"]["text"]) + 4
    code, out, _ = run(
        capsys, "--library", lib, "show", hit["id"], "--query", "党建工作", "--words", "--json"
    )
    marks = json.loads(out)["marks"]
    text = shown["text"]
    assert {text[s:e] for s, e in marks["text"]} == {"党建", "工作"}
    code, out, err = run(capsys, "--library", lib, "show", hit["id"], "--query", "title:")
    assert code != 0 and "title:" in err and "Traceback" not in err
