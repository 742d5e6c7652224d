"""Format readers: one module per input format, each turning decoded input into drafts.

Each reader yields ArticleDraft values (and RecordProblem for a bad record it skips); none
knows about path metadata, which sources.SourceFile adds on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from newsdesk.domain import ArticleDraft
from newsdesk.ingest import RecordProblem

Records = Iterator[ArticleDraft | RecordProblem]

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# What a paragraph is trimmed of at both ends: ASCII blanks, U+3000, NBSP and other spaces.
_BLANKS = " \t\r\n\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"


def clean_paragraphs(lines: Iterable[str]) -> tuple[str, ...]:
    """Lines -> paragraphs: indentation and trailing blanks trimmed, empty lines dropped."""
    return tuple(p for p in (line.strip(_BLANKS) for line in lines) if p)


def clean_line(text: str) -> str:
    """One line of text trimmed like a paragraph."""
    return text.strip(_BLANKS)


def fix_surrogates(text: str) -> str:
    """Replace unpaired surrogates (from JSON `"\\ud800"`) with U+FFFD so UTF-8 can store it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def may_hold_surrogates(json_text: str) -> bool:
    """Whether JSON text escapes a surrogate (`\\ud800`): the only way text here gets one."""
    return _ESCAPED_SURROGATE.search(json_text) is not None


def fix_surrogates_in(value: object) -> object:
    """A decoded JSON value with fix_surrogates applied to every string in it."""
    if isinstance(value, str):
        return fix_surrogates(value)
    if isinstance(value, list):
        return [fix_surrogates_in(v) for v in value]
    if isinstance(value, dict):
        return {fix_surrogates(str(k)): fix_surrogates_in(v) for k, v in value.items()}
    return value
