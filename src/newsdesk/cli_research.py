"""The research desk's subcommands (#23): `saved`, `timeline`, `batch`, `kwic`; registered on
the main parser by `add_research_commands(sub, command)`, as `cli_tags` registers `tag`.

`search --export FILE` and `show ID --pdf FILE` are flags of existing commands and are handled
by `export_results` and `print_pdf` here, called from cli.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdesk.cli_common import EXIT_OK, EXIT_PARTIAL
from newsdesk.cli_common import emit as _emit
from newsdesk.cli_common import open_library as _open
from newsdesk.cli_help import action_adder
from newsdesk.errors import UserError
from newsdesk.language import _

Command = Callable[[str, Any, str], argparse.ArgumentParser]


def _mode(args: argparse.Namespace) -> str:
    return "words" if getattr(args, "words", False) else "exact"


# -- saved searches ------------------------------------------------------------------------------


def _saved_add(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        info = lib.saved.add(args.name, args.query, mode=_mode(args), sort=args.sort)
    if args.json:
        _emit(info.to_json())
    else:
        print(f"saved {info.name!r}: {info.query} ({info.total} articles)")
    return EXIT_OK


def _saved_list(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        rows = lib.saved.list()
    if args.json:
        _emit([r.to_json() for r in rows])
    else:
        for r in rows:
            new = f"  {r.new} new" if r.new else ""
            words = " [words]" if r.mode == "words" else ""
            print(f"{r.name}\t{r.query}{words}\t{r.total} articles{new}")
    return EXIT_OK


def _saved_show(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        hits = lib.saved.open(args.name, new_only=args.new)
    if args.json:
        _emit(hits.to_json())
        return EXIT_OK
    info = hits.info
    print(f"{info.name}: {info.query} — {info.total} articles, {info.new} new")
    for r in hits.rows:
        mark = "*" if r.id in hits.new_ids else " "
        print(f"{mark} {r.id}\t{r.date or '':10}\t{r.source or ''}\t{r.title}")
    return EXIT_OK


def _saved_remove(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        info = lib.saved.remove(args.name)
    if getattr(args, "json", False):
        _emit({"removed": info.name})
    else:
        print(f"removed saved search {info.name!r}")
    return EXIT_OK


def cmd_saved(args: argparse.Namespace) -> int:
    return int(args.saved_func(args))


# -- timeline, batch, kwic -------------------------------------------------------------------------


def cmd_timeline(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        tl = lib.research.timeline(args.queries, by=args.by, mode=_mode(args))
    if args.json:
        _emit(tl.to_json())
        return EXIT_OK
    for s in tl.series:
        undated = f", {s.undated} undated" if s.undated else ""
        print(f"{s.query}: {s.total} articles{undated}")
        top = max((p.count for p in s.points), default=0) or 1
        for p in s.points:
            bar = "█" * round(30 * p.count / top)
            print(f"  {p.period:>7}  {p.count:>6}  {p.per_thousand():7.2f}‰  {bar}")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from newsdesk.research.batch import read_terms

    terms = read_terms(args.file)
    with _open(args) as lib:
        result = lib.research.batch(terms, mode=_mode(args), years=args.years)
    for line, term, reason in result.errors:
        print(f"newsdesk: {args.file}:{line}: bad query {term!r}: {reason}", file=sys.stderr)
    if args.json:
        _emit(result.to_json())
    else:
        for t in result.terms:
            print(f"{t.term}\t{t.total}\t{t.first or ''}\t{t.last or ''}")
    return EXIT_PARTIAL if result.errors else EXIT_OK


def cmd_kwic(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        result = lib.research.kwic(
            args.query, mode=_mode(args), width=args.width, sort=args.sort, limit=args.limit
        )
    if args.json:
        _emit(result.to_json())
        return EXIT_OK
    print(f"{result.occurrences} occurrences")
    for x in result.lines:
        print(f"{x.left:>{args.width}} [{x.match}] {x.right:<{args.width}}  {x.date or '?'} {x.id}")
    return EXIT_OK


# -- flags of search and show ----------------------------------------------------------------------


def export_results(args: argparse.Namespace, lib: Any, mode: str) -> int:
    """`search QUERY --export FILE [--format F]`: every hit, not a page."""
    n = lib.research.export(args.query, args.export, fmt=args.format, mode=mode, sort=args.sort)
    path = str(Path(args.export).expanduser().absolute())
    if args.json:
        _emit({"exported": n, "path": path})
    else:
        print(f"{n} articles exported to {path}")
    return EXIT_OK


def print_pdf(args: argparse.Namespace, lib: Any) -> int:
    """`show ID --pdf FILE`: the article as printed, through Qt (imported only here)."""
    try:
        from newsdesk.ui.printing import article_pdf
    except ImportError as exc:
        raise UserError(_("cannot write a PDF: Qt is not available ({exc})").format(exc=exc)) from exc
    article = lib.article(args.id)
    mode = _mode(args)
    marks = lib.marks(args.id, args.query, mode=mode) if args.query else None
    path = article_pdf(
        article,
        args.pdf,
        citation=lib.citation(args.id),
        marks=marks,
        passages=lib.passages.find(article_id=article.id) if args.passages else (),
    )
    if args.json:
        _emit({"pdf": str(path), "id": article.id})
    else:
        print(f"{article.id} written to {path}")
    return EXIT_OK


def add_research_commands(sub: argparse._SubParsersAction, command: Command) -> None:  # type: ignore[type-arg]
    """Register `saved`, `timeline`, `batch` and `kwic` with cli.build_parser's subparsers."""
    sp = command("saved", cmd_saved, "saved searches: add, list, show (marks hits seen), remove")
    action = action_adder(sp, "saved_func")

    ap = action("add", _saved_add, "save a search under a name (its current hits count as seen)")
    ap.add_argument("name", metavar="NAME", help="the name to list it by")
    ap.add_argument("query", metavar="QUERY", help="the search, in the query language of `search`")
    ap.add_argument("--words", action="store_true", help="match words in any order (模糊)")
    ap.add_argument(
        "--sort",
        default="relevance",
        choices=["relevance", "date", "-date"],
        help="relevance (default), date (oldest first) or -date (newest first)",
    )
    action("list", _saved_list, "saved searches with their totals and new hits")
    ap = action("show", _saved_show, "a saved search's hits (marks them seen)")
    ap.add_argument("name", metavar="NAME", help="the saved search's name")
    ap.add_argument("--new", action="store_true", help="only the hits new since it was last opened")
    ap = action("remove", _saved_remove, "forget a saved search")
    ap.add_argument("name", metavar="NAME", help="the saved search's name")

    sp = command("timeline", cmd_timeline, "matching articles per year or month (up to six queries)")
    sp.add_argument("queries", nargs="+", metavar="QUERY", help="up to six searches to compare")
    sp.add_argument(
        "--by", default="year", choices=["year", "month"], help="count per year (default) or month"
    )
    sp.add_argument("--words", action="store_true", help="match words in any order (模糊)")

    sp = command("batch", cmd_batch, "search each line of FILE: total, first and last date")
    sp.add_argument("file", metavar="FILE", type=Path, help="a text file: one name or term per line")
    sp.add_argument("--words", action="store_true", help="match words in any order (模糊)")
    sp.add_argument("--years", action="store_true", help="also count each term's matches per year")

    sp = command("kwic", cmd_kwic, "concordance: every occurrence with its left and right context")
    sp.add_argument("query", metavar="QUERY", help="the search whose occurrences are listed")
    sp.add_argument("--width", type=int, default=20, metavar="N", help="characters of context each side")
    sp.add_argument(
        "--sort",
        default="date",
        choices=["left", "right", "date"],
        help="by the context left or right of the match, or by date (default)",
    )
    sp.add_argument("--limit", type=int, default=100, metavar="N", help="lines printed (all are counted)")
    sp.add_argument("--words", action="store_true", help="match words in any order (模糊)")
