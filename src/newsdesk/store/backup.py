"""A consistent single-file copy of a library's database, made while others may be writing.

The copy reads through a connection of its own (SQLite's online backup), so it works while the
window or an import has the library open; it is written beside the target and renamed into
place only once it passes a quick check, in rollback-journal mode (one self-contained file).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from newsdesk.errors import LibraryError
from newsdesk.language import _
from newsdesk.store.db import now


def backup_database(db: Path, target: Path) -> Path:
    """Copy `db` to `target` (a folder gets a dated file name); returns the file written."""
    if target.is_dir():
        target = target / f"newsdesk-{now().replace(':', '').replace('-', '')}.sqlite3"
    if target.exists() and target.resolve() == db.resolve():
        raise LibraryError(_("{target}: is the library's own database").format(target=target))
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(db.absolute().as_uri() + "?mode=ro", uri=True, timeout=30)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
                ok = dest.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if ok != "ok":
            raise LibraryError(_("{target}: the copy failed its check ({ok})").format(target=target, ok=ok))
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise LibraryError(
            _("{target}: cannot write the backup ({exc})").format(target=target, exc=exc)
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
