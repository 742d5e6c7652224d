"""The package's run-time data: found through importlib.resources, up to date with its sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import resources


def test_every_data_file_is_found_through_the_package() -> None:
    assert resources.data(resources.TRANSLATIONS, "newsdesk_zh_CN.qm").is_file()
    assert resources.read_bytes(resources.SAMPLE, "newsdesk.json").startswith(b"{")
    path = resources.file_path(resources.ICONS, "newsdesk.svg")
    assert path.is_file() and path.read_bytes() == resources.read_bytes(resources.ICONS, "newsdesk.svg")


def test_a_zipped_package_hands_out_a_real_folder(tmp_path: Path) -> None:
    """From a zip (as zipimport sees it) the sample comes out as a temporary copy, then goes."""
    import zipfile

    src = Path(resources.__file__).parent
    archive = tmp_path / "newsdesk.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in src.rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                z.write(f, Path("newsdesk") / f.relative_to(src))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from newsdesk import resources;"
        "assert '.zip' in resources.__file__;"
        "cm = resources.as_folder('sample'); folder = cm.__enter__();"
        "print(sorted(p.name for p in folder.iterdir()));"
        "cm.__exit__(None, None, None); print(folder.exists())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(archive)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert out == ["['newsdesk.json', 'zhengzhou-special-page.txt']", "False"]


def test_the_committed_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path) -> None:
    """Whoever edits the .ts must rebuild the .qm (scripts/build_translations.py): the wheel ships the .qm."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        found = shutil.which("pyside6-lrelease")
        if found is None:
            pytest.skip("pyside6-lrelease is not installed (PySide6-Essentials brings it)")
        lrelease = Path(found)
    ts = resources.file_path(resources.TRANSLATIONS, "newsdesk_zh_CN.ts")
    subprocess.run([str(lrelease), str(ts), "-qm", str(tmp_path / "x.qm")], check=True, capture_output=True)
    assert (tmp_path / "x.qm").read_bytes() == resources.read_bytes(
        resources.TRANSLATIONS, "newsdesk_zh_CN.qm"
    )
