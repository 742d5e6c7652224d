"""The private PostgreSQL server the hub tests use starts, answers and is stopped by its PID."""

from __future__ import annotations

import psycopg


def test_the_private_server_answers_on_its_own_socket(pg) -> None:  # type: ignore[no-untyped-def]
    db = pg.database()
    with psycopg.connect(pg.url(db)) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        sockets = conn.execute("SHOW unix_socket_directories").fetchone()[0]
    assert int(version) >= 150000
    assert sockets == str(pg.sock)
    assert pg.pid() is not None
