"""Commands on articles' splits: `split` (a page file, without a library) and `article` (an
archivist's corrections: edit heads and bylines, merge, split)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsdesk.cli_common import EXIT_OK
from newsdesk.cli_common import emit as _emit
from newsdesk.cli_common import open_with_notice as _open
from newsdesk.errors import UserError
from newsdesk.language import _


def cmd_split(args: argparse.Namespace) -> int:
    from newsdesk.domain import Article
    from newsdesk.errors import BadFileError
    from newsdesk.ingest import RecordProblem
    from newsdesk.ingest.sources import open_source
    from newsdesk.render import article_as_text

    path = Path(args.file).expanduser().absolute()
    if not path.is_file():
        raise BadFileError(path, _("no such file or folder"), "not-found")
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
            note=rec.note,
            author_note=rec.author_note,
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
        raise UserError(
            _("bad --byline {text}: expected ROLE:NAME with ROLE one of {value}").format(
                text=repr(text), value=", ".join(ROLES)
            )
        )
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
                raise UserError(_("nothing to edit: give --kicker, --title, --subtitle or --byline"))
            changed = [lib.edits.edit(args.id, **fields)]
        elif args.action == "merge":
            changed = [lib.edits.merge(args.id, args.other)]
        else:
            changed = list(lib.edits.split(args.id, args.paragraph))
    if args.json:
        _emit([a.to_json() for a in changed])
    else:
        for a in changed:
            print(f"{a.id}\t{a.title}\t{len(a.paragraphs)} paragraphs")
    return EXIT_OK


def add_split_command(command: Any) -> None:
    """Register `split` with cli.build_parser's `command` helper."""
    sp = command("split", cmd_split, "split one page file into articles, without a library")
    sp.add_argument("file", metavar="FILE", type=Path, help="a newspaper page text file")


def add_article_command(command: Any) -> None:
    """Register `article edit/merge/split` with cli.build_parser's `command` helper."""
    sp = command("article", cmd_article, "correct a split: edit heads and bylines, merge, split")
    acts = sp.add_subparsers(dest="action", metavar="ACTION", required=True)
    ed = acts.add_parser("edit", help="set kicker, title, subtitle or bylines")
    ed.add_argument("id", metavar="ID", help="the article's id")
    ed.add_argument("--kicker", help="the new kicker (引题)")
    ed.add_argument("--title", help="the new title")
    ed.add_argument("--subtitle", help="the new subtitle (副题)")
    ed.add_argument(
        "--byline", action="append", metavar="ROLE:NAME", help="repeat for each byline; replaces all bylines"
    )
    mg = acts.add_parser("merge", help="append article OTHER to article ID")
    mg.add_argument("id", metavar="ID", help="the article that stays")
    mg.add_argument("other", metavar="OTHER", help="the article appended to it")
    sl = acts.add_parser("split", help="cut article ID before paragraph N (0-based)")
    sl.add_argument("id", metavar="ID", help="the article to cut")
    sl.add_argument(
        "--paragraph", type=int, required=True, metavar="N", help="the first paragraph of the new article"
    )
    for action in (ed, mg, sl):
        action.add_argument(
            "--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON"
        )
