"""The newsroom commands: `hub init/adduser/join/status/conflicts/resolve` and `sync`.

A password is never an argument: libpq reads ~/.pgpass (or PGPASSFILE, PGPASSWORD), or
`--password-stdin` reads it from standard input; urls are printed without it. Exit codes as
elsewhere: 0; 1 when the hub refused a change or conflicts are open; 2 for an unreachable hub,
a bad url or a wrong password (one line, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from newsdesk.cli_common import EXIT_OK, EXIT_PARTIAL
from newsdesk.cli_common import emit as _emit
from newsdesk.cli_common import open_library as _open
from newsdesk.cli_help import action_adder
from newsdesk.errors import UserError
from newsdesk.language import _


def _password(args: argparse.Namespace) -> str | None:
    """The password given on standard input (its first line), if asked for."""
    if not getattr(args, "password_stdin", False):
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise UserError(_("--password-stdin: no password on standard input"))
    return line


def _progress(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if args.json or not sys.stderr.isatty():
        return None

    def show(p: Any) -> None:
        total = f"/{p.total}" if p.total else ""
        sys.stderr.write(f"\r{p.phase} {p.done}{total}   ")
        if p.phase == "done":
            sys.stderr.write("\r" + " " * 40 + "\r")
        sys.stderr.flush()

    return show


def _hub_init(args: argparse.Namespace) -> int:
    from newsdesk.store import hub as pg

    conn = pg.connect(args.url, password=_password(args))
    try:
        before, after = pg.init_schema(conn)
    finally:
        conn.close()
    if args.json:
        _emit({"url": pg.public_url(args.url), "schema_before": before, "schema": after})
    elif before == after:
        print(_("the hub is up to date (schema {schema})").format(schema=after))
    else:
        print(
            _("hub schema {before} → {schema}").format(before=before, schema=after)
            if before
            else _("hub made (schema {schema})").format(schema=after)
        )
    return EXIT_OK


def _hub_adduser(args: argparse.Namespace) -> int:
    from newsdesk.store import hub as pg

    password = _password(args)
    conn = pg.connect(args.url)
    try:
        pg.check_schema(conn)
        new = pg.add_user(conn, args.name, args.role, password)
    finally:
        conn.close()
    if args.json:
        _emit({"user": args.name, "role": args.role, "created": new})
    else:
        print(
            (_("added {role} {name}") if new else _("updated {role} {name}")).format(
                role=args.role, name=args.name
            )
        )
    return EXIT_OK


def _print_sync(args: argparse.Namespace, report: Any) -> int:
    if args.json:
        _emit(report.to_json())
    else:
        pushed = ", ".join(f"{n} {k}" for k, n in report.pushed.items() if n) or _("nothing")
        pulled = ", ".join(f"{n} {k}" for k, n in report.pulled.items() if n) or _("nothing")
        print(_("pushed {pushed}; pulled {pulled}").format(pushed=pushed, pulled=pulled))
        for r in report.rejected:
            print(
                _("rejected: {kind} {id}: {reason} (put back to the hub's version)").format(
                    kind=r["kind"], id=r["object_id"], reason=r["reason"]
                )
            )
        if report.conflicts:
            print(_("{n} conflicts open: see `newsdesk hub conflicts`").format(n=len(report.conflicts)))
    return EXIT_OK if report.ok else EXIT_PARTIAL


def _hub_join(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        report = lib.hub.join(
            args.url, password=_password(args), read_url=args.read_url, progress=_progress(args)
        )
    return _print_sync(args, report)


def cmd_sync(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        report = lib.hub.sync(progress=_progress(args))
    return _print_sync(args, report)


def _hub_status(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        status = lib.hub.status()
    if status is None:
        if args.json:
            _emit(None)
        else:
            print(_("this library is tied to no hub (join one with `newsdesk hub join URL`)"))
        return EXIT_OK
    if args.json:
        _emit(status.to_json())
        return EXIT_OK
    print(_("url: {url}").format(url=status.url))
    if status.read_url:
        print(_("pulls from: {url}").format(url=status.read_url))
    print(_("user: {user} ({role})").format(user=status.user, role=status.role))
    print(_("last sync: {when}").format(when=status.last_sync or _("never")))
    print(_("pending: {n}").format(n=status.pending))
    print(_("conflicts: {n}").format(n=status.conflicts))
    if status.local:
        print(_("kept in this library only: {n}").format(n=status.local))
    return EXIT_OK


def _shown(state: object) -> str:
    if state is None:
        return _("(removed)")
    text = json.dumps(state, ensure_ascii=False)
    return text if len(text) <= 100 else text[:99] + "…"


def _hub_conflicts(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        found = lib.hub.conflicts()
    if args.json:
        _emit([c.to_json() for c in found])
    else:
        for c in found:
            print(f"{c.id}\t{c.kind} {c.object_id}")
            print("\t" + _("mine:   {state}").format(state=_shown(c.mine)))
            print("\t" + _("theirs: {state}").format(state=_shown(c.theirs)))
        if not found:
            print(_("no conflicts"))
    return EXIT_OK


def _hub_resolve(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        settled = lib.hub.resolve(args.conflict, args.keep)
    if args.json:
        _emit({**settled.to_json(), "kept": args.keep})
    else:
        print(
            _("conflict {id} settled: {keep} kept (pushed at the next sync)").format(
                id=settled.id, keep=args.keep
            )
        )
    return EXIT_OK


def cmd_hub(args: argparse.Namespace) -> int:
    return int(args.hub_func(args))


def add_hub_commands(sub: argparse._SubParsersAction, command: Any) -> None:  # type: ignore[type-arg]
    """Register `hub …` and `sync` with cli.build_parser's subparsers and `command` helper."""
    sp = command("hub", cmd_hub, "the newsroom archive: a PostgreSQL hub shared by several libraries")
    action = action_adder(sp, "hub_func")
    stdin_help = "read the password from the first line of standard input"

    ap = action("init", _hub_init, "create or upgrade the hub schema in a database (as its owner)")
    ap.add_argument(
        "url", metavar="URL", help="a libpq url or connection string, e.g. postgresql://owner@host/news"
    )
    ap.add_argument("--password-stdin", action="store_true", help=stdin_help)

    ap = action("adduser", _hub_adduser, "add a hub user (as the hub's owner)")
    ap.add_argument("url", metavar="URL", help="the hub, as its owner")
    ap.add_argument("name", metavar="NAME", help="the new user's name")
    ap.add_argument("--role", required=True, choices=["archivist", "reporter"], help="what the user may do")
    ap.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new user's password from the first line of standard input",
    )

    ap = action("join", _hub_join, "tie this library to a hub, push what it holds and pull everything")
    ap.add_argument("url", metavar="URL", help="the hub, as your hub user")
    ap.add_argument("--read-url", metavar="URL", help="pull from here (a standby), push to URL")
    ap.add_argument("--password-stdin", action="store_true", help=stdin_help + " (not stored)")

    action("status", _hub_status, "the hub (url without password), last sync, pending changes, conflicts")
    action("conflicts", _hub_conflicts, "the changes of this library that lost to the hub's")
    ap = action("resolve", _hub_resolve, "settle a conflict")
    ap.add_argument("conflict", metavar="CONFLICT_ID", type=int, help="as `hub conflicts` lists it")
    ap.add_argument("--keep", required=True, choices=["mine", "theirs"], help="which version stays")

    command("sync", cmd_sync, "push this library's changes to its hub, then pull the hub's")
