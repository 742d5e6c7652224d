"""Database schema and migrations, versioned with PRAGMA user_version."""

from __future__ import annotations

import sqlite3

from newsdesk.errors import LibraryError
from newsdesk.language import _

# Each entry migrates from version i to i+1. Never edit a released step: append a new one.
MIGRATIONS: list[str] = [
    # 0 -> 1: articles, sources and where each article was found.
    """
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL DEFAULT '',
        kicker        TEXT,
        subtitle      TEXT,
        dateline      TEXT,
        date          TEXT,
        source        TEXT,
        page          TEXT,
        section       TEXT,
        bylines       TEXT NOT NULL DEFAULT '[]',
        captions      TEXT NOT NULL DEFAULT '[]',
        photo_credits TEXT NOT NULL DEFAULT '[]',
        section_heads TEXT NOT NULL DEFAULT '[]',
        text          TEXT NOT NULL DEFAULT '',
        content_key   TEXT NOT NULL,
        external      INTEGER NOT NULL DEFAULT 0,
        indexed       INTEGER NOT NULL DEFAULT 0,
        created       TEXT NOT NULL,
        modified      TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date DESC, id);
    CREATE INDEX articles_content ON articles(content_key);
    CREATE INDEX articles_unindexed ON articles(indexed) WHERE indexed = 0;

    CREATE TABLE sources (
        id        INTEGER PRIMARY KEY,
        path      TEXT NOT NULL UNIQUE,
        sha256    TEXT NOT NULL,
        size      INTEGER NOT NULL,
        mtime_ns  INTEGER NOT NULL,
        format    TEXT NOT NULL,
        encoding  TEXT NOT NULL,
        page_meta TEXT NOT NULL DEFAULT '{}',
        imported  TEXT NOT NULL
    );

    CREATE TABLE placements (
        source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        ordinal    INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (source_id, ordinal, article_id)
    );
    CREATE INDEX placements_article ON placements(article_id);

    -- Ids removed from the record whose removal the index has not yet seen.
    CREATE TABLE index_deletes (id TEXT PRIMARY KEY);

    -- An archivist's corrections of a split (field edits, merges, splits), replayed in order
    -- after every re-import of the files that hold the articles they name.
    CREATE TABLE edits (
        seq     INTEGER PRIMARY KEY,
        kind    TEXT NOT NULL,
        data    TEXT NOT NULL,
        created TEXT NOT NULL
    );
    """,
    # 1 -> 2: passages (anchored by quote, context and offsets; never deleted with their
    # article: an unplaceable one keeps its last anchor and gets an `orphaned` time) and tags.
    """
    CREATE TABLE passages (
        id         TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        start_pos  INTEGER NOT NULL CHECK (start_pos >= 0),
        end_pos    INTEGER NOT NULL CHECK (end_pos > start_pos),
        quote      TEXT NOT NULL CHECK (length(quote) > 0),
        prefix     TEXT NOT NULL DEFAULT '',
        suffix     TEXT NOT NULL DEFAULT '',
        note       TEXT,
        created    TEXT NOT NULL,
        modified   TEXT NOT NULL,
        orphaned   TEXT
    );
    CREATE INDEX passages_article ON passages(article_id);
    CREATE INDEX passages_orphaned ON passages(orphaned) WHERE orphaned IS NOT NULL;

    CREATE TABLE tags (
        id      INTEGER PRIMARY KEY,
        path    TEXT NOT NULL UNIQUE CHECK (length(path) > 0),
        colour  TEXT
    );

    CREATE TABLE passage_tags (
        passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
        tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (passage_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX passage_tags_tag ON passage_tags(tag_id, passage_id);
    """,
    # 2 -> 3: saved searches (#23), and the articles each had among its hits when last opened:
    # what is not among them now is "new" (from an import, a sync, or a correction).
    """
    CREATE TABLE saved_searches (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
        query    TEXT NOT NULL,
        mode     TEXT NOT NULL DEFAULT 'exact' CHECK (mode IN ('exact', 'words')),
        sort     TEXT NOT NULL DEFAULT 'relevance',
        created  TEXT NOT NULL,
        opened   TEXT
    );

    CREATE TABLE saved_seen (
        search_id  INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        PRIMARY KEY (search_id, article_id)
    ) WITHOUT ROWID;
    """,
    # 3 -> 4 (#22): an article's editor's note (编者按) and closing author's note (作者为…), and
    # its title in search form, the key near-identical versions of one article are looked up by
    # (filled in by `Store.fill_title_keys` for rows written before this step).
    """
    ALTER TABLE articles ADD COLUMN note TEXT;
    ALTER TABLE articles ADD COLUMN author_note TEXT;
    ALTER TABLE articles ADD COLUMN title_key TEXT;
    CREATE INDEX articles_title_key ON articles(title_key, date) WHERE title_key IS NOT NULL;
    """,
    # 4 -> 5: the newsroom hub (#20). The tie to a hub (its url without a password, the hub user
    # and role, the last change pulled); an outbox of what changed here and is not yet pushed,
    # filled by triggers so that every write path is caught (they record nothing while the
    # library is tied to no hub, or while pulled changes are applied: `hub_quiet` holds a row);
    # the hub version each synced object is based on; what stays private (a reporter's own
    # imports); the conflicts its user has to resolve; who made a passage or a tag.
    """
    ALTER TABLE passages ADD COLUMN author TEXT;
    ALTER TABLE tags ADD COLUMN author TEXT;
    ALTER TABLE edits ADD COLUMN uid TEXT;
    CREATE UNIQUE INDEX edits_uid ON edits(uid) WHERE uid IS NOT NULL;

    CREATE TABLE hub_tie (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        url       TEXT NOT NULL,
        read_url  TEXT,
        user      TEXT NOT NULL,
        role      TEXT NOT NULL CHECK (role IN ('archivist', 'reporter')),
        position  INTEGER NOT NULL DEFAULT 0,
        joined    TEXT NOT NULL,
        last_sync TEXT
    );
    CREATE TABLE hub_quiet (id INTEGER PRIMARY KEY);
    CREATE TABLE hub_outbox (
        seq       INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL,
        object_id TEXT NOT NULL,
        change_id TEXT NOT NULL,
        UNIQUE (kind, object_id)
    );
    CREATE TABLE hub_objects (
        kind      TEXT NOT NULL,
        object_id TEXT NOT NULL,
        version   INTEGER NOT NULL,
        PRIMARY KEY (kind, object_id)
    ) WITHOUT ROWID;
    CREATE TABLE hub_local (
        kind      TEXT NOT NULL,
        object_id TEXT NOT NULL,
        PRIMARY KEY (kind, object_id)
    ) WITHOUT ROWID;
    CREATE TABLE hub_conflicts (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL,
        object_id TEXT NOT NULL,
        mine      TEXT,
        theirs    TEXT,
        found     TEXT NOT NULL
    );
    """
    + "".join(
        f"""
    CREATE TRIGGER hub_{name} AFTER {event} ON {table}
    WHEN EXISTS (SELECT 1 FROM hub_tie) AND NOT EXISTS (SELECT 1 FROM hub_quiet)
    BEGIN
        INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id)
        VALUES ('{kind}', {key}, lower(hex(randomblob(16))));
    END;"""
        for name, event, table, kind, key in (
            ("article_added", "INSERT", "articles", "article", "NEW.id"),
            ("article_removed", "DELETE", "articles", "article", "OLD.id"),
            (
                "article_changed",
                "UPDATE OF title, kicker, subtitle, dateline, date, source, page, section, bylines, "
                "captions, photo_credits, section_heads, text, content_key, external, note, author_note",
                "articles",
                "article",
                "NEW.id",
            ),
            ("passage_added", "INSERT", "passages", "passage", "NEW.id"),
            ("passage_removed", "DELETE", "passages", "passage", "OLD.id"),
            ("passage_changed", "UPDATE", "passages", "passage", "NEW.id"),
            ("passage_tagged", "INSERT", "passage_tags", "passage", "NEW.passage_id"),
            ("passage_untagged", "DELETE", "passage_tags", "passage", "OLD.passage_id"),
            ("tag_added", "INSERT", "tags", "tag", "NEW.path"),
            ("tag_removed", "DELETE", "tags", "tag", "OLD.path"),
            ("tag_changed", "UPDATE OF path, colour", "tags", "tag", "NEW.path"),
            ("tag_renamed", "UPDATE OF path", "tags", "tag", "OLD.path"),
        )
    )
    + """
    -- A correction gets its hub-wide id when it is made (a pulled one comes with its own).
    CREATE TRIGGER hub_edit_made AFTER INSERT ON edits
    WHEN NEW.uid IS NULL AND EXISTS (SELECT 1 FROM hub_tie)
    BEGIN
        UPDATE edits SET uid = lower(hex(randomblob(8))) WHERE seq = NEW.seq;
        INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id)
        VALUES ('edit', (SELECT uid FROM edits WHERE seq = NEW.seq), lower(hex(randomblob(16))));
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a database up to SCHEMA_VERSION, refusing one made by a newer newsdesk."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LibraryError(
            _(
                "this library was written by a newer newsdesk (database schema {version}, "
                "this program knows {known}); upgrade newsdesk to open it"
            ).format(version=version, known=SCHEMA_VERSION)
        )
    for step in range(version, SCHEMA_VERSION):
        with conn:
            conn.executescript("BEGIN;" + MIGRATIONS[step] + f"PRAGMA user_version = {step + 1};")
