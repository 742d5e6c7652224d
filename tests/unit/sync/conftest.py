"""The `newsroom` fixture: a fresh hub on the session's PostgreSQL server (tests/newsroom.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.newsroom import Newsroom, open_newsroom
from tests.pg import PgServer


@pytest.fixture
def newsroom(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Newsroom]:
    yield from open_newsroom(pg, tmp_path, monkeypatch)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `newsdesk ARGS…` in this process, with `stdin` as its standard input:
    (exit code, stdout, stderr)."""
    import io
    import sys

    from newsdesk import cli as cli_module

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = cli_module.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
