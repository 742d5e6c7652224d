"""Fixtures for the passage and tag tests: a library or a bare store in tmp_path, the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.unit.tags.tagkit import parser_with_tags

from newsdesk.library import Library
from newsdesk.store import Store


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "lib") as library:
        yield library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "db.sqlite3")
    yield s
    s.close()


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """Run `newsdesk ARGS…`: (exit code, stdout, stderr)."""
    from newsdesk import cli as cli_module

    parser = parser_with_tags()
    monkeypatch.setattr(cli_module, "build_parser", lambda: parser)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_module.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
