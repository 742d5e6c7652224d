"""The hub's PostgreSQL schema: tables, the change log, roles and row-level security, versioned.

The hub holds the newsroom's shared record. Each synced object (article, passage with its
tags, tag, correction) carries a `version` drawn from one sequence, so a version is never
reused even when an object is removed and made again; `modified_by`/`modified_at` say who
changed it last. Triggers (running as the schema's owner: SECURITY DEFINER) append every change
to `changes`, under a transaction-level advisory lock: the log's order is the order in which
changes commit, so a puller that has seen change N has seen every change before it. Articles
are stored as their stored values in `data` (jsonb), so a new local column later syncs without
a hub migration. Roles: `newsdesk_archivist` writes anything; `newsdesk_reporter` reads
everything and writes only its own passages (and their tags) and tags it made (row-level
security; no grant at all on articles and corrections). Versioned in `hub_meta`, like the local
schema with PRAGMA user_version.
"""

from __future__ import annotations

ARCHIVIST = "newsdesk_archivist"
REPORTER = "newsdesk_reporter"
GROUPS = {"archivist": ARCHIVIST, "reporter": REPORTER}

_STAMP = """
    version     bigint NOT NULL DEFAULT nextval('versions'),
    modified_by text NOT NULL DEFAULT current_user,
    modified_at timestamptz NOT NULL DEFAULT now()
"""

# Each entry upgrades the hub schema from version i to i+1. Never edit a released step.
HUB_MIGRATIONS: list[str] = [
    f"""
    CREATE SEQUENCE versions;

    CREATE TABLE articles (
        id     text PRIMARY KEY,
        data   jsonb NOT NULL,
        date   text,
        source text,
        {_STAMP}
    );
    CREATE INDEX articles_date ON articles (date, id);
    CREATE INDEX articles_source ON articles (source);

    CREATE TABLE edits (
        id      text PRIMARY KEY,
        kind    text NOT NULL,
        data    jsonb NOT NULL,
        created text NOT NULL,
        {_STAMP}
    );

    CREATE TABLE tags (
        path       text PRIMARY KEY CHECK (length(path) > 0),
        colour     text,
        created_by text NOT NULL DEFAULT current_user,
        {_STAMP}
    );

    CREATE TABLE passages (
        id         text PRIMARY KEY,
        article_id text NOT NULL,
        start_pos  integer NOT NULL,
        end_pos    integer NOT NULL,
        quote      text NOT NULL,
        prefix     text NOT NULL DEFAULT '',
        suffix     text NOT NULL DEFAULT '',
        note       text,
        created    text NOT NULL,
        modified   text NOT NULL,
        orphaned   text,
        owner      text NOT NULL DEFAULT current_user,
        {_STAMP}
    );
    CREATE INDEX passages_article ON passages (article_id);

    CREATE TABLE passage_tags (
        passage_id text NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
        path       text NOT NULL,
        PRIMARY KEY (passage_id, path)
    );

    -- Every change, in commit order (see the module's docstring).
    CREATE TABLE changes (
        seq       bigserial PRIMARY KEY,
        kind      text NOT NULL,
        object_id text NOT NULL,
        op        text NOT NULL,
        by        text NOT NULL DEFAULT session_user,
        at        timestamptz NOT NULL DEFAULT now()
    );

    -- Pushed changes by their client-made id: a push resumed after a cut never applies twice.
    CREATE TABLE applied (
        change_id text PRIMARY KEY,
        kind      text NOT NULL,
        object_id text NOT NULL,
        version   bigint,
        by        text NOT NULL DEFAULT current_user,
        at        timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    DECLARE
        obj text;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            obj := to_jsonb(OLD) ->> TG_ARGV[1];
        ELSE
            obj := to_jsonb(NEW) ->> TG_ARGV[1];
        END IF;
        PERFORM pg_advisory_xact_lock(2020520);
        INSERT INTO changes (kind, object_id, op) VALUES (TG_ARGV[0], obj, TG_OP);
        IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> TG_ARGV[1]) IS DISTINCT FROM obj THEN
            INSERT INTO changes (kind, object_id, op)
            VALUES (TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], 'DELETE');
        END IF;
        RETURN NULL;
    END $$;

    -- A change stamps its object: a new version, who and when; the owner never changes.
    CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.version := nextval('versions');
        NEW.modified_by := current_user;
        NEW.modified_at := now();
        IF TG_TABLE_NAME = 'passages' THEN
            NEW.owner := OLD.owner;
        ELSIF TG_TABLE_NAME = 'tags' THEN
            NEW.created_by := OLD.created_by;
        END IF;
        RETURN NEW;
    END $$;

    CREATE TRIGGER articles_stamp BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION stamp();
    CREATE TRIGGER edits_stamp BEFORE UPDATE ON edits FOR EACH ROW EXECUTE FUNCTION stamp();
    CREATE TRIGGER tags_stamp BEFORE UPDATE ON tags FOR EACH ROW EXECUTE FUNCTION stamp();
    CREATE TRIGGER passages_stamp BEFORE UPDATE ON passages FOR EACH ROW EXECUTE FUNCTION stamp();

    CREATE TRIGGER articles_log AFTER INSERT OR UPDATE OR DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION log_change('article', 'id');
    CREATE TRIGGER edits_log AFTER INSERT OR UPDATE OR DELETE ON edits
        FOR EACH ROW EXECUTE FUNCTION log_change('edit', 'id');
    CREATE TRIGGER tags_log AFTER INSERT OR UPDATE OR DELETE ON tags
        FOR EACH ROW EXECUTE FUNCTION log_change('tag', 'path');
    CREATE TRIGGER passages_log AFTER INSERT OR UPDATE OR DELETE ON passages
        FOR EACH ROW EXECUTE FUNCTION log_change('passage', 'id');
    CREATE TRIGGER passage_tags_log AFTER INSERT OR DELETE ON passage_tags
        FOR EACH ROW EXECUTE FUNCTION log_change('passage', 'passage_id');

    -- Roles: every hub user is a member of one of these two groups (hub adduser).
    GRANT USAGE ON SCHEMA public TO {ARCHIVIST}, {REPORTER};
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ARCHIVIST}, {REPORTER};
    GRANT USAGE ON SEQUENCE versions TO {ARCHIVIST}, {REPORTER};
    GRANT INSERT ON applied TO {ARCHIVIST}, {REPORTER};
    GRANT INSERT, UPDATE, DELETE ON articles, edits, tags, passages, passage_tags TO {ARCHIVIST};
    GRANT INSERT, UPDATE, DELETE ON tags, passages, passage_tags TO {REPORTER};
    REVOKE ALL ON FUNCTION log_change() FROM PUBLIC;

    ALTER TABLE passages ENABLE ROW LEVEL SECURITY;
    ALTER TABLE passage_tags ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
    CREATE POLICY everyone_reads ON passages FOR SELECT USING (true);
    CREATE POLICY archivists_write ON passages TO {ARCHIVIST} USING (true) WITH CHECK (true);
    CREATE POLICY reporters_add ON passages FOR INSERT TO {REPORTER} WITH CHECK (owner = current_user);
    CREATE POLICY reporters_change ON passages FOR UPDATE TO {REPORTER}
        USING (owner = current_user) WITH CHECK (owner = current_user);
    CREATE POLICY reporters_remove ON passages FOR DELETE TO {REPORTER} USING (owner = current_user);
    CREATE POLICY everyone_reads ON passage_tags FOR SELECT USING (true);
    CREATE POLICY archivists_write ON passage_tags TO {ARCHIVIST} USING (true) WITH CHECK (true);
    CREATE POLICY reporters_write ON passage_tags TO {REPORTER}
        USING (EXISTS (SELECT 1 FROM passages p WHERE p.id = passage_id AND p.owner = current_user))
        WITH CHECK (EXISTS (SELECT 1 FROM passages p WHERE p.id = passage_id AND p.owner = current_user));
    CREATE POLICY everyone_reads ON tags FOR SELECT USING (true);
    CREATE POLICY archivists_write ON tags TO {ARCHIVIST} USING (true) WITH CHECK (true);
    CREATE POLICY reporters_add ON tags FOR INSERT TO {REPORTER} WITH CHECK (created_by = current_user);
    CREATE POLICY reporters_change ON tags FOR UPDATE TO {REPORTER}
        USING (created_by = current_user) WITH CHECK (created_by = current_user);
    CREATE POLICY reporters_remove ON tags FOR DELETE TO {REPORTER} USING (created_by = current_user);
    """,
]

HUB_SCHEMA_VERSION = len(HUB_MIGRATIONS)

CREATE_GROUPS = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ARCHIVIST}') THEN
        CREATE ROLE {ARCHIVIST} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REPORTER}') THEN
        CREATE ROLE {REPORTER} NOLOGIN;
    END IF;
END $$;
"""

CREATE_META = "CREATE TABLE IF NOT EXISTS hub_meta (key text PRIMARY KEY, value text NOT NULL)"
