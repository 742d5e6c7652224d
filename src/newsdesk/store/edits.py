"""The corrections log: each archivist's correction of the split, in the order it was made.

`edits.py` (outside the store) decides what a correction does and replays the log after a
re-import; here the rows are written and read, inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3

from newsdesk.store.db import now


def record(conn: sqlite3.Connection, kind: str, data: dict[str, object]) -> None:
    """Append one correction."""
    conn.execute(
        "INSERT INTO edits (kind, data, created) VALUES (?, ?, ?)",
        (kind, json.dumps(data, ensure_ascii=False), now()),
    )


def log(conn: sqlite3.Connection) -> list[tuple[str, dict[str, object]]]:
    """(kind, data) of every correction, oldest first."""
    return [
        (str(kind), json.loads(raw))
        for kind, raw in conn.execute("SELECT kind, data FROM edits ORDER BY seq")
    ]
