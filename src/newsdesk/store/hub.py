"""The hub's side in SQL: connecting to PostgreSQL (urls without passwords), its schema, users.

Only this module and `hub_objects` import psycopg, and only a library tied to a hub (or a `hub`
command) loads them. Objects travel as their *states*, plain JSON values that are equal on both sides when the
object is the same (store/objects.py reads and writes them in the library):

    article  {"values": {column: value}, "content_key": str, "external": bool}
    passage  {"article_id", "start", "end", "quote", "prefix", "suffix", "note", "created",
              "modified", "orphaned", "tags": [path, ...]}
    tag      {"colour": "#rrggbb" | None}
    edit     {"kind", "data", "created"}

Reading and pushing them is `hub_objects.Hub`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsdesk.errors import UserError
from newsdesk.store.hub_schema import (
    CREATE_GROUPS,
    CREATE_META,
    GROUPS,
    HUB_MIGRATIONS,
    HUB_SCHEMA_VERSION,
)

CONNECT_TIMEOUT = 10  # seconds, unless the url says otherwise


class HubError(UserError):
    """The hub cannot be reached or used: a bad url, a wrong password, no server, not a hub."""


# -- urls -----------------------------------------------------------------------------------------


def public_url(url: str) -> str:
    """A connection string without its password (what is stored, printed and logged)."""
    if "://" in url:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            auth, _, hosts = netloc.rpartition("@")
            netloc = auth.split(":", 1)[0] + "@" + hosts
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        return "(a connection string that cannot be read)"
    params.pop("password", None)
    return make_conninfo(**params)  # type: ignore[arg-type]


def multi_host(url: str) -> bool:
    """Whether a connection string names several servers (a primary and its standbys)."""
    try:
        return "," in (conninfo_to_dict(url).get("host") or "")
    except psycopg.Error:
        return False


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


def connect(url: str, *, password: str | None = None, write: bool = True) -> psycopg.Connection[Any]:
    """A connection to the hub: to a primary for writing, to a standby if one is offered for
    reading (libpq's target_session_attrs, unless the url chooses)."""
    shown = public_url(url)
    try:
        given = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise HubError(f"bad hub url {shown}: {first_line(exc)}") from None
    extra: dict[str, Any] = {"application_name": "newsdesk"}
    if "connect_timeout" not in given:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    if "target_session_attrs" not in given:
        extra["target_session_attrs"] = "read-write" if write else "prefer-standby"
    if password is not None:
        extra["password"] = password
    try:
        return psycopg.connect(url, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise HubError(f"cannot connect to the hub {shown}: {first_line(exc)}") from None


# -- the schema and its users ---------------------------------------------------------------------------


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The hub schema's version (0: no newsdesk hub in this database)."""
    row = conn.execute("SELECT to_regclass('hub_meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT value FROM hub_meta WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else 0


def check_schema(conn: psycopg.Connection[Any]) -> None:
    """Refuse a database that holds no newsdesk hub, or one made by a newer newsdesk."""
    version = schema_version(conn)
    conn.rollback()
    if version == 0:
        raise HubError(
            "this database holds no newsdesk hub: its owner makes one with `newsdesk hub init URL`"
        )
    if version > HUB_SCHEMA_VERSION:
        raise HubError(
            f"this hub was made by a newer newsdesk (hub schema {version}, this program knows "
            f"{HUB_SCHEMA_VERSION}); upgrade newsdesk to use it"
        )


def init_schema(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """Create or upgrade the hub schema (as the database's owner); returns (before, after)."""
    with conn.transaction():
        conn.execute(CREATE_GROUPS)
        conn.execute(CREATE_META)
        before = schema_version(conn)
        if before > HUB_SCHEMA_VERSION:
            raise HubError(
                f"this hub was made by a newer newsdesk (hub schema {before}, this program knows "
                f"{HUB_SCHEMA_VERSION}); upgrade newsdesk to upgrade it"
            )
        for step in range(before, HUB_SCHEMA_VERSION):
            conn.execute(HUB_MIGRATIONS[step])  # type: ignore[arg-type]
            conn.execute(
                "INSERT INTO hub_meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(step + 1),),
            )
        conn.execute("GRANT SELECT ON hub_meta TO newsdesk_archivist, newsdesk_reporter")
    return before, HUB_SCHEMA_VERSION


def add_user(conn: psycopg.Connection[Any], name: str, role: str, password: str | None) -> bool:
    """Make (or update) a login role in the group of `role`; returns whether it is new."""
    if role not in GROUPS:
        raise UserError(f"unknown role {role!r}: archivist or reporter")
    if not name or len(name) > 63:
        raise UserError("a hub user name is 1 to 63 characters")
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None
        verb = "ALTER" if exists else "CREATE"
        stmt = sql.SQL("{} ROLE {} LOGIN").format(sql.SQL(verb), sql.Identifier(name))
        if password is not None:
            stmt = sql.SQL("{} PASSWORD {}").format(stmt, sql.Literal(password))
        conn.execute(stmt)
        for other in GROUPS.values():
            if other != GROUPS[role]:
                conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(name)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUPS[role]), sql.Identifier(name)))
    return not exists


def whoami(conn: psycopg.Connection[Any]) -> tuple[str, str]:
    """(the hub user, "archivist" or "reporter"); the hub's owner counts as an archivist."""
    user, archivist, reporter, owner = conn.execute(
        "SELECT current_user, pg_has_role(current_user, 'newsdesk_archivist', 'MEMBER'), "
        "pg_has_role(current_user, 'newsdesk_reporter', 'MEMBER'), "
        "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "OR current_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'hub_meta' LIMIT 1)"
    ).fetchone()  # type: ignore[misc]
    conn.rollback()
    if archivist or owner:
        return str(user), "archivist"
    if reporter:
        return str(user), "reporter"
    raise HubError(f"hub user {user!r} is neither an archivist nor a reporter (see `newsdesk hub adduser`)")
