"""`newsdesk show ID --pdf FILE`: the article as printed, its text readable from the PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils, installed by .ci/run) is missing"
)


# Noto CJK's glyphs for some ideographs are shared with radicals, and pdftotext reads them back
# as the radical: Kangxi radicals (NFKC folds those) and a few supplement ones (folded here).
RADICALS = str.maketrans(
    "\u2e9f\u2ea0\u2ec5\u2ec6\u2ed3\u2ed4\u2ed8\u2edb\u2edc\u2edd", "母民见角长门青风飞食"
)


def pdf_text(path) -> str:
    """The PDF's text, radicals read back as the ideographs they were drawn for."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8")).translate(RADICALS).replace("\n", "")


@needs_poppler
def test_show_pdf_holds_title_body_bylines_and_citation(library_dir, tmp_path) -> None:
    out = tmp_path / "article.pdf"
    env = {**os.environ, "NEWSDESK_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("QT_QPA_PLATFORM", None)  # the command chooses offscreen by itself
    command = [sys.executable, "-m", "newsdesk", "--library", str(library_dir), "show", "t-long"]
    proc = subprocess.run(
        [*command, "--pdf", str(out), "--query", "熊猫", "--json"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for part in ("长文章里的远处命中", "测试引题", "远处的熊猫在这里出现", "最后一段又提到熊猫", "李华"):
        assert part in text, part
    assert "长文章里的远处命中[N]. 样例晚报, 2022-11-20." in text  # the citation, last


def test_show_pdf_to_a_missing_folder_is_named(library_dir, tmp_path, capsys) -> None:
    from newsdesk.cli import main

    bad = tmp_path / "nowhere" / "a.pdf"
    assert main(["--library", str(library_dir), "show", "t-long", "--pdf", str(bad)]) == 2
    assert f"{bad}: cannot write the PDF" in capsys.readouterr().err
