"""Help the command line prints beyond one line per option (the query language in short), and
the one way its commands with actions (`tag add`, `saved list`) are declared.

The wheel carries no README, so `newsdesk search --help` has to teach the language itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Action = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def action_adder(command: argparse.ArgumentParser, func_key: str) -> Action:
    """`action(name, func, help)` for the actions of a command (`tag add`, `saved list`): each
    takes --json and stores its function under `func_key` for the command to call."""
    acts = command.add_subparsers(
        dest=func_key.removesuffix("_func") + "_action", metavar="ACTION", required=True
    )

    def action(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        ap = acts.add_parser(name, help=help_, description=help_)
        ap.add_argument(
            "--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON"
        )
        ap.set_defaults(**{func_key: func})
        return ap

    return action


QUERY_LANGUAGE = """\
query language (the README's "Searching" has it all):
  王珏                 the text 王珏 anywhere: exact, any length, one character included;
                       Simplified = Traditional (经济 finds 經濟), full/half width and case fold
  经济 发展            both (a space means AND)        a OR b      either (binds tighter than AND)
  -台湾, NOT 台湾      without                          ( ... )     grouping
  "Xi Jinping"         quoted text, spaces included (also ＂…＂ or “…”)
  title: author: caption: section: source: page: tag: note:   one field only (title:经济)
  date:2023  date:2023-01  date:2023-01-05  date:2023-01..2023-06  date:>=2022-12-01
  page:5  page:1..4  page:A5

examples:
  newsdesk search 王珏
  newsdesk search '经济 date:2023 -台湾' --sort -date
  newsdesk search '"Xi Jinping" OR 习近平' --facets --json
  newsdesk search --words 发展经济          (word mode: jieba words, any order, like CNKI's 模糊)
  newsdesk search --explain 'title:(经济 OR 金融) 2023'
"""
