"""Helpers for the passage and tag tests: articles put straight into a store, re-import with
re-anchoring, and the `tag` commands on the main parser."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from newsdesk.domain import Article, Byline
from newsdesk.importer import ImportReport
from newsdesk.library import Library
from newsdesk.store import Store


def put(store: Store, aid: str, text: str, **fields: object) -> Article:
    """Store an article as the importer would (inside a transaction)."""
    a = Article(id=aid, title=str(fields.pop("title", "标题")), text=text, **fields)  # type: ignore[arg-type]
    with store.transaction():
        store.put_article(a, content_key="test:" + aid, external=True)
    return a


def byline(name: str, role: str = "reporter") -> Byline:
    return Byline(role, name)


def texts(lib: Library) -> dict[str, str]:
    return {r[0]: r[1] for r in lib.store.conn.execute("SELECT id, text FROM articles")}


def reimport(lib: Library, paths: Iterable[Path]) -> tuple[ImportReport, tuple[int, int]]:
    """Import again; returns the report and the passages it says moved and were orphaned."""
    report = lib.import_paths(list(paths))
    return report, (report.passages_moved, report.passages_orphaned)


def parser_with_tags() -> argparse.ArgumentParser:
    """cli.build_parser(), with the tag commands registered if cli.py does not yet do it."""
    from newsdesk import cli
    from newsdesk.cli_tags import add_tag_commands

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "tag" not in sub.choices:

        def command(name: str, func: object, help_: str) -> argparse.ArgumentParser:
            sp = sub.add_parser(name, help=help_, description=help_)
            sp.add_argument("--json", action="store_true")
            sp.set_defaults(func=func)
            return sp

        add_tag_commands(sub, command)
    return parser
