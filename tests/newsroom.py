"""A newsroom for the hub tests: a hub database on the session's server, its users (with
passwords in a private PGPASSFILE, as a deployment keeps them), and client libraries."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.pg import PgServer

from newsdesk.library import Library
from newsdesk.store import hub as pg_hub


@dataclass
class Newsroom:
    """One hub database, the users made on it, and the client libraries opened in the test."""

    pg: PgServer
    db: str
    pgpass: Path
    libraries: list[Library] = field(default_factory=list)

    @property
    def owner_url(self) -> str:
        return self.pg.url(self.db)

    def url(self, user: str) -> str:
        """The hub's url for a user, without a password (libpq reads it from PGPASSFILE)."""
        return self.pg.url(self.db, user)

    def user(self, role: str, stem: str | None = None) -> str:
        """A new hub user of `role` (archivist or reporter); returns its name."""
        name = self.pg.user(stem or role[:4])
        password = f"pw-{name}"
        conn = pg_hub.connect(self.owner_url)
        try:
            pg_hub.add_user(conn, name, role, password)
        finally:
            conn.close()
        with self.pgpass.open("a") as f:
            f.write(f"*:*:*:{name}:{password}\n")
        return name

    def client(self, folder: Path, user: str | None = None) -> Library:
        """A library (joined to the hub as `user`, if given)."""
        lib = Library.open(folder)
        self.libraries.append(lib)
        if user is not None:
            lib.hub.join(self.url(user))
        return lib


def open_newsroom(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Newsroom]:
    """A fresh hub on the session's server, passwords in a PGPASSFILE of the test's own; the
    libraries its clients opened are closed after the test (the body of the `newsroom` fixture)."""
    pgpass = tmp_path / "pgpass"
    pgpass.touch()
    os.chmod(pgpass, 0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    room = Newsroom(pg, pg.database(), pgpass)
    conn = pg_hub.connect(room.owner_url)
    try:
        pg_hub.init_schema(conn)
    finally:
        conn.close()
    yield room
    for lib in room.libraries:
        lib.close()
