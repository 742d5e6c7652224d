"""The SQLite record: articles, their source files, and (later) passages and tags.

`schema` creates and migrates the database (PRAGMA user_version), `db` opens connections with
the pragmas every connection needs, and `articles` / `sources` hold the queries.
"""

from newsdesk.store.db import Store

__all__ = ["Store"]
