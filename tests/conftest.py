"""Fixtures for every test: isolated paths (no test touches the real user folders), corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Resolved: the walk resolves links, so a shared/ reached through a link must compare equal.
CORPORA = Path(os.environ.get("NEWSDESK_CORPORA", ROOT.parent / "shared" / "corpora")).resolve()


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default library and config at a temporary home for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv("NEWSDESK_LIBRARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("NEWSDESK_CONFIG_DIR", str(home / "config" / "newsdesk"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared corpora folder; tests that need it skip when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"corpora not found at {CORPORA}")
    return CORPORA


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/gui as `gui` (a `pytestmark` in a conftest marks nothing), so
    that `-m "not gui"` runs no Qt test and `-m gui` runs all of them."""
    gui = ROOT / "tests" / "gui"
    for item in items:
        if gui in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every test starts with the core's messages in English and an English environment (a
    developer's LANG=zh_CN.UTF-8 must not change what tests read); a test that switches the
    language (newsdesk.language.use) is switched back."""
    from newsdesk import language

    for var in language.ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    language.use("en")
    yield
    language.use("en")


@pytest.fixture(scope="session")
def pg():  # type: ignore[no-untyped-def]
    """A private PostgreSQL server for this test session (tests/pg.py), stopped by its PID at
    the end. Never skipped unless NEWSDESK_NO_PG=1: missing server programs fail the test."""
    from tests import pg as pgserver

    if os.environ.get(pgserver.NO_PG_ENV) == "1":
        pytest.skip(f"{pgserver.NO_PG_ENV}=1: the hub tests are skipped")
    try:
        server = pgserver.start_server()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        pgserver.remove(server)
