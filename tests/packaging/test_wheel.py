"""The built wheel, installed in a fresh venv outside the source tree, carries what it needs:
the Chinese window (translations), the sample for a new default library, OpenCC's table."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests.packaging.installed import ROOT, check_first_use

pytestmark = pytest.mark.slow


def _pip(python: Path | str, *args: str) -> None:
    proc = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip(sys.executable, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT))
    (built,) = out.glob("newsdesk-*.whl")
    return built


def test_the_wheel_holds_the_run_time_data_and_no_sources_of_it(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "newsdesk/data/translations/newsdesk_zh_CN.qm",
        "newsdesk/data/locale/zh_CN/LC_MESSAGES/newsdesk.mo",
        "newsdesk/data/sample/zhengzhou-special-page.txt",
        "newsdesk/data/sample/newsdesk.json",
        "newsdesk/data/icons/newsdesk.svg",
        "newsdesk/data/icons/newsdesk-256.png",
        "newsdesk/data/desktop/newsdesk.metainfo.xml",
        "newsdesk/zh/data/TSCharacters.txt",
        "newsdesk/zh/data/LICENSE-OpenCC.txt",
        "newsdesk/py.typed",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.endswith((".ts", ".po"))]
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[gui_scripts]\nnewsdesk-gui = newsdesk.cli:main" in text
    assert "[console_scripts]\nnewsdesk = newsdesk.cli:main" in text


def test_a_fresh_venv_from_the_wheel_works_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    _pip(python, "install", "--quiet", "-c", str(ROOT / "requirements" / "constraints.txt"), str(wheel))
    site = Path(
        subprocess.run(
            [str(python), "-c", "import newsdesk, os; print(os.path.dirname(newsdesk.__file__))"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert venv.resolve() in site.resolve().parents  # the installed copy, not src/
    home = tmp_path / "home"
    home.mkdir()
    check_first_use([str(venv / "bin" / "newsdesk")], home, data_root=site)
    gui = subprocess.run([str(venv / "bin" / "newsdesk-gui"), "--version"], capture_output=True, text=True)
    assert gui.returncode == 0 and gui.stdout.startswith("newsdesk "), gui.stderr
