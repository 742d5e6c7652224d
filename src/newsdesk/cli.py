"""The `newsdesk` command: every capability of the window as a subcommand, with --json output.

Exit codes: 0 success, 1 some files failed (the rest imported), 2 usage or library error,
3 an internal error (a bug: the traceback goes to a log file, not the terminal).
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk import __version__, paths
from newsdesk.cli_tags import add_tag_commands
from newsdesk.errors import UserError
from newsdesk.progress import TerminalProgress

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # a second Ctrl+C (the shell's convention: 128 + SIGINT)


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from newsdesk.library import Library

    lib = Library.open(args.library)
    lib.catch_up_progress = _catch_up_notice(args)
    return lib


def _catch_up_notice(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Say on stderr, once, that the search index is being brought up to date (or rebuilt)."""
    told = False

    def notice(state: Any) -> None:
        nonlocal told
        if not told:
            told = True
            print(
                f"newsdesk: bringing the search index up to date ({state.to_index} articles to index)...",
                file=sys.stderr,
            )

    return notice


def cmd_import(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    bar = TerminalProgress(enabled=not args.json and sys.stderr.isatty())

    def on_interrupt(signum: int, frame: object) -> None:
        # The first Ctrl+C stops at the next step, keeping what was imported; a second stops
        # at once (whatever a step is waiting for), still keeping every committed file.
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        with _open(args) as lib:
            report = lib.import_paths(args.paths, sync=args.sync, progress=bar.update, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    for f in report.failed:
        print(f"newsdesk: could not import {f['path']}: {f['error']}", file=sys.stderr)
    if report.failed_count > len(report.failed):
        more = report.failed_count - len(report.failed)
        shown = len(report.failed)
        print(f"newsdesk: ... and {more} more failures (the first {shown} are shown)", file=sys.stderr)
    if args.json:
        _emit(report.to_json())
    else:
        print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.removed} removed, {report.duplicates} duplicates, "
            f"{report.failed_count} failed ({report.files} files)"
            + (" — cancelled, what was imported is kept" if report.cancelled else "")
        )
    return EXIT_PARTIAL if report.failed_count else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        rows = lib.articles(limit=args.limit, offset=args.offset, order=args.order)
    if args.json:
        _emit([r.to_json() for r in rows])
    else:
        for r in rows:
            names = " ".join(b.name for b in r.bylines)
            print(f"{r.id}\t{r.date or '':10}\t{r.source or ''}\t{r.page or ''}\t{r.title}\t{names}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        article = lib.article(args.id)
        mode = "words" if args.words else "exact"
        marks = lib.marks(args.id, args.query, mode=mode) if args.query else None
    if args.json:
        shown = article.to_json()
        if marks is not None:
            shown["marks"] = marks.to_json()
        _emit(shown)
        return EXIT_OK
    from newsdesk.render import article_as_text

    print(article_as_text(article, marks))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        stats = lib.stats()
    if args.json:
        _emit(stats)
    else:
        for key, value in stats.items():
            if key == "newspapers":
                for row in value:
                    print(f"  {row['source'] or '(no source)'}: {row['articles']}")
            else:
                print(f"{key}: {value}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    mode = "words" if args.words else "exact"
    with _open(args) as lib:
        if args.explain:
            print(lib.explain(args.query, mode=mode))
            return EXIT_OK
        result = lib.search(
            args.query,
            mode=mode,
            limit=args.limit,
            offset=args.offset,
            sort=args.sort,
            facets=args.facets,
        )
    if args.json:
        _emit(result.to_json())
        return EXIT_OK
    print(f"{result.total} articles ({result.took_ms:.0f} ms)")
    for i, hit in enumerate(result.hits, start=args.offset + 1):
        print(f"{i:>4}. {hit.title}  [{hit.date or '?'} {hit.source or ''} {hit.page or ''}] {hit.id}")
        print(f"      {hit.snippet}")
    if result.facets:
        for name, values in result.facets.items():
            shown = ", ".join(f"{v} ({n})" for v, n in values[:8])
            print(f"{name}: {shown}")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace) -> int:
    bar = TerminalProgress(enabled=not args.json and sys.stderr.isatty())
    try:
        with _open(args) as lib:
            n = lib.reindex(progress=bar.update)
    finally:
        bar.close()
    if args.json:
        _emit({"indexed": n})
    else:
        print(f"{n} articles indexed")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        report = lib.check(repair=args.repair)
    if args.json:
        _emit(report.to_json())
    else:
        for line in report.repaired:
            print(f"repaired: {line}")
        for line in report.problems:
            print(f"problem: {line}")
        if report.ok:
            print("ok")
        elif not args.repair:
            print("run `newsdesk check --repair` to fix what can be fixed")
    return EXIT_OK if report.ok else EXIT_PARTIAL


def cmd_split(args: argparse.Namespace) -> int:
    from newsdesk.domain import Article
    from newsdesk.errors import BadFileError
    from newsdesk.ingest import RecordProblem
    from newsdesk.ingest.sources import open_source
    from newsdesk.render import article_as_text

    path = Path(args.file).expanduser().absolute()
    if not path.is_file():
        raise BadFileError(path, "no such file")
    src = open_source(path, path)
    out = []
    problems = []
    for n, rec in enumerate(src):
        if isinstance(rec, RecordProblem):
            problems.append(rec.message())
            continue
        a = Article(
            id=f"{n}",
            title=rec.title,
            text=rec.text,
            kicker=rec.kicker,
            subtitle=rec.subtitle,
            bylines=rec.bylines,
            dateline=rec.dateline,
            captions=rec.captions,
            photo_credits=rec.photo_credits,
            section_heads=rec.section_heads,
            date=rec.date,
            source=rec.source,
            page=rec.page,
            section=rec.section,
        )
        out.append(a)
    if args.json:
        _emit(
            {
                "file": str(path),
                "format": src.format,
                "encoding": src.encoding,
                "page_meta": src.page_meta,
                "articles": [a.to_json() for a in out],
                "problems": problems,
            }
        )
    else:
        for a in out:
            print(article_as_text(a))
            print("\n" + "=" * 40 + "\n")
        for key, value in src.page_meta.items():
            print(f"[{key}] {value}")
    return EXIT_OK


def _parse_byline(text: str) -> dict[str, str]:
    from newsdesk.domain import ROLES

    role, sep, name = text.partition(":")
    if not sep or role not in ROLES or not name.strip():
        raise UserError(f"bad --byline {text!r}: expected ROLE:NAME with ROLE one of {', '.join(ROLES)}")
    return {"role": role, "name": name.strip()}


def cmd_article(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        if args.action == "edit":
            fields: dict[str, object] = {
                k: getattr(args, k) for k in ("kicker", "title", "subtitle") if getattr(args, k) is not None
            }
            if args.byline is not None:
                fields["bylines"] = [_parse_byline(b) for b in args.byline]
            if not fields:
                raise UserError("nothing to edit: give --kicker, --title, --subtitle or --byline")
            changed = [lib.edit_article(args.id, **fields)]
        elif args.action == "merge":
            changed = [lib.merge_articles(args.id, args.other)]
        else:
            changed = list(lib.split_article(args.id, args.paragraph))
    if args.json:
        _emit([a.to_json() for a in changed])
    else:
        for a in changed:
            print(f"{a.id}\t{a.title}\t{len(a.paragraphs)} paragraphs")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from newsdesk.ui.app import run
    except ImportError as exc:
        raise UserError(f"the window cannot start: {exc}") from exc
    return run(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsdesk", description="Offline archive of Chinese news.")
    p.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    p.add_argument(
        "--library",
        metavar="DIR",
        help=f"library folder (default: ${paths.ENV_LIBRARY}, else the user-data folder)",
    )
    p.add_argument("--lang", help="window language, e.g. zh_CN or en")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Any, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.add_argument("--json", action="store_true", help="print machine-readable JSON")
        sp.set_defaults(func=func)
        return sp

    sp = command("import", cmd_import, "import files and folders (recursively)")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument(
        "--sync", action="store_true", help="also remove articles whose files under PATH are gone"
    )
    sp = command("list", cmd_list, "list articles, newest first")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--offset", type=int, default=0)
    sp.add_argument(
        "--order",
        default="-date",
        choices=["-date", "date", "title", "-title", "source", "-source", "page", "-page"],
    )
    sp = command("show", cmd_show, "show one article")
    sp.add_argument("id")
    sp.add_argument("--query", help="mark where this query's terms stand «like this» (JSON: marks)")
    sp.add_argument("--words", action="store_true", help="read --query in words mode")
    command("stats", cmd_stats, "counts of what the library holds")
    sp = command("search", cmd_search, "search (see the query language in the README)")
    sp.add_argument("query")
    sp.add_argument("--words", action="store_true", help="match words in any order (模糊)")
    sp.add_argument("--limit", type=int, default=20)
    sp.add_argument("--offset", type=int, default=0)
    sp.add_argument("--sort", default="relevance", choices=["relevance", "date", "-date"])
    sp.add_argument("--facets", action="store_true", help="count sources, years, authors...")
    sp.add_argument("--explain", action="store_true", help="show how the query is read")
    command("reindex", cmd_reindex, "rebuild the search index from the database")
    sp = command("check", cmd_check, "check the database and that the search index agrees with it")
    sp.add_argument("--repair", action="store_true", help="re-index from the database, re-place passages")
    sp = command("split", cmd_split, "split one page file into articles, without a library")
    sp.add_argument("file")
    add_tag_commands(sub, command)
    sp = command("article", cmd_article, "correct a split: edit heads and bylines, merge, split")
    acts = sp.add_subparsers(dest="action", metavar="ACTION", required=True)
    ed = acts.add_parser("edit", help="set kicker, title, subtitle or bylines")
    ed.add_argument("id")
    ed.add_argument("--kicker")
    ed.add_argument("--title")
    ed.add_argument("--subtitle")
    ed.add_argument(
        "--byline", action="append", metavar="ROLE:NAME", help="repeat for each byline; replaces all bylines"
    )
    mg = acts.add_parser("merge", help="append article OTHER to article ID")
    mg.add_argument("id")
    mg.add_argument("other")
    sl = acts.add_parser("split", help="cut article ID before paragraph N (0-based)")
    sl.add_argument("id")
    sl.add_argument("--paragraph", type=int, required=True, metavar="N")
    for action in (ed, mg, sl):
        action.add_argument(
            "--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON"
        )
    sp = sub.add_parser("gui", help="open the window")
    sp.add_argument("--screenshot", metavar="FILE.png")
    sp.add_argument("--query")
    sp.add_argument("--open", metavar="ID")
    sp.add_argument("--size", metavar="WxH")
    sp.set_defaults(func=cmd_gui)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    if args.command is None:
        args.screenshot = args.query = args.open = args.size = None
        args.func = cmd_gui
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("newsdesk: interrupted; what was saved before is kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: keep the trace for the report, show one line
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            # A path that should have said LibraryBusyError: still never a traceback for the user.
            print("newsdesk: library is busy (another newsdesk is writing to it); try again", file=sys.stderr)
            return EXIT_USAGE
        log = report_bug(exc)
        print(f"newsdesk: internal error ({type(exc).__name__}: {exc}); details in {log}", file=sys.stderr)
        return EXIT_BUG


def report_bug(exc: BaseException) -> Path:
    """Write a bug's traceback to the log folder; returns the file written."""
    import time
    import traceback

    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    except OSError:
        log = Path("(could not write a log)")
    return log
