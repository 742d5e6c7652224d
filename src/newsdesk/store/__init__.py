"""The SQLite record, and the only package that speaks SQL.

`schema` creates and migrates the database (PRAGMA user_version); `db.Store` opens a connection
with the pragmas every connection needs (read-only where the library cannot be written), owns
the one write path (`Store.transaction`: every write happens inside one, where a change log can
hang) and holds the queries on articles, sources, placements and the index bookkeeping;
`passages` and `tags` hold the passage and tag tables, `edits` the corrections log, `backup` the
online copy. The newsroom hub's PostgreSQL side is here too: `hub_schema` (its schema, roles
and row-level security), `hub` (connecting, schema upgrades, users), `hub_objects` (objects
read and pushed); `objects` is the library's side of it (the tie, the outbox, versions,
conflicts, objects' states). SQLite errors become user errors by their result code (`errors.as_user_error`).
"""

from newsdesk.store.db import Store

__all__ = ["Store"]
