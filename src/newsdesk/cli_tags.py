"""The `tag` subcommands (passages and tags) and `backup`, registered on the main parser.

cli.py calls `add_tag_commands(sub, command)` with its subparsers and its `command` helper.
Offsets are code-point indices into `show --json`'s `text`; with --json a passage is printed as
{"id","article_id","start","end","quote","prefix","suffix","tags","note","created","modified"}.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsdesk.cli_common import EXIT_OK
from newsdesk.cli_common import emit as _emit
from newsdesk.cli_common import open_library as _open
from newsdesk.cli_help import action_adder
from newsdesk.errors import UserError, shown_path
from newsdesk.language import _

QUOTE_SHOWN = 40  # characters of a quote shown in a text listing
MAX_EXPORT_BYTES = 256 << 20  # a passage export larger than this is refused unread

Command = Callable[[str, Any, str], argparse.ArgumentParser]


def _short(text: str, n: int = QUOTE_SHOWN) -> str:
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def _print_passages(args: argparse.Namespace, passages: Sequence[Any]) -> None:
    if args.json:
        _emit([p.to_json() for p in passages])
        return
    for p in passages:
        note = f"\t{_short(p.note)}" if p.note else ""
        print(f"{p.id}\t{p.article_id}\t{p.start}-{p.end}\t{', '.join(p.tags)}\t{_short(p.quote)}{note}")


def _tag_add(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        p = lib.passages.tag(args.id, args.start, args.end, args.tag, args.note)
    _print_passages(args, [p])
    return EXIT_OK


def _tag_edit(args: argparse.Namespace) -> int:
    from newsdesk.tags.service import UNSET

    if (args.start is None) != (args.end is None):
        raise UserError(_("give both --start and --end to move a passage"))
    with _open(args) as lib:
        p = lib.passages.update(
            args.passage,
            tags=args.tag,
            add_tags=args.add_tag or (),
            remove_tags=args.remove_tag or (),
            note=UNSET if args.note is None else args.note,
            article_id=args.article,
            start=args.start,
            end=args.end,
        )
    _print_passages(args, [p])
    return EXIT_OK


def _tag_remove(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        p = lib.passages.delete(args.passage)
    if args.json:
        _emit([p.to_json()])
    else:
        print(f"passage {p.id} removed: {_short(p.quote)}")
    return EXIT_OK


def _tag_list(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        passages = lib.passages.find(args.tag, not args.no_children, article_id=args.article)
    _print_passages(args, passages)
    return EXIT_OK


def _tag_orphans(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        passages = lib.passages.orphans()
    _print_passages(args, passages)
    return EXIT_OK


def _tag_tree(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        tree, colours = lib.tags.tree(), lib.tags.colours()
    if args.json:
        _emit([{"tag": t, "count": n, "colour": colours.get(t)} for t, n in tree])
    else:
        for t, n in tree:
            depth = t.count("/")
            colour = f"  {colours[t]}" if t in colours else ""
            print(f"{'  ' * depth}{t.rsplit('/', 1)[-1]} ({n}){colour}")
    return EXIT_OK


def _report(args: argparse.Namespace, what: str, n: int, **fields: object) -> None:
    if args.json:
        _emit({**fields, "passages": n})
    else:
        print(f"{what}: {n} passage{'s' if n != 1 else ''}")


def _tag_rename(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        n = lib.tags.rename(args.old, args.new)
    _report(args, f"renamed {args.old} → {args.new}", n, tag=args.old, renamed_to=args.new)
    return EXIT_OK


def _tag_merge(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        n = lib.tags.merge(args.sources, args.into)
    _report(args, f"merged {', '.join(args.sources)} into {args.into}", n, tags=args.sources, into=args.into)
    return EXIT_OK


def _tag_delete(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        n = lib.tags.delete(args.tag)
    _report(args, f"deleted tag {args.tag} (and its children) from", n, tag=args.tag)
    return EXIT_OK


def _tag_colour(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        colour = lib.tags.set_colour(args.tag, args.colour)
    if args.json:
        _emit({"tag": args.tag, "colour": colour})
    else:
        print(f"{args.tag}: {colour or 'no colour'}")
    return EXIT_OK


def _tag_cite(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        text = lib.passages.cite(args.passage)
    if args.json:
        _emit({"passage": args.passage, "text": text})
    else:
        print(text)
    return EXIT_OK


def _tag_export(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        text = lib.passages.export(args.format, args.tag)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.output).expanduser()
    # Spreadsheets read a UTF-8 CSV as such only when it starts with a byte-order mark.
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text(text, encoding=encoding, newline="")
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            _("{out}: cannot write the export ({value})").format(out=out, value=exc.strerror or exc)
        ) from exc
    if args.json:
        _emit({"file": str(out), "format": args.format})
    else:
        print(f"passages exported to {out}")
    return EXIT_OK


def _tag_import(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise UserError(
                _(
                    "{value}: too large for a passage export (over {value2} MiB); split it into smaller files"
                ).format(value=shown_path(path), value2=MAX_EXPORT_BYTES >> 20)
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            _("{path}: cannot read ({value})").format(path=path, value=getattr(exc, "strerror", None) or exc)
        ) from exc
    with _open(args) as lib:
        report = lib.passages.import_json(text)
    if args.json:
        _emit(report.to_json())
    else:
        print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged"
            f" ({report.orphaned} could not be placed: see `newsdesk tag orphans`)"
        )
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    return int(args.tag_func(args))


def cmd_backup(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        target = lib.backup(args.file)
    if args.json:
        _emit({"file": str(target), "bytes": target.stat().st_size})
    else:
        print(f"backup written to {target}")
    return EXIT_OK


def add_tag_commands(sub: argparse._SubParsersAction, command: Command) -> None:  # type: ignore[type-arg]
    """Register `tag …` and `backup` with cli.build_parser's subparsers and `command` helper."""
    sp = command("tag", cmd_tag, "tag passages: add, list, rename, merge, delete, export, import")
    action = action_adder(sp, "tag_func")

    ap = action("add", _tag_add, "tag the characters S..E of article ID")
    ap.add_argument("id", metavar="ID", help="article id")
    ap.add_argument("--start", type=int, required=True, metavar="S", help="offset into show --json's text")
    ap.add_argument("--end", type=int, required=True, metavar="E", help="offset after the last character")
    ap.add_argument("--tag", action="append", required=True, metavar="T", help="repeat for several tags")
    ap.add_argument("--note", help="a note on the passage")

    ap = action("list", _tag_list, "list passages (of a tag and its children)")
    ap.add_argument("--tag", metavar="T", help="only passages with this tag or one of its children")
    ap.add_argument("--no-children", action="store_true", help="only passages with exactly this tag")
    ap.add_argument("--article", metavar="ID", help="only passages of this article")

    action("orphans", _tag_orphans, "list passages that could not be placed again after a change")
    action("tree", _tag_tree, "the tags with their passage counts")

    ap = action("edit", _tag_edit, "change a passage's tags, note or span")
    ap.add_argument("passage", metavar="PASSAGE", help="passage id (or a unique prefix)")
    ap.add_argument("--tag", action="append", metavar="T", help="replace all tags (repeat)")
    ap.add_argument("--add-tag", action="append", metavar="T", help="add this tag (repeat)")
    ap.add_argument("--remove-tag", action="append", metavar="T", help="remove this tag (repeat)")
    ap.add_argument("--note", help='new note ("" removes it)')
    ap.add_argument("--article", metavar="ID", help="place an orphan in this article")
    ap.add_argument("--start", type=int, metavar="S", help="new start offset into show --json's text")
    ap.add_argument("--end", type=int, metavar="E", help="new end offset (after the last character)")

    ap = action("remove", _tag_remove, "remove a passage")
    ap.add_argument("passage", metavar="PASSAGE", help="passage id (or a unique prefix)")

    ap = action("cite", _tag_cite, "a passage's quote with its GB/T 7714 citation")
    ap.add_argument("passage", metavar="PASSAGE", help="passage id (or a unique prefix)")

    ap = action("rename", _tag_rename, "rename a tag and its children")
    ap.add_argument("old", metavar="OLD", help="the tag's path now, e.g. 地区/郑州")
    ap.add_argument("new", metavar="NEW", help="its new path")

    ap = action("merge", _tag_merge, "replace tags (and their children) by another tag")
    ap.add_argument("sources", nargs="+", metavar="TAG", help="the tags to merge away")
    ap.add_argument("--into", required=True, metavar="TARGET", help="the tag that replaces them")

    ap = action("delete", _tag_delete, "remove a tag and its children from every passage")
    ap.add_argument("tag", metavar="T", help="the tag's path")

    ap = action("colour", _tag_colour, 'give a tag a colour (#RRGGBB, or "none")')
    ap.add_argument("tag", metavar="T", help="the tag's path")
    ap.add_argument("colour", metavar="COLOUR", help='#RRGGBB, or "none" to remove it')

    ap = action("export", _tag_export, "export passages as CSV, JSON (W3C Web Annotation) or Markdown")
    ap.add_argument("--format", required=True, choices=["csv", "json", "md"], help="the export's format")
    ap.add_argument("--tag", metavar="T", help="only this tag and its children")
    ap.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of the terminal")

    ap = action("import", _tag_import, "add the passages of a JSON export")
    ap.add_argument("file", metavar="FILE", type=Path, help="a file written by tag export --format json")

    sp = command("backup", cmd_backup, "write a consistent copy of the library database to FILE")
    sp.add_argument(
        "file", metavar="FILE", type=Path, help="the copy to write (a folder: a dated name in it)"
    )
