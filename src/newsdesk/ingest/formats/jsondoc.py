"""A `.json` file: one article record, or a list of them, in the corpora record format.

Any other JSON (a settings file, the seed's `.truth.json`) is not an article file and fails
as a whole with "not an article record"; in a list, single items that are not records are
reported as RecordProblem and the rest imports.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk import jsontext
from newsdesk.errors import BadFileError
from newsdesk.ingest.formats import Records, fix_surrogates_in, may_hold_surrogates
from newsdesk.ingest.formats.records import looks_like_record, record_to_draft
from newsdesk.language import N_, _

NOT_A_RECORD = N_("not an article record: expected an object with 'title'/'body' or a list of such objects")


def parse_json(text: str, path: Path) -> list[object]:
    """The records of a JSON document; BadFileError when it holds no article record."""
    try:
        value = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise BadFileError(path, _("not valid JSON: {detail}").format(detail=exc), "bad-json") from None
    if may_hold_surrogates(text):
        value = fix_surrogates_in(value)
    if looks_like_record(value):
        return [value]
    if isinstance(value, list) and any(looks_like_record(item) for item in value):
        return value
    raise BadFileError(path, _(NOT_A_RECORD), "not-a-record")


def read_json(items: list[object], path: Path) -> Records:
    """Drafts for the records parse_json found."""
    if len(items) == 1:
        yield record_to_draft(items[0], str(path))
        return
    for number, item in enumerate(items, start=1):
        yield record_to_draft(item, f"{path}:item {number}")
