"""The `newsdesk` command: every capability of the window as a subcommand, with --json output.

Exit codes: 0 success, 1 some files failed (the rest imported), 2 usage or library error,
3 an internal error (a bug: the traceback goes to a log file, not the terminal).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk import __version__, language, paths, terminal
from newsdesk.cli_edits import add_article_command, add_split_command
from newsdesk.cli_help import QUERY_LANGUAGE
from newsdesk.cli_hub import add_hub_commands
from newsdesk.cli_research import add_research_commands, export_results, print_pdf
from newsdesk.cli_tags import add_tag_commands
from newsdesk.domain import byline_names
from newsdesk.errors import UserError, as_user_error, is_text, shown_path
from newsdesk.language import _
from newsdesk.progress import TerminalProgress
from newsdesk.render import marked

if TYPE_CHECKING:
    from newsdesk.domain import SearchResult

from newsdesk.cli_common import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from newsdesk.cli_common import emit as _emit
from newsdesk.cli_common import open_with_notice as _open


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
        print(
            "newsdesk: " + _("could not import {path}: {reason}").format(path=f["path"], reason=f["error"]),
            file=sys.stderr,
        )
    if report.failed_count > len(report.failed):
        more = report.failed_count - len(report.failed)
        shown = len(report.failed)
        print(
            "newsdesk: "
            + _("... and {more} more failures (the first {shown} are shown)").format(more=more, shown=shown),
            file=sys.stderr,
        )
    if args.json:
        _emit(report.to_json())
    else:
        print(
            _(
                "{added} added, {updated} updated, {unchanged} unchanged, {removed} removed, "
                "{duplicates} duplicates, {failed} failed ({files} files)"
            ).format(
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
                removed=report.removed,
                duplicates=report.duplicates,
                failed=report.failed_count,
                files=report.files,
            )
            + (_(" — cancelled, what was imported is kept") if report.cancelled else "")
        )
    return EXIT_PARTIAL if report.failed_count else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        rows = lib.articles(limit=args.limit, offset=args.offset, order=args.order)
    if args.json:
        _emit([r.to_json() for r in rows])
    else:
        for r in rows:
            names = byline_names(r.bylines, " ")
            print(f"{r.id}\t{r.date or '':10}\t{r.source or ''}\t{r.page or ''}\t{r.title}\t{names}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        if args.pdf:
            return print_pdf(args, lib)
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
        if args.export:
            return export_results(args, lib, mode)
        result = lib.search(
            args.query,
            mode=mode,
            limit=args.limit,
            offset=args.offset,
            sort=args.sort,
            facets=args.facets,
        )
        behind, why = lib.index_behind()
        if why is None:
            behind = 0  # being written by another process right now: not stuck behind
    if args.limit > result.limit:
        print(
            "newsdesk: "
            + _(
                "--limit {limit} is more than a page holds: showing at most "
                "{most} hits (ask for the next ones with --offset)"
            ).format(limit=args.limit, most=result.limit),
            file=sys.stderr,
        )
    if behind:
        print(
            "newsdesk: "
            + _(
                "the search index is {n} articles behind the library ({why}); "
                "they may be missing from the results"
            ).format(n=behind, why=why),
            file=sys.stderr,
        )
    if args.json:
        _emit({**_marked_hits(result), "index_behind": behind})
        return EXIT_OK
    print(_("{n} articles ({ms} ms)").format(n=result.total, ms=f"{result.took_ms:.0f}"))
    for i, hit in enumerate(result.hits, start=args.offset + 1):
        print(f"{i:>4}. {hit.title}  [{hit.date or '?'} {hit.source or ''} {hit.page or ''}] {hit.id}")
        print(f"      {marked(hit.snippet, hit.snippet_spans)}")
    if result.facets:
        for name, values in result.facets.items():
            shown = ", ".join(f"{v} ({n})" for v, n in values[:8])
            print(f"{name}: {shown}")
    return EXIT_OK


def _marked_hits(result: SearchResult) -> dict[str, Any]:
    """A search as JSON, each hit's snippet written with its matches «marked»."""
    out = result.to_json()
    for hit, shown in zip(result.hits, out["hits"], strict=True):  # type: ignore[call-overload]
        shown["snippet"] = marked(hit.snippet, hit.snippet_spans)
    return out


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
        print(_("{n} articles indexed").format(n=n))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        report = lib.check(repair=args.repair)
    if args.json:
        _emit(report.to_json())
    else:
        for line in report.repaired:
            print(_("repaired: {what}").format(what=line))
        for line in report.problems:
            print(_("problem: {what}").format(what=line))
        if report.ok:
            print(_("ok"))
        elif not args.repair:
            print(_("run `newsdesk check --repair` to fix what can be fixed"))
    return EXIT_OK if report.ok else EXIT_PARTIAL


def cmd_gui(args: argparse.Namespace) -> int:
    from newsdesk.ui import display

    try:  # Qt itself, or a system library it needs, may be missing
        from newsdesk.ui.app import run
    except ImportError as exc:
        raise UserError(
            _("the window cannot start: {exc}{value}").format(exc=exc, value=display.package_hint(str(exc)))
        ) from exc
    return run(args)


def cmd_desktop_install(args: argparse.Namespace) -> int:
    from newsdesk import desktop

    written = desktop.install()
    if args.json:
        _emit({"installed": [str(p) for p in written]})
    else:
        print(f"newsdesk is in the desktop's applications menu ({written[0]})")
    return EXIT_OK


def cmd_desktop_uninstall(args: argparse.Namespace) -> int:
    from newsdesk import desktop

    removed = desktop.uninstall()
    if args.json:
        _emit({"removed": [str(p) for p in removed]})
    else:
        print(f"{len(removed)} files removed" if removed else "no desktop entry was installed")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsdesk", description="Offline archive of Chinese news.")
    p.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        help=f"library folder (default: ${paths.ENV_LIBRARY}, else the user-data folder)",
    )
    p.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the window and the messages: zh_CN or en (default: the system's, from "
        "LANGUAGE, LC_ALL, LC_MESSAGES or LANG)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Any, help_: str, **kw: Any) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, **kw)
        sp.add_argument("--json", action="store_true", help="print machine-readable JSON")
        sp.set_defaults(func=func)
        return sp

    sp = command("import", cmd_import, "import files and folders (recursively)")
    sp.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="a file or a folder to import")
    sp.add_argument(
        "--sync", action="store_true", help="also remove articles whose files under PATH are gone"
    )
    sp = command("list", cmd_list, "list articles, newest first")
    sp.add_argument("--limit", type=int, default=50, metavar="N", help="at most N articles (default 50)")
    sp.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N articles")
    sp.add_argument(
        "--order",
        default="-date",
        choices=["-date", "date", "title", "-title", "source", "-source", "page", "-page"],
        help="sort by this column; a leading - means descending (default -date)",
    )
    sp = command("show", cmd_show, "show one article")
    sp.add_argument("id", metavar="ID", help="the article's id (as list and search print it)")
    sp.add_argument(
        "--query", metavar="Q", help="mark where this query's terms stand «like this» (JSON: marks)"
    )
    sp.add_argument("--words", action="store_true", help="read --query in words mode")
    sp.add_argument("--pdf", metavar="FILE", type=Path, help="write the article as printed to a PDF file")
    sp.add_argument("--passages", action="store_true", help="with --pdf: mark the article's tagged passages")
    command("stats", cmd_stats, "counts of what the library holds")
    sp = command(
        "search",
        cmd_search,
        "find every article that contains what you typed",
        epilog=QUERY_LANGUAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("query", metavar="QUERY", help="what to find (quote it for the shell); see below")
    sp.add_argument(
        "--words", action="store_true", help="match words in any order (模糊) instead of exact text"
    )
    sp.add_argument("--limit", type=int, default=20, metavar="N", help="hits per page (default 20)")
    sp.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (paging)")
    sp.add_argument(
        "--sort",
        default="relevance",
        choices=["relevance", "date", "-date"],
        help="relevance (default), date (oldest first) or -date (newest first)",
    )
    sp.add_argument("--facets", action="store_true", help="count sources, years, authors...")
    sp.add_argument("--explain", action="store_true", help="show how the query is read")
    sp.add_argument("--export", metavar="FILE", type=Path, help="write every hit (not a page) to FILE")
    sp.add_argument(
        "--format", choices=["csv", "md", "ris", "gbt"], help="export format (default: from FILE's extension)"
    )
    command("reindex", cmd_reindex, "rebuild the search index from the database")
    sp = command("check", cmd_check, "check the database and that the search index agrees with it")
    sp.add_argument("--repair", action="store_true", help="re-index from the database, re-place passages")
    add_split_command(command)
    add_tag_commands(sub, command)
    add_research_commands(sub, command)
    add_hub_commands(sub, command)
    add_article_command(command)
    command("desktop-install", cmd_desktop_install, "add newsdesk to the desktop's applications menu (Linux)")
    command("desktop-uninstall", cmd_desktop_uninstall, "remove what desktop-install added")
    sp = sub.add_parser("gui", help="open the window", description="open the window")
    sp.add_argument(
        "--screenshot", metavar="FILE.png", type=Path, help="render the window offscreen to a PNG and exit"
    )
    sp.add_argument("--query", metavar="Q", help="search for Q once the window is open")
    sp.add_argument("--open", metavar="ID", help="open this article in the reading pane")
    sp.add_argument("--size", metavar="WxH", help="window size, e.g. 1400x860")
    sp.add_argument(
        "--json",
        action="store_true",
        help="with --screenshot: print the file, language, translations loaded, title and menus as JSON",
    )
    sp.add_argument(
        "--new-window",
        action="store_true",
        help="open another window even if one is open on this library (default: bring that one forward)",
    )
    sp.set_defaults(func=cmd_gui)
    _add_version(p)
    return p


def _add_version(parser: argparse.ArgumentParser) -> None:
    """--version on the command and on every subcommand, however deep."""
    parser.add_argument(
        "--version", action="version", version=f"newsdesk {__version__}", help="print the version"
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _add_version(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:  # optional shell completion: pip install argcomplete, then see its docs
        import argcomplete
    except ImportError:
        pass
    else:
        argcomplete.autocomplete(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    if args.command is None:
        args.screenshot = args.query = args.open = args.size = None
        args.new_window = args.json = False
        args.func = cmd_gui
    # The messages' language: --lang, else the environment's (the window may choose again from
    # its setting: newsdesk.ui.i18n).
    language.use(language.choose(args.lang, language.from_environment()))
    with terminal.safe_output(json_output=bool(getattr(args, "json", False))):
        bad = _not_text(args)
        if bad is not None:
            print(f"newsdesk: {bad}", file=sys.stderr)
            return EXIT_USAGE
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command: a UserError (or the environment failing) is one line and exit 2, a bug
    one line, exit 3 and a log file."""
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("newsdesk: " + _("interrupted; what was saved before is kept"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: keep the trace for the report, show one line
        user = as_user_error(exc, _library_name(args))
        if user is not None:  # the environment failed (disk full, read-only, busy, damaged)
            print(f"newsdesk: {user}", file=sys.stderr)
            return user.exit_code
        log = report_bug(exc)
        print(
            "newsdesk: "
            + _("internal error ({detail}); details in {log}").format(
                detail=f"{type(exc).__name__}: {exc}", log=log
            ),
            file=sys.stderr,
        )
        return EXIT_BUG


def _not_text(args: argparse.Namespace) -> str | None:
    """Why an argument that must be text (an id, a query, a tag, a title) is not: bytes that are
    not UTF-8 reach Python as lone surrogates, which can be neither stored nor searched. File and
    folder arguments are Paths (type=Path) and may hold any bytes the file system allows."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and not is_text(item):
                return _("{name}: {value} is not valid text (it holds bytes that are not UTF-8)").format(
                    name=name, value=repr(shown_path(item))
                )
    return None


def _library_name(args: argparse.Namespace) -> str:
    """The library a command works on, for messages about it."""
    try:
        return str(paths.resolve_library(getattr(args, "library", None))[0])
    except Exception:  # naming the library must never hide the error being reported
        return "library"


def report_bug(exc: BaseException) -> Path:
    """Write a bug's traceback to the log folder; returns the file written."""
    import time
    import traceback

    folder = paths.log_dir()
    stem = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    text = "".join(traceback.format_exception(exc))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, 1000):  # never over another crash's log: exclusive creation
            log = folder / (f"{stem}.log" if n == 1 else f"{stem}-{n}.log")
            try:
                with log.open("x", encoding="utf-8") as f:
                    f.write(text)
                return log
            except FileExistsError:
                continue
    except OSError:
        pass
    return Path("(could not write a log)")
