"""Import progress only moves forward: one fraction over reading, indexing and settling, the
stage named, a large file's bytes counted while it is read; the terminal bar shows it (#22)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk import resources
from newsdesk.importer import ImportProgress
from newsdesk.library import Library
from newsdesk.progress import Overall, TerminalProgress

BODY = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"
BIG = 3000  # articles in the large file: three chunks of 1,000 records read one after another


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Index commits every 500 articles during reading, and settle from 1,000: every stage of a
    large import, on a few thousand articles."""
    from newsdesk import indexing

    monkeypatch.setattr(indexing, "COMMIT_BATCH", 500)
    monkeypatch.setattr(indexing, "INDEX_BATCH", 50)
    monkeypatch.setattr(indexing, "SETTLE_MIN", 1000)


def _files(tmp_path: Path) -> list[Path]:
    src = tmp_path / "src"
    for n in range(3):
        write_jsonl(src / f"small-{n}.jsonl", [record(f"s{n}-{i}", f"小{n}第{i}篇", BODY) for i in range(40)])
    big = [record(f"b{i}", f"大文件第{i}篇", f"{BODY}第{i}段。" * 6) for i in range(BIG)]
    write_jsonl(src / "big.jsonl", big)
    with resources.as_folder(resources.SAMPLE) as sample:  # a page text too, split on import
        (src / "page.txt").write_bytes((sample / "zhengzhou-special-page.txt").read_bytes())
    return [src]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("batches")
def test_a_real_import_of_several_files_moves_only_forward_through_every_stage(tmp_path: Path) -> None:
    seen: list[ImportProgress] = []
    out = _Terminal()
    bar = TerminalProgress(enabled=True, stream=out, interval=0)

    def progress(p: ImportProgress) -> None:
        seen.append(ImportProgress(**vars(p)))
        bar.update(p)

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths(_files(tmp_path), progress=progress)
    bar.close()
    assert not report.failed and report.added >= BIG + 120
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions), "the bar went back"
    assert fractions[-1] == 1.0 and seen[-1].phase == "done"
    assert all(p.fraction < 1.0 for p in seen[:-2])  # not full before the end (today: 100 %, then 33 %)
    phases = [p.phase for p in seen]
    assert (
        phases.index("reading") < phases.index("indexing") < phases.index("settling") < phases.index("done")
    )
    assert "reading" not in phases[phases.index("settling") :]  # every stage once settling starts
    # The last indexing pass (after every file is read) moves the bar: no stall at a stale total.
    last_read = max(i for i, p in enumerate(seen) if p.phase == "reading")
    final = [p.fraction for p in seen[last_read + 1 :] if p.phase == "indexing"]
    assert len(final) >= 2 and final[-1] > final[0] >= seen[last_read].fraction, final
    # Inside the large file: the bytes read move while it is read, not only when it is done.
    big = [p for p in seen if p.path.endswith("big.jsonl") and p.phase == "reading"]
    size = (tmp_path / "src" / "big.jsonl").stat().st_size
    start = min(p.bytes_done for p in big)
    inside = {p.bytes_done for p in big if start < p.bytes_done < start + size}
    assert len(inside) >= 2, sorted({p.bytes_done for p in big})
    # The terminal's one bar: the stage named, its percentage never going back, bytes and speed.
    text = out.getvalue()
    shown = [int(m) for m in re.findall(r":\s+(\d+)%\|", text)]
    assert shown == sorted(shown) and shown[-1] == 100
    assert re.search(r"reading: +\d+%\|.*\d+/5 files, [\d.]+ of [\d.]+ MiB", text)
    assert "indexing:" in text and "optimising the index:" in text


def test_a_reindex_is_one_bar_from_nothing_to_full(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(_files(tmp_path))
        seen: list[tuple[str, float]] = []
        lib.reindex(progress=lambda p: seen.append((p.phase, p.fraction)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and seen[-1][0] == "done"
    assert fractions[0] < 0.5


def test_overall_holds_an_estimate_that_falls_and_skips_a_stage_forward() -> None:
    told: list[float] = []
    overall = Overall(lambda p: told.append(p.fraction))
    state = ImportProgress("reading", files_total=2, bytes_total=100, bytes_done=50, articles=100)
    overall(state)
    state.phase, state.indexed = "indexing", 100  # indexed all that was read so far
    overall(state)
    state.phase, state.articles, state.bytes_done = "reading", 400, 60  # more articles than guessed
    overall(state)
    state.reading_done, state.phase, state.to_index = True, "indexing", 400
    overall(state)
    state.phase = "done"  # a small import is not settled: its share is skipped
    overall(state)
    assert told == sorted(told) and told[-1] == 1.0
    assert told[2] == told[1]  # the guess fell: the bar waited


def test_json_and_pipes_get_no_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsdesk import cli

    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", BODY)])
    assert cli.main(["--library", str(tmp_path / "lib"), "import", "--json", str(src)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("{")
    assert cli.main(["--library", str(tmp_path / "lib"), "import", str(src)]) == 0  # stderr: a pipe
    assert "\r" not in capsys.readouterr().err


def test_the_last_pass_is_not_taken_for_done_before_it_starts() -> None:
    """Every byte read, 30,000 articles, 20,000 indexed by the passes during reading (whose
    `to_index` was 20,000): a third of the indexing is still to come, so the bar is not at the
    end of indexing's share (it was: 80 %, then a long stall while the last pass ran)."""
    overall = Overall(None)
    state = ImportProgress("reading", files_done=0, files_total=1, bytes_done=100, bytes_total=100)
    state.articles, state.indexed, state.to_index = 30_000, 20_000, 20_000
    overall(state)
    assert state.fraction < 0.15 + 0.65 * 0.7
    state.reading_done, state.phase, state.to_index, state.indexed = True, "indexing", 30_000, 25_000
    overall(state)
    assert 0.15 + 0.65 * 0.7 < state.fraction < 0.8
