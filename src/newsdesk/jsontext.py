"""JSON that a user hands newsdesk (files, exports, sidecars): one error for every way it is bad.

`json.loads` fails in three ways on hostile input: a JSONDecodeError, a RecursionError on deep
nesting, and (worse) success, leaving a structure deep enough to overflow the next recursive walk
of it. `loads` turns all three into JSONTextError with a one-line reason, so no reader needs to
know about recursion.
"""

from __future__ import annotations

import json

from newsdesk.language import N_, _

MAX_DEPTH = 200  # arrays and objects nested deeper than any real record or export


class JSONTextError(ValueError):
    """Text that is not JSON newsdesk will read; `str()` is the reason, for a person."""


# The json module's reasons (JSONDecodeError.msg), worded in the user's language where known.
DECODE_REASONS = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Extra data"),
    N_("Illegal trailing comma before end of object"),
    N_("Illegal trailing comma before end of array"),
)


def loads(text: str | bytes) -> object:
    """Parse JSON text, refusing malformed text and nesting deeper than MAX_DEPTH."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = _(exc.msg) if exc.msg in DECODE_REASONS else exc.msg
        raise JSONTextError(
            _("{reason} at line {line} column {column}").format(
                reason=reason, line=exc.lineno, column=exc.colno
            )
        ) from None
    except RecursionError:
        raise JSONTextError(_("nested deeper than {n} levels").format(n=MAX_DEPTH)) from None
    except ValueError as exc:  # e.g. bytes that are not UTF-8
        raise JSONTextError(str(exc)) from None
    brackets = text.count("[") + text.count("{") if isinstance(text, str) else MAX_DEPTH + 1
    if brackets > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise JSONTextError(_("nested deeper than {n} levels").format(n=MAX_DEPTH))
    return value


def depth(value: object) -> int:
    """How deeply arrays and objects nest in a parsed value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: list[object] | None = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest
