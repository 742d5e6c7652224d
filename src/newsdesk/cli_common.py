"""What every `newsdesk` command module shares: the exit codes, JSON output, opening the library."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from newsdesk.language import _

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # a second Ctrl+C (the shell's convention: 128 + SIGINT)


def emit(obj: Any) -> None:
    """Print one JSON value on a line of its own (what `--json` prints)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def open_library(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The library `--library` names (else the default one)."""
    from newsdesk.library import Library

    return Library.open(args.library)


def open_with_notice(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """`open_library`, saying on stderr when the search index has to catch up first."""
    lib = open_library(args)
    lib.indexing.progress = _catch_up_notice(args)
    return lib


def _catch_up_notice(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Say on stderr, once, that the search index is being brought up to date (or rebuilt)."""
    told = False

    def notice(state: Any) -> None:
        nonlocal told
        if not told:
            told = True
            print(
                "newsdesk: "
                + _("bringing the search index up to date ({n} articles to index)...").format(
                    n=state.to_index
                ),
                file=sys.stderr,
            )

    return notice
