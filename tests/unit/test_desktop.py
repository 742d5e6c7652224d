"""`newsdesk desktop-install`: a valid desktop entry (desktop-file-validate), the icons in the
hicolor theme, AppStream metainfo (appstreamcli), all under $XDG_DATA_HOME; uninstall removes them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import desktop, resources
from newsdesk.cli import main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops are Linux's")


def _validate(tool: str, *args: str) -> None:
    exe = shutil.which(tool)
    if exe is None:  # .ci/run installs desktop-file-utils and appstream, so CI runs these
        pytest.skip(f"{tool} is not installed")
    proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_install_writes_a_valid_entry_icons_and_metainfo(tmp_path: Path) -> None:
    home = tmp_path / "share"
    written = desktop.install(home, ["/opt/news desk/newsdesk", "gui"])
    entry = home / "applications" / "newsdesk.desktop"
    assert entry in written and len(written) == 3 + len(desktop.ICON_SIZES)
    text = entry.read_text("utf-8")
    assert 'Exec="/opt/news desk/newsdesk" gui\n' in text and "Icon=newsdesk\n" in text
    _validate("desktop-file-validate", str(entry))
    for size in desktop.ICON_SIZES:
        png = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "newsdesk.png"
        assert png.read_bytes() == resources.read_bytes(resources.ICONS, f"newsdesk-{size}.png")
    assert (home / "icons/hicolor/scalable/apps/newsdesk.svg").read_text("utf-8").lstrip().startswith("<?xml")
    # The id is not reverse-DNS (newsdesk owns no domain): an info, not a failure.
    _validate(
        "appstreamcli",
        "validate",
        "--no-net",
        "--override=cid-desktopapp-is-not-rdns=info",
        str(home / "metainfo" / "newsdesk.metainfo.xml"),
    )
    assert desktop.uninstall(home) == written
    assert not [p for p in home.rglob("*") if p.is_file()]
    assert desktop.uninstall(home) == []


def test_exec_quoting_follows_the_spec() -> None:
    assert desktop._quote("/usr/bin/newsdesk") == "/usr/bin/newsdesk"
    assert desktop._quote('/a b/"x"$%') == '"/a b/\\"x\\"\\$%%"'


def test_the_command_installs_into_xdg_data_home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = Path(os.environ["XDG_DATA_HOME"])  # the test's own (tests/conftest.py)
    assert main(["desktop-install", "--json"]) == 0
    installed = [Path(p) for p in json.loads(capsys.readouterr().out)["installed"]]
    assert all(home in p.parents for p in installed)
    entry = (home / "applications" / "newsdesk.desktop").read_text("utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    program = exec_line.removeprefix("Exec=").rsplit(" gui", 1)[0].split(" -m ")[0].strip('"')
    assert Path(program).is_file()  # the entry starts a program that exists
    assert main(["desktop-uninstall", "--json"]) == 0
    assert [Path(p) for p in json.loads(capsys.readouterr().out)["removed"]] == installed
