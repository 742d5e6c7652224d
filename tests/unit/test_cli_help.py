"""Help that helps: every option of every subcommand says what it does, --version works
everywhere, and `search --help` teaches the query language (the wheel carries no README)."""

from __future__ import annotations

import argparse

import pytest

from newsdesk import __version__
from newsdesk.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


def test_every_option_and_argument_has_a_description() -> None:
    missing = [
        " ".join(path) + " " + (action.option_strings[0] if action.option_strings else action.dest)
        for path, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not (action.help or "").strip()
    ]
    assert missing == []


def test_version_on_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [path for path, _ in _parsers(build_parser())]
    assert len(paths) > 25 and ("tag", "export") in paths and ("desktop-install",) in paths
    for path in paths:
        assert main([*path, "--version"]) == 0, path
        assert capsys.readouterr().out.strip() == f"newsdesk {__version__}", path


def test_search_help_shows_the_query_language_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--help"]) == 0
    out = capsys.readouterr().out
    for needle in ("a OR b", "NOT", "title:", "date:2023-01..2023-06", "examples:", "newsdesk search 王珏"):
        assert needle in out, needle
